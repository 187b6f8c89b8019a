"""Code evaluated by the wrong shell changes nothing (README: "Code for the wrong shell changes nothing").

For every ordered pair (dialect A that ccswitch writes, real shell B that A is not meant for),
B starts with a dirty environment, evaluates `ccswitch use gw --shell A` the way B loads ccswitch
code (tests/shellkit.py), and then:

* its environment is exactly what it was (B's own bookkeeping aside), and a POSIX shell's options
  (`$-`: errexit, xtrace…) too;
* no secret of the route is on B's stdout or stderr (an error message quoting the line that holds
  it, xtrace…);
* no command inside a value ran (the route's values hold `$(touch FILE)` and a backquoted one).

Each dialect's first line is a guard: a no-op in its own shell that stops every other shell on
that line, before anything is set or unset.  Where a pair truly cannot hold, the test is an
`xfail(strict=True)` that names the reason, so the limit is documented and a fix is noticed.
Each pair runs with two routes: one of plain values, where only the guard can stop B, and one of
hostile values (the most hostile of a few candidates A can hold), which must not get through
either.
"""

import pytest

from ccswitch import shells
from ccswitch.errors import UsageError
from ccswitch.switch import Plan
from shellkit import SHELLS, parse_env0

# dialect (the --shell value written) -> the real shells it is meant for
DIALECTS = {
    "sh": {"bash", "zsh", "dash", "ksh", "sh"},
    "fish": {"fish"},
    "tcsh": {"tcsh", "csh"},
    "elvish": {"elvish"},
    "xonsh": {"xonsh"},
    "nu": {"nu"},
    "pwsh": set(),  # PowerShell cannot run here: its text goes through every real shell
    "cmd": set(),  # nor cmd.exe
}
# the first line of each dialect (nu is JSON, which admits no guard)
GUARDS = {
    "sh": ": \\) ${-}",
    "fish": "true (true) \\)",
    "tcsh": "if (0) end \\)",
    "elvish": "if $false { }",
    "xonsh": "'\\')' in ${...}",
    "pwsh": "& { @() }",
    "cmd": ";)",
}
PAIRS = [(a, b) for a in DIALECTS for b in SHELLS if b not in DIALECTS[a]]
POSIX = {"bash", "zsh", "dash", "ksh", "sh"}

SECRET = "gw-secret-5b8e1d"  # the start of the route's secret: must never be shown
# what a shell may change by itself between two dumps of its environment
BOOKKEEPING = {"_", "SHLVL", "PWD", "OLDPWD", "LAST_EXIT_CODE"}

# Pairs that cannot hold, and why.
NU_JSON = "nu's output is one line of JSON (every value in it), and JSON admits no guard line"
ROUTES = ("plain", "hostile")
# (A, B) -> (why it cannot hold, the routes it fails with)
SHOWN = {
    ("nu", "fish"): (f"{NU_JSON}: fish quotes the whole line, secret included, in its error message", ROUTES),
    ("nu", "elvish"): (f"{NU_JSON}: elvish quotes the whole line, secret included, in its error message", ROUTES),
}
# nu's JSON writes `$` and backquote as \u escapes, so no pair runs a command inside a value.
RAN = {}


def cases(xfails):
    params = []
    for route in ROUTES:
        for a, b in PAIRS:
            reason, routes = xfails.get((a, b), (None, ()))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if route in routes else []
            params.append(pytest.param(route, a, b, id=f"{route}-{a}-in-{b}", marks=marks))
    return params


def hostile(mark, ran):
    """The most hostile value first: quotes of every kind, command substitutions that leave a
    trace, history and cmd.exe expansions, brackets, a trailing backslash, a newline."""
    run = f"$(touch {ran}) `touch {ran}`"
    return [
        f"{mark}-it's {run} \"q\" !! !$ %PATH% ${{HOME}} {{x}}[y](z);&|<># \\\nline 2\\",
        f"{mark}-it's {run} \"q\" !! !$ %PATH% ${{HOME}} {{x}}[y](z);&|<># \\",  # csh: no newline
        f"{mark}-it's {run} ${{HOME}} {{x}}[y](z);&|<># \\",  # cmd.exe: no " % ! nor newline
    ]


def held(dialect, candidates):
    """The first candidate value `dialect` can hold."""
    for value in candidates:
        try:
            shells.render(dialect, Plan([], [("V", value)], "r").validate())
        except UsageError:
            continue
        return value
    raise AssertionError(f"{dialect} holds none of {candidates!r}")


