"""`use` and `reset` as a process: shell detection, the terminal guard, and output.

Shared by the fast path in `__main__` and the click command, so both behave the same.
stdout carries shell code only, written once at the end; every message goes to stderr.
"""

import os
import sys

from . import commands, detect, shells


def use(name, shell=None, env=None):
    env = os.environ if env is None else env
    shell = detect.normalize(shell) if shell else detect.detect(env)
    emitter = shells.get(shell)
    route = commands.get_route(name)  # an unknown route is an error even on a terminal
    if os.isatty(1):
        # Printing the code here would show secrets and change nothing.
        from .hooks import ALIASES, HOOKS

        cmd = "ccswitch reset" if name == "login" else f"ccswitch use {name}"
        hook = ALIASES.get(shell, shell)
        sys.stderr.write(
            f"ccswitch: `{cmd}` prints shell code to apply, not to read; run:\n"
            f"    {emitter.load.format(cmd=cmd + ' --shell ' + shell)}\n"
            + (
                f"  or load the shell hook once (`ccswitch init {hook}`) and `{cmd}` switches by itself.\n"
                if hook in HOOKS
                else ""
            )
        )
        return 1
    code, notes = commands.use_code(name, shell, env, route)
    for note in notes:
        sys.stderr.write(f"ccswitch: note: {note}\n")
    sys.stdout.buffer.write(code.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()
    return 0


def dir_enter(path, shell=None, env=None):
    """For the hooks: code that switches to the route of a trusted .ccswitch file, else nothing
    on stdout and a one-line reason on stderr (untrusted, unknown route)."""
    from . import projects, switch

    env = os.environ if env is None else env
    shell = detect.normalize(shell) if shell else detect.detect(env)
    emitter = shells.get(shell)
    name, result = projects.enter(path, env)
    if name is None:
        if result:
            sys.stderr.write(f"ccswitch: {result}\n")
        return 0
    code = emitter.render(switch.plan(env, name, result))
    sys.stdout.buffer.write(code.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()
    return 0
