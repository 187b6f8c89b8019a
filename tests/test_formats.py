"""Emitters that no real shell here can run: PowerShell and cmd.exe (checked against known-good
text written by hand, and read back by small readers that follow each shell's quoting rules), and
the machine formats json, dotenv and gha (parsed back: dotenv by python-dotenv itself, gha by a
reader that follows the GitHub Actions runner's documented $GITHUB_ENV format).  At the end, the
traps of real shells that the shared scenarios of test_shell_switching do not reach.

Every value must come back byte for byte or be refused, with nothing printed.
"""

import ast
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from ccswitch import shells
from ccswitch.errors import UsageError
from ccswitch.shells import dotenvfmt, gha
from ccswitch.shells import pwsh as powershell
from ccswitch.switch import Plan
from shellkit import SHELLS, parse_env0
from test_roundtrip import HOSTILE

# Any unicode text but NUL (no environment can hold it) and lone surrogates (not text).
values = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=200)


def plan(sets, unset=("ANTHROPIC_API_KEY", "OLD_VAR"), route="r"):
    items = list(sets.items()) if isinstance(sets, dict) else list(sets)
    return Plan(sorted(unset), items, route).validate()


def render(shell, sets, **kw):
    return shells.render(shell, plan(sets, **kw))


def held(shell):
    """The hostile values `shell` does not refuse, by variable name."""
    result = {}
    for i, value in enumerate(HOSTILE):
        try:
            render(shell, {"V": value})
        except UsageError:
            continue
        result[f"HOSTILE_{i}"] = value
    return result


def test_every_shell_and_format_is_registered():
    assert list(shells.SHELLS) == [
        "bash", "zsh", "sh", "dash", "ksh", "fish", "tcsh", "csh", "pwsh", "powershell",
        "nu", "elvish", "xonsh", "cmd", "json", "dotenv", "gha",
    ]
    for name in shells.SHELLS:
        emitter = shells.get(name)
        assert "{cmd}" in emitter.load
        emitter.load.format(cmd="ccswitch use r")  # a valid template
        assert isinstance(emitter.render(plan({"A": "1"})), str)


def _unit_modules():
    """The modules `use` may load: every unit's, and the helpers units share."""
    return sorted({shells._MODULES.get(u, u) for u in shells.UNITS} | {"_posix", "winenv"})


def test_emitters_import_nothing_heavy():
    """Each unit is on the hot path: at module level none imports more than the package (gha:
    `os`, loaded at start anyway), so none loads a module beyond ccswitch's own; what a unit
    needs for its hook, completion or startup files it imports inside those functions."""
    allowed = {"gha": {"os"}}
    package = Path(shells.__file__).parent
    for module in _unit_modules():
        tree = ast.parse((package / f"{module}.py").read_text())
        imported = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module)
        assert imported == allowed.get(module, set()), module
    code = (
        "import sys, ccswitch.shells; base = set(sys.modules); "
        "ccswitch.shells.get(sys.argv[1]).render; "
        "print(' '.join(m for m in set(sys.modules) - base if not m.startswith('ccswitch')))"
    )
    for name in shells.SHELLS:
        done = subprocess.run([sys.executable, "-c", code, name], capture_output=True, text=True, check=True)
        assert done.stdout.split() == [], name


# ----------------------------------------------------------------------------- PowerShell

PS_QUOTES = "'\u2018\u2019\u201a\u201b"


def ps_string(text, i):
    """PowerShell's single-quoted string at text[i]: any of the five quotes ends it, unless
    another follows, which then stands for itself.  Returns (value, index after it)."""
    assert text[i] in PS_QUOTES
    i += 1
    out = []
    while True:
        c = text[i]
        if c in PS_QUOTES:
            if i + 1 < len(text) and text[i + 1] in PS_QUOTES:
                out.append(text[i + 1])
                i += 2
                continue
            return "".join(out), i + 1
        out.append(c)
        i += 1


