"""Shell hooks in real interactive shells: `ccswitch init SHELL` loaded, then `ccswitch use`,
a failing use, `ccswitch reset`, the prompt segment, and completion.

Interactive shells read their commands from stdin here (bash -i, zsh -i, fish -i run their
prompt hooks before each command, as in a terminal).
"""

import subprocess

import pytest

from conftest import need
from shellkit import parse_env0


@pytest.fixture
def routes(env):
    env.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5", "--set", "AWS_PROFILE=alpha-prof")
    env.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    return env


INTERACTIVE = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], 'eval "$(ccswitch init bash{flags})"'),
    "zsh": (["zsh", "-f", "-i"], 'eval "$(ccswitch init zsh{flags})"'),
}


def run_interactive(shell, env, lines, flags="", cwd=None):
    argv, load = INTERACTIVE[shell]
    program = need(argv[0])
    script = "\n".join([load.format(flags=flags), *lines, "exit 0"]) + "\n"
    return subprocess.run([program, *argv[1:]], input=script.encode(), env=dict(env), capture_output=True, timeout=60, cwd=cwd)


def dump(path):
    return f"env -0 > '{path}'"


@pytest.mark.parametrize("shell", list(INTERACTIVE))
def test_hook_switches_the_current_shell(routes, shell, tmp_path):
    f = [tmp_path / f"env{i}" for i in range(4)]
    done = run_interactive(shell, dict(routes, AWS_PROFILE="mine"), [
        "ccswitch use alpha", dump(f[0]),
        "ccswitch use nosuch; echo \"use-status=$?\"", dump(f[1]),
        "ccswitch use beta", "ccswitch reset", dump(f[2]),
        "ccswitch list --names > '%s'" % (tmp_path / "names"),
        "ccswitch use beta", "ccswitch use -", dump(f[3]),
    ])
    err = done.stderr.decode()
    assert done.returncode == 0, err
    e0, e1, e2 = (parse_env0(p.read_bytes()) for p in f[:3])
    assert e0["CCSWITCH_ROUTE"] == "alpha" and e0["CLAUDE_CODE_USE_VERTEX"] == "1" and e0["AWS_PROFILE"] == "alpha-prof"
    assert "CCSWITCH_SHELL" not in e0  # nothing a child shell of another kind would trust
    assert "use-status=2" in done.stdout.decode()
    assert e1 == e0, "a failed use changed the shell"
    assert "CCSWITCH_ROUTE" not in e2 and "CLAUDE_CODE_USE_BEDROCK" not in e2 and "CLAUDE_CODE_USE_VERTEX" not in e2
    assert e2["AWS_PROFILE"] == "mine"
    assert (tmp_path / "names").read_text().split() == ["login", "alpha", "beta"]
    back = parse_env0(f[3].read_bytes())  # `use -` under the hook: back to the route before beta (login)
    assert "CCSWITCH_ROUTE" not in back and back["CCSWITCH_PREVIOUS"] == "beta" and "CLAUDE_CODE_USE_BEDROCK" not in back


@pytest.mark.parametrize("shell", list(INTERACTIVE))
def test_use_help_is_printed_not_evaluated(routes, shell):
    done = run_interactive(shell, routes, ["ccswitch use --help"])
    assert "Print shell code that switches" in done.stdout.decode()


@pytest.mark.parametrize("shell", list(INTERACTIVE))
def test_prompt_function_runs_no_program(routes, shell, tmp_path):
    out = tmp_path / "segment"
    done = run_interactive(shell, routes, [
        "ccswitch use alpha",
        "_saved_path=$PATH; PATH=''",
        f"ccswitch_prompt > '{out}'; echo \"prompt-status=$?\"",
        "PATH=$_saved_path",
        f"ccswitch reset; ccswitch_prompt >> '{out}'",
    ])
    assert "prompt-status=0" in done.stdout.decode(), done.stderr.decode()
    assert out.read_text() == "(cc:alpha) "


@pytest.mark.parametrize("shell", list(INTERACTIVE))
def test_opt_in_prompt_prefix(routes, shell):
    done = run_interactive(shell, dict(routes, PS1="PROMPT> ", PROMPT="PROMPT> "), [
        "ccswitch use alpha",
        "echo marker1",
        "CCSWITCH_DISABLE_PROMPT=1",
        "echo marker2",
        "unset CCSWITCH_DISABLE_PROMPT; ccswitch reset",
        "echo marker3",
    ], flags=" --prompt")
    err = done.stderr.decode()
    assert "(cc:alpha) PROMPT> " in err
    after_disable = err[err.rindex("(cc:alpha)"):]
    assert "PROMPT> " in after_disable
    assert err.count("(cc:alpha) PROMPT> ") >= 1 and not err.rstrip().endswith("(cc:alpha) PROMPT>")


