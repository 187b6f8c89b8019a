"""Hooked shells on a real pseudo-terminal: one driver per shell that has a hook.

A `Driver` knows how one shell is started interactively, how its prompt is set to a marker the
tests can wait for, how the hook is loaded, and the few commands the scenarios need (cd, dump
the environment, print the last status, set a variable, append to a file), and how a command
line is typed from an argv (`line`, quoted for that shell).  `Session` runs a driver on a pty
with pexpect and sends one line at a time, each followed by a real prompt, so every prompt hook
(PROMPT_COMMAND, precmd, fish_prompt, …) runs as it does for a user; `Session.inside` starts a
hooked shell of any driver at another session's prompt, on the same terminal, and `leave` exits it.

The hook is rendered by `ccswitch init` with the interpreter replaced by a shim that logs each
run of the program (the hooks start the interpreter directly, never `ccswitch` on PATH), so a
test can tell when the program ran.  Adding a hooked shell is one entry in DRIVERS.
"""

import os
import re
import shlex
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
    noop: str = "true"  # a command that does nothing and prints nothing
    # prints SYNC{n} without the typed line showing it (for syncing after leaving a shell)
    sync: str = "echo S''YNC{n}"
    # A shell that repaints the line being typed shows the prompt again before the command
    # runs: it prints DONE after each command (setup makes it), and the prompt is awaited after.
    done: bool = False
    # The first prompt (a regex), for a shell that cannot be started with MARK as its prompt:
    # its own prompt, then a setup line sets MARK (written so that its echo does not show MARK).
    start: str = re.escape(MARK)
    # how a word typed at the prompt is quoted (never expanded): a key of QUOTING
    quoting: str = "posix"
    # It saves the terminal's modes (to restore them when a command ends) only after it has
    # started the command and given it the terminal: a shell started inside it must not set
    # its own modes before (see HANDOVER).
    late_save: bool = False

    def program(self):
        return need(self.argv[0])

    def line(self, argv):
        """`argv` as a command line typed at this shell's prompt: each word exactly, and the
        terminal's echo of the line never shows the prompt marker or DONE (which would be taken
        for a prompt, or for the end of a command)."""
        return QUOTING[self.quoting](argv)


def pieces(word):
    """`word` cut inside each MARK and DONE it holds, so that no piece (as echoed) shows them."""
    assert "\0" not in word and "\n" not in word, word
    for hidden in (MARK, DONE):
        word = word.replace(hidden, hidden[:3] + "\0" + hidden[3:])
    return word.split("\0")


def _nu_string(piece):
    """A nushell raw string r#'…'#, a double-quoted one (\\ and \" escaped) for a piece holding
    ' or # (which nushell 0.108 reads wrongly in some raw strings, e.g. r#'#c'#)."""
    if "'" not in piece and "#" not in piece:
        return f"r#'{piece}'#"
    return '"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nu_word(word):
    parts = [_nu_string(p) for p in pieces(word)]
    return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"


