"""Completion generated from the click command tree (`ccswitch.completion`).

The committed scripts in completions/ must be what the generator writes now, every visible
command, subcommand and long option of the click tree must reach every shell's script, and the
scripts must work in the real shells: bash through COMP_WORDS, zsh through its completion system
driven on a pseudo-terminal (zpty), fish through `complete -C`, nushell by calling the completer
and through its own completion engine (`nu --ide-complete`).  PowerShell cannot run here: its
script is checked as text.
"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ccswitch import completion, shells
from ccswitch.cli import cli
from ccswitch.kinds import STORED_KINDS
from conftest import need

ROOT = Path(__file__).resolve().parent.parent
FILES = {"bash": "ccswitch.bash", "zsh": "_ccswitch", "fish": "ccswitch.fish", "pwsh": "ccswitch.ps1", "nu": "ccswitch.nu"}


@pytest.fixture
def routes(env):
    env.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5")
    env.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    return env


def text(shell):
    return (ROOT / "completions" / FILES[shell]).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- the files


def test_committed_files_are_what_the_generator_writes():
    generated = completion.generate()
    assert set(generated) == set(FILES.values())
    for name, expected in generated.items():
        assert (ROOT / "completions" / name).read_text(encoding="utf-8") == expected, (
            f"completions/{name} is stale: run python -m ccswitch.completion --write"
        )
        assert completion.NOTE in "\n".join(expected.splitlines()[:4])  # said at the top
    assert subprocess.run([sys.executable, "-m", "ccswitch.completion", "--check"], capture_output=True).returncode == 0


def test_check_names_the_stale_files_and_write_fixes_them(tmp_path, monkeypatch, capsys):
    for name in FILES.values():
        (tmp_path / name).write_text((ROOT / "completions" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "_ccswitch").write_text("#compdef ccswitch\n# old\n", encoding="utf-8")
    (tmp_path / "ccswitch.nu").unlink()
    monkeypatch.setattr(shells, "data_dir", lambda kind: str(tmp_path) if kind == "completions" else pytest.fail(kind))
    assert completion.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path / "_ccswitch") in err and str(tmp_path / "ccswitch.nu") in err
    assert "ccswitch.bash" not in err and "ccswitch.fish" not in err and "ccswitch.ps1" not in err
    assert completion.main(["--write"]) == 0
    assert completion.main(["--check"]) == 0
    assert (tmp_path / "_ccswitch").read_text(encoding="utf-8") == completion.generate()["_ccswitch"]


def test_every_unit_with_a_completion_file_generates_it():
    assert {u.name: u.completion for u in shells.units() if u.completion} == FILES
    for unit in shells.units():
        if unit.completion and unit.hook:
            assert unit.init_script().endswith(completion.generate()[unit.completion])


def _visible(command, path=()):
    """(path, click command) for every visible command of the click tree."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            if not sub.hidden:
                yield from _visible(sub, (*path, name))


def _long_options(command):
    opts = {"--help"}
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            opts.update(o for o in [*param.opts, *param.secondary_opts] if o.startswith("--"))
    return opts


def _bash_section(script, path):
    for line in script.splitlines():
        m = re.match(r'\s+((?:"[^"]*"\|?)+)\) opts=\'(.*)\' ;;$', line)
        if m and f'"{path}"' in m.group(1).split("|"):
            return m.group(2).split()
    raise AssertionError(f"no options for {path!r}")


def _block(script, start, end):
    i = script.index(start)
    return script[i:script.index(end, i)]


