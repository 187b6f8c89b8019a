"""The shell lexer (`_Lexer`: commands as words, each with its line) and the line-based parsers of
sh/bash/zsh/ksh/.envrc, fish (and fish_variables), csh, .env, nushell, xonsh and elvish code,
each returning [Assign].  Tolerant: nothing here executes what it reads or raises on bad input."""

import re


class Assign:
    """One assignment found in a file: name, line, syntax, and the value text (None: no value)."""

    __slots__ = ("name", "line", "syntax", "value")

    def __init__(self, name, line, syntax, value=None):
        self.name, self.line, self.syntax, self.value = name, line, syntax, value

    def __repr__(self):  # pragma: no cover - never shows the value
        return f"Assign({self.name!r}, line={self.line}, {self.syntax!r})"


# ============================================================================= lexing shell code


class Word:
    __slots__ = ("text", "line", "qpos")

    def __init__(self, line):
        self.text = ""
        self.line = line
        self.qpos = None  # index in text of the first quoted or escaped character

    @property
    def bare(self):
        """The word had no quoting at all (so it can be a keyword)."""
        return self.qpos is None


class _Lexer:
    """A tolerant shell lexer: commands as lists of Words, with the line each word starts on.

    dialect "sh" (POSIX shells, also csh's quoting), "fish".  Never raises."""

    def __init__(self, text, dialect="sh"):
        self.t = text
        self.n = len(text)
        self.fish = dialect == "fish"
        self.line = 1
        self.commands = []
        self.cmd = []
        self.word = None
        self.heredocs = []

    # -- words and commands
    def _w(self):
        if self.word is None:
            self.word = Word(self.line)
        return self.word

    def _add(self, s, quoted=False):
        w = self._w()
        if quoted and w.qpos is None:
            w.qpos = len(w.text)
        w.text += s

    def _end_word(self):
        if self.word is not None:
            self.cmd.append(self.word)
            self.word = None

    def _end_cmd(self):
        self._end_word()
        if self.cmd:
            self.commands.append(self.cmd)
        self.cmd = []

    def _count(self, s):
        self.line += s.count("\n")

    # -- scanners; each returns the index after what it consumed
    def _squote(self, i):
        """At the opening ' ."""
        t = self.t
        if self.fish:
            out, j = [], i + 1
            while j < self.n and t[j] != "'":
                if t[j] == "\\" and j + 1 < self.n and t[j + 1] in "'\\":
                    out.append(t[j + 1])
                    j += 2
                    continue
                out.append(t[j])
                j += 1
            s = "".join(out)
        else:
            j = t.find("'", i + 1)
            if j == -1:
                j = self.n
            s = t[i + 1:j]
        self._count(t[i:j])
        self._add(s, True)
        return min(j + 1, self.n)

    def _dquote(self, i):
        t = self.t
        out, j = [], i + 1
        while j < self.n and t[j] != '"':
            c = t[j]
            if c == "\\" and j + 1 < self.n:
                nxt = t[j + 1]
                if nxt == "\n":
                    self.line += 1
                elif nxt in '"\\$`':
                    out.append(nxt)
                else:
                    out.append(c + nxt)
                j += 2
                continue
            if c == "$" and j + 1 < self.n and t[j + 1] == "(" and not self.fish:
                k = self._balanced(j + 1, "(", ")")
                out.append(t[j:k])
                self._count(t[j:k])
                j = k
                continue
            if c == "\n":
                self.line += 1
            out.append(c)
            j += 1
        self._add("".join(out), True)
        return min(j + 1, self.n)

    def _balanced(self, i, open_, close):
        """At `open_`: the index after its matching `close`, skipping quoted text (roughly)."""
        t = self.t
        depth, j = 0, i
        while j < self.n:
            c = t[j]
            if c == "\\":
                j += 2
                continue
            if c in "'\"" and close != "'":
                k = t.find(c, j + 1)
                j = self.n if k == -1 else k + 1
                continue
            if c == open_:
                depth += 1
            elif c == close:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return self.n

    def _skip_heredocs(self, i):
        """At the start of the line after a here-document operator: skip each body."""
        t = self.t
        for delim, strip in self.heredocs:
            while i < self.n:
                j = t.find("\n", i)
                end = self.n if j == -1 else j
                body = t[i:end].rstrip("\r")
                i = end + 1 if j != -1 else self.n
                if j != -1:
                    self.line += 1
                if (body.lstrip("\t") if strip else body).strip() == delim:
                    break
        self.heredocs = []
        return i

    def _heredoc_op(self, i):
        """At `<<` (not `<<<`): read the delimiter; the body is skipped at the next newline."""
        t = self.t
        j = i + 2
        strip = j < self.n and t[j] == "-"
        if strip:
            j += 1
        while j < self.n and t[j] in " \t":
            j += 1
        out = []
        while j < self.n and t[j] not in " \t\n;&|<>()":
            c = t[j]
            if c in "'\"":
                k = t.find(c, j + 1)
                k = self.n if k == -1 or "\n" in t[j:k] else k
                out.append(t[j + 1:k])
                j = k + 1
                continue
            if c == "\\":
                j += 1
                continue
            out.append(c)
            j += 1
        delim = "".join(out)
        if delim:
            self.heredocs.append((delim, strip))
        return j

    def run(self):
        t, n = self.t, self.n
        i = 0
        while i < n:
            c = t[i]
            if c == "\n":
                self._end_cmd()
                self.line += 1
                i += 1
                if self.heredocs:
                    i = self._skip_heredocs(i)
                continue
            if c in " \t\r\f\v":
                self._end_word()
                i += 1
                continue
            if c == "#" and self.word is None:
                j = t.find("\n", i)
                i = n if j == -1 else j
                continue
            if c == "\\":
                if i + 1 < n and t[i + 1] == "\n":
                    self.line += 1
                    i += 2
                    continue
                if i + 1 < n and t[i + 1] == "\r" and i + 2 < n and t[i + 2] == "\n":
                    self.line += 1
                    i += 3
                    continue
                self._add(t[i + 1:i + 2], True)
                i += 2
                continue
            if c == "'":
                i = self._squote(i)
                continue
            if c == '"':
                i = self._dquote(i)
                continue
            if c == "$" and i + 1 < n and t[i + 1] in "({" and not (self.fish and t[i + 1] == "{"):
                close = ")" if t[i + 1] == "(" else "}"
                k = self._balanced(i + 1, t[i + 1], close)
                self._count(t[i:k])
                self._add(t[i:k])
                i = k
                continue
            if c == "$" and i + 1 < n and t[i + 1] == "'" and not self.fish:
                j = i + 2
                while j < n and t[j] != "'":
                    j += 2 if t[j] == "\\" else 1
                self._count(t[i:j])
                self._add(t[i + 2:j], True)
                i = min(j + 1, n)
                continue
            if c == "`":
                j = t.find("`", i + 1)
                j = n if j == -1 else j
                self._count(t[i:j])
                self._add(t[i:j + 1])
                i = min(j + 1, n)
                continue
            if c == "(":
                if self.fish or (self.word is not None and self.word.text.endswith("=")):
                    # fish command substitution, or a bash array assignment: part of the word
                    k = self._balanced(i, "(", ")")
                    self._count(t[i:k])
                    self._add(t[i:k])
                    i = k
                    continue
                self._end_cmd()
                i += 1
                continue
            if c == ")":
                self._end_cmd()
                i += 1
                continue
            if c in ";&|":
                self._end_cmd()
                i += 2 if i + 1 < n and t[i + 1] in ";&|" else 1
                continue
            if c == "<" and t.startswith("<<", i) and not self.fish:
                self._end_word()
                if t.startswith("<<<", i):
                    i += 3
                else:
                    i = self._heredoc_op(i)
                continue
            if c in "<>":
                self._end_word()
                i += 1
                continue
            self._add(c)
            i += 1
        self._end_cmd()
        return self.commands