def test_prompt_prefix_never_executes_a_route_value(routes, tmp_path):
    """PS1 refers to the segment variable; a hostile CCSWITCH_ROUTE is shown, not run."""
    done = run_interactive("bash", dict(routes, PS1="P> "), [
        "export CCSWITCH_ROUTE='$(touch pwned)'",
        "echo x",
    ], flags=" --prompt", cwd=tmp_path)
    assert not (tmp_path / "pwned").exists()
    assert "(cc:$(touch pwned)) P> " in done.stderr.decode()


@pytest.mark.parametrize("flags", [[], ["--prompt"]])
def test_bash_hook_passes_shellcheck(env, flags, tmp_path):
    """The hook as `init` prints it (fields filled in), with and without the prompt prefix."""
    shellcheck = need("shellcheck")
    path = tmp_path / "hook.bash"
    path.write_text(env.ok("init", "bash", *flags).out)
    done = subprocess.run([shellcheck, "-s", "bash", "-e", "SC2207", str(path)], capture_output=True)
    assert done.returncode == 0, done.stdout.decode()


@pytest.mark.parametrize("shell, checker", [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "-n"])])
@pytest.mark.parametrize("flags", [[], ["--prompt"]])
def test_rendered_hooks_parse(env, shell, checker, flags, tmp_path):
    program = need(checker[0])
    path = tmp_path / f"hook.{shell}"
    path.write_text(env.ok("init", shell, *flags).out)
    done = subprocess.run([program, *checker[1:], str(path)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def _tcsh_blocks_balance(text):
    """`tcsh -n` reads a script without running it, so it misses an unclosed if, loop or switch:
    count them by their keywords (one statement a line, as the hook is written)."""
    import re

    opened = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if re.match(r"if\b.*\bthen$", line) and not line.startswith("else"):
            opened.append(("endif", n))
        elif re.match(r"(foreach|while)\b", line):
            opened.append(("end", n))
        elif re.match(r"switch\b", line):
            opened.append(("endsw", n))
        elif line in ("endif", "end", "endsw"):
            assert opened and opened[-1][0] == line, f"line {n}: {line} closes nothing open"
            opened.pop()
    assert not opened, f"never closed: {opened}"


@pytest.mark.parametrize("flags", [[], ["--prompt"]])
def test_tcsh_and_elvish_hooks_parse(env, flags, tmp_path):
    """The rendered tcsh init line and the hook file it sources (tcsh -n, and its blocks
    balanced), and the rendered elvish module (elvish -compileonly, which resolves every name)."""
    from pathlib import Path

    tcsh = need("tcsh")
    hook_file = Path(__file__).resolve().parent.parent / "shell" / "ccswitch.tcsh"
    init = tmp_path / "init.tcsh"
    init.write_text(env.ok("init", "tcsh", *flags).out)
    assert str(hook_file) in init.read_text()  # the init line sources the hook file by its path
    for path in (init, hook_file):
        done = subprocess.run([tcsh, "-f", "-n", str(path)], capture_output=True)
        assert done.returncode == 0 and not done.stderr, (path, done.stderr.decode())
    _tcsh_blocks_balance(hook_file.read_text())
    elvish = need("elvish")
    module = tmp_path / "ccswitch.elv"
    module.write_text(env.ok("init", "elvish", *flags).out)
    done = subprocess.run([elvish, "-compileonly", str(module)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode() + done.stdout.decode()


# The same scenario in the other shells, each in its own syntax: load the hook as the README
# says, use, a failing use, reset, pass-through, and the prompt segment with PATH emptied.
OTHER = {
    "fish": (["fish", "--no-config", "-i"], "stdin", """
ccswitch init fish | source
ccswitch use alpha
env -0 > '{f0}'
ccswitch use nosuch; echo "use-status=$status"
env -0 > '{f1}'
ccswitch use beta; ccswitch reset
env -0 > '{f2}'
ccswitch list --names > '{names}'
ccswitch use alpha
set -g _saved_path $PATH; set -g PATH
ccswitch_prompt > '{seg}'; echo "prompt-status=$status"
set -g PATH $_saved_path
ccswitch use beta; ccswitch use -
env -0 > '{back}'
""", "use-status=2"),
    "tcsh": (["tcsh", "-f"], "file", """
eval "`ccswitch init tcsh`"
ccswitch use alpha
env -0 > '{f0}'
ccswitch use nosuch; echo "use-status=$status"
env -0 > '{f1}'
ccswitch use beta
ccswitch reset
env -0 > '{f2}'
ccswitch list --names > '{names}'
ccswitch use alpha
set _saved_path = "$PATH"
setenv PATH ''
ccswitch_prompt > '{seg}'; echo "prompt-status=$status"
setenv PATH "$_saved_path"
ccswitch use beta
ccswitch use -
env -0 > '{back}'
""", "use-status=2"),
    "elvish": (["elvish", "-norc"], "file", """
use ccswitch
fn ccswitch {{|@a| ccswitch:ccswitch $@a }}
ccswitch use alpha
e:env -0 > '{f0}'
try {{ ccswitch use nosuch }} catch e {{ echo 'use-status='$e[reason][content] }}
e:env -0 > '{f1}'
ccswitch use beta
ccswitch reset
e:env -0 > '{f2}'
ccswitch list --names > '{names}'
ccswitch use alpha
var saved = (get-env PATH)
set-env PATH ''
print (ccswitch:prompt) > '{seg}'
echo prompt-status=0
set-env PATH $saved
ccswitch use beta
ccswitch use -
e:env -0 > '{back}'
""", "use-status=ccswitch exited with 2"),
    "nu": (["nu", "--no-config-file"], "file", """
source '{hook}'
ccswitch use alpha
^env -0 out> '{f0}'
try {{ ccswitch use nosuch }} catch {{ print $"use-status=($env.LAST_EXIT_CODE)" }}
^env -0 out> '{f1}'
ccswitch use beta
ccswitch reset
^env -0 out> '{f2}'
ccswitch list --names | save -f '{names}'
ccswitch use alpha
with-env {{ PATH: [] }} {{ ccswitch_prompt | save -f '{seg}' }}
print "prompt-status=0"
ccswitch use beta
ccswitch use -
^env -0 out> '{back}'
""", "use-status=2"),
    "xonsh": (["xonsh", "--no-rc"], "file", """
import subprocess
execx($(ccswitch init xonsh))
ccswitch use alpha
env -0 > '{f0}'
try:
    ccswitch use nosuch
except subprocess.CalledProcessError as e:  # what any failed command raises in an xonsh script
    print(f'use-status={{e.returncode}}')
env -0 > '{f1}'
ccswitch use beta
ccswitch reset
env -0 > '{f2}'
ccswitch list --names > '{names}'
ccswitch use alpha
_saved_path = $PATH
$PATH = []
open('{seg}', 'w').write($PROMPT_FIELDS['ccswitch']())
$PATH = _saved_path
print('prompt-status=0')
ccswitch use beta
ccswitch use -
env -0 > '{back}'
""", "use-status=2"),
}


@pytest.mark.parametrize("shell", list(OTHER))
def test_hook_in_other_shells(routes, shell, tmp_path):
    argv, mode, template, failed_status = OTHER[shell]
    program = need(argv[0])
    files = {k: tmp_path / k for k in ("f0", "f1", "f2", "names", "seg", "back")}
    hook = tmp_path / "hook"
    # Inherited route variables, which alpha then overwrites: nushell once lost its hide-env
    # of such a variable inside `def --env`, and the stale value came back.
    env = dict(routes, AWS_PROFILE="mine", CLAUDE_CODE_USE_VERTEX="stale", ANTHROPIC_VERTEX_PROJECT_ID="stale")
    if shell == "elvish":  # installed as a module, as the README says
        lib = tmp_path / "config" / "elvish" / "lib"
        lib.mkdir(parents=True)
        (lib / "ccswitch.elv").write_text(routes.ok("init", "elvish").out)
        env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    if shell == "nu":
        hook.write_text(routes.ok("init", "nu").out)
    script = template.format(hook=hook, **files)
    if mode == "stdin":
        done = subprocess.run([program, *argv[1:]], input=script.encode(), env=env, capture_output=True, timeout=120)
    else:
        path = tmp_path / "script"
        path.write_text(script)
        done = subprocess.run([program, *argv[1:], str(path)], env=env, capture_output=True, timeout=120, cwd=tmp_path)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    e0, e1, e2 = (parse_env0(files[k].read_bytes()) for k in ("f0", "f1", "f2"))
    assert e0["CCSWITCH_ROUTE"] == "alpha" and e0["CLAUDE_CODE_USE_VERTEX"] == "1" and e0["AWS_PROFILE"] == "alpha-prof"
    assert "CCSWITCH_SHELL" not in e0  # nothing a child shell of another kind would trust
    assert failed_status in out, out + err
    assert "no route named 'nosuch'" in err
    noise = {"_", "LAST_EXIT_CODE", "CMD_DURATION_MS", "SHLVL", "OLDPWD"}  # the shells' own bookkeeping
    assert {k: v for k, v in e1.items() if k not in noise} == {k: v for k, v in e0.items() if k not in noise}, "a failed use changed the shell"
    assert "CCSWITCH_ROUTE" not in e2 and "CLAUDE_CODE_USE_BEDROCK" not in e2 and "CLAUDE_CODE_USE_VERTEX" not in e2
    assert "ANTHROPIC_VERTEX_PROJECT_ID" not in e2
    assert e2["AWS_PROFILE"] == "mine"
    assert files["names"].read_text().split() == ["login", "alpha", "beta"]
    assert "prompt-status=0" in out, out + err
    assert files["seg"].read_text() == "(cc:alpha) "
    back = parse_env0(files["back"].read_bytes())  # `use -` under the hook: back to alpha
    assert back["CCSWITCH_ROUTE"] == "alpha" and back["CCSWITCH_PREVIOUS"] == "beta" and "CLAUDE_CODE_USE_BEDROCK" not in back


def test_fish_opt_in_prompt_and_completion(routes):
    fish = need("fish")
    script = """
function fish_prompt; printf 'PROMPT> '; end
ccswitch init fish --prompt | source
ccswitch use alpha
echo marker
fish_prompt; echo
set -gx CCSWITCH_DISABLE_PROMPT 1
fish_prompt; echo
complete -C 'ccswitch us'
complete -C 'ccswitch use '
complete -C 'ccswitch use --shell x'
"""
    done = subprocess.run([fish, "--no-config", "-i"], input=script.encode(), env=dict(routes), capture_output=True, timeout=60)
    out = done.stdout.decode()
    assert "marker\n(cc:alpha) PROMPT> \nPROMPT> \n" in out
    lines = [line.split("\t")[0] for line in out.splitlines()]
    assert "use" in lines
    assert {"login", "alpha", "beta"} <= set(lines)
    assert "xonsh" in lines


def test_pwsh_hook_known_good_text():
    """PowerShell cannot run here: the hook is checked as text against what it must contain."""
    from ccswitch.shells import get

    text = get("pwsh").init_script()
    hook = text[: text.index("Register-ArgumentCompleter")]
    assert "CCSWITCH_SHELL" not in text  # a child shell of another kind would trust it
    assert "@PYTHON@" not in hook and "@MAIN@" not in hook and "@PROMPT@" not in hook
    assert "$first = @('-I', '-c', 'import sys;from ccswitch.__main__ import main;sys.exit(main())')" in hook
    # use/reset: its shell named, the exit status checked before anything is applied
    assert "_ccswitch_apply @args --shell pwsh" in hook
    apply = hook[hook.index("function global:_ccswitch_apply {"):]
    assert apply.index("$code = _ccswitch_run @args") < apply.index("if ($LASTEXITCODE -ne 0) {") < apply.index(
        "$code | Out-String | Invoke-Expression")
    # the directory hook: compared with CCSWITCH_DIR, then the program decides
    dir_hook = hook[hook.index("function global:_ccswitch_hook {"):]
    assert '$f -ne "$env:CCSWITCH_DIR"' in dir_hook
    assert "_ccswitch_apply dir --shell pwsh '--' $file" in dir_hook  # a bare -- PowerShell keeps
    assert "if ($LASTEXITCODE -eq 0) {\n            _ccswitch_hook 'force'" in hook  # allow/deny
    # the prompt: the user's own is kept once and called, after the directory hook
    assert "Set-Item -Path Function:\\global:_ccswitch_original_prompt -Value $function:prompt" in hook
    prompt = hook[hook.index("function global:prompt {"):]
    assert prompt.index("_ccswitch_hook") < prompt.index("$text = _ccswitch_original_prompt")
    assert "if (0 -eq 1 -and -not $env:CCSWITCH_DISABLE_PROMPT)" in prompt
    assert "if (1 -eq 1 -and -not $env:CCSWITCH_DISABLE_PROMPT)" in get("pwsh").init_script(prompt=True)
    body = "\n".join(line for line in hook.splitlines() if not line.lstrip().startswith("#"))
    assert body.count("{") == body.count("}") and body.count("(") == body.count(")")
    assert "Register-ArgumentCompleter -Native -CommandName ccswitch" in text
    assert "list --names" in text
    assert get("powershell").init_script() == text


def test_nu_hook_passes_ide_check(tmp_path):
    from ccswitch.shells import get

    nu = need("nu")
    path = tmp_path / "ccswitch.nu"
    path.write_text(get("nu").init_script(python="/opt/it's \"odd\"/bin/python\u00e9"))
    assert "r#'/opt/it's \"odd\"/bin/python\u00e9'#" in path.read_text()  # a raw string: nothing escaped
    done = subprocess.run([nu, "--no-config-file", "--ide-check", "10", str(path)], capture_output=True)
    assert b'"severity":"Error"' not in done.stdout, done.stdout.decode()


def test_init_prompt_refused_where_there_is_no_prefix(env):
    r = env.run("init", "nu", "--prompt")
    assert r.returncode == 2 and r.out == "" and "--prompt" in r.err
