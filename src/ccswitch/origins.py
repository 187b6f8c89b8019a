"""Where a Claude Code route variable is set: the file and line, never the value.

A variable that "comes back" in every new shell is nearly always assigned in a startup file, a
`.env`/`.envrc` a tool loads, a dev container definition or a Claude Code settings `env` block.
This module finds those assignments.  It reads files line by line with small, tolerant lexers
and never executes anything it reads: a file that does not parse still yields what could be
recognised, and nothing here raises on bad input.

Files read (`sources`), each with its dialect:

  shell startup  ~/.profile, ~/.bashrc, ~/.bash_profile, ~/.bash_login, ~/.bash_aliases,
                 ~/.bashrc.d/*, ~/.kshrc; zsh's .zshenv, .zprofile, .zshrc, .zlogin in $ZDOTDIR
                 (from the environment, else as ~/.zshenv sets it, else ~) plus ~/.zshenv, and
                 ~/.oh-my-zsh/custom/*.zsh; fish's config.fish, conf.d/*.fish and fish_variables
                 (universal variables) in $XDG_CONFIG_HOME/fish; ~/.tcshrc, ~/.cshrc, ~/.login;
                 PowerShell profiles (*profile.ps1) in $XDG_CONFIG_HOME/powershell, or on
                 Windows in Documents\\PowerShell and Documents\\WindowsPowerShell (also under
                 %OneDrive%); nushell env.nu/config.nu; ~/.xonshrc; elvish rc.elv;
                 $XDG_CONFIG_HOME/environment.d/*.conf (systemd user sessions).
  system         /etc/environment, /etc/profile, /etc/profile.d/*.sh, /etc/bash.bashrc,
                 /etc/bashrc, /etc/zshenv, /etc/zsh/{zshenv,zprofile,zshrc}, /etc/fish/config.fish,
                 /etc/fish/conf.d/*.fish, /etc/csh.cshrc, /etc/csh.login (POSIX only; the folder
                 is $CCSWITCH_ETC_DIR when set, e.g. for tests).
  project        .env, .env.local and .envrc in every folder from the current one up to the
                 repository root (only the current folder outside a repository);
                 .devcontainer/devcontainer.json, .devcontainer.json and
                 .devcontainer/*/devcontainer.json there (`containerEnv`, `remoteEnv`; JSON
                 with comments and trailing commas).
  settings       every Claude Code settings layer (settings.py), its `env` block.

Syntaxes recognised:

  sh/bash/zsh/ksh/.envrc  `export NAME=…`, `export NAME`, `NAME=…` (alone on its command, not as
                          a prefix of another command), `declare -x`/`typeset -x` (any option
                          cluster with x, e.g. -gx); several commands a line (`;`, `&&`, `||`,
                          `if …; then …`), quotes, `$(…)`, `${…}`, line continuations;
                          here-documents are skipped.
  fish                    `set` with -x/--export in its options (-gx, -Ux, -x, --export …; not
                          with -l, -e, -q, -u), `export NAME=…`; fish_variables:
                          `SETUVAR --export NAME:…` and the old `SET_EXPORT NAME:…`.
  tcsh/csh                `setenv NAME value`.
  PowerShell              `$env:NAME = …` (also `${env:NAME}`, `+=`), `Set-Item`/`New-Item`
                          `env:NAME`, `[Environment]::SetEnvironmentVariable('NAME', …)`; `#`
                          comments and `<# … #>` blocks do not count; a `$null` value is a removal.
  .env, environment.d     `NAME=…`, `export NAME=…`; quoted values may span lines.
  nushell, xonsh, elvish  `$env.NAME = …`; `$NAME = …`; `set-env NAME …` and `set E:NAME = …`.
  JSON                    the keys of `env` (settings), `containerEnv`/`remoteEnv` (devcontainer).

Commented-out lines (`#`) never count.  An Origin is a dict: variable, file, line, source,
shell, syntax (and scope, for settings files).  `assignments` (used by the commit guard) also
returns the value text; `find` never does.
"""