def ps_value(expr):
    """Evaluate the expressions the emitter writes: 'literal', or -join ('…', [char]0xHHHH, …)."""
    if expr[0] in PS_QUOTES:
        value, end = ps_string(expr, 0)
        assert end == len(expr)
        return value
    assert expr.startswith("-join (") and expr.endswith(")"), expr
    units = []
    i = len("-join (")
    while True:
        if expr[i] in PS_QUOTES:
            text, i = ps_string(expr, i)
            units += [ord(c) for c in text]
        else:
            m = re.compile(r"\[char\]0x([0-9A-F]{4})").match(expr, i)
            assert m, expr[i:]
            units.append(int(m.group(1), 16))
            i = m.end()
        if expr[i] == ")":
            assert i == len(expr) - 1
            break
        assert expr[i : i + 2] == ", "
        i += 2
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le")


def ps_apply(code, env):
    """Apply PowerShell output to a dict, as PowerShell would."""
    env = dict(env)
    guard, *lines = code.splitlines()
    assert guard == "& { @() }"  # runs a script block that outputs nothing (README: "Code for the wrong shell changes nothing")
    for line in lines:
        m = re.fullmatch(r"Remove-Item -LiteralPath Env:([A-Za-z_][A-Za-z0-9_]*) -ErrorAction SilentlyContinue", line)
        if m:
            env.pop(m.group(1), None)
            continue
        m = re.fullmatch(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\} = (.+)", line)
        assert m, line
        env[m.group(1)] = ps_value(m.group(2))
    return env


def test_powershell_known_good_text():
    code = render(
        "pwsh",
        [
            ("Q", "it's"),
            ("CURLY", "\u2018a\u2019 \u201ab\u201b"),
            ("U", "é✓😀"),
            ("NL", "a\nb"),
            ("CODE", '$(id) `n ${env:HOME} "x" @{a=1}'),
            ("CTRL", "\r\t\x1b\x7f"),
        ],
    )
    assert code == (
        "& { @() }\n"
        "Remove-Item -LiteralPath Env:ANTHROPIC_API_KEY -ErrorAction SilentlyContinue\n"
        "Remove-Item -LiteralPath Env:OLD_VAR -ErrorAction SilentlyContinue\n"
        "${env:Q} = 'it''s'\n"
        "${env:CURLY} = -join ([char]0x2018, 'a', [char]0x2019, ' ', [char]0x201A, 'b', [char]0x201B)\n"
        "${env:U} = -join ([char]0x00E9, [char]0x2713, [char]0xD83D, [char]0xDE00)\n"
        "${env:NL} = -join ('a', [char]0x000A, 'b')\n"
        "${env:CODE} = '$(id) `n ${env:HOME} \"x\" @{a=1}'\n"
        "${env:CTRL} = -join ([char]0x000D, [char]0x0009, [char]0x001B, [char]0x007F)\n"
    )
    assert render("powershell", {"Q": "it's"}) == render("pwsh", {"Q": "it's"})


def test_powershell_quote_doubles_ascii_and_curly_single_quotes():
    assert powershell.quote("a'b\u2018c\u2019d\u201ae\u201bf") == "'a''b\u2018\u2018c\u2019\u2019d\u201a\u201ae\u201b\u201bf'"
    assert powershell.quote("") == "''"
    assert powershell.quote("‘") == "'‘‘'"
    # what PowerShell reads back is the text itself
    for text in ["it's", "\u2018\u2019\u201a\u201b", "''''", "‘'’"]:
        assert ps_string(powershell.quote(text), 0) == (text, len(powershell.quote(text)))


def test_powershell_output_is_printable_ascii_and_reads_back():
    kept = held("pwsh")
    # PowerShell holds every hostile value but the one over Windows' 32,767 characters
    assert [v for v in HOSTILE if v not in kept.values()] == [v for v in HOSTILE if len(v) > 32767]
    code = render("pwsh", kept)
    assert all(" " <= c <= "~" for c in code.replace("\n", ""))
    assert ps_apply(code, {"ANTHROPIC_API_KEY": "stale", "KEEP": "k"}) == {"KEEP": "k", **kept}


