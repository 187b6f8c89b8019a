"""PowerShell: `# …` and `<# … #>` comments and string contents masked (`_ps_code`), then
`$env:NAME = …`, `Set-Item env:NAME` and `[Environment]::SetEnvironmentVariable` found (`parse_pwsh`)."""

import re

from .jsonlines import _line_of, _line_starts
from .lexer import _NAME, Assign


def _ps_code(text):
    """(code, mask): the text with comments (`# …`, `<# … #>`) blanked, and the same with the
    contents of strings blanked too (\\x01), offsets and newlines kept.  Patterns are matched on
    the mask (so a string that looks like an assignment does not count), values read from code."""
    code, mask = [], []
    t, n, i = text, len(text), 0

    def blank(s):
        return re.sub(r"[^\n]", " ", s)

    def keep(s, head, tail):
        inner = s[head:len(s) - tail]
        code.append(s)
        mask.append(s[:head] + re.sub(r"[^\n]", "\x01", inner) + s[len(s) - tail:])

    while i < n:
        c = t[i]
        if c == "<" and t.startswith("<#", i):
            j = t.find("#>", i + 2)
            j = n if j == -1 else j + 2
            code.append(blank(t[i:j]))
            mask.append(blank(t[i:j]))
            i = j
            continue
        if c == "#":
            j = t.find("\n", i)
            j = n if j == -1 else j
            code.append(" " * (j - i))
            mask.append(" " * (j - i))
            i = j
            continue
        if c == "@" and i + 1 < n and t[i + 1] in "'\"" and t[i + 2:i + 3] in ("\n", "\r"):
            end = "\n" + t[i + 1] + "@"
            j = t.find(end, i + 2)
            if j == -1:
                keep(t[i:], 2, 0)
                break
            keep(t[i:j + len(end)], 2, 2)
            i = j + len(end)
            continue
        if c in "'\"":
            j = i + 1
            while j < n:
                if t[j] == c:
                    if t[j + 1:j + 2] == c:
                        j += 2
                        continue
                    break
                j += 2 if (c == '"' and t[j] == "`") else 1
            if j >= n:
                keep(t[i:], 1, 0)
                break
            keep(t[i:j + 1], 1, 1)
            i = j + 1
            continue
        code.append(c)
        mask.append(c)
        i += 1
    return "".join(code), "".join(mask)


_PS_ENV = re.compile(r"(?i)(?<![\w$])(?:\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\})\s*(\+?)=(?!=)")
_PS_SETVAR = re.compile(r"(?i)\[(?:System\.)?Environment\]::SetEnvironmentVariable\(\s*(['\"])(\x01+)\1\s*,\s*")
_PS_ITEM = re.compile(
    r"(?i)(?<![\w-])(Set-Item|New-Item|si|ni)\s+(?:-Path\s+)?(?:env:([A-Za-z_][A-Za-z0-9_]*)|(['\"])(\x01+)\3)(?:\s+-Value)?\s*")
_PS_ITEM_NAME = re.compile(r"(?i)env:([A-Za-z_][A-Za-z0-9_]*)\Z")


def _ps_value(code, i):
    """The value expression starting at i: a string literal's content, or the bare text to ; or ) or line end."""
    while i < len(code) and code[i] in " \t":
        i += 1
    if i < len(code) and code[i] in "'\"":
        q = code[i]
        j = i + 1
        out = []
        while j < len(code):
            if code[j] == q:
                if code[j + 1:j + 2] == q:
                    out.append(q)
                    j += 2
                    continue
                break
            if q == '"' and code[j] == "`" and j + 1 < len(code):
                out.append(code[j + 1])
                j += 2
                continue
            out.append(code[j])
            j += 1
        return "".join(out)
    m = re.match(r"[^;\n),]*", code[i:])
    return m.group(0).strip()


def parse_pwsh(text):
    code, mask = _ps_code(text)
    starts = _line_starts(code)
    found = []
    for m in _PS_ENV.finditer(mask):
        name = m.group(1) or m.group(2)
        value = _ps_value(code, m.end())
        if value.lower() == "$null":
            continue
        found.append(Assign(name, _line_of(starts, m.start()), "$env:" if m.group(1) else "${env:}", value))
    for m in _PS_SETVAR.finditer(mask):
        name = code[m.start(2):m.end(2)]
        value = _ps_value(code, m.end())
        if not _NAME.match(name) or value.lower() == "$null":
            continue
        found.append(Assign(name, _line_of(starts, m.start()), "[Environment]::SetEnvironmentVariable", value))
    for m in _PS_ITEM.finditer(mask):
        name = m.group(2)
        if name is None:
            q = _PS_ITEM_NAME.match(code[m.start(4):m.end(4)])
            if not q:
                continue
            name = q.group(1)
        value = _ps_value(code, m.end())
        found.append(Assign(name, _line_of(starts, m.start()), f"{m.group(1)} env:", value))
    found.sort(key=lambda a: a.line)
    return found