import bisect
import glob
import json
import os
import re
import sys

from . import settings as settings_mod
from .claudevars import is_route_var

ETC_VAR = "CCSWITCH_ETC_DIR"
_MAX_BYTES = 4 * 1024 * 1024

# source kinds, as reported
STARTUP, SYSTEM, ENVIRONMENT_D, FISH_UNIVERSAL = "shell-startup", "system-startup", "environment.d", "fish-universal"
DOTENV, ENVRC, DEVCONTAINER, SETTINGS = "dotenv", "envrc", "devcontainer", "settings"
SOURCES = (STARTUP, SYSTEM, ENVIRONMENT_D, FISH_UNIVERSAL, DOTENV, ENVRC, DEVCONTAINER, SETTINGS)


def wanted(name):
    """The variables origins are looked for by default: Claude Code's route variables."""
    return is_route_var(name) or name.startswith("CLAUDE_CODE_USE_")


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


# ============================================================================= PowerShell


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


# ============================================================================= JSON with line numbers


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


# ============================================================================= which files


class Source:
    """A file to read: its path, dialect, source kind and shell."""

    __slots__ = ("path", "dialect", "source", "shell", "scope")

    def __init__(self, path, dialect, source, shell=None, scope=None):
        self.path, self.dialect, self.source, self.shell, self.scope = path, dialect, source, shell, scope


PARSERS = {
    "sh": parse_sh,
    "fish": parse_fish,
    "fish-universal": parse_fish_variables,
    "csh": parse_csh,
    "pwsh": parse_pwsh,
    "dotenv": parse_dotenv,
    "nu": parse_nu,
    "xonsh": parse_xonsh,
    "elvish": parse_elvish,
    "settings": lambda text: json_object_assignments(text, ("env",), "env block"),
    "devcontainer": lambda text: json_object_assignments(text, ("containerEnv", "remoteEnv"), "containerEnv", comments=True),
}


def _xdg_config(env):
    return env.get("XDG_CONFIG_HOME") or os.path.join(settings_mod.home_dir(env), ".config")


def _sorted_glob(pattern):
    return sorted(p for p in glob.glob(pattern) if os.path.isfile(p))


class StartupContext:
    """What a shell unit needs to name its startup files (`Shell.startup`)."""

    def __init__(self, env, platform):
        self.env = env
        self.platform = platform
        self.home = settings_mod.home_dir(env)
        self.xdg = _xdg_config(env)

    def glob(self, *parts):
        """The files matching a pattern, sorted."""
        return _sorted_glob(os.path.join(*parts))


def startup_sources(env, platform=None):
    """The user's shell startup files that exist (and system ones on POSIX), as each shell unit
    names them (`Shell.startup`, `Shell.system_startup`), in the registry's order."""
    from . import shells

    platform = sys.platform if platform is None else platform
    ctx = StartupContext(env, platform)
    out = []

    def add(path, dialect, shell, source=STARTUP):
        if os.path.isfile(path) and all(os.path.normcase(s.path) != os.path.normcase(path) for s in out):
            out.append(Source(path, dialect, source, shell))

    units = [u for u in shells.units() if not u.is_format]
    for unit in units:
        for path, dialect, *shell in unit.startup(ctx):
            add(path, dialect, shell[0] if shell else unit.name, FISH_UNIVERSAL if dialect == "fish-universal" else STARTUP)
    for path in ctx.glob(ctx.xdg, "environment.d", "*.conf"):
        add(path, "dotenv", None, ENVIRONMENT_D)
    if platform != "win32":
        etc = env.get(ETC_VAR) or "/etc"
        add(os.path.join(etc, "environment"), "dotenv", None, SYSTEM)
        for unit in units:
            for path, dialect, *shell in unit.system_startup(etc, ctx):
                add(path, dialect, shell[0] if shell else unit.name, SYSTEM)
    return out


DOTENV_NAMES = (".env", ".env.local")