QUOTING = {
    # POSIX shells: single quotes, a quote as '"'"'; the pieces of a word side by side.
    "posix": lambda argv: " ".join("".join(shlex.quote(p) for p in pieces(w)) for w in argv),
    # fish: in single quotes, \ and \' are escapes.
    "fish": lambda argv: " ".join(
        "".join("'" + p.replace("\\", "\\\\").replace("'", "\\'") + "'" for p in pieces(w)) for w in argv),
    # tcsh: single quotes, a quote as '\'', and history's ! escaped even there.
    "tcsh": lambda argv: " ".join(
        "".join("'" + p.replace("'", "'\\''").replace("!", "\\!") + "'" for p in pieces(w)) for w in argv),
    # elvish: single quotes, a quote doubled; pieces joined by an empty "" (two single-quoted
    # strings side by side would read as one holding a quote).
    "elvish": lambda argv: " ".join(
        '""'.join("'" + p.replace("'", "''") + "'" for p in pieces(w)) for w in argv),
    # xonsh: each word a Python expression, @('…' '…'), never expanded.
    "xonsh": lambda argv: " ".join("@(" + " ".join(repr(p) for p in pieces(w)) + ")" for w in argv),
    # nushell: run-external with raw strings (a word in pieces: their sum, in parentheses).
    "nu": lambda argv: "run-external " + " ".join(_nu_word(w) for w in argv),
}


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
        quoting="fish",
    ),
    # tcsh starts with its own prompt (it reads no prompt from the environment); the segment
    # is `%${ccswitch_segment}`, put in front of the prompt by `init tcsh --prompt`.
    "tcsh": Driver(
        "tcsh", ("tcsh", "-f", "-i"), "eval \"`cat '{hook}'`\"",
        start=r"[>#%] ", setup=("set prompt = '@@P>''> '",), prompt_flag=True,
        status='echo "rc=$status"', export="setenv {name} '{value}'", quoting="tcsh",
    ),
    # elvish: the hook is a module, installed where `use ccswitch` finds it.  Its editor draws
    # each prompt first with the previous prompt's text and redraws it once recomputed, so
    # the prompt the tests wait for is printed by a before-readline function that runs after
    # the hook's (edit:prompt itself, which `init --prompt` prefixes with the segment).  After
    # each command it prints DONE and keeps the command's status in $rc (the failed
    # program's exit status, 1 for any other exception).
    "elvish": Driver(
        "elvish", ("elvish", "-norc"),
        "mkdir -p ~/.config/elvish/lib; cp '{hook}' ~/.config/elvish/lib/ccswitch.elv; use ccswitch",
        start=r"[>#] ", done=True, prompt_flag=True,
        setup=("var rc = 0; set edit:rprompt = { }; set edit:prompt = { put '@@P>'\"> \" }; "
               "set edit:before-readline = [$@edit:before-readline { $edit:prompt | each {|x| print $x } }]; "
               "set edit:after-command = [$@edit:after-command {|m| set rc = 0; "
               "if (not-eq $m[error] $nil) { set rc = 1; try { set rc = $m[error][reason][exit-status] } catch { } }; "
               f"echo {DONE} }}]",),
        dump="e:env -0 > '{path}'", status="echo rc=$rc", export="set-env {name} '{value}'", quoting="elvish",
    ),
    # xonsh: $PROMPT from -D; `init xonsh --prompt` puts the {ccswitch} field in front of it.
    # XONSH_APPEND_NEWLINE is set from the start: xonsh otherwise exports it from the first
    # command whose output it happened to see, at a moment that varies from run to run.
    "xonsh": Driver(
        "xonsh", ("xonsh", "--no-rc", "-i", f"-DPROMPT={MARK}", "-DXONSH_APPEND_NEWLINE=1"),
        "execx(open('{hook}').read())",
        prompt_flag=True, status="echo rc=$LAST_RETURN_CODE", export="${name} = '{value}'",
        sync="print('S' + 'YNC{n}')", quoting="xonsh", late_save=True,
    ),
    # nushell: its line editor asks the terminal where the cursor is (Terminal answers) and
    # repaints the typed line, so a pre_prompt hook, added before ccswitch's, prints DONE. The
    # prompt shows `ccswitch_prompt`; colours and terminal integration codes are off.
    "nu": Driver(
        "nu",
        ("nu", "--no-config-file", "-e",
         "$env.config.use_ansi_coloring = false; "
         "$env.config.shell_integration = {osc2: false, osc7: false, osc8: false, osc9_9: false, "
         "osc133: false, osc633: false, reset_application_mode: false}; "
         f"$env.PROMPT_COMMAND = {{|| '{MARK}' }}; $env.PROMPT_INDICATOR = ''; $env.PROMPT_COMMAND_RIGHT = ''; "
         f"$env.config.hooks.pre_prompt = [{{|| print '{DONE}' }}]"),
        f"source '{{hook}}'; $env.PROMPT_COMMAND = {{{{|| (ccswitch_prompt) + '{MARK}' }}}}",
        # nushell's own bookkeeping of the last command, which it exports, is left out of dumps
        done=True, dump="^env -0 -u CMD_DURATION_MS -u LAST_EXIT_CODE out> '{path}'",
        status='print $"rc=($env.LAST_EXIT_CODE)"',
        export="$env.{name} = '{value}'", append="\"{line}\\n\" | save --append '{path}'",
        noop="^true", sync="print ('S' + 'YNC{n}')", quoting="nu",
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


class Terminal(pexpect.spawn):
    """A pty that answers the cursor position query (ESC [6n) as a terminal does, at once (not
    after pexpect's delay before what is typed): nushell's line editor waits for the answer
    before it draws a prompt, and asks three times a command."""

    _tail = ""

    def read_nonblocking(self, size=1, timeout=-1):
        data = super().read_nonblocking(size, timeout)
        # one answer per query, one split across two reads included (the tail is too short to
        # hold a whole query already answered)
        for _ in range((self._tail + data).count("\x1b[6n")):
            os.write(self.child_fd, b"\x1b[1;1R")
        self._tail = (self._tail + data)[-3:]
        return data


# What the line that starts a shell inside another runs (Session.inside): it prints HANDOVER
# and argv[1], then becomes argv[3:] (env(1), then the shell) -- with argv[2] "wait", only once
# its parent waits for it (the parent's main thread in wait4: /proc/PID/wchan shows do_wait).
#
# That wait is for xonsh (Driver.late_save), which starts a command, gives it the terminal, and
# only then saves the terminal's modes, to set them back when the command ends.  A shell that
# starts at once can have switched the terminal to its line editor's modes by then (a busy
# machine pausing xonsh): xonsh saves those, and when that shell exits sets them back for good
# -- zsh's leave no echo, no canonical input and NL read as CR, so xonsh's readline stops
# echoing, and a tcsh started later, which reads the terminal in the modes it finds, shows its
# prompt and never gets the end of the line typed.  (And a shell that finds its group in the
# background stops itself with SIGTTIN: xonsh's SIGCONT after it gives the terminal rescues it,
# unless the stop comes after.)  Once xonsh waits, it has done all of that: the shell starts in
# the foreground, and sets its modes after xonsh has saved its own.
#
# The interpreter ignores SIGPIPE and SIGXFSZ: their default is set back before exec.
HANDOVER = "HANDOVER"
HANDOVER_PY = f"""\
import os, signal, sys, time

if sys.argv[2] == "wait":
    wchan = f"/proc/{{os.getppid()}}/wchan"
    for _ in range(3000):
        with open(wchan) as f:
            if f.read().startswith("do_wait"):
                break
        time.sleep(0.01)
    else:
        sys.exit(f"handover: the parent never waited for this command ({{wchan}})")
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
os.write(1, ("{HANDOVER}" + sys.argv[1] + "\\n").encode())
os.execv(sys.argv[3], sys.argv[3:])
"""


class Session:
    """One hooked shell on a pty.  `run(line)` sends a line and returns what the terminal showed
    until the next prompt, and that prompt's segment (the route it shows, or None)."""

    def __init__(self, driver, env, tmp_path, cwd=None, timeout=30, delay=None):
        self.driver = driver
        self.tmp = tmp_path
        self.log = tmp_path / f"runs-{driver.name}.log"
        self.log.write_text("")
        self.dumps = 0
        self.shim = shim(tmp_path, self.log)
        self.hook = self._render(env)
        full = dict(env, TERM="dumb", **driver.env)
        self.child = Terminal(
            driver.program(), list(driver.argv[1:]), env=full, cwd=str(cwd or tmp_path),
            encoding="utf-8", codec_errors="replace", timeout=timeout, dimensions=(50, 400),
        )
        if delay is not None:  # pexpect's pause before each line typed (0.05 s)
            self.child.delaybeforesend = delay
        if os.environ.get("HOOKKIT_TRANSCRIPT"):  # for debugging: everything the terminal shows
            self.child.logfile_read = open(os.environ["HOOKKIT_TRANSCRIPT"], "a", encoding="utf-8")
        self._begin()

    def _render(self, env, name=None):
        """The hook, as `ccswitch init` renders it in `env`, saved with the shim for the interpreter."""
        hook = self.tmp / f"hook-{name or self.driver.name}"
        args = ["init", self.driver.name] + (["--prompt"] if self.driver.prompt_flag else [])
        hook.write_text(env.ok(*args).out.replace(sys.executable, self.shim))
        return hook

    def _begin(self):
        """From the shell's first prompt: set the prompt to MARK, load the hook."""
        self.child.expect(self.driver.start)
        for line in self.driver.setup:
            self.child.sendline(line)
            self.child.expect(PROMPT)
        self.loaded = self.run(self.driver.load.format(hook=self.hook))

    @classmethod
    def inside(cls, outer, driver, env):
        """A hooked `driver` shell started at `outer`'s prompt, on the same terminal, with the
        driver's arguments and extra environment (through env(1)), its hook loaded.

        The line typed runs HANDOVER_PY, which prints a token then becomes the shell (once
        `outer` waits for it, for a shell that saves the terminal's modes late), and the inner
        shell's first prompt is awaited after that token: printed by the process that becomes
        the inner shell, never shown by the echo of the line nor by a prompt of `outer`.
        Nothing is typed before that first prompt (a line editor may read ahead)."""
        inner = cls.__new__(cls)
        inner.driver, inner.tmp, inner.child = driver, outer.tmp, outer.child
        inner.log, inner.shim, inner.dumps = outer.log, outer.shim, outer.dumps + 1000
        inner.hook = inner._render(env, f"{driver.name}-inside-{outer.driver.name}")
        outer.dumps += 1
        handover = outer.tmp / "start-inside.py"
        handover.write_text(HANDOVER_PY)
        wait = "wait" if outer.driver.late_save else "now"
        argv = [need("env"), *(f"{k}={v}" for k, v in driver.env.items()), driver.program(), *driver.argv[1:]]
        outer.child.sendline(outer.driver.line([sys.executable, "-I", str(handover), str(outer.dumps), wait, *argv]))
        outer.child.expect(f"{HANDOVER}{outer.dumps}\r?\n")
        inner._begin()
        return inner

    def leave(self, outer, route):
        """Exit this shell, started inside `outer` (see `inside`), and wait until outer reads
        the terminal again, its prompt showing `route` (a TIMEOUT when it never shows it).  This
        shell's last prompt must show another route (tcsh shows one more prompt as it exits)."""
        self.dumps += 1
        self.child.sendline(self.driver.sync.format(n=self.dumps) + "; " + self.driver.exit)
        self.child.expect(f"SYNC{self.dumps}\r?\n")
        while True:
            self.child.expect(PROMPT)
            if self.child.match.group("seg") == route:
                break
        outer.sync()

    def sync(self):
        """Wait until this shell has read everything typed so far and shows its prompt: after
        starting or leaving a shell inside it, when stray prompts may be on the terminal."""
        self.dumps += 1
        self.child.sendline(self.driver.sync.format(n=self.dumps))
        self.child.expect(f"SYNC{self.dumps}\r?\n")
        self.child.expect(PROMPT)

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
        """Exit the shell (and any shell a failed test left running inside it)."""
        for _ in range(3):
            self.child.sendline(self.driver.exit)
            if self.child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=5) == 0:
                break
        self.child.close(force=True)