def _commands(text, dialect="sh"):
    try:
        return _Lexer(text, dialect).run()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - defensive: never crash on input
        return []


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\+?=", re.S)
_SH_LEAD = frozenset(("then", "do", "else", "elif", "if", "while", "until", "!", "{", "}", "time", "fi", "done", "esac", "command", "builtin"))


def _assignment(word):
    """(name, value) when the word is NAME=value with NAME and = unquoted, else None."""
    m = _ASSIGNMENT.match(word.text)
    if not m or (word.qpos is not None and word.qpos < m.end()):
        return None
    return m.group(1), word.text[m.end():]


def _strip_lead(words, lead):
    k = 0
    while k < len(words) and words[k].bare and words[k].text in lead:
        k += 1
    return words[k:]


def parse_sh(text):
    """Assignments in sh, bash, zsh, ksh or direnv code."""
    found = []
    for cmd in _commands(text, "sh"):
        words = _strip_lead(cmd, _SH_LEAD)
        if not words:
            continue
        k = 0
        pending = []
        while k < len(words):
            a = _assignment(words[k])
            if a is None:
                break
            pending.append(Assign(a[0], words[k].line, "assignment", a[1]))
            k += 1
        if k == len(words):
            found += pending  # NAME=… alone: a shell variable (exported if `export`ed or `set -a`)
            continue
        head = words[k]
        if not head.bare:
            continue
        name = head.text
        if name == "export":
            syntax, args, ok = "export", words[k + 1:], True
            opts = []
            while args and args[0].bare and args[0].text.startswith("-") and args[0].text != "-":
                if args[0].text == "--":
                    args = args[1:]
                    break
                opts.append(args[0].text)
                args = args[1:]
            if any(set(o[1:]) & set("nfp") for o in opts):
                ok = False
        elif name in ("declare", "typeset"):
            args = words[k + 1:]
            opts = []
            while args and args[0].bare and args[0].text[:1] in "-+" and len(args[0].text) > 1:
                if args[0].text == "--":
                    args = args[1:]
                    break
                opts.append(args[0].text)
                args = args[1:]
            ok = any(o.startswith("-") and "x" in o for o in opts) and not any(o.startswith("+") and "x" in o for o in opts) \
                and not any(o.startswith("-") and ("f" in o or "p" in o) for o in opts)
            flags = "".join(sorted({c for o in opts if o.startswith("-") for c in o[1:]}))
            syntax = f"{name} -{flags}" if flags else name
        else:
            continue
        if not ok:
            continue
        for w in args:
            a = _assignment(w)
            if a is not None:
                found.append(Assign(a[0], w.line, syntax, a[1]))
            elif _NAME.match(w.text):
                found.append(Assign(w.text, w.line, syntax, None))
    return found


