"""Per-directory routes: trusted .ccswitch files, in real interactive bash, zsh and fish."""

import subprocess
import sys
from pathlib import Path

import pytest

from ccswitch.shells import MAIN
from conftest import CANARY, need
from shellkit import parse_env0


@pytest.fixture
def tree(kenv, tmp_path):
    """Routes, project folders and a ccswitch shim that logs every time the program runs."""
    e = kenv
    e.ok("add", "alpha", "--kind", "vertex", "--project", "pa", "--region", "us-east5")
    e.ok("add", "beta", "--kind", "bedrock", "--region", "eu-west-1")
    e.ok("add", "gamma", "--kind", "foundry", "--resource", "res-g")
    e.ok("add", "corp-gw", "--kind", "gateway", "--base-url", "https://gw.corp.example", "--secret-stdin", input="corp-token")
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
    e.ok("allow", str(p / "t"), "--secret-stdin", input=CANARY)
    shim_dir = tmp_path / "shim"
    shim_dir.mkdir()
    log = tmp_path / "runs.log"
    shim = shim_dir / "python"
    # The hooks start ccswitch's interpreter directly: a shim in its place logs each run.
    shim.write_text(f'#!/bin/sh\nshift 3; echo "$*" >> \'{log}\'\nexec \'{sys.executable}\' -I -c "$MAIN" "$@"\n'.replace("$MAIN", MAIN))
    shim.chmod(0o755)
    e.shim = str(shim)
    return e, p, log


SCENARIO = [
    ("start", "ccswitch use gamma"),
    ("enter", "cd {p}/a"),
    ("sub", "cd {p}/a/sub/deeper"),
    ("nested", "cd {p}/a/nested"),
    ("back", "cd {p}/a"),
    ("left", "cd {p}"),
    ("untrusted", "cd {p}/u"),
    ("again", "cd {p}/u"),
    ("unknown", "cd {p}/k"),
    ("team", "cd {p}/t"),
    ("out", "cd {p}/plain"),
    ("edited", "echo '# changed' >> {p}/a/.ccswitch; cd {p}/a"),
]

SHELLS = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], 'eval "$(ccswitch init bash)"', "env -0 > '{f}'; echo mark-{n} >> '{log}'"),
    "zsh": (["zsh", "-f", "-i"], 'eval "$(ccswitch init zsh)"', "env -0 > '{f}'; echo mark-{n} >> '{log}'"),
    "fish": (["fish", "--no-config", "-i"], "ccswitch init fish | source", "env -0 > '{f}'; echo mark-{n} >> '{log}'"),
}