def project_sources(cwd):
    """.env, .env.local, .envrc and dev container files from cwd up to the repository root."""
    cwd = os.path.abspath(cwd)
    root = settings_mod.repo_root(cwd)
    out = []
    d = cwd
    while True:
        for name in DOTENV_NAMES:
            path = os.path.join(d, name)
            if os.path.isfile(path):
                out.append(Source(path, "dotenv", DOTENV))
        path = os.path.join(d, ".envrc")
        if os.path.isfile(path):
            out.append(Source(path, "sh", ENVRC, "bash"))
        for path in [os.path.join(d, ".devcontainer", "devcontainer.json"), os.path.join(d, ".devcontainer.json"),
                     *_sorted_glob(os.path.join(d, ".devcontainer", "*", "devcontainer.json"))]:
            if os.path.isfile(path):
                out.append(Source(path, "devcontainer", DEVCONTAINER))
        if root is None or d == root:
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return out


def settings_sources(env, cwd):
    paths, _proj, _root = settings_mod.candidate_paths(env, cwd)
    return [Source(path, "settings", SETTINGS, None, scope) for scope, path in paths]


def read_text(path):
    """A file's text (UTF-8, undecodable bytes replaced), or None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            raw = f.read(_MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > _MAX_BYTES or b"\0" in raw[:8192]:
        return None
    return raw.decode("utf-8-sig", "replace")


def assignments(text, dialect):
    """Every assignment of a file's text in its dialect (values included: for the guard only)."""
    parser = PARSERS.get(dialect)
    if parser is None or text is None:
        return []
    try:
        return parser(text)
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - the parsers are tolerant
        return []


def _matches(name, dialect, names):
    if dialect == "pwsh":  # environment names are case-insensitive on Windows
        name = name.upper() if wanted(name.upper()) or (names and name.upper() in names) else name
    return name, (name in names) if names is not None else wanted(name)


def find(env=None, cwd=None, names=None, *, platform=None):
    """[Origin] of the variables `names` (default: every route variable), in the order
    startup files, project files, settings layers; each {variable, file, line, source, shell,
    syntax[, scope]}.  No value is ever part of an Origin."""
    env = os.environ if env is None else env
    try:
        cwd = os.getcwd() if cwd is None else cwd
    except OSError:
        cwd = None
    names = None if names is None else set(names)
    if names is not None and not names:
        return []
    sources = startup_sources(env, platform)
    if cwd is not None:
        sources += project_sources(cwd) + settings_sources(env, cwd)
    found = []
    for src in sources:
        items = assignments(read_text(src.path), src.dialect)
        assigned = {a.name for a in items if a.value is not None}
        seen = set()
        for a in items:
            name, ok = _matches(a.name, src.dialect, names)
            if not ok:
                continue
            if a.value is None and name in assigned:
                continue  # `export NAME` after `NAME=…` in the same file: the assignment says it
            key = (name, a.line)
            if key in seen:
                continue
            seen.add(key)
            origin = {"variable": name, "file": src.path, "line": a.line, "source": src.source,
                      "shell": src.shell, "syntax": a.syntax}
            if src.scope:
                origin["scope"] = src.scope
            found.append(origin)
    return found


# ============================================================================= words for people


def why(origin):
    """Why an origin matters, in a few words."""
    source = origin["source"]
    if source in (STARTUP, SYSTEM):
        return f"a {origin['shell'] or 'shell'} startup file: it returns in every new shell"
    if source == FISH_UNIVERSAL:
        return "a fish universal variable (set -Ux): every fish session has it"
    if source == ENVIRONMENT_D:
        return "systemd's environment.d: every program of your login session has it"
    if source == ENVRC:
        return "direnv loads it whenever you enter that folder"
    if source == DOTENV:
        return "a .env file: tools that load it (Bun-built programs read .env and .env.local of the folder they start in) pass it on"
    if source == DEVCONTAINER:
        return "the dev container definition: every container built from it has it"
    return "a Claude Code settings env block: it beats every shell export"


