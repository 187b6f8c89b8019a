"""The shell layer's registry: every unit provides every part it claims, once.

Adding a shell is one module in src/ccswitch/shells/ and one line in UNITS; this walks the
registry, so a unit missing a part (a hook file, a completion, an init line, a prompt recipe,
its names) fails here rather than in front of a user.  The README's shell tables, `init --help`
and the terminal hint of `use` are all written from the same attributes.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ccswitch import shells
from ccswitch.shells import readme
from conftest import need, run_on_pty

ROOT = Path(__file__).resolve().parent.parent
UNITS = list(shells.UNITS)


@pytest.mark.parametrize("name", UNITS)
def test_every_unit_provides_its_parts(name):
    unit = shells.unit(name)
    assert isinstance(unit, shells.Shell)
    assert unit.name == name and unit.names[0] == name
    assert all(shells.get(value) is unit for value in unit.names)
    for process, value in unit.process_names.items():
        assert value in unit.names, f"{name}: {process} maps to {value}, not one of its own names"
    unit.load.format(cmd="ccswitch use r")  # a valid template
    assert "{cmd}" in unit.load
    if unit.completion:
        assert (ROOT / "completions" / unit.completion).is_file()
    if unit.hook is None:
        assert unit.init is None and not unit.prompt_prefix
        return
    assert (ROOT / "shell" / unit.hook).is_file()
    rc, line = unit.init
    assert rc and f"init {name}" in (unit.init_once or line), "the init line runs `ccswitch init` for this shell"
    assert unit.prompt_use, "a hooked shell says how to show the route in a prompt"
    for prompt in (False, True) if unit.prompt_prefix else (False,):
        text = unit.init_script(prompt=prompt)
        for other in (ROOT / "shell").iterdir():  # a hook file the init text sources (tcsh)
            if str(other.resolve()) in text or other.name in text.split("'"):
                text += other.read_text()
        assert not re.search(r"@[A-Z_]+@", text), "a template field was left unfilled"
        assert f"--shell {name}" in text, "the hook names its shell to the program"
        assert "CCSWITCH_SHELL" not in text, "a hook must export nothing a child shell of another kind would trust"
        assert shells.MAIN in text or shells.MAIN.replace("'", "\\'") in text or "-I" in text


def test_each_shell_value_belongs_to_one_unit():
    values = [v for names in shells.UNITS.values() for v in names]
    assert len(values) == len(set(values)) == len(shells.SHELLS)
    processes = [p for u in shells.units() for p in u.process_names]
    assert not set(processes) & set(values) and len(processes) == len(set(processes))


def test_init_takes_exactly_the_hooked_units(env):
    assert set(shells.init_names()) == {v for u in shells.units() if u.hook for v in u.names}
    r = env.run("init", "cmd")
    assert r.returncode == 2 and r.out == ""
    r = env.ok("init", "--help")
    for unit in shells.units():
        if unit.hook:
            assert unit.setup_text() in r.out.replace("\n  ", " ")  # click wraps nothing in a \b block


def test_readme_tables_are_written_from_the_units():
    done = subprocess.run([sys.executable, "-m", "ccswitch.shells.readme", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = (ROOT / "README.md").read_text()
    assert readme.apply_table() in text and readme.hook_table() in text


@pytest.mark.parametrize("name", [u for u in UNITS if shells.unit(u).hook])
def test_the_terminal_hint_is_the_units_load_line(env, name):
    """`ccswitch use NAME` on a terminal prints no code: it says how to apply it in this shell,
    with the same line the README shows."""
    env.ok("add", "r", "--kind", "vertex", "--project", "p", "--region", "us-east5")
    unit = shells.unit(name)
    code, shown, _ = run_on_pty(env, "use", "r", "--shell", name)
    assert code == 1 and b"export" not in shown and b"CLAUDE_CODE_USE_VERTEX" not in shown
    text = shown.decode().replace("\r\n", "\n")
    assert unit.load.format(cmd=f"ccswitch use r --shell {name}") in text
    assert f"ccswitch init {name}" in text


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_prompt_recipe_runs_no_program_and_executes_no_route_value(env, shell, tmp_path):
    """The README's one-line prompt segment for bash and zsh: shows the route, runs nothing."""
    program = need(shell)
    unit = shells.unit(shell)
    argv = [program, "--norc", "--noprofile", "-i"] if shell == "bash" else [program, "-f", "-i"]
    script = "\n".join([
        "PS1='P> '; PROMPT='P> '",
        unit.prompt_use,
        "export CCSWITCH_ROUTE='$(touch pwned)%F{red}'",
        "PATH=''",
        "true",
        "exit 0",
    ]) + "\n"
    done = subprocess.run(argv, input=script.encode(), env=dict(env), cwd=tmp_path, capture_output=True, timeout=30)
    err = done.stderr.decode()
    assert not (tmp_path / "pwned").exists()
    assert "(cc:$(touch pwned)%F{red}) P> " in err, err