@pytest.mark.parametrize("shell", list(SHELLS))
def test_routes_follow_the_directory(tree, shell, tmp_path):
    e, p, log = tree
    argv, load, dump = SHELLS[shell]
    program = need(argv[0])
    hook = tmp_path / f"hook.{shell}"
    hook.write_text(e.ok("init", shell).out.replace(sys.executable, e.shim))
    lines = [f"cd {p}", f"source '{hook}'", "echo mark-loaded >> '%s'" % log]
    for n, (label, step) in enumerate(SCENARIO):
        lines.append(step.format(p=p))
        lines.append("true")  # one more prompt, with the directory unchanged
        lines.append(dump.format(f=tmp_path / f"env-{label}", n=label, log=log))
    lines.append("exit 0")
    done = subprocess.run([program, *argv[1:]], input=("\n".join(lines) + "\n").encode(), env=dict(e),
                          capture_output=True, timeout=120, cwd=p)
    err = done.stderr.decode()
    env = {label: parse_env0((tmp_path / f"env-{label}").read_bytes()) for label, _ in SCENARIO}

    def route(label):
        return env[label].get("CCSWITCH_ROUTE")

    assert route("start") == "gamma"
    assert route("enter") == "alpha" and env["enter"]["CLAUDE_CODE_USE_VERTEX"] == "1"
    assert route("sub") == "alpha"
    assert route("nested") == "beta" and "CLAUDE_CODE_USE_VERTEX" not in env["nested"]
    assert route("back") == "alpha"
    assert route("left") == "gamma" and env["left"]["ANTHROPIC_FOUNDRY_RESOURCE"] == "res-g"
    assert route("untrusted") == "gamma"
    assert err.count(f"{p}/u/.ccswitch is not trusted") == 1, err
    assert "ccswitch allow" in err
    assert route("unknown") == "gamma"
    assert "names route 'nosuch', which is not in your store; staying on 'gamma'" in err
    assert route("team") == "dir:team"
    assert env["team"]["ANTHROPIC_BASE_URL"] == "https://gw.team.example"
    assert env["team"]["ANTHROPIC_AUTH_TOKEN"] == CANARY and env["team"]["ANTHROPIC_MODEL"] == "claude-team"
    assert route("out") == "gamma" and "ANTHROPIC_AUTH_TOKEN" not in env["out"]
    assert route("edited") == "gamma"
    assert f"{p}/a/.ccswitch is not trusted" in err

    # The program ran only where a .ccswitch file was found or left: never for a prompt in the
    # same folder, never for the subfolder of a project already applied.
    runs = log.read_text().splitlines()
    segments = {}
    label = "before"
    for line in runs:
        if line.startswith("mark-"):
            label = line[5:]
            continue
        segments.setdefault(label, []).append(line)
    # segments[X] holds what ran after the dump of step X, i.e. during the next step
    assert any(x.startswith("dir ") for x in segments.get("sub", [])), "the log misses the nested entry"
    assert not any(x.startswith("dir ") for x in segments.get("enter", [])), "a subfolder ran ccswitch again"
    assert not any(x.startswith("dir ") for x in segments.get("untrusted", [])), "re-entering the same folder ran ccswitch"
    assert not any(x.startswith("dir ") for x in segments.get("start", [])[1:]), "a prompt in the same folder ran ccswitch"


def test_allow_warns_before_a_secret_goes_to_a_new_host(tree):
    e, p, _log = tree
    (p / "t" / ".ccswitch").write_text('[route]\nkind = "gateway"\nbase_url = "https://evil.example"\n')
    r = e.run("allow", str(p / "t"), "--secret-from", "corp-gw")
    assert r.returncode == 0
    assert "WARNING" in r.err and "evil.example" in r.err and "gw.corp.example" in r.err
    assert "corp-token" not in r.err + r.out
    r = e.run("dir", "--shell", "bash", "--", str(p / "t" / ".ccswitch"))
    assert "export ANTHROPIC_AUTH_TOKEN='corp-token'" in r.out


def test_plain_http_and_secrets_in_the_file_are_called_out(tree):
    e, p, _log = tree
    (p / "t" / ".ccswitch").write_text('[route]\nkind = "gateway"\nbase_url = "http://gw.team.example"\n')
    r = e.run("allow", str(p / "t"), "--secret-stdin", input="x")
    assert "plain http" in r.err
    (p / "t" / ".ccswitch").write_text('[route]\nkind = "gateway"\nbase_url = "https://x.example"\n[route.secrets]\nANTHROPIC_AUTH_TOKEN = "keyring"\n')
    r = e.run("allow", str(p / "t"))
    assert r.returncode == 2 and "secrets never go in a .ccswitch file" in r.err


def test_deny_and_edit_revoke_trust(tree):
    e, p, _log = tree
    f = str(p / "a" / ".ccswitch")
    assert "CCSWITCH_ROUTE='alpha'" in e.ok("dir", "--shell", "sh", "--", f).out
    e.ok("deny", str(p / "a"))
    r = e.ok("dir", "--shell", "sh", "--", f)
    assert "CCSWITCH_ROUTE" not in r.out and "not trusted" in r.err
    e.ok("allow", str(p / "a"))
    Path(f).write_text('route = "beta"\n')
    r = e.ok("dir", "--shell", "sh", "--", f)
    assert "CCSWITCH_ROUTE" not in r.out and "not trusted" in r.err
    e.ok("allow", str(p / "a" / "sub"))  # a folder below finds the file above
    assert "CCSWITCH_ROUTE='beta'" in e.ok("dir", "--shell", "sh", "--", f).out
    allow_dir = Path(e["CCSWITCH_HOME"]) / "allow"
    assert all(CANARY not in x.read_text() for x in allow_dir.iterdir())