def describe(origin, env=None):
    """'~/.bashrc line 12 (export)'."""
    env = os.environ if env is None else env
    return f"{settings_mod.display_path(origin['file'], env)} line {origin['line']} ({origin['syntax']})"


# ============================================================================= status and doctor


def for_status(env, cwd, data, routes):
    """Origins of the variables `status` reports that this shell has and ccswitch did not set:
    not part of what CCSWITCH_ROUTE's route sets (unless drift says the value changed since).
    Settings layers are left out: status names them already."""
    from . import resolve
    from .claudevars import ROUTE_MARKER

    names = set()
    for row in data.get("variables", []):
        if row["name"] in env and (row["origin"] == resolve.ENVIRONMENT or row.get("shadows")):
            names.add(row["name"])
    endpoint = data.get("endpoint") or {}
    for key in ("variable", "region_variable", "project_variable"):
        var = endpoint.get(key)
        if var and var in env:
            names.add(var)
    for part in (data.get("credential") or {}, data.get("model") or {}):
        source = part.get("source") or ""
        var = source.split("=", 1)[0].split("/", 1)[0]
        if _NAME.match(var) and var in env:
            names.add(var)
    claimed = env.get(ROUTE_MARKER)
    if claimed and routes and claimed in routes:
        plain, secret = resolve.expected_environment(claimed, routes[claimed])
        changed = {d["variable"] for d in data.get("route", {}).get("drift", []) if d.get("problem") == "different"}
        names -= (set(plain) | set(secret)) - changed
    if not names:
        return []
    return [o for o in find(env, cwd, names) if o["source"] != SETTINGS]


def render_status(found, env):
    """Lines for `status`: where each variable this shell has (and ccswitch did not set) is assigned."""
    return [f"set in      {o['variable']}: {describe(o, env)}, {why(o)}" for o in found]


def doctor_findings(found, env):
    """[(severity, message, file, fix)] for `doctor`: every origin outside the settings layers
    (which the settings-env check reports), or one ok line when there is none."""
    from .claudevars import is_secret_var

    out = []
    for o in found:
        if o["source"] == SETTINGS:
            continue
        where = describe(o, env)
        path = settings_mod.display_path(o["file"], env)
        var, line, source = o["variable"], o["line"], o["source"]
        plain = " and keeps the credential in plain text" if is_secret_var(var) else ""
        message = f"{var} is set in {where}: {why(o)}{plain}"
        route = "move it into a ccswitch route (`ccswitch import env --name NAME` in a shell that has it, or `ccswitch add`)"
        if source == STARTUP:
            message += "; `ccswitch use` unsets it only until the next shell starts"
            fix = f"{route} and delete line {line} of {path}"
        elif source == SYSTEM:
            message += "; `ccswitch use` unsets it only until the next shell starts"
            fix = f"{route}; it is a system file: remove line {line} of {path} (as root) or ask your administrator"
        elif source == FISH_UNIVERSAL:
            fix = f"{route} and erase it: set -eU {var}"
        elif source == ENVIRONMENT_D:
            fix = f"{route} and delete line {line} of {path} (it applies from your next login)"
        elif source == ENVRC:
            fix = (f"{route} and delete line {line} of {path}; for a folder that should always use one route, "
                   f"a .ccswitch file (`ccswitch allow`) switches on entering it")
        elif source == DOTENV:
            fix = (f"if it is for Claude Code: `ccswitch import dotenv {path} --name NAME` and delete line {line}; if it is "
                   f"your application's, start Claude Code from another folder or keep the variable out of that file")
        else:  # devcontainer
            fix = f"pass it from the host instead (\"${{localEnv:{var}}}\", with the host on a ccswitch route), or remove line {line}"
        out.append(("warn", message, o["file"], fix))
    if not out:
        out.append(("ok", "no route variable is set in a shell startup file, .env/.envrc or devcontainer.json", None, None))
    return out
