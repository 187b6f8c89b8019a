"""The habits users bring from kubectx, direnv and the like: `ccswitch` alone lists the routes,
`use -` goes back, a near miss gets "did you mean", and `status` is a gate a CI step can use."""

import json
import subprocess
import sys

import pytest

from conftest import CANARY, need
from truthkit import tenv  # noqa: F401  (the fixture)


@pytest.fixture
def routes(env):
    env.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5")
    env.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    return env


def in_bash(env, script):
    done = subprocess.run([need("bash"), "--norc", "--noprofile", "-c", script], env=dict(env), capture_output=True, timeout=60)
    return done.stdout.decode(), done.stderr.decode(), done.returncode


# ----------------------------------------------------------------------------- the list, and back


def test_ccswitch_alone_lists_the_routes_with_the_current_one(routes):
    done = routes.run(env={"CCSWITCH_ROUTE": "beta"})
    assert done.returncode == 0, done.err
    lines = done.out.splitlines()
    assert [line[2:].split()[0] for line in lines] == ["login", "alpha", "beta"]
    assert [line[0] for line in lines] == [" ", " ", "*"]
    assert done.out == routes.run("list", env={"CCSWITCH_ROUTE": "beta"}).out


def test_use_dash_goes_back_and_forth(routes):
    out, err, rc = in_bash(routes, """
        eval "$(ccswitch use alpha)"; eval "$(ccswitch use beta)"
        eval "$(ccswitch use -)"; echo "1=$CCSWITCH_ROUTE"
        eval "$(ccswitch use -)"; echo "2=$CCSWITCH_ROUTE"
        eval "$(ccswitch reset)"; eval "$(ccswitch use -)"; echo "3=$CCSWITCH_ROUTE ${CLAUDE_CODE_USE_BEDROCK-}"
        eval "$(ccswitch use -)"; echo "4=${CCSWITCH_ROUTE-login}"
    """)
    assert rc == 0, err
    assert out.split() == ["1=alpha", "2=beta", "3=beta", "1", "4=login"]


def test_use_dash_on_the_fast_path_and_through_click_alike(routes):
    env = {"CCSWITCH_PREVIOUS": "alpha", "CCSWITCH_ROUTE": "beta"}
    fast = routes.run("use", "-", "--shell", "json", env=env)
    slow = routes.run("use", "--shell=json", "-", env=env)  # an option before the name: click parses it
    assert fast.returncode == 0 and slow.returncode == 0, fast.err + slow.err
    assert json.loads(fast.out)["set"]["CCSWITCH_ROUTE"] == "alpha" == json.loads(slow.out)["set"]["CCSWITCH_ROUTE"]
    assert json.loads(fast.out)["set"]["CCSWITCH_PREVIOUS"] == "beta"


@pytest.mark.parametrize("previous, message", [
    (None, "no previous route"),
    ("", "no previous route"),
    ("$(touch /tmp/ccswitch-pwned)", "does not hold a route name"),
    ("gone", "no route named 'gone'"),
])
def test_use_dash_without_a_previous_route_prints_nothing(routes, previous, message):
    env = {} if previous is None else {"CCSWITCH_PREVIOUS": previous}
    done = routes.run("use", "-", "--shell", "bash", env=env)
    assert done.returncode == 2 and done.out == "" and message in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert "add - " not in done.err  # never suggests creating an invalid name


def test_a_project_route_is_not_a_previous_route(routes):
    plan = json.loads(routes.ok("use", "alpha", "--shell", "json", env={"CCSWITCH_ROUTE": "dir:client"}).out)
    assert "CCSWITCH_PREVIOUS" not in plan["set"]  # a project is left by cd, not by `use -`


# ----------------------------------------------------------------------------- did you mean


@pytest.mark.parametrize("args, hint", [
    (["use", "alpah"], "did you mean 'alpha'?"),
    (["show", "bet"], "did you mean 'beta'?"),
    (["add", "x", "--kind", "gatway"], "did you mean 'gateway'?"),
    (["use", "alpha", "--shell", "bsh"], "did you mean 'bash'?"),
    (["init", "fsh"], "did you mean 'fish'?"),
    (["export", "alpha", "--format", "jsn"], "did you mean 'json'?"),
    (["lst"], "Did you mean 'list'?"),
    (["status", "--jsn"], "Did you mean '--json'?"),
])
def test_did_you_mean(routes, args, hint):
    done = routes.run(*args)
    assert done.returncode == 2 and done.out == ""
    assert hint in done.err and len(done.err.strip().splitlines()) == 1, done.err


