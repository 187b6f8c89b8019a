"""Nested shells never mix: each hooked shell starting shells of every kind.

From each hooked shell of hookkit.DRIVERS on a pty, on route alpha:

* every real shell, unhooked, runs a script file that switches the way the README says with no
  --shell (`eval "$(ccswitch use beta)"`, `ccswitch use beta | source`, …), then back with
  reset: each gets its own shell's code (nothing the parent's hook set may fool detection), its
  environment after each step is exactly the route applied to what it inherited, and the parent
  is unchanged afterwards;
* each hooked shell, interactive on the same pty, started with its own hook (Session.inside),
  switches there and back: its environment after each step is exactly the route (and nothing
  else changes), its prompt shows it, and once it exits the parent is exactly as before and
  still switches.  The 7 x 7 pairs share one parent session per parent shell (a test that fails
  closes its parent; the next one starts another).  `ccswitch doctor` there names the inner
  shell's hook (the mark each hook gives doctor is its own shell's, never the parent's), and
  the parent's once back.

Every line is typed at the parent's own prompt, quoted for that shell (Driver.line), without
pexpect's pause before each (every line waits for a prompt, or for a token printed by the shell
that is to read it).
"""

import sys
from fnmatch import fnmatchcase

import pytest

from ccswitch import shells
from conftest import Env, need
from hookkit import ALPHA, BETA, DRIVERS, Session, quiet, route_part, two_routes
from shellkit import SHELLS, parse_env0
from test_doctor_hook import COMPLETION, doctor

PARENTS = list(DRIVERS)
# How each unhooked shell runs a script file (csh is tcsh here: the same program).
SCRIPT_ARGV = {
    "bash": ("bash", "--norc", "--noprofile"), "zsh": ("zsh", "-f"), "dash": ("dash",), "ksh": ("ksh",), "sh": ("sh",),
    "fish": ("fish", "--no-config"), "tcsh": ("tcsh", "-f"), "elvish": ("elvish", "-norc"),
    "nu": ("nu", "--no-config-file"), "xonsh": ("xonsh", "--no-rc"),
}
UNHOOKED = [name for name in SHELLS if name != "csh"]
# What a shell exports of its own, over what it inherited (patterns; the value a parent of
# another kind passed on may be replaced): ksh93 its variables' attributes, zsh and tcsh what
# they know of the system, nushell and xonsh their settings and the state of their run.  A
# child's environment, these aside, is compared with its parent's.
OWN = {
    "ksh": ("A__z",),
    "zsh": ("LOGNAME", "VENDOR", "OSTYPE"),
    "tcsh": ("GROUP", "HOST", "HOSTTYPE", "LOGNAME", "MACHTYPE", "NLSPATH", "OSTYPE", "VENDOR"),
    "nu": ("NU_VERSION", "CURRENT_FILE", "FILE_PWD", "PROCESS_PATH", "PROMPT_*", "TRANSIENT_PROMPT_*"),
    "xonsh": ("XONSH*", "ARG0", "ARGS", "BASH_COMPLETIONS", "COLOR_RESULTS", "HOSTNAME", "PROMPT", "SHELL_TYPE", "THREAD_SUBPROCS"),
}
# Words that take every quoting rule of a shell to pass on as they are.
AWKWARD = [
    "two words", "it's", 'say "hi"', "$HOME", "`true`", "!x", "a!b!", "back\\slash", "tail\\", "{x}", "#c",
    "a;b", "|&<>", "(1 + 2)", "@(x)", "r#'x'#", "'#", "~", "*", "", "é€",
]


@pytest.fixture
def routes(env):
    return two_routes(env)


def on_alpha(s):
    """Switch the parent session `s` to alpha; its environment then."""
    step = s.run("ccswitch use alpha")
    assert step.segment == "alpha", step.out
    before = s.env()
    assert route_part(before) == ALPHA
    assert "CCSWITCH_SHELL" not in before, "the hook exported its shell name to child shells"
    return before


def rest(env):
    """All but the route part (and the shells' own bookkeeping)."""
    return {k: v for k, v in quiet(env).items() if k not in route_part(env)}


def passed_on(child, env):
    """The rest of `env` but what a `child` shell exports of its own (OWN): in a child's
    environment, what it passed on of what it inherited; in its parent's, what it inherits."""
    return {k: v for k, v in rest(env).items() if not any(fnmatchcase(k, own) for own in OWN.get(child, ()))}