def outcome(route, a, b, env, tmp_path):
    """Shell b evaluates `ccswitch use gw --shell a` its own way, from a dirty environment.
    Returns (environment before, after, what b printed, whether a command in a value ran)."""
    shell = SHELLS[b]
    ran = tmp_path / "ran"
    if route == "plain":
        secret, model, proxy = f"{SECRET}-plain", "model-m", "http://proxy.example:3128"
    else:
        secret, model, proxy = held(a, hostile(SECRET, ran)), "model-'m'", held(a, hostile("proxy", ran))
    env.ok(
        "add", "gw", "--kind", "gateway", "--base-url", "https://gw.example", "--secret-env", "GW_TOKEN",
        "--model", model, "--set", "AWS_PROFILE=route-profile", "--set", f"HTTPS_PROXY={proxy}",
    )
    dirty = dict(env)
    dirty.update(
        GW_TOKEN=secret,
        ANTHROPIC_API_KEY="stale-key",
        ANTHROPIC_BASE_URL="https://stale.example",
        AWS_PROFILE="users-own",
        CCSWITCH_ROUTE="old",
    )
    before, after = tmp_path / "before", tmp_path / "after"
    apply = shell.apply_cmd.format(cmd=f"ccswitch use gw --shell {a}")
    if b in POSIX:
        # A syntax error in `eval` ends a non-interactive dash or sh (an interactive one goes on
        # to its next prompt): read the environment and the options at exit.
        lines = [
            f"printf '%s' \"$-\" > '{tmp_path / 'opts-before'}'",
            shell.dump.format(path=before),
            f"dump_at_exit() {{ {shell.dump.format(path=after)}; printf '%s' \"$-\" > '{tmp_path / 'opts-after'}'; }}",
            "trap dump_at_exit EXIT",
            apply,
        ]
    elif b == "elvish":
        # as interactive elvish reports an exception, with its source excerpt
        lines = [shell.dump.format(path=before), f"try {{ eval (ccswitch use gw --shell {a} | slurp) }} catch e {{ show $e }}", shell.dump.format(path=after)]
    elif b == "nu":
        # Read the environment inside the `try` block, where hide-env/load-env took effect; then
        # apply once more outside it, for the error message nu shows a user.
        dump = shell.dump.format(path=after)
        lines = [shell.dump.format(path=before), f"try {{ {apply}; {dump} }} catch {{ {dump} }}", apply]
    else:
        lines = [shell.dump.format(path=before), apply, shell.dump.format(path=after)]
    done = shell.run(lines, dirty)
    printed = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert after.exists(), f"{b} did not get to read its environment: {printed[-2000:]}"
    env_before, env_after = parse_env0(before.read_bytes()), parse_env0(after.read_bytes())
    if b in POSIX:
        env_before["$-"] = (tmp_path / "opts-before").read_text()
        env_after["$-"] = (tmp_path / "opts-after").read_text()
    return env_before, env_after, printed, ran.exists()


@pytest.mark.parametrize("route, a, b", cases({}))
def test_environment_is_unchanged(route, a, b, env, tmp_path):
    env_before, env_after, printed, _ = outcome(route, a, b, env, tmp_path)
    changed = {k for k in env_before.keys() | env_after.keys() if env_before.get(k) != env_after.get(k)} - BOOKKEEPING
    assert not changed, f"{a} code changed {sorted(changed)} in {b}: {printed[-2000:]}"
    assert env_after["CCSWITCH_ROUTE"] == "old" and env_after["ANTHROPIC_API_KEY"] == "stale-key"


@pytest.mark.parametrize("route, a, b", cases(SHOWN))
def test_no_secret_is_shown(route, a, b, env, tmp_path):
    _, _, printed, _ = outcome(route, a, b, env, tmp_path)
    assert SECRET not in printed, printed[-2000:]


@pytest.mark.parametrize("route, a, b", cases(RAN))
def test_no_command_in_a_value_runs(route, a, b, env, tmp_path):
    _, _, printed, ran = outcome(route, a, b, env, tmp_path)
    assert not ran, printed[-2000:]


# ----------------------------------------------------------------------------- the guards


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_every_name_of_a_dialect_writes_its_guard_first(dialect):
    plan = Plan(["OLD"], [("A", "1")], "r").validate()
    code = shells.render(dialect, plan)
    names = shells.get(dialect).names if dialect != "sh" else ("bash", "zsh", "sh", "dash", "ksh")
    for name in names:
        assert shells.render(name, plan) == code
    if dialect == "nu":
        assert code.startswith("{")
        return
    assert code.splitlines()[0] == GUARDS[dialect]
    empty = shells.render(dialect, Plan([], [], "r").validate())  # a `dir` step that changes nothing
    assert empty.splitlines()[0] == GUARDS[dialect]


def test_fish_switch_ends_with_status_0(env):
    """`set -e -U` of a missing universal is status 4, and `set -gx` passes a status on: a switch
    that worked must still end with 0, or `ccswitch use gw | source; and …` would stop."""
    env.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example", "--secret-env", "GW_TOKEN")
    done = SHELLS["fish"].run(
        [
            "set -gx GW_TOKEN t",
            "ccswitch use gw --shell fish | source; echo use $status",
            "ccswitch reset --shell fish | source; echo reset $status",
            "ccswitch reset --shell fish | source; echo again $status",
        ],
        env,
    )
    assert done.stdout.decode().split("\n") == ["use 0", "reset 0", "again 0", ""], done.stderr.decode()
