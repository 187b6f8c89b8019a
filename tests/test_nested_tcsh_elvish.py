"""Nested shells under the tcsh and elvish hooks: a hooked tcsh (resp. elvish) on a pty (see
hookkit), on route alpha, starts shells of other kinds that switch the way the README says, with
no --shell:

* `bash --norc -c 'eval "$(ccswitch use beta)"; env -0 > FILE'`,
* `fish --no-config -c 'ccswitch use beta | source; env -0 > FILE'`,
* an interactive `fish --no-config` on the same terminal, typing `ccswitch use beta | source`.

Each child gets its own shell's code (detection asks the process tree, and nothing the hook set
may fool it: the hooks export nothing), its environment is exactly the parent's with the route
part replaced by beta's, and the parent is unchanged afterwards, on alpha at its prompt.
"""

import pytest

from conftest import need
from hookkit import ALPHA, BETA, DRIVERS, Session, quiet, route_part, two_routes
from shellkit import parse_env0

CHILD_PROMPT = "child> "


def rest(env):
    route = route_part(env)
    return {k: v for k, v in quiet(env).items() if k not in route}


@pytest.fixture
def routes(env):
    return two_routes(env)


@pytest.mark.parametrize("parent", ["tcsh", "elvish"])
def test_children_of_a_hooked_shell_get_their_own_code(routes, parent, tmp_path):
    bash, fish = need("bash"), need("fish")
    s = Session(DRIVERS[parent], routes, tmp_path, cwd=tmp_path)
    try:
        step = s.run("ccswitch use alpha")
        assert step.segment == "alpha", step.out
        before = s.env()
        assert route_part(before) == ALPHA
        assert "CCSWITCH_SHELL" not in before

        # Lines typed into tcsh and elvish alike: single quotes outside, double quotes inside.
        files = {name: tmp_path / f"{parent}-child-{name}" for name in ("bash", "fish", "fish-i")}
        children = {
            "bash": f"""'{bash}' --norc -c 'eval "$(ccswitch use beta)"; env -0 > "{files['bash']}"'""",
            "fish": f"""'{fish}' --no-config -c 'ccswitch use beta | source; env -0 > "{files['fish']}"'""",
        }
        for child, line in children.items():
            step = s.run(line)
            assert "not found" not in step.out and "rror" not in step.out, (child, step.out)
            assert step.segment == "alpha", (child, step.out)
            got = parse_env0(files[child].read_bytes())
            assert route_part(got) == BETA, (child, step.out)
            assert rest(got) == rest(before), child

        # An interactive fish on the same terminal, no hook: its prompt is CHILD_PROMPT, written
        # so that the echo of the line starting it does not show it.
        half = len(CHILD_PROMPT) // 2
        s.child.sendline(f"""'{fish}' --no-config -i -C "function fish_prompt; printf '%s%s' '{CHILD_PROMPT[:half]}' '{CHILD_PROMPT[half:]}'; end\"""")
        s.child.expect_exact(CHILD_PROMPT)
        s.child.sendline(f"ccswitch use beta | source; env -0 > '{files['fish-i']}'; echo 'FISH-''DONE'")
        s.child.expect_exact("FISH-DONE")
        s.child.expect_exact(CHILD_PROMPT)
        step = s.run("exit")  # the fish child's; then the parent's next prompt
        assert step.segment == "alpha", step.out
        got = parse_env0(files["fish-i"].read_bytes())
        assert route_part(got) == BETA
        assert rest(got) == rest(before)

        after = s.env()
        assert after == before, f"a child of the hooked {parent} changed it"
        assert s.run("true").segment == "alpha"
    finally:
        s.close()