@pytest.mark.parametrize("parent", PARENTS)
def test_every_unhooked_shell_gets_its_own_code(routes, parent, tmp_path):
    s = Session(DRIVERS[parent], routes, tmp_path, cwd=tmp_path, delay=0)
    try:
        before = on_alpha(s)
        # the parent's typed line passes each word as it is
        words = tmp_path / "words"
        code = "import sys; open(sys.argv[1], 'wb').write(b'\\0'.join(a.encode() for a in sys.argv[2:]))"
        step = s.run(s.driver.line([sys.executable, "-c", code, str(words), *AWKWARD]))
        assert words.exists() and words.read_bytes().decode().split("\0") == AWKWARD, step.out

        for child in UNHOOKED:
            shell = SHELLS[child]
            program = need(SCRIPT_ARGV[child][0])
            dumps = [tmp_path / f"{parent}-{child}-{i}" for i in range(2)]
            script = tmp_path / f"{parent}-{child}.script"
            script.write_text(shell.script([
                shell.apply_cmd.format(cmd="ccswitch use beta"), shell.dump.format(path=dumps[0]),
                shell.apply_cmd.format(cmd="ccswitch reset"), shell.dump.format(path=dumps[1]),
            ]))
            step = s.run(s.driver.line([program, *SCRIPT_ARGV[child][1:], str(script)]))
            assert "Unknown command" not in step.out and "not found" not in step.out, (child, step.out)
            assert "rror" not in step.out, (child, step.out)
            assert "now on beta" in step.out and "now on login" in step.out, (child, step.out)
            on_beta, on_login = (parse_env0(d.read_bytes()) for d in dumps)
            assert route_part(on_beta) == BETA, (parent, child, step.out)
            assert route_part(on_login) == {}, (parent, child, step.out)
            # nothing but the route changed, and what it inherited is its parent's
            assert rest(on_beta) == rest(on_login), (parent, child)
            assert passed_on(child, on_beta) == passed_on(child, before), (parent, child)
            assert step.segment == "alpha"
            assert s.env() == before, f"{child} started from {parent} changed the parent"
    finally:
        s.close()


class Parents:
    """One hooked shell of each kind on a pty, shared by the tests that start a hooked child in
    it: each test takes it to alpha and starts from the environment it has then.  Lines are
    typed without pexpect's pause before each (every one waits for a prompt)."""

    def __init__(self, routes, base):
        self.routes, self.base, self.live = routes, base, {}

    def start(self, parent):
        for other in [name for name in self.live if name != parent]:
            self.drop(other)  # the tests of one parent run one after another
        if parent not in self.live:
            tmp = self.base / parent
            tmp.mkdir(exist_ok=True)
            self.live[parent] = Session(DRIVERS[parent], self.routes, tmp, cwd=tmp, delay=0)
        s = self.live[parent]
        s.sync()
        return s, on_alpha(s)

    def drop(self, parent):
        if parent in self.live:
            self.live.pop(parent).close()


@pytest.fixture(scope="module")
def parents(tmp_path_factory):
    base = tmp_path_factory.mktemp("nested")
    (base / "home").mkdir()
    shared = Parents(two_routes(Env(base / "home", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")), base)
    yield shared
    for name in list(shared.live):
        shared.drop(name)


@pytest.mark.parametrize("child", list(DRIVERS))
@pytest.mark.parametrize("parent", PARENTS)
def test_a_hooked_shell_inside_a_hooked_shell(parents, parent, child):
    passed = False
    try:
        s, before = parents.start(parent)
        inner = Session.inside(s, DRIVERS[child], parents.routes)
        assert inner.loaded.segment == "alpha", inner.loaded.out  # where the parent is
        first = inner.env()
        assert route_part(first) == ALPHA
        assert passed_on(child, first) == passed_on(child, before), (parent, child)

        step = inner.run("ccswitch use beta")
        assert step.segment == "beta" and "now on beta" in step.out, step.out
        on_beta = inner.env()
        assert route_part(on_beta) == BETA
        assert rest(on_beta) == rest(first)

        step = inner.run("ccswitch reset")
        assert step.segment is None and "now on login" in step.out, step.out
        on_login = inner.env()
        assert route_part(on_login) == {}
        assert rest(on_login) == rest(first)

        # doctor knows the hook of the shell it runs in: the inner one's mark, not the parent's
        data, shown = doctor(inner)
        rev = shells.get(child).hook_rev()
        assert data["hook"] == {"shell": child, "status": "current", "rev": rev, "expected": rev,
                                "completion": COMPLETION[child]}, (parent, child, shown)

        inner.leave(s, "alpha")
        assert s.env() == before, f"a hooked {child} inside {parent} changed the parent"
        step = s.run("ccswitch use beta")
        assert step.segment == "beta" and route_part(s.env()) == BETA
        data, shown = doctor(s)
        assert (data["hook"]["shell"], data["hook"]["status"]) == (parent, "current"), (parent, child, shown)
        passed = True
    finally:
        if not passed:  # with whatever is left running in it
            parents.drop(parent)