_FISH_LEAD = frozenset(("and", "or", "not", "!", "begin", "if", "else", "while", "command", "builtin", "end"))


def parse_fish(text):
    found = []
    for cmd in _commands(text, "fish"):
        words = _strip_lead(cmd, _FISH_LEAD)
        if not words or not words[0].bare:
            continue
        if words[0].text == "export":
            for w in words[1:]:
                a = _assignment(w)
                if a is not None:
                    found.append(Assign(a[0], w.line, "export", a[1]))
            continue
        if words[0].text != "set":
            continue
        args = words[1:]
        export = False
        bad = False
        shown = []
        while args and args[0].bare and args[0].text.startswith("-") and len(args[0].text) > 1:
            o = args[0].text
            args = args[1:]
            if o == "--":
                break
            shown.append(o)
            if o.startswith("--"):
                long = o[2:].split("=", 1)[0]
                if long == "export":
                    export = True
                elif long in ("unexport", "erase", "query", "names", "show", "local"):
                    bad = True
            else:
                letters = set(o[1:])
                export |= "x" in letters
                bad |= bool(letters & set("ueqnSl"))
        if not export or bad or not args:
            continue
        name = args[0].text.split("[", 1)[0]
        if not _NAME.match(name):
            continue
        value = " ".join(w.text for w in args[1:])
        found.append(Assign(name, args[0].line, "set " + " ".join(shown), value))
    return found