def test_no_ccswitch_file_is_a_clear_error(env, tmp_path):
    r = env.run("allow", str(tmp_path))
    assert r.returncode == 2 and "no .ccswitch file" in r.err and r.out == ""


# ----------------------------------------------------------------------------- the program's side of the hooks

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ccswitch import projects  # noqa: E402

_pieces = st.sampled_from([
    'route = "alpha"', "route=\"b-2.x_y\"", 'route = "login"', "route = 'alpha'", 'route = "a b"', 'route = "a#b"',
    '"route" = "alpha"', "[route]", 'kind = "gateway"', "# a comment", "#\x01bad", "# ünïcode", "\t", " ", "",
    'route = "alpha" # trailing', 'route = "alpha" x', "route =", '= "alpha"', "\ufeff", "\r", "\x7f", 'route = ""',
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_the_fast_reader_agrees_with_tomllib(lines, newline):
    """`route = "NAME"` files are read without the TOML parser (on the hooks' path); whatever the
    fast reader accepts, tomllib must read as exactly that route."""
    import tomllib

    data = newline.join(lines).encode()
    fast = projects._named_route(data)
    if fast is None:
        return
    assert tomllib.loads(data.decode()) == {"route": fast}


def test_forged_hook_state_is_ignored(env):
    """CCSWITCH_DIR_STATE is inherited input: a malformed value or bad route name is not used."""
    for forged in ("1;alpha", "2;a;b", "1;a;b;c", "1;alpha;$(touch x)", "1;alpha;../../etc", "1;;", "garbage"):
        assert projects.read_state({"CCSWITCH_DIR_STATE": forged}) == (None, None), forged
    assert projects.read_state({"CCSWITCH_DIR_STATE": "1;dir:team;work-gw"}) == ("dir:team", "work-gw")


def test_leaving_with_a_forged_state_does_not_switch(env, tmp_path):
    r = env.ok("dir", "--shell", "bash", "--", "", env={
        "CCSWITCH_ROUTE": "x", "CCSWITCH_DIR": str(tmp_path / ".ccswitch"), "CCSWITCH_DIR_STATE": "1;x;$(rm -rf ~)",
    })
    assert "unset -v CCSWITCH_DIR\n" in r.out and "unset -v CCSWITCH_DIR_STATE\n" in r.out
    assert "export" not in r.out and "CCSWITCH_ROUTE" not in r.out and "back on" not in r.err


def test_a_hostile_folder_name_is_printed_escaped(env, tmp_path):
    d = tmp_path / "evil\x1b]0;pwned\x07\x1b[31m"
    d.mkdir()
    (d / ".ccswitch").write_text('route = "alpha"\n')
    r = env.ok("dir", "--shell", "bash", "--", str(d / ".ccswitch"))
    assert "\x1b" not in r.err and "\x07" not in r.err
    assert "evil\\x1b]0;pwned\\x07\\x1b[31m/.ccswitch is not trusted" in r.err
    assert f"export CCSWITCH_DIR='{d}/.ccswitch'\n" in r.out  # the state, verbatim, as shell code
    assert "CCSWITCH_ROUTE" not in r.out


def test_dir_on_a_terminal_prints_no_code(tree):
    from conftest import run_on_pty

    e, p, _log = tree
    code, shown, _ = run_on_pty(e, "dir", "--shell", "bash", "--", str(p / "t" / ".ccswitch"))
    assert code == 1 and CANARY.encode() not in shown and b"export" not in shown


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet='route="=# \t\r\nalph-._\x01\x7f\'[]ü', max_size=40))
def test_the_fast_reader_agrees_with_tomllib_on_any_text(text):
    import tomllib

    fast = projects._named_route(text.encode())
    if fast is not None:
        assert tomllib.loads(text) == {"route": fast}


def test_allow_prints_a_hostile_path_escaped(env, tmp_path):
    d = tmp_path / "clone\x1b[2J\x1b]0;owned\x07"
    d.mkdir()
    (d / ".ccswitch").write_text('route = "alpha"\n')
    r = env.ok("allow", str(d))
    assert "\x1b" not in r.err and "\x07" not in r.err and "clone\\x1b[2J" in r.err
    r = env.run("deny", str(d / "nowhere\x1b[5m"))
    assert "\x1b" not in r.err
