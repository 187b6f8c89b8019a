"""Hooked shells on a real pseudo-terminal: one driver per shell that has a hook.

A `Driver` knows how one shell is started interactively, how its prompt is set to a marker the
tests can wait for, how the hook is loaded, and the few commands the scenarios need (cd, dump
the environment, print the last status, set a variable, append to a file).  `Session` runs a
driver on a pty with pexpect and sends one line at a time, each followed by a real prompt, so
every prompt hook (PROMPT_COMMAND, precmd, fish_prompt, …) runs as it does for a user.

The hook is rendered by `ccswitch init` with the interpreter replaced by a shim that logs each
run of the program (the hooks start the interpreter directly, never `ccswitch` on PATH), so a
test can tell when the program ran.  Adding a hooked shell is one entry in DRIVERS.
"""

import re
import sys
from dataclasses import dataclass, field

import pexpect

from ccswitch.shells import MAIN
from conftest import need
from shellkit import parse_env0

MARK = "@@P>> "
DONE = "@@DONE"
# A prompt: the segment (when the shell shows one), then the marker.
PROMPT = re.compile(r"(?:\(cc:(?P<seg>[^)\r\n]*)\) )?" + re.escape(MARK))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[⏎#%]? *\r(?!\n)")


@dataclass(frozen=True)
class Driver:
    name: str  # the hook's shell, as `ccswitch init` takes it
    argv: tuple  # start it interactively, without the user's startup files
    load: str  # load the rendered hook saved at {hook} (and make the prompt show the segment)
    env: dict = field(default_factory=dict)  # extra environment (e.g. the initial prompt)
    setup: tuple = ()  # lines before the hook: set the prompt to MARK
    prompt_flag: bool = False  # load with `init --prompt`
    cd: str = "cd '{path}'"
    dump: str = "env -0 > '{path}'"
    status: str = 'echo "rc=$?"'
    export: str = "export {name}='{value}'"
    append: str = "echo '{line}' >> '{path}'"
    exit: str = "exit"
    # A shell that repaints the line being typed shows the prompt again before the command
    # runs: it prints DONE after each command (setup makes it), and the prompt is awaited after.
    done: bool = False

    def program(self):
        return need(self.argv[0])


DRIVERS = {
    "bash": Driver(
        "bash", ("bash", "--norc", "--noprofile", "-i"), "source '{hook}'",
        env={"PS1": MARK}, prompt_flag=True,
    ),
    "zsh": Driver(
        "zsh", ("zsh", "-f", "-i"), "source '{hook}'",
        env={"PS1": MARK}, setup=("unsetopt prompt_sp",), prompt_flag=True,
    ),
    "fish": Driver(
        "fish",
        ("fish", "--no-config", "-i", "-C",
         f"function fish_prompt; printf '{MARK}'; end; function _done --on-event fish_postexec; echo {DONE}; end"),
        "source '{hook}'", done=True, prompt_flag=True, status='echo "rc=$status"', export="set -gx {name} '{value}'",
    ),
    # tcsh, elvish, xonsh and nu: added with their hooks.
}


def shim(tmp_path, log):
    """An interpreter stand-in that logs the program's arguments, then runs the real one."""
    path = tmp_path / "shim-python"
    path.write_text(
        "#!/bin/sh\n"
        "shift 3\n"  # -I -c MAIN
        f"printf '%s\\n' \"$*\" >> '{log}'\n"
        f"exec '{sys.executable}' -I -c '{MAIN}' \"$@\"\n"
    )
    path.chmod(0o755)
    return str(path)


class Session:
    """One hooked shell on a pty.  `run(line)` sends a line and returns what the terminal showed
    until the next prompt, and that prompt's segment (the route it shows, or None)."""

    def __init__(self, driver, env, tmp_path, cwd=None, timeout=30):
        self.driver = driver
        self.tmp = tmp_path
        self.log = tmp_path / f"runs-{driver.name}.log"
        self.log.write_text("")
        self.dumps = 0
        hook = tmp_path / f"hook-{driver.name}"
        args = ["init", driver.name] + (["--prompt"] if driver.prompt_flag else [])
        hook.write_text(env.ok(*args).out.replace(sys.executable, shim(tmp_path, self.log)))
        self.hook = hook
        full = dict(env, TERM="dumb", **driver.env)
        self.child = pexpect.spawn(
            driver.program(), list(driver.argv[1:]), env=full, cwd=str(cwd or tmp_path),
            encoding="utf-8", codec_errors="replace", timeout=timeout, dimensions=(50, 400),
        )
        self.child.expect_exact(MARK)
        for line in driver.setup:
            self.child.sendline(line)
            self.child.expect(PROMPT)
        self.loaded = self.run(driver.load.format(hook=hook))

    def run(self, line):
        self.child.sendline(line)
        shown = ""
        if self.driver.done:
            self.child.expect_exact(DONE)
            shown = self.child.before
        self.child.expect(PROMPT)
        shown = ANSI.sub("", shown + self.child.before)
        echo, _, out = shown.partition("\n")  # the terminal's echo of the line comes first
        return Step(out.replace("\r\n", "\n"), self.child.match.group("seg"))

    # ---------------------------------------------------------------- scenario helpers

    def cd(self, path):
        return self.run(self.driver.cd.format(path=path))

    def env(self):
        self.dumps += 1
        path = self.tmp / f"env-{self.driver.name}-{self.dumps}"
        self.run(self.driver.dump.format(path=path))
        return parse_env0(path.read_bytes())

    def status(self):
        out = self.run(self.driver.status).out
        found = re.search(r"rc=(-?\d+)", out)
        assert found, out
        return int(found.group(1))

    def runs(self):
        """The program's runs so far (their arguments), and forget them."""
        lines = self.log.read_text().splitlines()
        self.log.write_text("")
        return lines

    def close(self):
        self.child.sendline(self.driver.exit)
        self.child.expect(pexpect.EOF)
        self.child.close()


@dataclass
class Step:
    out: str  # what the terminal showed (stdout and stderr) before the next prompt
    segment: str  # the route that prompt shows, or None


def environ_without(env, names=("_", "SHLVL", "OLDPWD", "PWD", "LAST_EXIT_CODE", "CMD_DURATION_MS", "COLUMNS", "LINES")):
    return {k: v for k, v in env.items() if k not in names}