_CSH_LEAD = frozenset(("then", "else", "if", "endif", "end", "foreach", "while", "!"))


def parse_csh(text):
    found = []
    for cmd in _commands(text, "sh"):
        words = _strip_lead(cmd, _CSH_LEAD)
        if len(words) >= 2 and words[0].bare and words[0].text == "setenv" and _NAME.match(words[1].text):
            value = words[2].text if len(words) > 2 else ""
            found.append(Assign(words[1].text, words[1].line, "setenv", value))
    return found


_FISH_UVAR = re.compile(r"(SETUVAR\s+--export|SET_EXPORT)\s+([A-Za-z_][A-Za-z0-9_]*):(.*)")


def parse_fish_variables(text):
    """fish's universal variable store (`set -Ux` writes it)."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        m = _FISH_UVAR.match(line.strip())
        if m:
            value = re.sub(r"\\x([0-9a-fA-F]{2})", lambda x: chr(int(x.group(1), 16)), m.group(3))
            found.append(Assign(m.group(2), n, "set -Ux" if m.group(1).startswith("SETUVAR") else "SET_EXPORT", value))
    return found


# ============================================================================= .env files


_DOTENV = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(.*)", re.S)


def parse_dotenv(text):
    """python-dotenv's syntax, line by line; a quoted value may span lines."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        start = i
        i += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _DOTENV.match(line)
        if not m:
            continue
        name, rest = m.group(1), m.group(2)
        value = rest.strip()
        if value[:1] in ("'", '"'):
            q = value[0]
            body = value[1:]
            end = _closing(body, q)
            while end == -1 and i < len(lines):
                body += "\n" + lines[i]
                i += 1
                end = _closing(body, q)
            value = body if end == -1 else body[:end]
            if q == '"':
                value = value.replace('\\"', '"').replace("\\\\", "\\")
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        found.append(Assign(name, start + 1, "export" if line.lstrip().startswith("export") else "assignment", value))
    return found


def _closing(body, q):
    j = 0
    while j < len(body):
        if body[j] == "\\" and q == '"':
            j += 2
            continue
        if body[j] == q:
            return j
        j += 1
    return -1


# ============================================================================= nushell, xonsh, elvish


def _hash_code(text):
    """Each line with a `#` comment (at a word start, outside quotes) blanked."""
    lines = []
    for line in text.splitlines():
        q = None
        cut = len(line)
        for j, c in enumerate(line):
            if q:
                if c == q:
                    q = None
            elif c in "'\"":
                q = c
            elif c == "#" and (j == 0 or line[j - 1] in " \t;"):
                cut = j
                break
        lines.append(line[:cut])
    return lines


def _regex_parser(pattern, syntax):
    rx = re.compile(pattern)

    def parse(text):
        found = []
        for n, line in enumerate(_hash_code(text), 1):
            for m in rx.finditer(line):
                value = m.group("value").strip()
                if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
                    value = value[1:-1]
                found.append(Assign(m.group("name"), n, syntax(m) if callable(syntax) else syntax, value))
        return found

    return parse


parse_nu = _regex_parser(r"(?<![\w.])\$env\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(?P<value>[^;]*)", "$env.NAME =")
parse_xonsh = _regex_parser(r"(?:^|;)\s*\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(?P<value>[^;]*)", "$NAME =")


def parse_elvish(text):
    out = []
    rx = re.compile(r"(?:^|;)\s*(?:set-env\s+(?P<n1>[A-Za-z_][A-Za-z0-9_]*)|set\s+E:(?P<n2>[A-Za-z_][A-Za-z0-9_]*)\s*=)\s*(?P<value>[^;]*)")
    for n, line in enumerate(_hash_code(text), 1):
        for m in rx.finditer(line):
            value = m.group("value").strip()
            if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
                value = value[1:-1]
            out.append(Assign(m.group("n1") or m.group("n2"), n, "set-env" if m.group("n1") else "set E:NAME =", value))
    return out