def _options_in(shell, script, path):
    """The long options the script offers for command `path` (words after ccswitch)."""
    key = " ".join(path)
    if shell == "bash":
        return {o for o in _bash_section(script, key) if o.startswith("--")}
    if shell == "zsh":
        name = "_ccswitch" + ("_" + re.sub(r"[^A-Za-z0-9]+", "_", key) if key else "")
        body = _block(script, f"\n{name}() {{", "\n}\n")
        return set(re.findall(r"(?:'|\))\*?(--[a-z][a-z0-9-]*)\[", body))
    if shell == "fish":
        return {"--" + m for m in re.findall(rf"-n '__ccswitch_at \"{key}\"' (?:-s \w )?-l ([a-z0-9-]+)", script)}
    if shell == "pwsh":
        table = _block(script, "$options = @{", "\n    }\n")
        body = _block(table, f"\n        '{key}' = [ordered]@{{", "\n        }")
        return set(re.findall(r"'(--[a-z0-9-]+)' = @\(", body))
    if shell == "nu":
        table = _block(script, "let options = {", "\n    }\n")
        body = _block(table, f'"{("ccswitch " + key).strip()}": [[value kind choices description];', "\n        ]")
        return set(re.findall(r'\["(--[a-z0-9-]+)" ', body))
    raise AssertionError(shell)


def _subcommands_in(shell, script, path):
    key = " ".join(path)
    if shell == "bash":
        m = re.search(rf'^\s+"{key}"\) subs=\'(.*)\' ;;$', script, re.M)
        return set(m.group(1).split())
    if shell == "zsh":
        name = "_ccswitch" + ("_" + re.sub(r"[^A-Za-z0-9]+", "_", key) if key else "")
        body = _block(script, f"\n{name}() {{", "\n}\n")
        return set(re.findall(r"^\s+'([a-z-]+):", body, re.M))
    if shell == "fish":
        return set(re.findall(rf"-n '__ccswitch_at \"{key}\" 0' -a '([a-z-]+)' -d '", script))
    if shell == "pwsh":
        table = _block(script, "$subcommands = @{", "\n    }\n")
        return set(re.findall(r"^\s+'([a-z-]+)' = '", _block(table, f"\n        '{key}' = [ordered]@{{", "\n        }"), re.M))
    if shell == "nu":
        table = _block(script, "let subcommands = {", "\n    }\n")
        body = _block(table, f'"{("ccswitch " + key).strip()}": [[value description];', "\n        ]")
        return set(re.findall(r'^\s+\["([a-z-]+)" "', body, re.M))
    raise AssertionError(shell)


@pytest.mark.parametrize("shell", list(FILES))
def test_every_command_and_long_option_reaches_every_script(shell):
    """Walks the click tree itself (not the spec): a new command or option that is not in a
    script, under its own command, fails here."""
    script = text(shell)
    seen = 0
    for path, command in _visible(cli):
        if isinstance(command, click.Group):
            wanted = {n for n, c in command.commands.items() if not c.hidden}
            assert _subcommands_in(shell, script, path) == wanted, (shell, path)
            for name in wanted:
                assert name in script
        found = _options_in(shell, script, path)
        missing = _long_options(command) - found
        assert not missing, f"{shell}: ccswitch {' '.join(path)} lacks {sorted(missing)}"
        seen += 1
    assert seen >= 30  # the walk really went through the tree (groups and their subcommands)
    assert "dir" not in _subcommands_in(shell, script, ())  # hidden


# ----------------------------------------------------------------------------- the spec


