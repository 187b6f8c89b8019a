"""Nested shells never mix: a hooked shell starting shells of every kind.

From a hooked bash, zsh or fish on a pty (see hookkit), on route alpha:

* every real shell, unhooked, runs a script that switches the way the README says with no
  --shell (`eval "$(ccswitch use beta)"`, `ccswitch use beta | source`, …), then back with
  reset: each gets its own shell's code (nothing the parent's hook set may fool detection), its
  environment after each step is exactly the route, and the parent is unchanged afterwards;
* a hooked shell of each other hooked kind, interactive on the same pty, switches there and
  back with its own hook.

The other hooked shells (tcsh, elvish, xonsh, nu) are parents in their own nested tests.
"""

import shlex

import pytest

from conftest import need
from hookkit import ALPHA, BETA, DRIVERS, MARK, Session, route_part, two_routes
from shellkit import SHELLS, parse_env0

PARENTS = ("bash", "zsh", "fish")
# How each unhooked shell runs a script file.
SCRIPT_ARGV = {
    "bash": ("bash", "--norc", "--noprofile"), "zsh": ("zsh", "-f"), "dash": ("dash",), "ksh": ("ksh",), "sh": ("sh",),
    "fish": ("fish", "--no-config"), "tcsh": ("tcsh", "-f"), "elvish": ("elvish", "-norc"),
    "nu": ("nu", "--no-config-file"), "xonsh": ("xonsh", "--no-rc"),
}


def typed(arg):
    """`arg` quoted for the parent shell (POSIX or fish) so that the terminal's echo of the
    typed line does not show the prompt marker, which would be taken for the inner prompt."""
    return shlex.quote(arg).replace(MARK, "@@P''>> ")


@pytest.fixture
def routes(env):
    return two_routes(env)


def start(parent, routes, tmp_path):
    s = Session(DRIVERS[parent], routes, tmp_path, cwd=tmp_path)
    step = s.run("ccswitch use alpha")
    assert step.segment == "alpha", step.out
    before = s.env()
    assert route_part(before) == ALPHA
    return s, before


@pytest.mark.parametrize("parent", PARENTS)
def test_every_unhooked_shell_gets_its_own_code(routes, parent, tmp_path):
    s, before = start(parent, routes, tmp_path)
    try:
        for child, shell in SHELLS.items():
            if child == "csh":
                continue  # the same program as tcsh here
            program = need(SCRIPT_ARGV[child][0])
            dumps = [tmp_path / f"{parent}-{child}-{i}" for i in range(2)]
            script = tmp_path / f"{parent}-{child}.script"
            script.write_text(shell.script([
                shell.apply_cmd.format(cmd="ccswitch use beta"), shell.dump.format(path=dumps[0]),
                shell.apply_cmd.format(cmd="ccswitch reset"), shell.dump.format(path=dumps[1]),
            ]))
            argv = " ".join(shlex.quote(a) for a in (program, *SCRIPT_ARGV[child][1:], str(script)))
            step = s.run(argv)
            assert "Unknown command" not in step.out and "not found" not in step.out, (child, step.out)
            on_beta, on_login = (route_part(parse_env0(d.read_bytes())) for d in dumps)
            assert on_beta == BETA, (parent, child, step.out)
            assert on_login == {}, (parent, child, step.out)
            assert step.segment == "alpha"
            assert s.env() == before, f"{child} started from {parent} changed the parent"
    finally:
        s.close()


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("child", PARENTS)
def test_a_hooked_shell_inside_a_hooked_shell(routes, parent, child, tmp_path):
    s, before = start(parent, routes, tmp_path)
    try:
        d = DRIVERS[child]
        hook = tmp_path / f"child-hook-{child}"
        hook.write_text(routes.ok("init", child, *(["--prompt"] if d.prompt_flag else [])).out)
        env = " ".join(f"{k}={typed(v)}" for k, v in d.env.items())
        argv = " ".join(typed(a) for a in (need(d.argv[0]), *d.argv[1:]))
        line = f"env {env} {argv}" if env else argv
        s.child.sendline(line)
        inner = Session.attach(s, d)
        inner.sync()
        for setup in d.setup:
            inner.run(setup)
        inner.run(d.load.format(hook=hook))
        assert route_part(inner.env()) == route_part(before)  # it starts where the parent is
        step = inner.run("ccswitch use beta")
        assert step.segment == "beta" and "now on beta" in step.out, step.out
        assert route_part(inner.env()) == BETA
        step = inner.run("ccswitch reset")
        assert step.segment is None
        assert route_part(inner.env()) == {}
        s.child.sendline(d.exit)
        s.sync()
        assert s.env() == before, f"a hooked {child} inside {parent} changed the parent"
        step = s.run("ccswitch use beta")
        assert step.segment == "beta" and route_part(s.env()) == BETA
    finally:
        s.close()