@settings(max_examples=300)
@given(value=values)
def test_powershell_any_value_reads_back_or_is_refused(value):
    try:
        code = render("pwsh", {"V": value})
    except UsageError:
        assert value == ""
        return
    assert code.isascii()
    assert ps_apply(code, {})["V"] == value


@pytest.mark.parametrize(
    "sets, message",
    [
        ({"V": ""}, "empty"),
        ({"V": "x" * 32768}, "32767"),
        ({"V": "😀" * 16384}, "32767"),  # 32768 UTF-16 code units
        ({"V": "ok\udcffbad"}, "surrogate"),
        ([("HTTPS_PROXY", "a"), ("https_proxy", "b")], "ignore case"),
    ],
)
@pytest.mark.parametrize("shell", ["pwsh", "powershell"])
def test_powershell_refuses(shell, sets, message):
    with pytest.raises(UsageError, match=message) as e:
        render(shell, sets)
    assert "ccswitch exec r -- CMD" in str(e.value)


def test_powershell_limits_are_exact():
    render("pwsh", {"V": "x" * 32767})
    render("pwsh", {"V": "😀" * 16383 + "x"})
    render("pwsh", [("HTTPS_PROXY", "a"), ("https_proxy", "a")])  # the same value either way


# ----------------------------------------------------------------------------- cmd.exe


def cmd_apply(code, env):
    """What `set "NAME=value"` does: the text between the first and the last quote, split at the
    first '='; an empty value deletes."""
    env = dict(env)
    assert code.startswith(";)\r\n") and code.endswith("\r\n")  # `for /f` skips a line that starts with `;`
    for line in code[4:-2].split("\r\n"):
        assert line.startswith('set "') and line.endswith('"') and line.count('"') == 2, line
        name, eq, value = line[5:-1].partition("=")
        assert eq and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)
        assert not any(c in value for c in '%!"\r\n')
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


def test_cmd_known_good_text():
    code = render("cmd", [("Q", "it's"), ("SPECIAL", "^&|<>() [x] {y} ~ `z` $HOME"), ("TAB", "a\tb"), ("URL", "https://gw.example/x?a=1&b=2")])
    assert code == (
        ";)\r\n"
        'set "ANTHROPIC_API_KEY="\r\n'
        'set "OLD_VAR="\r\n'
        "set \"Q=it's\"\r\n"
        'set "SPECIAL=^&|<>() [x] {y} ~ `z` $HOME"\r\n'
        'set "TAB=a\tb"\r\n'
        'set "URL=https://gw.example/x?a=1&b=2"\r\n'
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ('say "hi"', "double quote"),
        ("100%", "percent"),
        ("%PATH%", "percent"),
        ("wow!", "exclamation"),
        ("a\rb", "carriage return"),
        ("a\nb", "newline"),
        ("é", "U\\+00E9"),
        ("\x1b[31m", "U\\+001B"),
        ("", "empty"),
        ("x" * 8200, "8191"),
    ],
)
def test_cmd_refuses_what_it_cannot_hold(value, message):
    with pytest.raises(UsageError, match=message) as e:
        render("cmd", {"V": value})
    assert "ccswitch exec r -- CMD" in str(e.value)


def test_cmd_line_limit_is_exact():
    render("cmd", {"V": "x" * (8191 - 8)})  # set "V=…" is 8 characters around the value
    with pytest.raises(UsageError):
        render("cmd", {"V": "x" * (8191 - 7)})
    with pytest.raises(UsageError, match="ignore case"):
        render("cmd", [("HTTPS_PROXY", "a"), ("https_proxy", "b")])


def test_cmd_hostile_values_read_back_or_are_refused():
    kept = held("cmd")
    refused = set(HOSTILE) - set(kept.values())
    for value in refused:
        assert not value or any(c in value for c in '"%!\r\n') or not all(" " <= c <= "~" or c == "\t" for c in value) or len(value) > 8000
    assert "^&|<>()" in kept.values() and "it's" in kept.values()
    assert cmd_apply(render("cmd", kept), {"ANTHROPIC_API_KEY": "stale"}) == kept


