"""Real shells for the tests: how each one applies ccswitch output, and reads back its environment.

One `Shell` per shell; the scenario and property tests are parametrized over `SHELLS`, the way
virtualenv's activation tests run one scenario in every shell.  Adding a shell here (and an
emitter in ccswitch.shells) puts it through every test.

The environment is read back with `env -0` from inside the shell after the code is applied,
so what is compared is what a child process (Claude Code) would really receive.

Each `apply_cmd` is the shell unit's own `load` line (the README's way to load `ccswitch use NAME`).  In elvish and
xonsh a failed command raises (so nothing is applied, the right outcome); the test scripts catch
that exception so they can go on and read the environment.
"""

import shutil
import subprocess
from dataclasses import dataclass

from ccswitch import shells
from conftest import need


@dataclass(frozen=True)
class Shell:
    name: str  # the --shell value
    program: str  # the executable
    argv: tuple  # how to run a script given as the last argument
    apply_cmd: str  # template: run ccswitch {cmd} and apply its output, the way the README says
    apply_file: str  # template: apply emitted code saved in {path}
    dump: str = "env -0 > '{path}'"  # template: write the environment, NUL-separated, to {path}
    sep: str = "\n"

    def script(self, lines):
        return self.sep.join(lines) + "\n"

    def run(self, lines, env, timeout=60):
        program = need(self.program)
        done = subprocess.run([program, *self.argv, self.script(lines)], env=dict(env), capture_output=True, timeout=timeout)
        return done


def load(shell):
    """The unit's own by-hand load line (what the README shows) as a template of {cmd}."""
    return shells.get(shell).load


POSIX_FILE = 'eval "$(cat \'{path}\')"'
CSH_FILE = "source '{path}'"

SHELLS = {
    "bash": Shell("bash", "bash", ("--norc", "--noprofile", "-c"), load("bash"), POSIX_FILE),
    "zsh": Shell("zsh", "zsh", ("-f", "-c"), load("zsh"), POSIX_FILE),
    "dash": Shell("dash", "dash", ("-c",), load("dash"), POSIX_FILE),
    "ksh": Shell("ksh", "ksh", ("-c",), load("ksh"), POSIX_FILE),
    "sh": Shell("sh", "sh", ("-c",), load("sh"), POSIX_FILE),
    "fish": Shell("fish", "fish", ("--no-config", "-c"), load("fish"), "source '{path}'"),
    "tcsh": Shell("tcsh", "tcsh", ("-f", "-c"), load("tcsh"), CSH_FILE),
    # A real csh when one is installed; Debian's csh is often tcsh under that name.
    "csh": Shell("csh", "csh" if shutil.which("csh") else "tcsh", ("-f", "-c"), load("csh"), CSH_FILE),
    # In elvish and xonsh a failed command raises: caught, so the script goes on to read the
    # environment (nothing was applied, the right outcome).
    "elvish": Shell("elvish", "elvish", ("-norc", "-c"), "try {{ " + load("elvish") + " }} catch e {{ }}", "eval (slurp < '{path}')"),
    "nu": Shell(
        "nu",
        "nu",
        ("--no-config-file", "-c"),
        load("nu"),
        load("nu").replace("{cmd}", "open --raw '{path}'"),
        dump="^env -0 out> '{path}'",
    ),
    "xonsh": Shell(
        "xonsh",
        "xonsh",
        ("--no-rc", "-c"),
        "try: " + load("xonsh") + "\nexcept Exception as e: print('apply failed:', repr(e), file=__import__('sys').stderr)",
        "execx(open('{path}', encoding='utf-8').read())",
    ),
}


def parse_env0(data):
    """`env -0` output -> dict (values may hold newlines)."""
    result = {}
    for entry in data.split(b"\0"):
        if not entry:
            continue
        name, _, value = entry.partition(b"=")
        result[name.decode()] = value.decode("utf-8", "surrogateescape")
    return result


def envs_after(shell, steps, env, tmp_path):
    """Run `steps` in one real shell; return the environment after each step, and stderr.

    A step is a ccswitch argument string (run and applied as the README says) or ('file', path)
    (emitted code applied from a file).
    """
    lines = []
    dumps = []
    for i, step in enumerate(steps):
        if isinstance(step, tuple):
            lines.append(shell.apply_file.format(path=step[1]))
        else:
            lines.append(shell.apply_cmd.format(cmd=f"ccswitch {step} --shell {shell.name}"))
        dumps.append(tmp_path / f"env-{shell.name}-{i}")
        lines.append(shell.dump.format(path=dumps[-1]))
    done = shell.run(lines, env)
    if done.returncode != 0:
        raise AssertionError(f"{shell.name} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    return [parse_env0(p.read_bytes()) for p in dumps], done.stderr.decode("utf-8", "replace")


def env_after(shell, steps, env, tmp_path):
    """The environment after all `steps`, and stderr."""
    envs, err = envs_after(shell, steps, env, tmp_path)
    return envs[-1], err
