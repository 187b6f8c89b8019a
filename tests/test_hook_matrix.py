"""Every hooked shell x every feature, on a real pseudo-terminal (see hookkit).

One scenario, run in each shell of hookkit.DRIVERS: switch, a failing switch, the prompt
segment at the same prompt, entering, leaving and nesting projects, an untrusted file, `allow`
applying at the next prompt, an edit revoking trust, a file naming an unknown route, a team
route whose secret is in the keyring, the one-line confirmations and CCSWITCH_QUIET, reset.
"""

import pytest

from conftest import CANARY
from hookkit import DRIVERS, Session, project_tree


@pytest.fixture
def tree(kenv, tmp_path):
    return kenv, project_tree(kenv, tmp_path, CANARY)


@pytest.mark.parametrize("shell", list(DRIVERS))
def test_every_feature(tree, shell, tmp_path):
    e, p = tree
    s = Session(DRIVERS[shell], e, tmp_path, cwd=tmp_path)
    try:
        assert s.loaded.segment is None and s.runs() == [], "loading the hook outside a project ran the program"

        # use: switched, a one-line confirmation, the prompt shows it at once
        step = s.run("ccswitch use gamma")
        assert step.segment == "gamma"
        assert "ccswitch: now on gamma (foundry, res-g)" in step.out
        env0 = s.env()
        assert env0["CCSWITCH_ROUTE"] == "gamma" and env0["ANTHROPIC_FOUNDRY_RESOURCE"] == "res-g"
        assert "CCSWITCH_SHELL" not in env0, "the hook exported its shell name to child shells"

        # a failing use: the message, a non-zero status, nothing changed
        step = s.run("ccswitch use nosuch")
        assert "no route named 'nosuch'" in step.out and step.segment == "gamma"
        assert s.status() != 0
        assert s.env() == env0

        # entering a trusted project: its route at the same prompt, and what leaving does
        s.runs()
        step = s.cd(p / "a")
        assert step.segment == "alpha", step.out
        assert "ccswitch: project route alpha; back to gamma on leave" in step.out
        assert s.env()["CLAUDE_CODE_USE_VERTEX"] == "1"
        assert len([r for r in s.runs() if r.startswith("dir ")]) == 1

        # a folder below: same file, the program does not run
        step = s.cd(p / "a" / "sub" / "deeper")
        assert step.segment == "alpha" and step.out.strip() == ""
        s.run(s.driver.noop)
        assert s.runs() == [], "a prompt below the project ran the program"

        # a nested project wins inside it; back in the outer one, the outer route
        assert s.cd(p / "a" / "nested").segment == "beta"
        assert "CLAUDE_CODE_USE_VERTEX" not in s.env()
        assert s.cd(p / "a").segment == "alpha"

        # leaving: the route from before the project
        step = s.cd(p)
        assert step.segment == "gamma" and "ccswitch: left the project; back on gamma" in step.out
        left = s.env()
        assert left["ANTHROPIC_FOUNDRY_RESOURCE"] == "res-g" and "CLAUDE_CODE_USE_VERTEX" not in left
        assert "CCSWITCH_DIR" not in left and "CCSWITCH_DIR_STATE" not in left

        # an untrusted file: said once, the route stays; `allow` applies at the next prompt
        step = s.cd(p / "u")
        assert step.segment == "gamma" and step.out.count("is not trusted") == 1
        assert s.run(s.driver.noop).out.strip() == ""
        step = s.run("ccswitch allow")
        assert step.segment == "beta", step.out
        assert "back to gamma on leave" in step.out
        assert s.cd(p).segment == "gamma"

        # an edit revokes trust: entering again keeps the route and says why
        s.run(s.driver.append.format(line="# changed", path=p / "a" / ".ccswitch"))
        step = s.cd(p / "a")
        assert step.segment == "gamma" and "is not trusted" in step.out
        s.cd(p)

        # a file naming a route that is not in the store keeps the route
        step = s.cd(p / "k")
        assert step.segment == "gamma" and "names route 'nosuch', which is not in your store; staying on 'gamma'" in step.out
        s.cd(p)

        # a team route: its secret from the keyring, gone again on leaving
        step = s.cd(p / "t")
        assert step.segment == "dir:team"
        team = s.env()
        assert team["ANTHROPIC_BASE_URL"] == "https://gw.team.example" and team["ANTHROPIC_AUTH_TOKEN"] == CANARY
        assert CANARY not in step.out
        assert s.cd(p / "plain").segment == "gamma"
        assert "ANTHROPIC_AUTH_TOKEN" not in s.env()

        # a switch by hand inside a project is kept on leaving
        s.cd(p / "a" / "nested")
        s.run("ccswitch use alpha")
        step = s.cd(p)
        assert step.segment == "alpha" and "back on" not in step.out

        # CCSWITCH_QUIET silences the confirmations, not the errors
        s.run(s.driver.export.format(name="CCSWITCH_QUIET", value="1"))
        step = s.run("ccswitch use beta")
        assert step.segment == "beta" and "now on" not in step.out
        assert "no route named" in s.run("ccswitch use nosuch").out

        # reset: back to the login route, nothing of any route left
        step = s.run("ccswitch reset")
        assert step.segment is None
        final = s.env()
        assert not {k for k in final if k.startswith(("CLAUDE_CODE_USE_", "ANTHROPIC_", "AWS_REGION"))}, final
        assert "CCSWITCH_ROUTE" not in final
    finally:
        s.close()