def test_no_suggestion_for_a_far_miss(routes):
    done = routes.run("use", "zzzzzz")
    assert done.returncode == 2 and "did you mean" not in done.err


# ----------------------------------------------------------------------------- status as a CI gate


def test_status_exits_1_with_no_credential_at_all(tenv):
    r = tenv.run("status")
    assert r.returncode == 1 and "no credential" in r.err
    assert tenv.run("status", env={"ANTHROPIC_API_KEY": CANARY}).returncode == 0


def test_status_expect_holds_only_for_the_route_really_taken(tenv, tmp_path):
    tenv.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-env", "GW_TOKEN")
    plan = json.loads(tenv.ok("use", "gw", "--shell", "json", env={"GW_TOKEN": CANARY}).out)["set"]
    assert tenv.run("status", "--expect", "gw", env=plan).returncode == 0
    assert tenv.run("status", "--expect-kind", "gateway", env=plan).returncode == 0
    other = tenv.run("status", "--expect", "other", env=plan)
    assert other.returncode == 1 and "expected route 'other', but this shell is on 'gw'" in other.err
    kind = tenv.run("status", "--expect-kind", "bedrock", env=plan)
    assert kind.returncode == 1 and "takes a gateway route" in kind.err
    # drift: the shell says gw, but its token was changed by hand
    drifted = tenv.run("status", "--expect", "gw", env={**plan, "ANTHROPIC_BASE_URL": "https://elsewhere.example.test"})
    assert drifted.returncode == 1 and "does not hold" in drifted.err
    # a settings env block shadows the route: the gate fails, naming the file
    project = tmp_path / "proj"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://shadow.example.test"}}))
    shadowed = tenv.run("status", "--expect", "gw", env=plan, cwd=project)
    assert shadowed.returncode == 1 and "settings.json" in shadowed.err
    assert CANARY not in other.err + kind.err + drifted.err + shadowed.err


# ----------------------------------------------------------------------------- GitHub Actions


def _runner_masks(stderr):
    """What the Actions runner registers from a step's output: it reads workflow commands from
    stdout and stderr alike (actions/runner ScriptHandler: an OutputManager on each stream), a
    command at the start of a line, its data unescaped (%25 %0D %0A)."""
    masks = []
    for line in stderr.split("\n"):
        if line.startswith("::add-mask::"):
            masks.append(line[len("::add-mask::"):].replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%"))
    return masks


def test_gha_masks_every_secret_on_stderr_while_stdout_goes_to_github_env(tenv, tmp_path):
    token = "gw-%-token-" + CANARY
    headers = "X-Org: acme\nX-Key: " + CANARY + "-header\r"
    tenv.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-env", "GW_TOKEN",
            "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=env:GW_HEADERS")
    github_env = tmp_path / "github_env"
    env = dict(tenv, GITHUB_ACTIONS="true", GW_TOKEN=token, GW_HEADERS=headers.rstrip("\r"), CCSWITCH_QUIET="1")
    with open(github_env, "w") as out:
        done = subprocess.run([tenv_bin(), "use", "gw", "--shell", "gha"], env=env, stdout=out, stderr=subprocess.PIPE, timeout=30)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    masks = _runner_masks(err)
    for secret in (token, *headers.rstrip("\r").split("\n")):
        assert secret in masks, (secret, masks)
    assert "gw.example.test" not in "".join(masks)  # only secrets are masked
    text = github_env.read_text()
    assert "::" not in text  # the env file holds variables only
    assert f"ANTHROPIC_AUTH_TOKEN={token}\n" in text


def test_gha_masks_only_on_a_runner(tenv, tmp_path):
    tenv.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-env", "GW_TOKEN")
    done = tenv.run("use", "gw", "--shell", "gha", env={"GW_TOKEN": CANARY})
    assert done.returncode == 0 and "::add-mask::" not in done.err and CANARY not in done.err


def tenv_bin():
    from conftest import CCSWITCH

    return CCSWITCH


# ----------------------------------------------------------------------------- rm asks, and says what it breaks


@pytest.mark.parametrize("answer, kept", [("n", True), ("y", False)])
def test_rm_asks_on_a_terminal(routes, answer, kept):
    from conftest import run_on_pty

    code, shown, sent = run_on_pty(routes, "rm", "alpha", answer=answer, prompt=b"[y/N]")
    assert sent, shown
    assert b"delete route 'alpha' and its keyring secrets?" in shown
    assert ("alpha" in routes.ok("list", "--names").out.split()) is kept
    assert code == (1 if kept else 0)