@settings(max_examples=300)
@given(value=values)
def test_cmd_any_value_reads_back_or_is_refused(value):
    try:
        code = render("cmd", {"V": value})
    except UsageError:
        assert not value or any(not (" " <= c <= "~" or c == "\t") or c in '"%!' for c in value)
        return
    assert cmd_apply(code, {})["V"] == value


# ----------------------------------------------------------------------------- a command line for cmd.exe


def cmd_line_argv(line):
    """What `cmd /d /s /c "LINE"` (Node's `shell: true` on Windows, how Claude Code runs an
    apiKeyHelper) hands the program: cmd runs LINE as typed, and `& | < > ^ ( )` outside quotes
    would be its own syntax, `%`/`!` its expansions (asserted absent); the program then splits
    the line by the MSVC rules (2008+: backslashes are literal unless they precede a quote; 2n
    backslashes + quote = n backslashes and a quote toggle; 2n+1 = n and a literal quote)."""
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        assert quoted or ch not in "&|<>^()", f"cmd would act on {ch!r} in {line!r}"
        assert ch not in "%!\r\n\0"
    assert not quoted
    argv, word, have, i, quoted = [], [], False, 0, False
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            n = len(line[i:]) - len(line[i:].lstrip("\\"))
            if line[i + n:i + n + 1] == '"':
                word.append("\\" * (n // 2))
                if n % 2:
                    word.append('"')
                    i += n + 1
                else:
                    i += n
            else:
                word.append("\\" * n)
                i += n
            have = True
            continue
        if ch == '"':
            quoted, have = not quoted, True
        elif ch in " \t" and not quoted:
            if have:
                argv.append("".join(word))
            word, have = [], False
        else:
            word.append(ch)
            have = True
        i += 1
    if have:
        argv.append("".join(word))
    return argv


def test_cmd_command_line_known_good_text():
    from ccswitch.shells.cmd import command_line

    assert command_line(["C:\\Users\\Jo Ann\\pipx\\venvs\\ccswitch\\Scripts\\python.exe", "-m", "ccswitch", "secret", "work-gw",
                         "ANTHROPIC_AUTH_TOKEN"]) == \
        '"C:\\Users\\Jo Ann\\pipx\\venvs\\ccswitch\\Scripts\\python.exe" -m ccswitch secret work-gw ANTHROPIC_AUTH_TOKEN'
    assert command_line(["C:\\A&B (x86)\\python.exe", "tail\\", "a dir\\", "", "a^b"]) == \
        '"C:\\A&B (x86)\\python.exe" tail\\ "a dir\\\\" "" "a^b"'
    assert command_line(["C:\\Jösé\\python.exe"]) == '"C:\\Jösé\\python.exe"'  # UTF-16 all the way: no code page
    for bad, why in (("100%", "percent"), ("wow!", "exclamation"), ('say "hi"', "double quote"), ("a\nb", "newline")):
        with pytest.raises(ValueError, match=why):
            command_line(["python.exe", bad])


def test_the_helper_command_on_windows_is_refused_with_a_fix_when_cmd_cannot_carry_it(monkeypatch):
    from ccswitch import launch

    monkeypatch.setattr(sys, "executable", "C:\\Users\\100%\\python.exe")
    with pytest.raises(UsageError, match="percent sign.*pipx install ccswitch"):
        launch.ccswitch_command("secret", "gw", "ANTHROPIC_AUTH_TOKEN", platform="win32")
    monkeypatch.setattr(sys, "executable", "C:\\Program Files\\Python312\\python.exe")
    line = launch.ccswitch_command("secret", "gw", "ANTHROPIC_AUTH_TOKEN", platform="win32")
    assert cmd_line_argv(line) == [sys.executable, "-m", "ccswitch", "secret", "gw", "ANTHROPIC_AUTH_TOKEN"]
    assert launch.ccswitch_command("secret", "gw", platform="darwin") == "'C:\\Program Files\\Python312\\python.exe' -m ccswitch secret gw"


@settings(max_examples=300)
@given(argv=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12), min_size=1, max_size=5))
def test_cmd_command_line_splits_back_or_is_refused(argv):
    from ccswitch.shells.cmd import command_line

    try:
        line = command_line(argv)
    except ValueError:
        assert any(c in a for a in argv for c in '"%!\r\n')
        return
    assert cmd_line_argv(line) == argv


