"""`use`, `reset` and `dir` as a process: the shell to write for, the terminal guard, output.

Shared by the fast path in `__main__` and the click commands, so both behave the same.
stdout carries shell code only, written once at the end; every message goes to stderr:
notes and warnings always, the one-line confirmation (`ccswitch: now on NAME (…)`) unless
CCSWITCH_QUIET is set.
"""

import os
import sys

from . import commands, detect, shells
from .routes import LOGIN


def _unit(shell, env):
    """(the --shell value, its unit): as given, else detected."""
    value = detect.normalize(shell) if shell else detect.detect(env)
    return value, shells.get(value)


def _terminal(value, unit, cmd):
    """On a terminal the code would show secrets and change nothing: say how to apply it."""
    sys.stderr.write(
        f"ccswitch: `{cmd}` prints shell code to apply, not to read; run:\n"
        f"    {unit.load.format(cmd=f'{cmd} --shell {value}')}\n"
        + (f"  or load the shell hook once (`ccswitch init {unit.name}`) and `{cmd}` switches by itself.\n" if unit.hook else "")
    )
    return 1


def _say(env, lines, quiet_lines=()):
    """One line each on stderr; `quiet_lines` (confirmations) not under CCSWITCH_QUIET.  Paths
    and names from the filesystem are printed with control characters escaped."""
    from .text import printable

    if env.get("CCSWITCH_QUIET"):
        quiet_lines = ()
    text = "".join(f"ccswitch: {printable(line)}\n" for line in (*lines, *quiet_lines))
    if text:
        sys.stderr.write(text)


def _write(code):
    sys.stdout.buffer.write(code.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()


def confirmation(name, route):
    """`now on NAME (KIND, WHERE)`: the line a switch prints."""
    if name == LOGIN:
        return f"now on {LOGIN} (subscription)"
    from .routes import describe

    where = describe(route)
    scheme, sep, rest = where.partition("://")
    if sep and " " not in scheme:
        where = rest.split("/", 1)[0]
    return f"now on {name} ({route['kind']}, {where})"


def use(name, shell=None, env=None):
    env = os.environ if env is None else env
    value, unit = _unit(shell, env)
    if name == "-":
        name = commands.previous_route(env)
    route = commands.get_route(name)  # an unknown route is an error even on a terminal
    if os.isatty(1):
        return _terminal(value, unit, "ccswitch reset" if name == LOGIN else f"ccswitch use {name}")
    code, notes, side = commands.use_code(name, unit, env, route)
    if side:  # a runner's workflow commands (masks) before the values they hide
        sys.stderr.write(side)
        sys.stderr.flush()
    _write(code)
    _say(env, [f"note: {n}" for n in notes], [confirmation(name, route)])
    return 0


def dir_(path, shell=None, env=None):
    """For the hooks, at a prompt whose nearest .ccswitch is `path` ("" for none): the code that
    enters, leaves or stays (see projects.transition), and a line on stderr saying which."""
    from . import projects, switch

    env = os.environ if env is None else env
    value, unit = _unit(shell, env)
    if os.isatty(1):  # the code could hold a project route's secret
        sys.stderr.write(f"ccswitch: `ccswitch dir` prints shell code for the hooks; load one with `ccswitch init {unit.name}`\n")
        return 1
    t = projects.transition(os.path.abspath(path) if path else "", env)
    if t.route is not None:
        plan = switch.plan(env, *t.route)
    else:
        plan = switch.Plan([], [], env.get("CCSWITCH_ROUTE") or LOGIN)
    code = unit.render(plan.extended(t.set, t.unset))
    _write(code)
    _say(env, t.warnings, t.info)
    return 0
