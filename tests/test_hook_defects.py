"""The xonsh and nushell hooks on a real pty (see hookkit): the two defects their old hooks had.
(Shells started inside them, hooked and not, are in test_nested.py's matrix.)

* xonsh: a failed `ccswitch use` under the hook is a failed command like any other: the
  program's message and a non-zero status, no CalledProcessError, nothing applied.
* nushell: a variable inherited from nu's parent and assigned since is really gone after
  `reset`, however often it was assigned, and in the same line (nushell 0.108, issue 13195).
"""

import json
import re
import subprocess
from contextlib import contextmanager

import pytest

from conftest import need
from hookkit import DRIVERS, Session, quiet, route_part, two_routes
from shellkit import parse_env0


@pytest.fixture
def routes(env):
    two_routes(env)
    env.ok("add", "g", "--kind", "gateway", "--base-url", "https://gw.example", "--secret-env", "GW_TOKEN")
    env["GW_TOKEN"] = "tok-gw"
    return env


def start(parent, routes, tmp_path):
    s = Session(DRIVERS[parent], routes, tmp_path, cwd=tmp_path)
    step = s.run("ccswitch use alpha")
    assert step.segment == "alpha", step.out
    before = s.env()
    assert route_part(before)["CCSWITCH_ROUTE"] == "alpha" and "ANTHROPIC_API_KEY" not in before
    assert "CCSWITCH_SHELL" not in before
    return s, before


def test_xonsh_failed_use_is_a_failed_command(routes, tmp_path):
    s, before = start("xonsh", routes, tmp_path)
    try:
        step = s.run("ccswitch use no-such")
        assert "ccswitch: no route named 'no-such'" in step.out
        for noise in ("CalledProcessError", "Traceback", "XONSH_SHOW_TRACEBACK", "Exception"):
            assert noise not in step.out, step.out
        assert step.segment == "alpha"
        assert s.status() == 2
        assert s.env() == before
        # in the middle of a line, exactly what any failed command does there
        for first in ("sh -c 'exit 3'", "ccswitch use no-such"):
            step = s.run(f"{first}; echo after-$LAST_RETURN_CODE")
            assert "Traceback" not in step.out and "CalledProcessError" not in step.out, step.out
            ends = [line for line in step.out.splitlines() if line.startswith("after-")]
            if first.startswith("sh"):
                expected = ends
            assert ends == expected, (first, step.out)
        assert quiet(s.env()) == quiet(before)
    finally:
        s.close()


def nu_has(s, name):
    """Whether nushell itself still has the variable (a null value included)."""
    out = s.run(f"print $'has=(\"{name}\" in $env) value=($env.{name}? | to json --raw)'").out
    found = re.search(r"has=(true|false) value=(\S+)", out)
    assert found, out
    return found.group(1) == "true", json.loads(found.group(2))


@pytest.fixture
def inherited(routes, tmp_path):
    """A nu whose parent set ANTHROPIC_BASE_URL (route g sets it too, bedrock unsets it), and a
    trusted project on beta."""
    routes["ANTHROPIC_BASE_URL"] = "https://inherited.example"
    project = tmp_path / "p" / "b"
    project.mkdir(parents=True)
    (project / ".ccswitch").write_text('route = "beta"\n')
    routes.ok("allow", str(project))

    @contextmanager
    def session():
        s = Session(DRIVERS["nu"], routes, tmp_path, cwd=tmp_path)
        try:
            assert s.env()["ANTHROPIC_BASE_URL"] == "https://inherited.example"
            yield s
        finally:
            s.close()

    return session, project


def test_nu_reset_removes_an_inherited_variable(inherited):
    session, _ = inherited
    with session() as s:  # reassigned, then reset, each on its own line
        s.run("ccswitch use g")
        assert s.env()["ANTHROPIC_BASE_URL"] == "https://gw.example"
        assert s.run("ccswitch reset").segment is None
        assert "ANTHROPIC_BASE_URL" not in s.env()
        assert nu_has(s, "ANTHROPIC_BASE_URL") == (False, None)


def test_nu_reset_in_the_same_line_removes_an_inherited_variable(inherited, tmp_path):
    """Reassigned several times and reset in one line: no program sees it any more, in that line
    or later (nushell keeps a null there, which it passes to no program)."""
    session, _ = inherited
    with session() as s:
        line = tmp_path / "in-line.env"
        step = s.run(f"ccswitch use g; $env.ANTHROPIC_BASE_URL = 'x'; ccswitch use g; ccswitch reset; ^env -0 out> '{line}'")
        assert step.segment is None, step.out
        assert "ANTHROPIC_BASE_URL" not in parse_env0(line.read_bytes())
        assert "ANTHROPIC_BASE_URL" not in s.env()
        assert nu_has(s, "ANTHROPIC_BASE_URL")[1] is None


def test_nu_prompt_hook_removes_an_inherited_variable(inherited):
    """From the pre_prompt hook: entering a project whose route unsets it, after it was
    reassigned in the same line."""
    session, project = inherited
    with session() as s:
        step = s.run(f"ccswitch use g; $env.ANTHROPIC_BASE_URL = 'y'; ccswitch use g; cd '{project}'")
        assert step.segment == "beta", step.out
        assert "ANTHROPIC_BASE_URL" not in s.env()
        assert nu_has(s, "ANTHROPIC_BASE_URL") == (False, None)


def test_nu_script_reset_removes_an_inherited_variable(routes, tmp_path):
    """A script is one evaluation: the same as one line."""
    nu = need("nu")
    hook = tmp_path / "ccswitch.nu"
    hook.write_text(routes.ok("init", "nu").out)
    dump = tmp_path / "script.env"
    script = tmp_path / "script.nu"
    script.write_text(f"source '{hook}'\nccswitch use g\nccswitch use g\nccswitch reset\n^env -0 out> '{dump}'\n")
    env = dict(routes, ANTHROPIC_BASE_URL="https://inherited.example")
    done = subprocess.run([nu, "--no-config-file", str(script)], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    after = parse_env0(dump.read_bytes())
    assert "ANTHROPIC_BASE_URL" not in after and "CCSWITCH_ROUTE" not in after
