"""Exact, format-preserving edits of one member of a JSON object (Claude Code's settings files).

Rewriting a settings file through json.loads/json.dumps loses what the user wrote around the one
thing we change: key order, indentation, blank lines, escapes. These functions change only the
bytes of the member they touch and leave every other byte of the text as it was.

* `path` is a tuple of keys from the top-level object: () is the top level, ("env",) the env block.
* Duplicate keys: the last one is the one that counts (as JSON.parse); set replaces it, get reads
  it, delete removes every one.
* New members go last in their object, with the indentation, newline and `": "` style of the
  members beside them. An empty object gets the file's indent unit (2, 3 or 4 spaces, tabs;
  2 when there is nothing to copy) one level deeper than the line it opens on; inside a one-line
  parent it stays on one line. A missing object on `path` is created the same way.
* Deleting the only member leaves `{}`. So set-then-delete of a new key gives back the text it
  started from, byte for byte, except where the object was empty but spelled `{ }` or `{\\n}`.
* An empty (whitespace-only) text reads as `{}`: set gives `{\\n  "key": value\\n}\\n`.
* Strictness is Claude Code's (JSON.parse): no comments, trailing commas, single quotes, NaN.
  Integers too long for Python's int() read as floats, as JSON.parse reads every number.
  Limits: nesting deeper than Python's json module takes (~1000 levels) and a leading BOM are
  errors, though JSON.parse might take them; set leaves earlier duplicates of a key in place.
"""

import json
import re

__all__ = ["JsonEditError", "load", "get_member", "set_member", "delete_member"]


class JsonEditError(ValueError):
    """The text is not strict JSON, or the thing at a path is not an object ("line L, column C: what")."""


_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"[-+.0-9A-Za-z]+")
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(NaN|-?Infinity)', re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _where(text, pos):
    return f"line {text.count(chr(10), 0, pos) + 1}, column {pos - text.rfind(chr(10), 0, pos)}"


class _Constant(Exception):
    pass


def _reject_constant(name):
    raise _Constant(name)


def _int(digits):
    try:
        return int(digits)
    except ValueError:  # past sys.get_int_max_str_digits()
        return float(digits)


def load(text):
    """The value of `text`, read as Claude Code reads it; JsonEditError when it is not JSON
    (an empty text too: only the editing functions read it as `{}`)."""
    try:
        return json.loads(text, parse_int=_int, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise JsonEditError(f"line {e.lineno}, column {e.colno}: {e.msg}") from None
    except _Constant as e:
        at = next(m.start(1) for m in _CONSTANT.finditer(text) if m.group(1))
        raise JsonEditError(f"{_where(text, at)}: {e} is not JSON") from None
    except RecursionError:
        depth = deepest = at = 0
        for m in _TOKENS.finditer(text):
            depth += 1 if m.group() in "[{" else -1 if m.group() in "]}" else 0
            if depth > deepest:
                deepest, at = depth, m.start()
        raise JsonEditError(f"{_where(text, at)}: nesting too deep") from None


# ----------------------------------------------------------------------------- finding spans
# These scan text that load() has accepted, so they only find bounds; none of them recurses.


def _ws(text, i):
    return _WS.match(text, i).end()


def _skip(text, i):
    """The end of the value that starts at `i`."""
    if text[i] == '"':
        return _STRING.match(text, i).end()
    if text[i] not in "[{":
        return _SCALAR.match(text, i).end()
    depth = 0
    for m in _TOKENS.finditer(text, i):
        if m.group() in "[{":
            depth += 1
        elif m.group() in "]}":
            depth -= 1
            if not depth:
                return m.end()
    raise AssertionError("unbalanced text passed load()")


class _Object:
    """An object's `{` and `}` offsets and its members as (key, key_start, value_start, value_end)."""

    def __init__(self, text, start, expand):
        self.open, self.expand, self.members = start, expand, []
        i = _ws(text, start + 1)
        while text[i] != "}":
            key_end = _STRING.match(text, i).end()
            value = _ws(text, _ws(text, key_end) + 1)
            end = _skip(text, value)
            self.members.append((json.loads(text[i:key_end]), i, value, end))
            i = _ws(text, end)
            i = _ws(text, i + 1) if text[i] == "," else i
        self.close = i

    def last(self, key):
        return max((n for n, m in enumerate(self.members) if m[0] == key), default=None)


def _line_indent(text, pos):
    """The indentation of the line holding `pos`, and whether only that indentation precedes pos."""
    start = text.rfind("\n", 0, pos) + 1
    indent = re.match(r"[ \t]*", text[start:pos]).group()
    return indent, start + len(indent) == pos


def _walk(text, path):
    """The objects along `path` that exist, from the top level down."""
    if isinstance(path, str) or not all(isinstance(k, str) for k in path):
        raise TypeError(f"path must be a tuple of keys, not {path!r}")
    load(text)
    start = _ws(text, 0)
    if text[start] != "{":
        raise JsonEditError(f"{_where(text, start)}: the top-level value is not an object")
    objects = [_Object(text, start, True)]
    for depth, key in enumerate(path):
        n = objects[-1].last(key)
        if n is None:
            break
        _, key_start, value, _ = objects[-1].members[n]
        if text[value] != "{":
            where = " > ".join(json.dumps(k, ensure_ascii=False) for k in path[: depth + 1])
            raise JsonEditError(f"{_where(text, value)}: {where} is not an object")
        objects.append(_Object(text, value, _line_indent(text, key_start)[1]))
    return objects


def _blank(text):
    return not text.strip(" \t\n\r")


# ----------------------------------------------------------------------------- writing


class _Style:
    """How the members of the objects along a path are written, to copy for a new one."""

    def __init__(self, text, objects):
        first = text.find("\n")
        self.nl = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
        self.colon, self.unit = ": ", None
        seps = [text[m[1]:m[2]] for o in objects for m in o.members]
        for sep in reversed(seps):  # the nearest member's `": "`; its key is a string, so skip it
            sep = sep[_STRING.match(sep).end():]
            if "\n" not in sep:
                self.colon = sep
                break
        for o in reversed(objects):
            outer = _line_indent(text, o.open)[0]
            inner, own = _line_indent(text, o.members[-1][1]) if o.members else ("", False)
            if own and inner.startswith(outer) and inner != outer:
                self.unit = inner[len(outer):]
                break
        if self.unit is None:
            indents = [re.match(r"[ \t]*", line).group() for line in text.splitlines() if line.strip()]
            self.unit = min(filter(None, indents), key=len, default="  ")

    def dump(self, value, indent=None):
        """`value` as JSON, spread over lines at `indent`, or on one line when indent is None."""
        try:
            if indent is None:
                out = json.dumps(value, ensure_ascii=False, allow_nan=False,
                                 separators=("," + " " * self.colon.endswith(" "), self.colon))
            else:
                out = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=self.unit,
                                 separators=(",", self.colon)).replace("\n", self.nl + indent)
        except (TypeError, ValueError, RecursionError) as e:
            raise JsonEditError(f"cannot write {type(value).__name__} as JSON: {e}") from None
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)  # writable as UTF-8

    def member(self, key, value, indent):
        return self.dump(key) + self.colon + self.dump(value, indent)


