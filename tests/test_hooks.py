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
    ])
    err = done.stderr.decode()
    assert done.returncode == 0, err
    e0, e1, e2 = (parse_env0(p.read_bytes()) for p in f[:3])
    assert e0["CCSWITCH_ROUTE"] == "alpha" and e0["CLAUDE_CODE_USE_VERTEX"] == "1" and e0["AWS_PROFILE"] == "alpha-prof"
    assert e0["CCSWITCH_SHELL"] == shell
    assert "use-status=2" in done.stdout.decode()
    assert e1 == e0, "a failed use changed the shell"
    assert "CCSWITCH_ROUTE" not in e2 and "CLAUDE_CODE_USE_BEDROCK" not in e2 and "CLAUDE_CODE_USE_VERTEX" not in e2
    assert e2["AWS_PROFILE"] == "mine"
    assert (tmp_path / "names").read_text().split() == ["login", "alpha", "beta"]


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


def test_bash_completion_of_commands_options_and_routes(routes):
    bash = need("bash")
    script = """
eval "$(ccswitch init bash)"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _ccswitch_complete; printf '%s ' "${COMPREPLY[@]}"; echo; }
complete_words ccswitch u
complete_words ccswitch use ''
complete_words ccswitch use --shell f
complete_words ccswitch add x --kind g
complete_words ccswitch list --
complete_words ccswitch rename al
complete_words ccswitch rename alpha ''
complete_words ccswitch init b
"""
    done = subprocess.run([bash, "--norc", "-c", script], env=dict(routes), capture_output=True, timeout=30)
    lines = [line.split() for line in done.stdout.decode().splitlines()]
    assert lines[0] == ["use"]
    assert lines[1] == ["login", "alpha", "beta"]
    assert lines[2] == ["fish"]
    assert lines[3] == ["gateway"]
    assert set(lines[4]) == {"--names", "--json", "--help"}
    assert lines[5] == ["alpha"]
    assert lines[6] == []
    assert lines[7] == ["bash"]


def test_bash_completion_knows_every_command_and_option():
    """The hand-written completion lists stay in step with the real CLI."""
    from ccswitch.cli import cli
    from ccswitch.hooks import read

    text = read("completions", "ccswitch.bash")
    for name, command in cli.commands.items():
        if command.hidden:
            continue
        assert name in text, f"command {name} missing from bash completion"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"{name} {opt} missing from bash completion"


@pytest.mark.parametrize("path", ["shell/ccswitch.bash", "shell/prompt.bash", "completions/ccswitch.bash"])
def test_bash_scripts_pass_shellcheck(path):
    from pathlib import Path

    shellcheck = need("shellcheck")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([shellcheck, "-s", "bash", "-e", "SC2207", str(root / path)], capture_output=True)
    assert done.returncode == 0, done.stdout.decode()


@pytest.mark.parametrize("path, checker", [
    ("shell/ccswitch.bash", ["bash", "-n"]), ("shell/prompt.bash", ["bash", "-n"]),
    ("completions/ccswitch.bash", ["bash", "-n"]),
    ("shell/ccswitch.zsh", ["zsh", "-n"]), ("shell/prompt.zsh", ["zsh", "-n"]), ("completions/_ccswitch", ["zsh", "-n"]),
    ("shell/ccswitch.fish", ["fish", "-n"]), ("shell/prompt.fish", ["fish", "-n"]),
    ("completions/ccswitch.fish", ["fish", "-n"]),
])
def test_scripts_parse(path, checker):
    from pathlib import Path

    program = need(checker[0])
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([program, *checker[1:], str(root / path)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


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
""", "use-status=1"),
    "elvish": (["elvish", "-norc"], "file", """
use ccswitch
fn ccswitch {{|@a| ccswitch:ccswitch $@a }}
ccswitch use alpha
e:env -0 > '{f0}'
try {{ ccswitch use nosuch }} catch e {{ echo use-status=failed }}
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
""", "use-status=failed"),
    "nu": (["nu", "--no-config-file"], "file", """
source '{hook}'
ccswitch use alpha
^env -0 out> '{f0}'
try {{ ccswitch use nosuch }} catch {{ print "use-status=failed" }}
^env -0 out> '{f1}'
ccswitch use beta
ccswitch reset
^env -0 out> '{f2}'
ccswitch list --names | save -f '{names}'
ccswitch use alpha
with-env {{ PATH: [] }} {{ ccswitch_prompt | save -f '{seg}' }}
print "prompt-status=0"
""", "use-status=failed"),
    "xonsh": (["xonsh", "--no-rc"], "file", """
execx($(ccswitch init xonsh))
ccswitch use alpha
env -0 > '{f0}'
try:
    ccswitch use nosuch
except Exception:
    print('use-status=failed')
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
""", "use-status=failed"),
}


@pytest.mark.parametrize("shell", list(OTHER))
def test_hook_in_other_shells(routes, shell, tmp_path):
    argv, mode, template, failed_status = OTHER[shell]
    program = need(argv[0])
    files = {k: tmp_path / k for k in ("f0", "f1", "f2", "names", "seg")}
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
    assert e0["CCSWITCH_SHELL"] == ("tcsh" if shell == "tcsh" else shell)
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
    from ccswitch.hooks import init_script

    text = init_script("pwsh")
    assert "$env:CCSWITCH_SHELL = 'pwsh'" in text
    assert "$code = & $program @args --shell pwsh" in text
    assert "if ($LASTEXITCODE -ne 0) {" in text  # checked before anything is applied
    assert text.index("$LASTEXITCODE -ne 0") < text.index("$code | Out-String | Invoke-Expression")
    assert "Register-ArgumentCompleter -Native -CommandName ccswitch" in text
    assert "list --names" in text
    assert init_script("powershell") == text


def test_nu_hook_passes_ide_check(tmp_path):
    from ccswitch.hooks import init_script

    nu = need("nu")
    path = tmp_path / "ccswitch.nu"
    path.write_text(init_script("nu"))
    done = subprocess.run([nu, "--no-config-file", "--ide-check", "10", str(path)], capture_output=True)
    assert b'"severity":"Error"' not in done.stdout, done.stdout.decode()


def test_init_prompt_refused_where_there_is_no_prefix(env):
    r = env.run("init", "nu", "--prompt")
    assert r.returncode == 2 and r.out == "" and "--prompt" in r.err


def test_nu_completion(routes, tmp_path):
    nu = need("nu")
    hook = tmp_path / "hook.nu"
    hook.write_text(routes.ok("init", "nu").out)
    script = f"""source '{hook}'
print (nu-complete ccswitch "ccswitch us" | str join ",")
print (nu-complete ccswitch "ccswitch use " | str join ",")
print (nu-complete ccswitch "ccswitch use --shell " | length)
"""
    done = subprocess.run([nu, "--no-config-file", "-c", script], env=dict(routes), capture_output=True, timeout=60)
    lines = done.stdout.decode().splitlines()
    assert "use" in lines[0].split(",")
    assert lines[1].split(",") == ["login", "alpha", "beta"]
    assert int(lines[2]) == 17