# ----------------------------------------------------------------------------- json and nu


def test_json_is_one_object_with_unset_and_set():
    code = render("json", [("A", "1"), ("B", "it's\n")])
    assert code == (
        '{\n  "route": "r",\n  "unset": [\n    "ANTHROPIC_API_KEY",\n    "OLD_VAR"\n  ],\n'
        '  "set": {\n    "A": "1",\n    "B": "it\'s\\n"\n  }\n}\n'
    )
    assert json.loads(code) == {"route": "r", "unset": ["ANTHROPIC_API_KEY", "OLD_VAR"], "set": {"A": "1", "B": "it's\n"}}
    assert render("json", {}, unset=()) == '{\n  "route": "r",\n  "unset": [],\n  "set": {}\n}\n'
    assert render("nu", {"A": "1"}, unset=("X",)) == '{"route": "r", "unset": ["X"], "set": {"A": "1"}}\n'


def same_as_json_module(p):
    """The hand-written encoder writes exactly what json.dumps writes, and it reads back."""
    assert shells.render("json", p) == json.dumps(p.as_dict(), indent=2) + "\n"
    nu = json.dumps(p.as_dict()).replace("$", "\\u0024").replace("`", "\\u0060")  # no $( ) or ` ` for a POSIX shell
    assert shells.render("nu", p) == nu + "\n"
    assert json.loads(shells.render("nu", p)) == p.as_dict()
    assert json.loads(shells.render("json", p)) == p.as_dict()


def test_json_hostile_values_read_back():
    sets = {f"HOSTILE_{i}": v for i, v in enumerate(HOSTILE)}
    same_as_json_module(plan(sets))
    data = json.loads(render("nu", sets))
    assert data["set"] == sets and list(data["set"]) == list(sets)
    assert render("json", sets).isascii()


@settings(max_examples=300)
@given(
    sets=st.dictionaries(st.from_regex(r"[A-Z_][A-Z0-9_]{0,10}", fullmatch=True), values, max_size=5),
    unset=st.lists(st.sampled_from(["X1", "X2", "X3"]), unique=True),
    route=st.from_regex(r"[A-Za-z0-9._-]{1,20}", fullmatch=True),
)
def test_json_any_plan_reads_back(sets, unset, route):
    same_as_json_module(plan(sets, unset=[u for u in unset if u not in sets], route=route))


# ----------------------------------------------------------------------------- dotenv


def dotenv_read(text, tmp_path=None):
    """python-dotenv's reading of the text, from a stream and (as users do) from a file."""
    from_stream = dotenv_values(stream=io.StringIO(text))
    if tmp_path is not None:
        path = tmp_path / ".env"
        path.write_bytes(text.encode("utf-8"))
        assert dotenv_values(path) == from_stream
    return dict(from_stream)


def test_dotenv_known_good_text():
    code = render("dotenv", [("A", "1"), ("B", 'it\'s "q" \\n\nx\r'), ("C", "$HOME #not a comment")])
    assert code == 'A="1"\nB="it\'s \\"q\\" \\\\n\\nx\\r"\nC="$HOME #not a comment"\n'


def test_dotenv_hostile_values_read_back(tmp_path):
    kept = held("dotenv")
    assert set(HOSTILE) - set(kept.values()) == {"${HOME}"}  # python-dotenv would expand it
    assert dotenv_read(render("dotenv", kept), tmp_path) == kept


