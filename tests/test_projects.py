"""Per-directory routes: trusted .ccswitch files, allow and deny, and `ccswitch dir`, the
program's side of the hooks (the hooks themselves: tests/test_hook_matrix.py)."""

from pathlib import Path

import pytest

from conftest import CANARY
from hookkit import project_tree


@pytest.fixture
def tree(kenv, tmp_path):
    """The projects of hookkit.project_tree, and corp-gw, a gateway route with a keyring secret.
    (Entering and leaving them in every hooked shell: tests/test_hook_matrix.py.)"""
    p = project_tree(kenv, tmp_path, CANARY)
    kenv.ok("add", "corp-gw", "--kind", "gateway", "--base-url", "https://gw.corp.example", "--secret-stdin", input="corp-token")
    return kenv, p, None


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
    assert "plain http to gw.team.example" in r.err
    # the one rule of kinds.insecure_url: all of 127.0.0.0/8 is this machine
    (p / "t" / ".ccswitch").write_text('[route]\nkind = "gateway"\nbase_url = "http://127.0.0.2:8080"\n')
    assert "plain http" not in e.run("allow", str(p / "t"), "--secret-stdin", input="x").err
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


def test_a_route_whose_secret_cannot_be_had_keeps_the_route_and_says_why(env, tmp_path):
    """No keyring here: entering a project whose route needs one keeps the current route, with
    the reason, and records the file so the hook does not ask again at every prompt."""
    env.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example", "--secret-env", "GW_TOKEN")
    (tmp_path / ".ccswitch").write_text('route = "gw"\n')
    env.ok("allow", str(tmp_path))
    r = env.ok("dir", "--shell", "bash", "--", str(tmp_path / ".ccswitch"), env={"CCSWITCH_ROUTE": "x"})
    assert "GW_TOKEN" in r.err and "staying on 'x'" in r.err
    assert "CCSWITCH_ROUTE" not in r.out and f"export CCSWITCH_DIR='{tmp_path}/.ccswitch'" in r.out


def test_leaving_to_a_route_that_cannot_be_had_goes_to_login(env, tmp_path):
    env.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example", "--secret-env", "GW_TOKEN")
    r = env.ok("dir", "--shell", "bash", "--", "", env={
        "CCSWITCH_ROUTE": "alpha", "CCSWITCH_DIR": str(tmp_path / ".ccswitch"), "CCSWITCH_DIR_STATE": "1;alpha;gw",
    })
    assert "route 'gw' cannot be used now" in r.err and "back on login" in r.err
    assert "unset -v CCSWITCH_ROUTE" in r.out and "ANTHROPIC_AUTH_TOKEN=" not in r.out