@dataclass
class Step:
    out: str  # what the terminal showed (stdout and stderr) before the next prompt
    segment: str  # the route that prompt shows, or None


# What a shell sets for itself or per command, between two dumps of its environment: a child's
# own (fish sets USER when it is absent), nushell's and xonsh's record of the last command,
# xonsh's mark on a redirected one.
NOISE = frozenset((
    "_", "SHLVL", "OLDPWD", "PWD", "COLUMNS", "LINES", "USER", "TERM", "PS1",
    "LAST_EXIT_CODE", "CMD_DURATION_MS", "LAST_RETURN_CODE", "XONSH_CAPTURE_ALWAYS",
    "CCSWITCH_PREVIOUS",  # the way back for `use -`: the path taken, not the route (tested in test_conventions)
))

# The two routes the nested tests switch between, and the route part of an environment.
ALPHA = {"CCSWITCH_ROUTE": "alpha", "CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "pa", "CLOUD_ML_REGION": "us-east5"}
BETA = {"CCSWITCH_ROUTE": "beta", "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1", "CCSWITCH_STATE": "AWS_REGION"}


def quiet(env):
    """`env` without the shells' own bookkeeping."""
    return {k: v for k, v in env.items() if k not in NOISE}


def route_part(env):
    """What Claude Code reads and ccswitch keeps (CCSWITCH_HOME aside; CCSWITCH_STATE's entries,
    without its version and MAC, which depends on the home's key)."""
    keep = ("ANTHROPIC_", "CLAUDE_CODE_", "CCSWITCH_", "AWS_", "CLOUD_ML_")
    # CCSWITCH_PREVIOUS is the way back (`use -`), which depends on the path taken, not the route
    part = {k: v for k, v in env.items() if k.startswith(keep) and k not in ("CCSWITCH_HOME", "CCSWITCH_PREVIOUS")}
    if "CCSWITCH_STATE" in part:
        part["CCSWITCH_STATE"] = part["CCSWITCH_STATE"].split(";", 2)[-1]
    return part


def two_routes(env):
    """alpha (vertex) and beta (bedrock) in `env`'s store; a stale key that alpha unsets."""
    env.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5")
    env.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    env["ANTHROPIC_API_KEY"] = "stale-parent-key"
    return env


def project_tree(e, tmp_path, secret):
    """Routes alpha, beta and gamma, and project folders under tmp_path/p: a (alpha) with a
    subfolder and a nested project (beta), u (untrusted), k (names a route not in the store),
    t (a team gateway route whose secret `allow` takes from stdin), plain (no file)."""
    e.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5")
    e.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    e.ok("add", "gamma", "--kind", "foundry", "--resource", "res-g")
    p = tmp_path / "p"
    for sub in ("a/sub/deeper", "a/nested", "u", "k", "t", "plain"):
        (p / sub).mkdir(parents=True)
    (p / "a" / ".ccswitch").write_text('route = "alpha"\n')
    (p / "a" / "nested" / ".ccswitch").write_text('route = "beta"\n')
    (p / "u" / ".ccswitch").write_text('route = "beta"\n')
    (p / "k" / ".ccswitch").write_text('route = "nosuch"\n')
    (p / "t" / ".ccswitch").write_text(
        '[route]\nname = "team"\nkind = "gateway"\nbase_url = "https://gw.team.example"\nmodel = "claude-team"\n'
    )
    for d in ("a", "a/nested", "k"):
        e.ok("allow", str(p / d))
    e.ok("allow", str(p / "t"), "--secret-stdin", input=secret)
    return p