def test_rm_yes_and_rm_in_a_script_do_not_ask(routes):
    from conftest import run_on_pty

    code, shown, _ = run_on_pty(routes, "rm", "alpha", "--yes")
    assert code == 0 and b"[y/N]" not in shown
    done = routes.run("rm", "beta")  # not a terminal: a script is not asked
    assert done.returncode == 0 and "removed route 'beta'" in done.err


def test_rm_and_rename_name_the_allowed_files_they_break(routes, tmp_path):
    project = tmp_path / "client"
    project.mkdir()
    (project / ".ccswitch").write_text('route = "alpha"\n')
    routes.ok("allow", str(project))
    other = tmp_path / "other"
    other.mkdir()
    (other / ".ccswitch").write_text('route = "beta"\n')
    routes.ok("allow", str(other))
    renamed = routes.run("rename", "alpha", "alpha2")
    assert renamed.returncode == 0
    assert f"{project / '.ccswitch'} names route 'alpha'" in renamed.err and str(other) not in renamed.err
    gone = routes.run("rm", "beta", "--yes")
    assert gone.returncode == 0 and f"{other / '.ccswitch'} names route 'beta'" in gone.err
    (project / ".ccswitch").write_text('route = "alpha2"\n')  # edited: no longer allowed, so not counted
    assert "names route" not in routes.run("rm", "alpha2", "--yes").err


# ----------------------------------------------------------------------------- status on a project's team route


def test_status_has_no_false_drift_on_a_team_route(tenv, tmp_path):
    project = tmp_path / "client"
    project.mkdir()
    ccfile = project / ".ccswitch"
    ccfile.write_text('[route]\nname = "client"\nkind = "vertex"\nproject = "client-proj"\nregion = "us-east5"\n')
    tenv.ok("allow", str(project))
    plan = json.loads(tenv.ok("dir", "--shell", "json", "--", str(ccfile), cwd=project).out)
    shell = {k: v for k, v in plan["set"].items()}
    assert shell["CCSWITCH_ROUTE"] == "dir:client"
    data = tenv.status(env=shell, cwd=project)
    assert "drift" not in {w["code"] for w in data["warnings"]}, data["warnings"]
    assert data["route"]["drift"] == [] and data["kind"] == "vertex"

    moved = tenv.status(env={**shell, "CLOUD_ML_REGION": "europe-west1"}, cwd=project)
    (w,) = [w for w in moved["warnings"] if w["code"] == "drift"]
    assert "CLOUD_ML_REGION" in w["message"] and "ccswitch use dir:" not in w["message"]  # a fix that can run
    assert "enter it again" in w["message"]

    ccfile.write_text(ccfile.read_text() + "# edited\n")  # no longer allowed
    edited = tenv.status(env=shell, cwd=project)
    (w,) = [w for w in edited["warnings"] if w["code"] == "drift"]
    assert "changed since it was allowed" in w["message"]


# ----------------------------------------------------------------------------- colour


ESC = "\x1b["


def test_colour_on_a_terminal_only_and_never_with_no_color(routes):
    from conftest import run_on_pty

    on = dict(routes, CCSWITCH_ROUTE="alpha", TERM="xterm")
    _code, shown, _ = run_on_pty(on, "list")
    assert b"\x1b[1;32malpha" in shown  # the current route, bold green
    _code, shown, _ = run_on_pty(dict(on, NO_COLOR="1"), "list")
    assert b"\x1b[" not in shown
    _code, shown, _ = run_on_pty(on, "list", "--color", "never")
    assert b"\x1b[" not in shown
    piped = routes.run("list", env={"CCSWITCH_ROUTE": "alpha"})
    assert ESC not in piped.out  # not a terminal
    forced = routes.run("list", "--color", "always", env={"CCSWITCH_ROUTE": "alpha", "NO_COLOR": "1"})
    assert f"{ESC}1;32malpha" in forced.out  # asked for by name: always wins
    alone = routes.run("--color", "always", env={"CCSWITCH_ROUTE": "alpha"})
    assert f"{ESC}1;32malpha" in alone.out


def test_doctor_and_status_colour_what_matters(tenv):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "p", "--region", "us-east5")
    doc = tenv.run("doctor", "--color", "always", env={"CLAUDE_CONFIG_DIR": ""})
    assert f"{ESC}31;1mFAIL{ESC}0m" in doc.out
    assert ESC not in tenv.run("doctor", env={"CLAUDE_CONFIG_DIR": ""}).out
    st = tenv.run("status", "--color", "always", env={"CCSWITCH_ROUTE": "v", "ANTHROPIC_API_KEY": "k" * 24})
    assert f"{ESC}1;36mv{ESC}0m" in st.out and f"{ESC}1;33m!{ESC}0m" in st.out
    assert ESC not in tenv.run("status", "--json", "--color", "always", env={"ANTHROPIC_API_KEY": "k" * 24}).out