def test_spec_marks_routes_paths_and_choices_from_the_click_types():
    tree = completion.spec()
    nodes = {n["path"]: n for n in completion.walk(tree)}
    route_args = {(p, a["name"]) for p, n in nodes.items() for a in n["args"] if a["value"]["kind"] == "route"}
    assert route_args == {
        ("use", "name"), ("show", "name"), ("rm", "name"), ("edit", "name"), ("rename", "old"), ("exec", "name"),
        ("verify", "name"), ("secret", "name"), ("claude-settings", "name"), ("export", "name"), ("persist", "name"),
        ("login", "name"), ("whoami", "name"),
    }
    route_opts = {(p, o["long"][0]) for p, n in nodes.items() for o in n["options"] if o["value"] and o["value"]["kind"] == "route"}
    assert route_opts == {("allow", "--secret-from"), ("status", "--expect"), ("persist", "--account"), ("unpersist", "--account")}
    path_params = {(p, a["name"]) for p, n in nodes.items() for a in n["args"] if a["value"]["kind"] == "path"}
    path_params |= {(p, o["long"][0]) for p, n in nodes.items() for o in n["options"] if o["value"] and o["value"]["kind"] == "path"}
    assert path_params == {
        ("allow", "path"), ("deny", "path"), ("export", "--output"), ("guard check", "paths"),
        *((f"import {s}", "path") for s in ("dotenv", "claude-settings", "toml", "cc-switch", "ccs")), ("import claude-dir", "paths"),
    }
    assert nodes["init"]["args"][0]["value"]["choices"] == list(shells.init_names())
    for p in ("use", "reset"):
        (shell_opt,) = [o for o in nodes[p]["options"] if o["long"] == ["--shell"]]
        assert shell_opt["value"] == {"kind": "choice", "choices": list(shells.names()), "name": "shell"}
    assert [o["value"]["choices"] for o in nodes["export"]["options"] if o["long"] == ["--format"]] == [["dotenv", "json", "toml"]]
    assert nodes["rename"]["args"][1]["value"]["kind"] == "text"
    assert [(a["name"], a["nargs"]) for a in nodes["exec"]["args"]] == [("name", 1), ("argv", -1)]
    assert nodes["exec"]["interspersed"] is False and nodes["use"]["interspersed"] is True
    assert [a["nargs"] for a in nodes["guard check"]["args"]] == [-1]
    assert [o["names"] for o in nodes["export"]["options"] if "--output" in o["names"]] == [["-o", "--output"]]
    assert next(o for o in nodes["list"]["options"] if o["long"] == ["--names"])["value"] is None  # a flag
    assert "dir" not in nodes  # hidden
    assert nodes["add"]["help"] == "Save a new route."
    assert [c["name"] for c in nodes["guard"]["commands"]] == ["check", "install"]