@settings(max_examples=300)
@given(value=values)
def test_dotenv_any_value_reads_back_or_is_refused(value):
    try:
        code = render("dotenv", {"V": value})
    except UsageError:
        assert dotenvfmt._expands(value)
        return
    assert dotenv_read(code) == {"V": value}


_DOTENV_VARIABLE = re.compile(r"\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}")  # python-dotenv's own


@settings(max_examples=500)
@given(value=st.text(st.sampled_from("${}:-ab"), max_size=12))
def test_dotenv_refuses_exactly_what_python_dotenv_expands(value):
    assert dotenvfmt._expands(value) == bool(_DOTENV_VARIABLE.search(value))


# ----------------------------------------------------------------------------- gha


def gha_read(text, windows=False):
    """Read $GITHUB_ENV text the way the runner does (actions/runner, SetEnvFileCommand): lines end
    at LF (on Windows also at CR LF); `NAME=value`, or `NAME<<DELIMITER`, the lines up to one that
    is exactly DELIMITER, whose text between is the value as it stands."""
    result = {}
    index = 0

    def read_line():
        nonlocal index
        if index >= len(text):
            return None, None
        start = index
        lf = text.find("\n", index)
        if lf < 0:
            index = len(text)
            return text[start:], None
        crlf = text.find("\r\n", index) if windows else -1
        if 0 <= crlf < lf:
            index = crlf + 2
            return text[start:crlf], "\r\n"
        index = lf + 1
        return text[start:lf], "\n"

    line, _ = read_line()
    while line is not None:
        if line:
            eq, heredoc = line.find("="), line.find("<<")
            if eq >= 0 and (heredoc < 0 or eq < heredoc):
                name, _, value = line.partition("=")
                result[name] = value
            elif heredoc >= 0:
                name, _, delim = line.partition("<<")
                assert name and delim
                start = end = index
                tmp, newline = read_line()
                while tmp != delim:
                    assert tmp is not None, f"delimiter {delim} not found"
                    end = index - len(newline)
                    tmp, newline = read_line()
                result[name] = text[start:end] if end > start else ""
            else:
                raise AssertionError(f"invalid line {line!r}")
        line, _ = read_line()
    return result


def test_gha_known_good_text(monkeypatch):
    monkeypatch.setattr(gha, "_token", lambda: "0" * 32)
    code = render("gha", [("A", "1"), ("B", "x=y<<z"), ("C", "two\nlines\n")])
    assert code == "A=1\nB=x=y<<z\nC<<CCSWITCH_EOF_" + "0" * 32 + "\ntwo\nlines\n\nCCSWITCH_EOF_" + "0" * 32 + "\n"


def test_gha_hostile_values_read_back():
    kept = held("gha")
    assert set(HOSTILE) - set(kept.values()) == set()
    code = render("gha", kept)
    assert gha_read(code) == kept
    assert gha_read(code, windows=True) == kept


def test_gha_delimiter_is_random_and_never_in_the_value(monkeypatch):
    a = render("gha", {"V": "a\nb"})
    b = render("gha", {"V": "a\nb"})
    assert a != b  # a fresh random delimiter each time
    planted = "CCSWITCH_EOF_" + "1" * 32
    draws = iter(["1" * 32, "1" * 32, "2" * 32])
    monkeypatch.setattr(gha, "_token", lambda: next(draws))
    value = f"x\n{planted}\ny"
    code = render("gha", {"V": value})
    assert code.splitlines()[0] == "V<<CCSWITCH_EOF_" + "2" * 32
    assert gha_read(code) == {"V": value}


def test_gha_refuses_a_trailing_carriage_return():
    with pytest.raises(UsageError, match="carriage return"):
        render("gha", {"V": "a\r"})


@settings(max_examples=300)
@given(value=values, planted=st.booleans())
def test_gha_any_value_reads_back(value, planted):
    if planted:  # a value that holds lines looking like delimiters
        value = f"{value}\nCCSWITCH_EOF_{'0' * 32}\n{value}"
    try:
        code = render("gha", {"V": value, "W": "after"})
    except UsageError:
        assert value.endswith("\r")
        return
    assert gha_read(code) == {"V": value, "W": "after"}
    assert gha_read(code, windows=True) == {"V": value, "W": "after"}