def _insert(text, objects, style, key, value):
    o = objects[-1]
    if not o.members:
        if not o.expand:
            return text[: o.open + 1] + style.member(key, value, None) + text[o.close:]
        outer = _line_indent(text, o.open)[0]
        inner = outer + style.unit
        body = style.nl + inner + style.member(key, value, inner) + style.nl + outer
        return text[: o.open + 1] + body + text[o.close:]
    last = o.members[-1]
    indent, own = _line_indent(text, last[1])
    between = text[o.members[-2][3]:last[1]] if len(o.members) > 1 else None
    if between is not None and ("\n" not in between or between.find("\n") < between.find(",")):
        sep = between  # one line, or comma-first: copy it as it is
    elif own:
        sep = (between[: between.find("\n")].rstrip(" \t\r") if between else ",") + style.nl + indent
    else:
        sep = "," + " " * style.colon.endswith(" ")
    return text[: last[3]] + sep + style.member(key, value, indent if own else None) + text[last[3]:]


def get_member(text, path, key):
    """(True, value) of member `key` of the object at `path`; (False, None) when there is none."""
    if _blank(text):
        return False, None
    objects = _walk(text, path)
    n = objects[-1].last(key) if len(objects) > len(path) else None
    if n is None:
        return False, None
    return True, json.loads(text[objects[-1].members[n][2]:objects[-1].members[n][3]], parse_int=_int)


def set_member(text, path, key, value):
    """`text` with member `key` of the object at `path` set to `value`, every other byte kept."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, not {key!r}")
    if _blank(text):
        text = "{}" + ("\r\n" if "\r\n" in text else "\n")
    objects = _walk(text, path)
    style = _Style(text, objects)
    if len(objects) <= len(path):  # create what is missing, innermost first
        for name in reversed(path[len(objects) - 1:]):
            value, key = {key: value}, name
        return _insert(text, objects, style, key, value)
    o = objects[-1]
    n = o.last(key)
    if n is None:
        return _insert(text, objects, style, key, value)
    _, key_start, start, end = o.members[n]
    indent, own = _line_indent(text, key_start)
    return text[:start] + style.dump(value, indent if own else None) + text[end:]


def delete_member(text, path, key):
    """`text` without member `key` (every one of that name) of the object at `path`, with its comma
    and the whitespace of its line; unchanged when there is none."""
    while not _blank(text):
        objects = _walk(text, path)
        n = objects[-1].last(key) if len(objects) > len(path) else None
        if n is None:
            break
        o, members = objects[-1], objects[-1].members
        if len(members) == 1:
            text = text[: o.open + 1] + text[o.close:]
        elif n + 1 < len(members):
            text = text[: members[n][1]] + text[members[n + 1][1]:]
        else:
            text = text[: members[n - 1][3]] + text[members[n][3]:]
    return text
