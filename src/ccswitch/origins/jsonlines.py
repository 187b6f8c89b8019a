"""JSON that knows its lines: `parse_json_lines` (objects are JDicts with each key's line; comments
and trailing commas allowed on request) and `json_object_assignments` (an `env`-like block as [Assign])."""

import bisect
import json
import re

from .lexer import Assign


def _line_starts(text):
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(starts, pos):
    return bisect.bisect_right(starts, pos)


def strip_json_comments(text):
    """JSON with comments: `//` and `/* */` comments blanked outside strings (newlines and every
    other offset kept, so line numbers still hold)."""
    out = []
    t, n, i = text, len(text), 0
    while i < n:
        c = t[i]
        if c == '"':
            j = i + 1
            while j < n and t[j] != '"' and t[j] != "\n":
                j += 2 if t[j] == "\\" else 1
            out.append(t[i:j + 1])
            i = j + 1
            continue
        if c == "/" and t.startswith("//", i):
            j = t.find("\n", i)
            j = n if j == -1 else j
            out.append(" " * (j - i))
            i = j
            continue
        if c == "/" and t.startswith("/*", i):
            j = t.find("*/", i + 2)
            j = n if j == -1 else j + 2
            out.append(re.sub(r"[^\n]", " ", t[i:j]))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


class JDict(dict):
    """A JSON object that knows the line of each of its keys."""

    lines = None


_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class _JSONLines:
    """A JSON parser that records the line of every object key; trailing commas allowed."""

    def __init__(self, text):
        self.t = text
        self.starts = _line_starts(text)

    def fail(self, i, what):
        raise ValueError(f"line {_line_of(self.starts, i)}: {what}")

    def ws(self, i):
        t = self.t
        while i < len(t) and t[i] in " \t\r\n\ufeff":
            i += 1
        return i

    def value(self, i, depth=0):
        if depth > 200:
            self.fail(i, "nested too deeply")
        i = self.ws(i)
        t = self.t
        if i >= len(t):
            self.fail(i, "unexpected end")
        c = t[i]
        if c == "{":
            obj = JDict()
            obj.lines = {}
            i = self.ws(i + 1)
            while i < len(t) and t[i] != "}":
                if t[i] != '"':
                    self.fail(i, "expected a key")
                key, j = json.decoder.scanstring(t, i + 1, False)
                obj.lines[key] = _line_of(self.starts, i)
                j = self.ws(j)
                if j >= len(t) or t[j] != ":":
                    self.fail(j, "expected ':'")
                obj[key], j = self.value(j + 1, depth + 1)
                j = self.ws(j)
                if j < len(t) and t[j] == ",":
                    j = self.ws(j + 1)
                elif j < len(t) and t[j] != "}":
                    self.fail(j, "expected ',' or '}'")
                i = j
            if i >= len(t):
                self.fail(i, "unexpected end")
            return obj, i + 1
        if c == "[":
            arr = []
            i = self.ws(i + 1)
            while i < len(t) and t[i] != "]":
                v, j = self.value(i, depth + 1)
                arr.append(v)
                j = self.ws(j)
                if j < len(t) and t[j] == ",":
                    j = self.ws(j + 1)
                elif j < len(t) and t[j] != "]":
                    self.fail(j, "expected ',' or ']'")
                i = j
            if i >= len(t):
                self.fail(i, "unexpected end")
            return arr, i + 1
        if c == '"':
            try:
                return json.decoder.scanstring(t, i + 1, False)
            except ValueError:
                self.fail(i, "unterminated string")
        m = _JSON_SCALAR.match(t, i)
        if not m:
            self.fail(i, "unexpected character")
        return json.loads(m.group(0)), m.end()


def parse_json_lines(text, comments=False):
    """(document, error): JSON (with comments and trailing commas when `comments`) whose objects
    are JDicts that know their keys' lines.  Never raises."""
    if comments:
        text = strip_json_comments(text)
    try:
        p = _JSONLines(text)
        doc, end = p.value(0)
        if p.ws(end) != len(text):
            p.fail(end, "extra data after the document")
        return doc, None
    except ValueError as e:
        return None, str(e)
    except RecursionError:
        return None, "nested too deeply"


_JSON_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*("(?:[^"\\\n]|\\.)*")?')


def json_object_assignments(text, keys, syntax, comments=False):
    """Assignments in the objects named `keys` at the top of a JSON document; for a document
    that does not parse, every `"NAME": "value"` line (tolerant)."""
    doc, error = parse_json_lines(text, comments)
    found = []
    if error is None:
        if not isinstance(doc, dict):
            return []
        for key in keys:
            block = doc.get(key)
            if not isinstance(block, JDict):
                continue
            for name, value in block.items():
                if isinstance(value, bool):
                    value = "true" if value else "false"
                elif isinstance(value, (int, float)):
                    value = str(value)
                elif not isinstance(value, str):
                    value = None
                found.append(Assign(name, block.lines[name], syntax if len(keys) == 1 else key, value))
        return found
    code = strip_json_comments(text) if comments else text
    for n, line in enumerate(code.splitlines(), 1):
        for m in _JSON_KEY.finditer(line):
            raw = m.group(2)
            try:
                value = json.loads(raw) if raw else None
            except ValueError:
                value = None
            found.append(Assign(m.group(1), n, syntax + " (unparsed JSON)", value))
    return found