def test_nothing_of_completion_is_loaded_on_the_hot_path(routes):
    code = (
        "import sys; from ccswitch.__main__ import main; code = main(sys.argv[1:]); "
        "sys.stderr.write('\\nLOADED:' + ' '.join(m for m in ('click', 'ccswitch.completion', 'ccswitch.cli') if m in sys.modules)); "
        "sys.exit(code)"
    )
    for argv in (["list", "--names"], ["use", "alpha", "--shell", "bash"]):
        done = subprocess.run([sys.executable, "-c", code, *argv], env=dict(routes), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stderr.rsplit("\nLOADED:", 1)[1] == "", done.stderr
    done = subprocess.run([sys.executable, "-c", code, "show", "alpha"], env=dict(routes), capture_output=True, text=True)
    assert done.stderr.rsplit("\nLOADED:", 1)[1] == "click ccswitch.cli"  # the probe sees what a click command loads


# ----------------------------------------------------------------------------- bash


def test_bash_scripts_parse_and_pass_shellcheck():
    bash = need("bash")
    path = ROOT / "completions" / "ccswitch.bash"
    assert subprocess.run([bash, "-n", str(path)], capture_output=True).returncode == 0
    shellcheck = need("shellcheck")
    done = subprocess.run([shellcheck, "-s", "bash", "-e", "SC2207", str(path)], capture_output=True)
    assert done.returncode == 0, done.stdout.decode()
    assert "complete -F _ccswitch_complete ccswitch" in path.read_text()


BASH_CASES = [
    (["u"], ["unpersist", "use"]),
    (["use", ""], ["login", "alpha", "beta"]),
    (["use", "--shell", "f"], ["fish"]),
    (["use", "--shell", "=", "f"], ["fish"]),  # --shell=f: bash splits at the =
    (["use", "--shell", "fish", ""], ["login", "alpha", "beta"]),
    (["add", "x", "--kind", "g"], ["gateway"]),
    (["add", "x", "--kind", "gateway", "--base-url", ""], []),
    (["list", "--"], ["--names", "--json", "--color", "--help"]),
    (["export", "alpha", "--"], ["--format", "--reveal", "--output", "--help"]),
    (["export", "alpha", "--format", ""], ["dotenv", "json", "toml"]),
    (["rename", "al"], ["alpha"]),
    (["rename", "alpha", ""], []),
    (["init", "b"], ["bash"]),
    (["import", ""], ["cc-switch", "ccs", "claude-dir", "claude-settings", "dotenv", "env", "toml"]),
    (["import", "claude-settings", "--"], ["--allow-var", "--allow-command", "--name", "--kind", "--remove-secrets", "--help"]),
    (["import", "toml", "--"], ["--allow-var", "--allow-command", "--name", "--help"]),
    (["import", "env", "--kind", "h"], ["helper"]),
    (["import", "dotenv", "--name", "x", "my"], ["my.env"]),
    (["claude-settings", ""], ["login", "alpha", "beta"]),  # the command, not import's subcommand
    (["import", "claude-settings", "my"], ["my.env"]),
    (["guard", ""], ["check", "install"]),
    (["guard", "check", "--"], ["--verbose", "--help"]),
    (["guard", "check", "my.env", "my"], ["my.env"]),
    (["allow", "--secret-from", "b"], ["beta"]),
    (["exec", "al"], ["alpha"]),
    (["exec", "alpha", "--", "my"], []),  # a command name: none starts with my
    (["-"], ["--version", "--color", "--help"]),
]


def test_bash_completion(routes, tmp_path):
    bash = need("bash")
    (tmp_path / "my.env").write_text("")
    lines = [f"complete_words ccswitch {' '.join(shlex.quote(w) for w in words)}" for words, _ in BASH_CASES]
    lines.append("complete_words ccswitch exec alpha -- bas")
    script = "\n".join([
        'eval "$(ccswitch init bash)"',
        "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); "
        "_ccswitch_complete; printf '%s ' \"${COMPREPLY[@]}\"; echo; }",
        *lines,
    ])
    done = subprocess.run([bash, "--norc", "-c", script], env=dict(routes), capture_output=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    out = [line.split() for line in done.stdout.decode().splitlines()]
    assert len(out) == len(BASH_CASES) + 1, done.stderr.decode()
    for (words, expected), got in zip(BASH_CASES, out):
        assert got == expected, words
    assert "bash" in out[-1]  # the command of exec completes from the commands on PATH


# ----------------------------------------------------------------------------- zsh

# Drives real zsh completion: an interactive zsh on a pseudo-terminal (zpty), the line typed and
# Tab pressed; compadd is wrapped to print what it adds, and a post-function ends the shell.
ZSH_RC = r"""
PS1='' PROMPT='' RPROMPT=''
unsetopt beep
{setup}
compadd() {{
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits
  builtin compadd -O __hits "$@"
  (( $#__hits )) && print -rl -- "<M>"${{^__hits}}
  builtin compadd "$@"
}}
_ccswitch_test_done() {{ print -r -- "<DONE>"; exit }}
comppostfuncs=(_ccswitch_test_done)
"""
ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "source ${(q)1}"
zpty -n -w z "$2"$'\t'
local out line
while zpty -r z line; do
  out+=$line
  [[ $out == *'<DONE>'* ]] && break
done
print -r -- "$out"
zpty -d z
"""


def zsh_complete(env, tmp_path, line, setup):
    zsh = need("zsh")
    rc = tmp_path / "rc.zsh"
    rc.write_text(ZSH_RC.format(setup=setup))
    done = subprocess.run([zsh, "-f", "-c", ZSH_DRIVER, "zsh", str(rc), line], env=dict(env), capture_output=True, timeout=30, cwd=tmp_path)
    out = done.stdout.decode().replace("\r", "")
    assert "<DONE>" in out, out + done.stderr.decode()
    return re.findall(r"<M>([^\n]*)", out)


ZSH_CASES = [
    ("ccswitch us", ["use"]),
    ("ccswitch use ", ["login", "alpha", "beta"]),
    ("ccswitch use --shell f", ["fish"]),
    ("ccswitch add x --kind g", ["gateway"]),
    ("ccswitch list --", ["--names", "--json", "--color", "--help"]),
    ("ccswitch rename al", ["alpha"]),
    ("ccswitch init b", ["bash"]),
    ("ccswitch import ", ["cc-switch", "ccs", "claude-dir", "claude-settings", "dotenv", "env", "toml"]),
    ("ccswitch import claude-settings --", ["--allow-var", "--allow-command", "--name", "--kind", "--remove-secrets", "--help"]),
    ("ccswitch import dotenv my", ["my.env"]),
    ("ccswitch guard check --", ["--verbose", "--help"]),
    ("ccswitch export alpha --format ", ["dotenv", "json", "toml"]),
    ("ccswitch allow --secret-from b", ["beta"]),
    ("ccswitch exec alpha -- ccswitch us", ["use"]),  # the command line after -- is completed as its own
]


def test_zsh_script_parses():
    zsh = need("zsh")
    done = subprocess.run([zsh, "-n", str(ROOT / "completions" / "_ccswitch")], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    script = text("zsh")
    assert script.startswith("#compdef ccswitch\n")
    assert "'use:Print shell code that switches to NAME" in script  # descriptions from the click help
    assert "_describe -t commands" in script and "_arguments" in script


@pytest.mark.parametrize("line, expected", ZSH_CASES)
def test_zsh_completion(routes, tmp_path, line, expected):
    (tmp_path / "my.env").write_text("")
    got = zsh_complete(routes, tmp_path, line, 'autoload -Uz compinit && compinit -u -D\neval "$(ccswitch init zsh)"')
    assert sorted(set(got)) == sorted(expected), got


def test_zsh_completion_autoloaded_from_fpath(routes, tmp_path):
    """Put on $fpath as _ccswitch, the file completes on the first Tab (it defines the functions,
    then runs _ccswitch)."""
    folder = tmp_path / "functions"
    folder.mkdir()
    (folder / "_ccswitch").write_text(text("zsh"))
    got = zsh_complete(routes, tmp_path, "ccswitch use ", f"fpath=({folder} $fpath)\nautoload -Uz compinit && compinit -u -D")
    assert got == ["login", "alpha", "beta"]


def test_zsh_compdef_only_after_compinit(routes):
    zsh = need("zsh")
    without = subprocess.run([zsh, "-f", "-c", 'eval "$(ccswitch init zsh)"; print -r -- "${+_comps[ccswitch]}"'],
                             env=dict(routes), capture_output=True, timeout=30)
    assert without.returncode == 0 and without.stderr == b"" and without.stdout == b"0\n"
    with_ = subprocess.run([zsh, "-f", "-c", 'autoload -Uz compinit && compinit -u -D; eval "$(ccswitch init zsh)"; '
                            'print -r -- "$_comps[ccswitch]"'], env=dict(routes), capture_output=True, timeout=30)
    assert with_.stdout == b"_ccswitch\n", with_.stderr.decode()


# ----------------------------------------------------------------------------- fish


def test_fish_completion(routes, tmp_path):
    fish = need("fish")
    assert subprocess.run([fish, "-n", str(ROOT / "completions" / "ccswitch.fish")]).returncode == 0
    (tmp_path / "my.env").write_text("")
    cases = [
        ("ccswitch us", ["use"]),
        ("ccswitch use ", ["alpha", "beta", "login"]),
        ("ccswitch use --shell f", ["fish"]),
        ("ccswitch use --shell=f", ["--shell=fish"]),
        ("ccswitch add x --kind g", ["gateway"]),
        ("ccswitch list --", ["--color", "--help", "--json", "--names"]),
        ("ccswitch rename al", ["alpha"]),
        ("ccswitch rename alpha ", []),
        ("ccswitch init b", ["bash"]),
        ("ccswitch import ", ["cc-switch", "ccs", "claude-dir", "claude-settings", "dotenv", "env", "toml"]),
        ("ccswitch import claude-settings --", ["--allow-command", "--allow-var", "--help", "--kind", "--name", "--remove-secrets"]),
        ("ccswitch import claude-settings my", ["my.env"]),
        ("ccswitch claude-settings ", ["alpha", "beta", "login"]),
        ("ccswitch guard ", ["check", "install"]),
        ("ccswitch guard check --", ["--help", "--verbose"]),
        ("ccswitch guard check my.env my", ["my.env"]),
        ("ccswitch export alpha -o my", ["my.env"]),
        ("ccswitch allow --secret-from b", ["beta"]),
    ]
    script = "ccswitch init fish | source\n" + "".join(f"complete -C {shells.get('fish').quote(c)}; echo '<SEP>'\n" for c, _ in cases)
    script += "complete -C 'ccswitch exec alpha -- bas'; echo '<SEP>'\n"
    done = subprocess.run([fish, "--no-config", "-c", script], env=dict(routes), capture_output=True, timeout=60, cwd=tmp_path)
    parts = done.stdout.decode().split("<SEP>\n")
    assert len(parts) == len(cases) + 2, done.stderr.decode()
    for (line, expected), part in zip(cases, parts):
        assert sorted(row.split("\t")[0] for row in part.splitlines()) == expected, line
    assert "use\tPrint shell code that switches to NAME" in parts[0]  # descriptions from the click help
    assert "--names\troute names only" in parts[5]
    assert "bash" in [row.split("\t")[0] for row in parts[-2].splitlines()]  # exec's command: a program


# ----------------------------------------------------------------------------- nushell


def _nu_lines(nu, env, script):
    done = subprocess.run([nu, "--no-config-file", "-c", script], env=dict(env), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode().splitlines()


def test_nu_completer(routes):
    nu = need("nu")
    commands = ",".join(n for n, c in sorted(cli.commands.items()) if not c.hidden)
    cases = [
        ("ccswitch us", commands), ("ccswitch use ", "login,alpha,beta"), ("ccswitch use --shell f", ",".join(shells.names())),
        ("ccswitch add x --kind g", ",".join(STORED_KINDS)),
        ("ccswitch list --", "--names,--json,--color,-h,--help"), ("ccswitch rename alpha ", ""),
        ("ccswitch init b", ",".join(shells.init_names())), ("ccswitch import ", "cc-switch,ccs,claude-dir,claude-settings,dotenv,env,toml"),
        ("ccswitch import claude-settings --", "--allow-var,--allow-command,--name,--kind,--remove-secrets,-h,--help"),
        ("ccswitch import toml -", "--allow-var,--allow-command,--name,-h,--help"), ("ccswitch claude-settings ", "login,alpha,beta"),
        ("ccswitch guard ", "check,install"), ("ccswitch guard check -", "-v,--verbose,-h,--help"),
        ("ccswitch allow --secret-from b", "login,alpha,beta"), ("ccswitch import dotenv ", "NULL"),
        ("ccswitch export alpha -o ", "NULL"), ("ccswitch exec alpha -- cl", "NULL"),
    ]
    script = f"source '{ROOT / 'completions' / 'ccswitch.nu'}'\n" + "".join(
        f"let r = (nu-complete ccswitch {shells.get('nu').quote(c)}); print (if $r == null {{ 'NULL' }} else {{ $r | get value | str join ',' }})\n"
        for c, _ in cases
    )
    lines = _nu_lines(nu, routes, script)
    assert len(lines) == len(cases)
    for (context, expected), got in zip(cases, lines):
        assert got == expected, context
    described = _nu_lines(nu, routes, f"source '{ROOT / 'completions' / 'ccswitch.nu'}'\n"
                          "print (nu-complete ccswitch 'ccswitch us' | where value == use | get description.0)")
    assert described == ["Print shell code that switches to NAME: eval \"$(ccswitch use NAME)\"."]


def test_nu_hook_completes_through_nushell(routes, tmp_path):
    """`ccswitch init nu` holds the hook and one completer, and nushell's own completion engine,
    at the end of a line typed after it, calls the completer and filters its candidates."""
    nu = need("nu")
    hook = routes.ok("init", "nu").out
    assert hook.count('def "nu-complete ccswitch" [context: string]') == 1
    path = tmp_path / "hook.nu"
    path.write_text(hook)
    done = subprocess.run([nu, "--no-config-file", "--ide-check", "10", str(path)], capture_output=True)
    assert b"Duplicate command definition" not in done.stdout, done.stdout.decode()  # one completer
    (tmp_path / "my.env").write_text("")
    cases = [
        ("ccswitch us", ["use"]), ("ccswitch use ", ["alpha", "beta", "login"]), ("ccswitch use al", ["alpha"]),
        ("ccswitch use --shell f", ["fish"]), ("ccswitch import c", ["cc-switch", "ccs", "claude-dir", "claude-settings"]),
        ("ccswitch guard ", ["check", "install"]), ("ccswitch import dotenv my", ["my.env"]),
    ]
    for line, expected in cases:
        typed = tmp_path / "typed.nu"
        typed.write_bytes(hook.encode() + b"\n" + line.encode())
        offset = len(typed.read_bytes())
        done = subprocess.run([nu, "--no-config-file", "--ide-complete", str(offset), typed.name],
                              env=dict(routes), capture_output=True, timeout=60, cwd=tmp_path)
        got = re.search(rb'"completions": \[(.*)\]', done.stdout)
        assert got, done.stdout.decode() + done.stderr.decode()
        assert sorted(re.findall(r'"([^"]*)"', got.group(1).decode())) == expected, line


# ----------------------------------------------------------------------------- PowerShell


def test_pwsh_script_as_text():
    """PowerShell cannot run here; the script is checked as text."""
    script = text("pwsh")
    assert script.isascii() and all(c.isprintable() or c == "\n" for c in script)
    assert "Register-ArgumentCompleter -Native -CommandName ccswitch -ScriptBlock {" in script
    assert "Get-Command -Name ccswitch -CommandType Application" in script and "list --names" in script
    assert "CompleteFilename($wordToComplete)" in script
    for path, command in _visible(cli):
        if path:
            assert f"'{path[-1]}' = '" in script, path  # a subcommand, with its help
    assert "'use' = @('route')" in script and "'rename' = @('route', 'text')" in script
    assert "'exec' = @('route', 'command', '*path')" in script and "'guard check' = @('*path')" in script
    assert f"'init' = @('choice {' '.join(shells.init_names())}')" in script
    assert "'--shell' = @('choice " + " ".join(shells.names()) + "'," in script
    assert "'--secret-from' = @('route'," in script and "'-o' = @('path'," in script
    assert "'--names' = @('flag', 'route names only, one a line (for completion)')" in script
    assert "$sequential = @('exec')" in script
    # braces balance outside quoted strings (a cheap check that the script block is whole)
    code = re.sub(r"(?m)^\s*#.*$", "", script)
    code = re.sub(r'"[^"]*"', '""', re.sub(r"'(?:[^']|'')*'", "''", code))
    assert code.count("{") == code.count("}") and code.count("(") == code.count(")")
    assert shells.get("pwsh").init_script().endswith(script)
