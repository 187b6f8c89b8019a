"""`--shell json`: one JSON object, {"route": …, "unset": [names…], "set": {name: value…}}.

Apply "unset" first, then "set".  The text is ASCII (\\u escapes, surrogate pairs beyond
U+FFFF), so no reader can get the encoding wrong.  The encoder is these few lines rather than
the `json` module, whose import (with `re`) would cost more than the rest of `use`; the tests
check that the output is exactly `json.dumps(plan.as_dict(), indent=2)`.
"""

from . import Shell

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string(text):
    """A JSON string literal in ASCII, as json.dumps writes it."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    out = []
    for ch in text:
        escape = _ESCAPES.get(ch)
        if escape:
            out.append(escape)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            code = ord(ch)
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def dumps(plan, indent=None):
    """The plan as a JSON object: one line, or with `indent` spaces per level."""
    nl, pad1, pad2 = ("", "", "") if indent is None else ("\n", " " * indent, " " * 2 * indent)
    sep = "," + (nl or " ")
    unset = sep.join(pad2 + string(name) for name in plan.unset)
    sets = sep.join(f"{pad2}{string(name)}: {string(value)}" for name, value in plan.set)
    unset = f"[{nl}{unset}{nl}{pad1}]" if unset else "[]"
    sets = f"{{{nl}{sets}{nl}{pad1}}}" if sets else "{}"
    return f'{{{nl}{pad1}"route": {string(plan.route)}{sep}{pad1}"unset": {unset}{sep}{pad1}"set": {sets}{nl}}}'


class Json(Shell):
    is_format = True
    load = "{cmd} > route.json"
    about = 'one object: `{"route": …, "unset": […], "set": {…}}`; apply "unset", then "set"'

    def render(self, plan):
        return dumps(plan, indent=2) + "\n"


UNIT = Json()