# ----------------------------------------------------------------------------- through the CLI


def vertex(env, name, *extra):
    return env.ok("add", name, "--kind", "vertex", "--project", "p", "--region", "us-east5", *extra)


@pytest.mark.parametrize("shell, note", [("dotenv", "a .env file cannot unset"), ("gha", "$GITHUB_ENV cannot unset")])
def test_formats_that_cannot_unset_say_so_on_stderr(env, shell, note):
    vertex(env, "v")
    r = env.ok("use", "v", "--shell", shell)
    assert note in r.err
    assert "ANTHROPIC_API_KEY" not in r.out and "CLAUDE_CODE_USE_VERTEX" in r.out
    if shell == "dotenv":
        assert dotenv_read(r.out)["CLAUDE_CODE_USE_VERTEX"] == "1"
    else:
        assert gha_read(r.out)["CLAUDE_CODE_USE_VERTEX"] == "1"
    assert "note" not in env.ok("use", "v", "--shell", "json").err


@pytest.mark.parametrize(
    "shell, value, message",
    [
        ("cmd", "100%", "percent"),
        ("cmd", "wow!", "exclamation"),
        ("cmd", "café", "U+00E9"),
        ("pwsh", "x" * 40000, "32767"),
        ("powershell", "x" * 40000, "32767"),
        ("tcsh", "two\nlines", "newline"),
        ("csh", "two\nlines", "newline"),
        ("dotenv", "${HOME}", "expand"),
    ],
)
def test_refusals_print_nothing(env, shell, value, message):
    vertex(env, "v", "--set", f"MY_NOTE={value}")
    r = env.run("use", "v", "--shell", shell)
    assert r.returncode == 2
    assert r.out == ""
    assert message in r.err and "MY_NOTE" in r.err and "ccswitch exec v -- CMD" in r.err
    assert value not in r.err  # the value itself (it could be a secret) is never shown
    assert len(r.err.strip().splitlines()) == 1


# ----------------------------------------------------------------------------- traps of real shells


def test_fish_reset_leaves_no_universal_variable_behind(env, tmp_path):
    """A universal `set -Ux` variable would come back into view, exported, once the global is erased."""
    fish = SHELLS["fish"]
    vertex(env, "v")
    out = tmp_path / "env"
    done = fish.run(
        [
            "set -Ux ANTHROPIC_API_KEY universal-stale",
            "set -gx ANTHROPIC_API_KEY global-stale",
            fish.apply_cmd.format(cmd="ccswitch use v --shell fish"),
            fish.dump.format(path=out),
        ],
        env,
    )
    assert done.returncode == 0, done.stderr
    final = parse_env0(out.read_bytes())
    assert "ANTHROPIC_API_KEY" not in final and final["CLAUDE_CODE_USE_VERTEX"] == "1"


def test_csh_one_liner_leaves_no_file_and_sources_nothing_on_failure(env, tmp_path):
    tcsh = SHELLS["tcsh"]
    vertex(env, "v")
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    out = tmp_path / "env"
    done = tcsh.run(
        [
            "set noclobber",  # the file exists once mktemp made it: the one-liner must still write it
            tcsh.apply_cmd.format(cmd="ccswitch use v --shell tcsh"),
            "setenv MARK before",
            tcsh.apply_cmd.format(cmd="ccswitch use nosuch --shell tcsh"),
            tcsh.dump.format(path=out),
            "if ($?ccsw) echo ccsw-left",
        ],
        {**env, "TMPDIR": str(tmp)},
    )
    assert done.returncode == 0 and b"ccsw-left" not in done.stdout, done.stderr
    assert b"no route named 'nosuch'" in done.stderr
    assert list(tmp.iterdir()) == []  # the temporary file with the code (and secrets) is gone
    final = parse_env0(out.read_bytes())
    assert final["CCSWITCH_ROUTE"] == "v" and final["MARK"] == "before"