# ----------------------------------------------------------------------------- the picker


def _hooked_bash(routes, **extra):
    import pexpect

    env = dict(routes, TERM="xterm", PS1="$ ", **extra)
    term = pexpect.spawn(need("bash"), ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=20, dimensions=(30, 120))
    term.expect(r"\$ ")
    term.sendline('eval "$(ccswitch init bash)"')
    term.expect(r"\$ ")
    return term


def _route_of(term):
    term.sendline('echo "R=[${CCSWITCH_ROUTE-}]"')
    term.expect(r"R=\[([\w.-]*)\]")
    return term.match.group(1)


def test_use_without_a_name_offers_a_numbered_menu(routes):
    term = _hooked_bash(routes, CCSWITCH_PICKER="menu")
    try:
        term.sendline("ccswitch use")
        term.expect("Enter cancels")
        assert "2) alpha  (vertex" in term.before and "* 1) login" in term.before
        term.sendline("2")
        term.expect(r"\$ ")
        assert _route_of(term) == "alpha"
        term.sendline("ccswitch use")  # Enter alone cancels: nothing changes
        term.expect("Enter cancels")
        term.sendline("")
        term.expect("no route picked")
        term.expect(r"\$ ")
        assert _route_of(term) == "alpha"
        term.sendline("ccswitch use")  # a name typed instead of a number
        term.expect("Enter cancels")
        term.sendline("beta")
        term.expect(r"\$ ")
        assert _route_of(term) == "beta"
    finally:
        term.terminate(force=True)


def test_use_without_a_name_picks_with_fzf(routes):
    need("fzf")
    term = _hooked_bash(routes)
    try:
        term.sendline("ccswitch use")
        while term.expect([r"\x1b\[6n", "route>"]) == 0:
            term.send("\x1b[1;1R")  # fzf asks where the cursor is; a terminal answers
        term.send("bet")
        term.send("\r")
        term.expect(r"\$ ")
        assert _route_of(term) == "beta"
    finally:
        term.terminate(force=True)


def test_use_without_a_name_and_no_terminal_is_an_error(routes):
    done = routes.run("use", "--shell", "bash")
    assert done.returncode == 2 and done.out == "" and "give a route name" in done.err


# ----------------------------------------------------------------------------- examples in every --help


def _commands():
    import click

    from ccswitch.cli import cli

    def walk(cmd, path):
        if path and not cmd.hidden:
            yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    return list(walk(cli, []))


def _invocations(help_text):
    """The ccswitch command lines in a help's examples (up to a pipe, a redirection, a comment
    or the end of a command substitution)."""
    import re
    import shlex

    block = help_text.split("Examples:", 1)[1]
    found = []
    for line in block.splitlines():
        for m in re.finditer(r"\bccswitch ", line):
            rest = re.split(r"\)|\||\s#|<|>|&&|`", line[m.end():])[0]
            try:
                words = shlex.split(rest)
            except ValueError:
                words = shlex.split(rest.split('"')[0])
            found.append(words)
    return found


@pytest.mark.parametrize("path, cmd", _commands(), ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_every_command_has_examples_that_parse(path, cmd):
    import click

    from ccswitch.cli import cli

    assert "Examples:" in (cmd.help or ""), f"`ccswitch {' '.join(path)} --help` has no examples"
    examples = _invocations(cmd.help)
    assert examples, path
    for words in examples:
        target, args, parent = cli, list(words), None
        ctx = cli.make_context("ccswitch", [], resilient_parsing=True)
        while isinstance(target, click.Group) and args and not args[0].startswith("-"):
            sub = target.get_command(ctx, args[0])
            assert sub is not None, (path, words)
            parent, target, args = target, sub, args[1:]
        assert target.make_context(target.name, args, parent=ctx) is not None  # options and choices parse


# ----------------------------------------------------------------------------- the man page


def test_the_man_page_is_written_from_the_cli_and_current():
    done = subprocess.run([sys.executable, "-m", "ccswitch.manpage", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    from ccswitch import manpage

    page = manpage.render()
    for path, cmd in _commands():
        assert f".SS {' '.join(path)}" in page.replace("\\-", "-"), path
    assert "\\-\\-expect" in page and "Examples:" in page  # options and examples, from the tree
    for line in page.splitlines():
        assert not line.startswith("'") and not (line.startswith(".") and line[1:2].islower() and not line.startswith((".nf", ".fi"))), line
