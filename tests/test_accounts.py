"""Subscription accounts side by side: a stored login route is an account in its own
CLAUDE_CONFIG_DIR.  `add --kind login` and its folder, switching in a real bash, `whoami`,
`status`'s account, `statusline`, `login` (with a fake `claude` that records what it got),
`--share`, `import claude-dir`, and the trust rules (imports and `.ccswitch` files may not
choose the folder).  The client's facts (folder, credentials file, macOS Keychain item, data
folder) are checked as plain functions for Linux, macOS and Windows.

No real `claude` is needed: where one is, a fake executable named `claude` comes first on PATH.
"""

import hashlib
import json
import os
import stat
import sys
import time
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CANARY, keyring_get, run_on_pty
from shellkit import SHELLS, parse_env0
from truthkit import codes, tenv, validate, warning  # noqa: F401  (tenv: the fixture)

GW = "https://gw.example.com/anthropic"
GW_TOKEN = "gw-token-0123456789abcdef0123"
ACCESS = "sk-ant-oat01-ACCESS-" + CANARY
REFRESH = "sk-ant-ort01-REFRESH-" + CANARY
HOUR_MS = 3600 * 1000


# ----------------------------------------------------------------------------- helpers


def stored(env, name=None):
    """The store's routes (or one of them); {} when there is no store yet."""
    if not env.store.exists():
        return {} if name is None else None
    routes = tomllib.loads(env.store.read_text()).get("routes", {})
    return routes if name is None else routes.get(name)


def accounts_dir(env):
    return Path(env["CCSWITCH_HOME"]) / "accounts"


def add_account(env, name, *extra):
    env.ok("add", name, "--kind", "login", *extra)
    return Path(stored(env, name)["config_dir"])


def add_gateway(env, name="gw"):
    env.ok("add", name, "--kind", "gateway", "--base-url", GW, "--secret-env", "GW_TOKEN")


def one_line_error(r, code=None):
    assert r.returncode != 0, (r.out, r.err)
    if code is not None:
        assert r.returncode == code, (r.returncode, r.err)
    assert "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert r.out == ""


def write_login(folder, *, email="jo@example.com", org="Example Org", plan="max", expires_ms=None,
                access=ACCESS, refresh=REFRESH):
    """A folder as `/login` leaves it on Linux: .credentials.json (claudeAiOauth) and
    .claude.json (oauthAccount), per the docstring of kinds/login.py."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    oauth = {"subscriptionType": plan, "rateLimitTier": "default_claude_max_20x", "scopes": ["user:inference"],
             "expiresAt": int(time.time() * 1000) + HOUR_MS if expires_ms is None else expires_ms}
    if access is not None:
        oauth["accessToken"] = access
    if refresh is not None:
        oauth["refreshToken"] = refresh
    (folder / ".credentials.json").write_text(json.dumps({"claudeAiOauth": oauth}))
    account = {"emailAddress": email, "organizationName": org, "organizationUuid": "0b9f6c1e-org",
               "displayName": "Jo", "billingType": "stripe_subscription"}
    (folder / ".claude.json").write_text(json.dumps({"oauthAccount": account, "projects": {}}))
    return folder


def fake_claude(tmp_path, prints=None, code=0):
    """A `claude` that records its argv and environment in a JSON-lines log and exits `code`.
    Returns (folder to put first on PATH, log path)."""
    bindir = tmp_path / "fakebin"
    bindir.mkdir(exist_ok=True)
    log = tmp_path / "claude-calls.jsonl"
    script = bindir / "claude"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a') as f:\n"
        "    f.write(json.dumps({'argv': sys.argv[1:], 'env': dict(os.environ)}) + '\\n')\n"
        f"if {prints!r} is not None:\n"
        f"    print({prints!r}, flush=True)\n"
        f"sys.exit({code})\n"
    )
    script.chmod(0o755)
    return bindir, log


def calls(log):
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def with_fake(env, bindir):
    return {"PATH": str(bindir) + os.pathsep + env["PATH"]}


WATCH = ("CLAUDE_CONFIG_DIR", "CLAUDE_SECURESTORAGE_CONFIG_DIR", "CCSWITCH_ROUTE")
UNSET = "<unset>"


def bash_steps(env, tmp_path, steps, extra=None):
    """Run `steps` in one real bash, each `eval "$(ccswitch STEP --shell bash)"` (a step starting
    with '!' is a raw bash line); the environment after each ccswitch step, as `env -0` sees it."""
    shell = SHELLS["bash"]
    lines, dumps = [], []
    for i, step in enumerate(steps):
        if step.startswith("!"):
            lines.append(step[1:])
            continue
        first, _, rest = step.partition(" ")
        lines.append(f'eval "$(ccswitch {first} --shell bash {rest})"')
        dumps.append(tmp_path / f"bash-env-{i}")
        lines.append(f"env -0 > '{dumps[-1]}'")
    full = dict(env)
    full.update(extra or {})
    for k, v in list(full.items()):
        if v is None:
            del full[k]
    done = shell.run(lines, full)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    return [parse_env0(p.read_bytes()) for p in dumps]


def var(envdict, name):
    return envdict.get(name, UNSET)


def tree_digest(root):
    """Every entry under `root`: its kind, mode, and content hash (links: their target)."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for entry in dirs + files:
            path = os.path.join(dirpath, entry)
            st_ = os.lstat(path)
            rel = os.path.relpath(path, root)
            if stat.S_ISLNK(st_.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st_.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st_.st_mode))
            else:
                out[rel] = ("file", stat.S_IMODE(st_.st_mode), hashlib.sha256(Path(path).read_bytes()).hexdigest(), st_.st_mtime_ns)
    out["."] = ("dir", stat.S_IMODE(os.lstat(root).st_mode))
    return out


# ----------------------------------------------------------------------------- add --kind login: the folder


def test_default_folder_is_per_route_under_ccswitch_home_and_private(tenv):
    r = tenv.ok("add", "work", "--kind", "login")
    folder = accounts_dir(tenv) / "work"
    assert stored(tenv, "work") == {"kind": "login", "config_dir": str(folder)}
    assert folder.is_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "ccswitch login work" in r.err
    tenv.ok("add", "home", "--kind", "login")
    assert stored(tenv, "home")["config_dir"] == str(accounts_dir(tenv) / "home")


@pytest.mark.parametrize("name", ["..", "."])
def test_a_route_name_made_of_dots_does_not_get_a_shared_or_parent_folder(tenv, name):
    """The default folder is ccswitch's own for *that* route: `..` must not make ccswitch's
    home (routes.toml, state.key) the account's folder, nor `.` the folder of every account."""
    add_account(tenv, "first")  # accounts/ exists, as it does once there is one account
    r = tenv.run("add", name, "--kind", "login")
    if r.returncode != 0:
        one_line_error(r)
        assert stored(tenv, name) is None
        return
    folder = os.path.normpath(stored(tenv, name)["config_dir"])
    assert os.path.dirname(folder) == str(accounts_dir(tenv)), folder


def test_config_dir_tilde_is_expanded(tenv):
    folder = add_account(tenv, "x", "--config-dir", "~/accounts/x")
    assert folder == tenv.home / "accounts" / "x" and folder.is_absolute()
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_relative_config_dir_is_made_absolute_against_the_cwd(tenv):
    folder = add_account(tenv, "rel", "--config-dir", "rel/acct")
    assert folder == tenv.project / "rel" / "acct"
    assert folder.is_dir()


def test_an_existing_folder_is_kept_as_it_is(tenv):
    mine = tenv.home / "mine"
    mine.mkdir(mode=0o755)
    (mine / "settings.json").write_text('{"model": "opus"}')
    before = tree_digest(mine)
    add_account(tenv, "mine", "--config-dir", str(mine))
    assert tree_digest(mine) == before


@pytest.mark.parametrize("given_dir", ["~/.claude", "HOME/.claude", "HOME/.claude/", "HOME/./.claude"])
def test_the_default_folder_is_refused(tenv, given_dir):
    given_dir = given_dir.replace("HOME", str(tenv.home))
    r = tenv.run("add", "dup", "--kind", "login", "--config-dir", given_dir)
    one_line_error(r, 2)
    assert "default folder" in r.err
    assert stored(tenv, "dup") is None
    assert not (tenv.home / ".claude").exists()


def test_a_path_that_is_a_file_is_refused(tenv):
    f = tenv.home / "afile"
    f.write_text("x")
    r = tenv.run("add", "f", "--kind", "login", "--config-dir", str(f))
    one_line_error(r, 2)
    assert stored(tenv, "f") is None and f.read_text() == "x"


def test_a_control_character_in_the_folder_is_refused_and_nothing_is_made(tenv):
    r = tenv.run("add", "nl", "--kind", "login", "--config-dir", str(tenv.home / "a\nb"))
    one_line_error(r, 2)
    assert stored(tenv, "nl") is None
    assert not any("\n" in p.name for p in tenv.home.iterdir())


@pytest.mark.parametrize("leaf", ["with space", "Application Support/Jo Ann", "it's", "$(touch pwned)", "back`tick`", "ünï cödé", "a\\b"])
def test_a_folder_with_spaces_and_quotes_round_trips_through_bash(tenv, tmp_path, leaf):
    folder = tenv.home / leaf
    add_account(tenv, "sp", "--config-dir", str(folder))
    assert stored(tenv, "sp")["config_dir"] == str(folder)
    assert folder.is_dir()
    (after,) = bash_steps(tenv, tmp_path, ["use sp"])
    assert after["CLAUDE_CONFIG_DIR"] == str(folder)
    assert not (tenv.project / "pwned").exists() and not (tenv.home / "pwned").exists()


def test_a_profile_routes_config_dir_is_another_variable(tenv):
    """--config-dir of a profile route is ANTHROPIC_CONFIG_DIR: no account folder rules."""
    r = tenv.run("add", "prof", "--kind", "profile", "--profile", "team", "--config-dir", "rel-profiles")
    assert r.returncode == 0, r.err
    route = stored(tenv, "prof")
    assert route["kind"] == "profile" and route["config_dir"] == "rel-profiles"
    assert not (tenv.project / "rel-profiles").exists()
    assert not (accounts_dir(tenv) / "prof").exists()
    out = tenv.ok("use", "prof", "--shell", "bash").out
    assert "export ANTHROPIC_CONFIG_DIR='rel-profiles'" in out
    assert "export CLAUDE_CONFIG_DIR" not in out
    tenv.ok("edit", "prof", "--config-dir", "other-rel")
    assert stored(tenv, "prof")["config_dir"] == "other-rel"
    assert not (tenv.project / "other-rel").exists()


def test_edit_moves_an_account_to_a_new_folder_made_absolute(tenv):
    add_account(tenv, "mv")
    tenv.ok("edit", "mv", "--config-dir", "moved")
    assert stored(tenv, "mv")["config_dir"] == str(tenv.project / "moved")
    assert (tenv.project / "moved").is_dir()
    r = tenv.run("edit", "mv", "--config-dir", "~/.claude")
    one_line_error(r, 2)
    assert stored(tenv, "mv")["config_dir"] == str(tenv.project / "moved")


# ----------------------------------------------------------------------------- switching in a real bash


@pytest.fixture
def two_accounts(tenv):
    a = add_account(tenv, "acct-a")
    b = add_account(tenv, "acct-b")
    add_gateway(tenv)
    tenv["GW_TOKEN"] = GW_TOKEN
    return tenv, a, b


@pytest.mark.parametrize("own", [None, "/their/dir"])
def test_account_then_gateway_puts_back_the_users_own_folder(two_accounts, tmp_path, own):
    e, a, _b = two_accounts
    on_a, on_gw = bash_steps(e, tmp_path, ["use acct-a", "use gw"], {"CLAUDE_CONFIG_DIR": own})
    assert on_a["CLAUDE_CONFIG_DIR"] == str(a) and on_a["CCSWITCH_ROUTE"] == "acct-a"
    assert var(on_gw, "CLAUDE_CONFIG_DIR") == (own or UNSET)
    assert on_gw["ANTHROPIC_AUTH_TOKEN"] == GW_TOKEN


@pytest.mark.parametrize("own", [None, "/their/dir"])
def test_reset_after_an_account_puts_back_the_users_own_folder(two_accounts, tmp_path, own):
    e, a, _b = two_accounts
    on_a, after = bash_steps(e, tmp_path, ["use acct-a", "reset"], {"CLAUDE_CONFIG_DIR": own})
    assert on_a["CLAUDE_CONFIG_DIR"] == str(a)
    assert var(after, "CLAUDE_CONFIG_DIR") == (own or UNSET)
    assert "CCSWITCH_ROUTE" not in after


@pytest.mark.parametrize("own", [None, "/their/dir"])
def test_account_to_account_then_reset_restores_the_original(two_accounts, tmp_path, own):
    e, a, b = two_accounts
    on_a, on_b, on_gw, after = bash_steps(e, tmp_path, ["use acct-a", "use acct-b", "use gw", "reset"], {"CLAUDE_CONFIG_DIR": own})
    assert on_a["CLAUDE_CONFIG_DIR"] == str(a)
    assert on_b["CLAUDE_CONFIG_DIR"] == str(b)
    assert var(on_gw, "CLAUDE_CONFIG_DIR") == (own or UNSET)
    assert var(after, "CLAUDE_CONFIG_DIR") == (own or UNSET)


@pytest.mark.parametrize("steps", [["use gw"], ["reset"], ["use acct-a", "reset"], ["use acct-a", "use gw"], ["use login"]])
def test_an_inherited_empty_config_dir_is_unset_and_never_put_back(two_accounts, tmp_path, steps):
    e, a, _b = two_accounts
    envs = bash_steps(e, tmp_path, steps, {"CLAUDE_CONFIG_DIR": ""})
    for step, after in zip(steps, envs):
        expected = str(a) if step == "use acct-a" else UNSET
        assert var(after, "CLAUDE_CONFIG_DIR") == expected, (step, after.get("CLAUDE_CONFIG_DIR"))


def test_securestorage_dir_is_unset_by_every_switch(two_accounts, tmp_path):
    e, a, _b = two_accounts
    again = "!export CLAUDE_SECURESTORAGE_CONFIG_DIR=/someone/elses"
    steps = ["use acct-a", again, "use gw", again, "reset", again, "use acct-b", again, "use login"]
    envs = bash_steps(e, tmp_path, steps, {"CLAUDE_SECURESTORAGE_CONFIG_DIR": "/someone/elses"})
    assert len(envs) == 5
    for after in envs:
        assert "CLAUDE_SECURESTORAGE_CONFIG_DIR" not in after
    assert envs[0]["CLAUDE_CONFIG_DIR"] == str(a)


def test_use_of_an_account_notes_its_folders_settings_that_shadow_the_route(tenv):
    a = add_account(tenv, "acct")
    (a / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://settings.example"}}))
    r = tenv.ok("use", "acct", "--shell", "bash")
    assert "settings.json sets ANTHROPIC_BASE_URL" in r.err
    assert "accounts/acct/settings.json" in r.err


# ----------------------------------------------------------------------------- whoami


def test_whoami_names_the_account_and_its_login(tenv):
    a = write_login(add_account(tenv, "acct"), expires_ms=int(time.time() * 1000) + 5 * HOUR_MS)
    r = tenv.run("whoami", "--json", env={"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct"})
    assert r.returncode == 0, r.err
    data = json.loads(r.out)
    validate(data, "whoami")
    assert data["folder"] == str(a) and data["default"] is False
    assert data["account"]["email"] == "jo@example.com"
    assert data["account"]["organization"] == "Example Org"
    assert data["credentials"]["store"] == "file"
    assert data["credentials"]["path"] == str(a / ".credentials.json")
    assert data["credentials"]["subscription"] == "max"
    assert data["credentials"]["expired"] is False
    assert data["credentials"]["renewable"] is True
    assert data["credentials"]["logged_in"] is True
    assert data["used"] is True
    assert data["taken"]["kind"] == "login"
    text = tenv.run("whoami", env={"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct"})
    assert text.returncode == 0
    assert "jo@example.com (Example Org, max)" in text.out
    assert "valid until" in text.out and "used        yes" in text.out


def test_whoami_expired_and_not_renewable(tenv):
    a = write_login(add_account(tenv, "acct"), expires_ms=int(time.time() * 1000) - HOUR_MS, refresh=None)
    r = tenv.run("whoami", "--json", env={"CLAUDE_CONFIG_DIR": str(a)})
    data = json.loads(r.out)
    assert data["credentials"]["expired"] is True
    assert data["credentials"]["renewable"] is False
    assert r.returncode == 0 and data["used"] is True  # the client still takes it (and fails later)
    text = tenv.run("whoami", env={"CLAUDE_CONFIG_DIR": str(a)}).out
    assert "expired" in text and "refresh token" not in text


def test_whoami_expired_but_renewable(tenv):
    a = write_login(add_account(tenv, "acct"), expires_ms=1000)
    data = json.loads(tenv.run("whoami", "--json", env={"CLAUDE_CONFIG_DIR": str(a)}).out)
    assert data["credentials"]["expired"] is True and data["credentials"]["renewable"] is True
    assert data["credentials"]["expires_at"] == "1970-01-01T00:00:01Z"


@pytest.mark.parametrize("winner,kind", [
    ({"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30}, "api-key"),
    ({"ANTHROPIC_AUTH_TOKEN": "tok-" + "t" * 30, "ANTHROPIC_BASE_URL": GW}, "gateway"),
    ({"CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-" + "o" * 30}, "oauth-token"),
])
def test_whoami_says_which_route_wins_over_the_login(tenv, winner, kind):
    a = write_login(add_account(tenv, "acct"))
    r = tenv.run("whoami", "--json", env={"CLAUDE_CONFIG_DIR": str(a), **winner})
    assert r.returncode == 1
    data = json.loads(r.out)
    validate(data, "whoami")
    assert data["used"] is False and data["taken"]["kind"] == kind
    assert data["account"]["email"] == "jo@example.com"
    r = tenv.run("whoami", env={"CLAUDE_CONFIG_DIR": str(a), **winner})
    assert r.returncode == 1
    assert f"takes the {kind} route" in r.out
    for secret in winner.values():
        if secret != GW:
            assert secret not in r.out + r.err


def test_whoami_never_shows_a_token(tenv):
    a = write_login(add_account(tenv, "acct"))
    for extra in ({}, {"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30}):
        envx = {"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct", **extra}
        for args in (["whoami"], ["whoami", "--json"], ["whoami", "acct"], ["whoami", "acct", "--json"],
                     ["status"], ["status", "--json"], ["statusline"], ["doctor"], ["doctor", "--json"]):
            r = tenv.run(*args, env=envx, input="")
            assert "Traceback" not in r.err, args
            for token in (ACCESS, REFRESH, CANARY):
                assert token not in r.out + r.err, (args, token)


def test_whoami_name_reads_that_routes_folder_from_another_shell(tenv):
    a = write_login(add_account(tenv, "acct-a"), email="a@example.com")
    b = write_login(add_account(tenv, "acct-b"), email="b@example.com")
    stale = {"CCSWITCH_ROUTE": "acct-b", "CLAUDE_CONFIG_DIR": str(b),
             "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30, "CLAUDE_SECURESTORAGE_CONFIG_DIR": str(b)}
    r = tenv.run("whoami", "acct-a", "--json", env=stale)
    assert r.returncode == 0, r.out + r.err
    data = json.loads(r.out)
    assert data["folder"] == str(a) and data["account"]["email"] == "a@example.com"
    assert data["credentials"]["path"] == str(a / ".credentials.json")
    assert data["route"] == "acct-a" and data["used"] is True
    here = json.loads(tenv.run("whoami", "--json", env=stale).out)
    assert here["account"]["email"] == "b@example.com" and here["used"] is False


def test_whoami_not_logged_in_gives_the_login_hint(tenv):
    add_account(tenv, "fresh")
    validate(json.loads(tenv.run("whoami", "fresh", "--json").out), "whoami")
    r = tenv.run("whoami", "fresh")
    assert r.returncode == 1
    assert "not logged in" in r.out
    assert "`ccswitch login fresh`" in r.out
    data = json.loads(tenv.run("whoami", "fresh", "--json").out)
    assert data["used"] is False and data["credentials"]["exists"] is False and data["account"] is None


def test_whoami_of_a_gateway_route_says_the_gateway_wins(tenv):
    add_gateway(tenv)
    r = tenv.run("whoami", "gw", env={"GW_TOKEN": GW_TOKEN})
    assert r.returncode == 1 and "gateway" in r.out and GW_TOKEN not in r.out + r.err


@pytest.mark.parametrize("content", [b"", b"{", b"[1,2]", b'{"claudeAiOauth": "x"}', b"\xff\xfe\x00garbage",
                                     b'{"claudeAiOauth": {"expiresAt": "soon", "accessToken": 5}}'])
def test_whoami_on_broken_credentials_never_crashes(tenv, content):
    a = add_account(tenv, "acct")
    (a / ".credentials.json").write_bytes(content)
    (a / ".claude.json").write_bytes(content)
    r = tenv.run("whoami", "acct", "--json")
    assert r.returncode == 1 and "Traceback" not in r.err
    data = json.loads(r.out)
    assert data["used"] is False and data["credentials"]["exists"] is True


# ----------------------------------------------------------------------------- the client's facts, per platform


from ccswitch import account, store  # noqa: E402
from ccswitch.kinds import login as unit  # noqa: E402

WIN = {"USERPROFILE": "C:\\Users\\Jo Ann", "HOME": "/home/ignored", "USER": "jo"}
MAC = {"HOME": "/Users/jo", "USER": "jo"}
LIN = {"HOME": "/home/jo", "USER": "jo"}


def h8(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def test_windows_folder_uses_userprofile_and_backslashes():
    assert unit.config_dir(WIN, "win32") == "C:\\Users\\Jo Ann\\.claude"
    assert unit.default_dir(WIN, "win32") == "C:\\Users\\Jo Ann\\.claude"
    assert unit.credentials_path(WIN, "win32") == "C:\\Users\\Jo Ann\\.claude\\.credentials.json"
    assert unit.claude_json_path(WIN, "win32") == "C:\\Users\\Jo Ann\\.claude.json"
    acct = {**WIN, "CLAUDE_CONFIG_DIR": "D:\\accounts\\work"}
    assert unit.config_dir(acct, "win32") == "D:\\accounts\\work"
    assert unit.credentials_path(acct, "win32") == "D:\\accounts\\work\\.credentials.json"
    assert unit.claude_json_path(acct, "win32") == "D:\\accounts\\work\\.claude.json"
    assert unit.config_dir({"HOME": "C:\\msys\\jo"}, "win32") == "C:\\msys\\jo\\.claude"  # no USERPROFILE


@pytest.mark.parametrize("platform,env,home", [("linux", LIN, "/home/jo"), ("darwin", MAC, "/Users/jo")])
def test_posix_folders(platform, env, home):
    assert unit.config_dir(env, platform) == f"{home}/.claude"
    assert unit.credentials_path(env, platform) == f"{home}/.claude/.credentials.json"
    assert unit.claude_json_path(env, platform) == f"{home}/.claude.json"
    acct = {**env, "CLAUDE_CONFIG_DIR": f"{home}/acc"}
    assert unit.config_dir(acct, platform) == f"{home}/acc"
    assert unit.credentials_path(acct, platform) == f"{home}/acc/.credentials.json"
    assert unit.claude_json_path(acct, platform) == f"{home}/acc/.claude.json"
    empty = {**env, "CLAUDE_CONFIG_DIR": ""}
    assert unit.config_dir(empty, platform) == ""  # taken as it is: the folder the client starts in
    assert unit.credentials_path(empty, platform) == ".credentials.json"
    assert unit.claude_json_path(empty, platform) == f"{home}/.claude.json"


def test_the_folder_is_nfc_normalised():
    nfd = unicodedata.normalize("NFD", "/Users/jo/café")
    assert nfd != "/Users/jo/café"
    assert unit.config_dir({**MAC, "CLAUDE_CONFIG_DIR": nfd}, "darwin") == "/Users/jo/café"
    service, _ = unit.keychain_item({**MAC, "CLAUDE_CONFIG_DIR": nfd}, "darwin")
    assert service == "Claude Code-credentials-" + h8("/Users/jo/café")


def test_securestorage_moves_the_credentials_file_but_not_the_folder():
    env = {**LIN, "CLAUDE_CONFIG_DIR": "/home/jo/acc", "CLAUDE_SECURESTORAGE_CONFIG_DIR": "/home/jo/sec"}
    assert unit.config_dir(env, "linux") == "/home/jo/acc"
    assert unit.credentials_path(env, "linux") == "/home/jo/sec/.credentials.json"
    assert unit.claude_json_path(env, "linux") == "/home/jo/acc/.claude.json"
    empty = {**env, "CLAUDE_SECURESTORAGE_CONFIG_DIR": ""}
    assert unit.credentials_path(empty, "linux") == "/home/jo/.claude/.credentials.json"
    assert unit.credentials_path({**WIN, "CLAUDE_SECURESTORAGE_CONFIG_DIR": ""}, "win32") == "C:\\Users\\Jo Ann\\.claude\\.credentials.json"


def test_keychain_item_default_folder():
    assert unit.keychain_item(MAC, "darwin") == ("Claude Code-credentials", "jo")
    # a set but empty CLAUDE_CONFIG_DIR counts as not set for the item's name
    assert unit.keychain_item({**MAC, "CLAUDE_CONFIG_DIR": ""}, "darwin") == ("Claude Code-credentials", "jo")


def test_keychain_item_of_an_account_folder_is_hashed():
    folder = "/Users/jo/Library/Application Support/ccswitch/accounts/work"
    service, user = unit.keychain_item({**MAC, "CLAUDE_CONFIG_DIR": folder}, "darwin")
    assert service == "Claude Code-credentials-" + hashlib.sha256(folder.encode()).hexdigest()[:8]
    assert user == "jo"
    # the exact text is hashed: a trailing slash is another item
    other, _ = unit.keychain_item({**MAC, "CLAUDE_CONFIG_DIR": folder + "/"}, "darwin")
    assert other == "Claude Code-credentials-" + h8(folder + "/") and other != service
    # whether CLAUDE_CONFIG_DIR is set decides the suffix, not which folder it names
    named_default, _ = unit.keychain_item({**MAC, "CLAUDE_CONFIG_DIR": "/Users/jo/.claude"}, "darwin")
    assert named_default == "Claude Code-credentials-" + h8("/Users/jo/.claude")


def test_keychain_item_with_securestorage_override():
    acct = {**MAC, "CLAUDE_CONFIG_DIR": "/Users/jo/acc"}
    service, _ = unit.keychain_item({**acct, "CLAUDE_SECURESTORAGE_CONFIG_DIR": "/Users/jo/sec"}, "darwin")
    assert service == "Claude Code-credentials-" + h8("/Users/jo/sec")
    # empty: the default folder's item, unhashed, whatever CLAUDE_CONFIG_DIR says
    assert unit.keychain_item({**acct, "CLAUDE_SECURESTORAGE_CONFIG_DIR": ""}, "darwin")[0] == "Claude Code-credentials"
    assert unit.keychain_item({**MAC, "CLAUDE_SECURESTORAGE_CONFIG_DIR": ""}, "darwin")[0] == "Claude Code-credentials"
    # set (to anything, even without CLAUDE_CONFIG_DIR): hashed
    alone, _ = unit.keychain_item({**MAC, "CLAUDE_SECURESTORAGE_CONFIG_DIR": "/Users/jo/sec"}, "darwin")
    assert alone == "Claude Code-credentials-" + h8("/Users/jo/sec")


@pytest.mark.parametrize("user,expected", [
    ("jo", "jo"), ("jo.doe_2-x", "jo.doe_2-x"), ("jo doe", "claude-code-user"), ("jö", "claude-code-user"),
    ("jo;rm", "claude-code-user"), ("a/b", "claude-code-user"),
])
def test_keychain_account_name(user, expected):
    assert unit.keychain_item({**MAC, "USER": user}, "darwin")[1] == expected


_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=20), st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_keychain_item_for_any_user_and_folder(user, folder):
    service, acct = unit.keychain_item({"HOME": "/Users/jo", "USER": user, "CLAUDE_CONFIG_DIR": folder}, "darwin")
    assert acct == (user if set(user) <= _ALLOWED else "claude-code-user")
    assert service == "Claude Code-credentials-" + h8(unicodedata.normalize("NFC", folder))


def test_data_home_per_platform():
    assert store.data_home("linux", {"HOME": "/home/jo"}) == "/home/jo/.local/share/ccswitch"
    assert store.data_home("linux", {"HOME": "/home/jo", "XDG_DATA_HOME": "/data/jo"}) == "/data/jo/ccswitch"
    assert store.data_home("darwin", {"HOME": "/Users/jo", "XDG_DATA_HOME": "/ignored"}) == "/Users/jo/Library/Application Support/ccswitch"
    assert store.data_home("win32", {"USERPROFILE": "C:\\Users\\Jo", "LOCALAPPDATA": "C:\\Users\\Jo\\AppData\\Local"}) \
        == "C:\\Users\\Jo\\AppData\\Local\\ccswitch"
    assert store.data_home("win32", {"USERPROFILE": "C:\\Users\\Jo"}) == "C:\\Users\\Jo\\AppData\\Local\\ccswitch"
    for platform in ("linux", "darwin", "win32"):
        assert store.data_home(platform, {"HOME": "/h", "USERPROFILE": "C:\\h", "CCSWITCH_HOME": "/mine"}) == "/mine"


class Done:
    def __init__(self, returncode):
        self.returncode = returncode


def test_keychain_query_asks_for_attributes_only():
    argv = account.keychain_query("Claude Code-credentials-1a2b3c4d", "jo")
    assert argv == ["security", "find-generic-password", "-s", "Claude Code-credentials-1a2b3c4d", "-a", "jo"]
    assert "-w" not in argv and "-g" not in argv  # never the secret


@pytest.mark.parametrize("code,expected", [(0, True), (44, False), (1, None), (51, None), (-9, None)])
def test_keychain_has_reads_the_exit_status(code, expected):
    seen = []

    def run(argv, **kw):
        seen.append((argv, kw))
        return Done(code)

    assert account.keychain_has("Claude Code-credentials", "jo", run=run) is expected
    assert seen[0][0] == account.keychain_query("Claude Code-credentials", "jo")
    assert seen[0][1].get("timeout") and seen[0][1].get("stdout") is not None


@pytest.mark.parametrize("error", [OSError(2, "No such file"), __import__("subprocess").TimeoutExpired("security", 5)])
def test_keychain_has_is_none_when_security_cannot_tell(error):
    def run(argv, **kw):
        raise error

    assert account.keychain_has("s", "a", run=run) is None


def test_facts_on_macos_name_the_keychain_item_and_do_not_ask_when_told_not_to(tmp_path):
    folder = write_login(tmp_path / "acc")
    f = account.facts({"HOME": str(tmp_path), "USER": "jo", "CLAUDE_CONFIG_DIR": str(folder)}, platform="darwin", keychain=False)
    assert f["credentials"] == {"store": "keychain", "service": "Claude Code-credentials-" + h8(str(folder)),
                                "account": "jo", "exists": None}
    assert f["account"]["email"] == "jo@example.com"


_token = st.text(min_size=12, max_size=40).map(lambda s: "TOK" + s)
_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
                    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=200, deadline=None)
@given(access=_token, refresh=st.one_of(st.none(), _token), expires=_values, sub=_values, extra=st.dictionaries(st.text(max_size=8), _values, max_size=3))
def test_facts_never_read_out_a_token_whatever_the_file_holds(tmp_path_factory, access, refresh, expires, sub, extra):
    folder = tmp_path_factory.mktemp("facts")
    oauth = {**extra, "accessToken": access, "expiresAt": expires, "subscriptionType": sub}
    if refresh is not None:
        oauth["refreshToken"] = refresh
    (folder / ".credentials.json").write_text(json.dumps({"claudeAiOauth": oauth}))
    now = 1_800_000_000
    f = account.facts({"HOME": str(folder), "CLAUDE_CONFIG_DIR": str(folder)}, platform="linux", now=now)
    dumped = json.dumps(f)
    assert access not in dumped and (refresh is None or refresh not in dumped)
    creds = f["credentials"]
    assert creds["logged_in"] is True and creds["renewable"] is (refresh is not None)
    valid_ms = isinstance(expires, (int, float)) and not isinstance(expires, bool) and expires == expires and expires > 0
    if creds["expires_at"] is None:
        assert creds["expired"] is False
    else:
        assert valid_ms and creds["expired"] is (expires <= now * 1000)
    assert creds["subscription"] == (sub if isinstance(sub, str) and sub else None)


# ----------------------------------------------------------------------------- status


def test_status_json_names_the_folders_account(tenv):
    a = write_login(add_account(tenv, "acct"), email="max@example.com", org="Max Org", plan="max")
    data = tenv.status(env={"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct"})
    validate(data, "status")
    acct = data["account"]
    assert acct == {"folder": str(a), "default": False, "email": "max@example.com", "organization": "Max Org",
                    "subscription": "max", "login": str(a / ".credentials.json"), "expired": False, "used": True}
    assert data["credential"]["origin"] == str(a / ".credentials.json")
    assert data["settings"]["claude_json"] == str(a / ".claude.json")
    text = tenv.run("status", env={"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct"}).out
    assert "max@example.com (Max Org, max)" in text


def test_status_account_not_used_when_a_key_wins(tenv):
    a = write_login(add_account(tenv, "acct"))
    data = tenv.status(env={"CLAUDE_CONFIG_DIR": str(a), "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30})
    assert data["account"]["used"] is False and data["account"]["email"] == "jo@example.com"


def test_status_account_of_the_default_folder(tenv):
    write_login(tenv.home / ".claude")
    (tenv.home / ".claude" / ".claude.json").unlink()
    (tenv.home / ".claude.json").write_text(json.dumps({"oauthAccount": {"emailAddress": "home@example.com"}}))
    data = tenv.status()
    assert data["account"]["folder"] == str(tenv.home / ".claude") and data["account"]["default"] is True
    assert data["account"]["email"] == "home@example.com"


def test_empty_config_dir_warns_and_takes_the_user_layer_from_the_current_folder(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_MODEL": "from-home"}})
    tenv.write(tenv.project / "settings.json", {"env": {"ANTHROPIC_MODEL": "from-cwd"}})
    data = tenv.status(env={"CLAUDE_CONFIG_DIR": ""})
    validate(data, "status")
    w = warning(data, "empty-config-dir")
    assert w["variable"] == "CLAUDE_CONFIG_DIR"
    user = [layer for layer in data["settings"]["layers"] if layer["scope"] == "user"]
    assert [layer["path"] for layer in user] == [str(tenv.project / "settings.json")]
    assert data["model"]["value"] == "from-cwd"
    assert data["account"]["default"] is True
    # the same shell, elsewhere: that folder's settings.json instead
    other = tenv.project.parent / "elsewhere"
    tenv.write(other / "settings.json", {"env": {"ANTHROPIC_MODEL": "from-elsewhere"}})
    assert tenv.status(env={"CLAUDE_CONFIG_DIR": ""}, cwd=other)["model"]["value"] == "from-elsewhere"


def test_no_empty_config_dir_warning_when_unset_or_set(tenv):
    tenv.write(tenv.project / "settings.json", {"env": {"ANTHROPIC_MODEL": "from-cwd"}})
    for extra in ({}, {"CLAUDE_CONFIG_DIR": str(tenv.home / "acc")}):
        data = tenv.status(env=extra)
        assert "empty-config-dir" not in codes(data)
        assert all(layer["path"] != str(tenv.project / "settings.json") for layer in data["settings"]["layers"])


def test_settings_in_an_account_folder_shadowing_the_shell_are_reported(tenv):
    a = add_account(tenv, "acct")
    (a / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_MODEL": "from-account-folder"}}))
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_MODEL": "from-home-not-used"}})
    data = tenv.status(env={"CLAUDE_CONFIG_DIR": str(a), "ANTHROPIC_MODEL": "from-shell"})
    w = [x for x in data["warnings"] if x["code"] == "settings-env-shadow"]
    assert [x["file"] for x in w] == [str(a / "settings.json")]
    assert w[0]["variable"] == "ANTHROPIC_MODEL"
    assert data["model"]["value"] == "from-account-folder"
    assert all(layer["path"] != str(tenv.user_settings) for layer in data["settings"]["layers"])


def test_status_text_prints_a_hostile_email_escaped(tenv):
    a = write_login(add_account(tenv, "acct"), email="evil\x1b]0;owned\x07\x1b[2J@example.com\u202e")
    r = tenv.run("status", env={"CLAUDE_CONFIG_DIR": str(a), "CCSWITCH_ROUTE": "acct"})
    assert r.returncode == 0
    assert "\x1b" not in r.out and "\x07" not in r.out and "\u202e" not in r.out
    assert "evil\\x1b]0;owned" in r.out


def test_whoami_text_prints_a_hostile_email_escaped(tenv):
    write_login(add_account(tenv, "acct"), email="evil\x1b]0;owned\x07\x1b[2J@example.com\u202e",
                org="Org\x1b[31m")
    r = tenv.run("whoami", "acct")
    assert r.returncode == 0
    assert "\x1b" not in r.out and "\x07" not in r.out and "\u202e" not in r.out
    assert "evil\\x1b]0;owned" in r.out


# ----------------------------------------------------------------------------- statusline


def test_statusline_names_the_account(tenv):
    a = write_login(add_account(tenv, "acct"), email="line@example.com")
    r = tenv.run("statusline", input="", env={"CCSWITCH_ROUTE": "acct", "CLAUDE_CONFIG_DIR": str(a)})
    assert r.returncode == 0
    assert r.out == "route: acct (login) · line@example.com\n"
    r = tenv.run("statusline", input=json.dumps({"model": {"display_name": "Opus"}}),
                 env={"CCSWITCH_ROUTE": "acct", "CLAUDE_CONFIG_DIR": str(a)})
    assert "line@example.com" in r.out and "Opus" in r.out
    assert ACCESS not in r.out


def test_statusline_without_an_account_name(tenv):
    a = add_account(tenv, "acct")
    r = tenv.run("statusline", input="", env={"CCSWITCH_ROUTE": "acct", "CLAUDE_CONFIG_DIR": str(a)})
    assert r.out == "route: acct (login)\n"


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30))
def test_statusline_email_is_always_printable(tmp_path_factory, email):
    from ccswitch import commands

    folder = tmp_path_factory.mktemp("sl")
    (folder / ".claude.json").write_text(json.dumps({"oauthAccount": {"emailAddress": email}}))
    line = commands.statusline({"CLAUDE_CONFIG_DIR": str(folder), "HOME": str(folder)}, None)
    assert line.startswith("route: login")
    assert line.isprintable() or all(c.isprintable() or c == " " for c in line)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in line)


def test_statusline_escapes_a_hostile_email_over_the_cli(tenv):
    a = write_login(add_account(tenv, "acct"), email="x\x1b]0;pwn\x07\n\r\u202e@y")
    r = tenv.run("statusline", input="", env={"CCSWITCH_ROUTE": "acct", "CLAUDE_CONFIG_DIR": str(a)})
    assert r.returncode == 0 and r.out.count("\n") == 1 and r.out.endswith("\n")
    assert all(c.isprintable() or c == " " for c in r.out[:-1])
    assert "x\\x1b]0;pwn\\x07" in r.out


# ----------------------------------------------------------------------------- login


STALE = {
    "ANTHROPIC_API_KEY": "sk-ant-api03-stale-" + "s" * 20,
    "ANTHROPIC_BASE_URL": "https://stale.example",
    "ANTHROPIC_AUTH_TOKEN": "stale-token-" + "t" * 20,
    "CLAUDE_CODE_USE_BEDROCK": "1",
    "CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-stale-" + "o" * 20,
    "CLAUDE_SECURESTORAGE_CONFIG_DIR": "/someone/elses",
    "CLAUDE_CONFIG_DIR": "/stale/folder",
    "CCSWITCH_ROUTE": "gw",
}


def test_login_runs_the_clients_own_login_in_the_routes_folder(tenv, tmp_path):
    a = add_account(tenv, "acct")
    bindir, log = fake_claude(tmp_path)
    r = tenv.run("login", "acct", "--", "--sso", "--email", "me@example.com", env={**with_fake(tenv, bindir), **STALE})
    assert r.returncode == 0, r.err
    (call,) = calls(log)
    assert call["argv"] == ["auth", "login", "--sso", "--email", "me@example.com"]
    got = call["env"]
    assert got["CLAUDE_CONFIG_DIR"] == str(a)
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_USE_BEDROCK",
                 "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_SECURESTORAGE_CONFIG_DIR"):
        assert name not in got, name
    assert got.get("CCSWITCH_ROUTE") == "acct"
    assert len(r.err.strip().splitlines()) == 1 and str(a) in r.err


def test_login_passes_the_exit_status_through_and_remakes_a_missing_folder(tenv, tmp_path):
    a = add_account(tenv, "acct")
    a.rmdir()
    bindir, log = fake_claude(tmp_path, code=3)
    r = tenv.run("login", "acct", env=with_fake(tenv, bindir))
    assert r.returncode == 3
    assert calls(log)[0]["argv"] == ["auth", "login"]
    assert a.is_dir() and stat.S_IMODE(a.stat().st_mode) == 0o700


def test_login_of_the_builtin_route_uses_the_default_folder(tenv, tmp_path):
    bindir, log = fake_claude(tmp_path)
    r = tenv.run("login", "login", env={**with_fake(tenv, bindir), "ANTHROPIC_API_KEY": STALE["ANTHROPIC_API_KEY"]})
    assert r.returncode == 0, r.err
    (call,) = calls(log)
    assert call["argv"] == ["auth", "login"]
    assert "CLAUDE_CONFIG_DIR" not in call["env"] and "ANTHROPIC_API_KEY" not in call["env"]


def test_login_of_a_gateway_route_is_refused(tenv, tmp_path):
    add_gateway(tenv)
    bindir, log = fake_claude(tmp_path)
    r = tenv.run("login", "gw", env={**with_fake(tenv, bindir), "GW_TOKEN": GW_TOKEN})
    one_line_error(r)
    assert "gateway" in r.err and calls(log) == []


def test_login_without_claude_on_path_is_a_one_line_error(tenv, tmp_path):
    add_account(tenv, "acct")
    empty = tmp_path / "emptybin"
    empty.mkdir()
    r = tenv.run("login", "acct", env={"PATH": os.pathsep.join([str(Path(sys.executable).parent), str(empty)])})
    one_line_error(r)
    assert "claude" in r.err and "PATH" in r.err


def test_login_of_an_unknown_route_is_an_error(tenv, tmp_path):
    bindir, log = fake_claude(tmp_path)
    r = tenv.run("login", "nope", env=with_fake(tenv, bindir))
    one_line_error(r)
    assert calls(log) == []


def test_secret_stdin_without_setup_token_is_refused(tenv, tmp_path):
    add_account(tenv, "acct")
    bindir, log = fake_claude(tmp_path)
    r = tenv.run("login", "acct", "--secret-stdin", input="x", env=with_fake(tenv, bindir))
    one_line_error(r, 2)
    assert calls(log) == []


SETUP = "sk-ant-oat01-SETUP-" + CANARY


def test_setup_token_from_stdin_makes_an_oauth_token_route_with_the_same_folder(kenv, secret_service, tmp_path):
    kenv.ok("add", "st-stdin", "--kind", "login")
    folder = stored(kenv, "st-stdin")["config_dir"]
    bindir, log = fake_claude(tmp_path)
    r = kenv.run("login", "st-stdin", "--setup-token", "--secret-stdin", input=SETUP + "\n", env=with_fake(kenv, bindir))
    assert r.returncode == 0, r.err
    assert calls(log) == []  # the token came on stdin: nothing run
    assert SETUP not in r.out + r.err
    route = stored(kenv, "st-stdin")
    assert route == {"kind": "oauth-token", "config_dir": folder, "secrets": {"CLAUDE_CODE_OAUTH_TOKEN": "keyring"}}
    assert SETUP not in kenv.store.read_text()
    assert keyring_get(secret_service, "ccswitch", "st-stdin:CLAUDE_CODE_OAUTH_TOKEN") == SETUP
    out = kenv.ok("use", "st-stdin", "--shell", "bash").out
    assert f"export CLAUDE_CODE_OAUTH_TOKEN='{SETUP}'" in out
    assert f"export CLAUDE_CONFIG_DIR='{folder}'" in out
    # a token route is renewed with --setup-token, not logged in
    r = kenv.run("login", "st-stdin", env=with_fake(kenv, bindir))
    one_line_error(r)
    assert "--setup-token" in r.err and calls(log) == []
    # and renewed: the keyring value is replaced, the route is unchanged
    kenv.ok("login", "st-stdin", "--setup-token", "--secret-stdin", input=SETUP + "-2\n")
    assert keyring_get(secret_service, "ccswitch", "st-stdin:CLAUDE_CODE_OAUTH_TOKEN") == SETUP + "-2"
    assert stored(kenv, "st-stdin") == route


def test_setup_token_on_a_gateway_route_is_refused(kenv, secret_service):
    add_gateway(kenv, "st-gw")
    r = kenv.run("login", "st-gw", "--setup-token", "--secret-stdin", input=SETUP)
    one_line_error(r)
    assert stored(kenv, "st-gw")["kind"] == "gateway"
    assert keyring_get(secret_service, "ccswitch", "st-gw:CLAUDE_CODE_OAUTH_TOKEN") == "<none>"


def test_interactive_setup_token_runs_the_client_and_asks_hidden(kenv, secret_service, tmp_path):
    kenv.ok("add", "st-tty", "--kind", "login")
    folder = stored(kenv, "st-tty")["config_dir"]
    printed = "sk-ant-oat01-PRINTED-by-the-fake-client"
    typed = "sk-ant-oat01-TYPED-" + CANARY
    bindir, log = fake_claude(tmp_path, prints=printed)
    kenv["PATH"] = str(bindir) + os.pathsep + kenv["PATH"]
    kenv["ANTHROPIC_API_KEY"] = STALE["ANTHROPIC_API_KEY"]
    code, shown, sent = run_on_pty(kenv, "login", "st-tty", "--setup-token", "--", "--extra", answer=typed)
    assert sent, shown
    assert code == 0, shown
    assert printed.encode() in shown  # the client's own output reaches the terminal
    assert typed.encode() not in shown  # the typed token is not echoed
    assert CANARY.encode() not in shown
    (call,) = calls(log)
    assert call["argv"] == ["setup-token", "--extra"]
    assert call["env"]["CLAUDE_CONFIG_DIR"] == folder and "ANTHROPIC_API_KEY" not in call["env"]
    assert keyring_get(secret_service, "ccswitch", "st-tty:CLAUDE_CODE_OAUTH_TOKEN") == typed
    assert stored(kenv, "st-tty")["kind"] == "oauth-token"
    assert typed not in kenv.store.read_text()


def test_a_failing_setup_token_changes_nothing(kenv, secret_service, tmp_path):
    kenv.ok("add", "st-fail", "--kind", "login")
    before = kenv.store.read_text()
    bindir, log = fake_claude(tmp_path, code=1)
    r = kenv.run("login", "st-fail", "--setup-token", input="", env=with_fake(kenv, bindir))
    assert r.returncode != 0 and "Traceback" not in r.err
    assert "`claude setup-token` failed (exit 1)" in r.err
    assert [c["argv"] for c in calls(log)] == [["setup-token"]]
    assert kenv.store.read_text() == before
    assert keyring_get(secret_service, "ccswitch", "st-fail:CLAUDE_CODE_OAUTH_TOKEN") == "<none>"


def test_setup_token_without_a_terminal_to_ask_on_changes_nothing(kenv, secret_service, tmp_path):
    kenv.ok("add", "st-notty", "--kind", "login")
    before = kenv.store.read_text()
    bindir, log = fake_claude(tmp_path, prints="sk-ant-oat01-PRINTED")
    r = kenv.run("login", "st-notty", "--setup-token", input="", env=with_fake(kenv, bindir))
    assert r.returncode != 0 and "Traceback" not in r.err and "--secret-stdin" in r.err
    assert kenv.store.read_text() == before


# ----------------------------------------------------------------------------- --share


def test_share_links_items_of_the_default_folder(tenv):
    default = tenv.home / ".claude"
    assert not default.exists()
    a = add_account(tenv, "acct", "--share", "settings,agents")
    assert os.readlink(a / "settings.json") == str(default / "settings.json")
    assert os.readlink(a / "agents") == str(default / "agents")
    assert (default / "settings.json").is_file() and json.loads((default / "settings.json").read_text()) == {}
    assert (default / "agents").is_dir()
    assert not (a / "CLAUDE.md").exists() and not (a / "commands").exists()
    show = tenv.ok("show", "acct").out
    assert "shares with the default folder: settings, agents" in show
    assert tenv.ok("show", "acct", "--json").out and json.loads(tenv.ok("show", "acct", "--json").out)["shares"] == ["settings", "agents"]
    tenv.ok("edit", "acct", "--unshare", "agents")
    assert not os.path.lexists(a / "agents")
    assert os.path.islink(a / "settings.json")
    assert (default / "agents").is_dir()  # the default folder's own is kept
    assert json.loads(tenv.ok("show", "acct", "--json").out)["shares"] == ["settings"]


def test_share_keeps_an_existing_default_item(tenv):
    default = tenv.home / ".claude"
    tenv.write(default / "settings.json", {"model": "opus"})
    (default / "agents").mkdir()
    (default / "agents" / "reviewer.md").write_text("agent")
    a = add_account(tenv, "acct")
    tenv.ok("edit", "acct", "--share", "settings", "--share", "agents,memory")
    assert json.loads((a / "settings.json").read_text()) == {"model": "opus"}
    assert (a / "agents" / "reviewer.md").read_text() == "agent"
    assert os.readlink(a / "CLAUDE.md") == str(default / "CLAUDE.md")
    tenv.ok("edit", "acct", "--share", "settings")  # sharing twice is nothing new
    r = tenv.run("edit", "acct", "--unshare", "commands")
    one_line_error(r, 2)


def test_share_over_an_accounts_own_file_is_refused_and_leaves_it(tenv):
    a = add_account(tenv, "acct")
    (a / "settings.json").write_text('{"mine": true}')
    r = tenv.run("edit", "acct", "--share", "settings")
    one_line_error(r, 2)
    assert not os.path.islink(a / "settings.json") and (a / "settings.json").read_text() == '{"mine": true}'
    assert not (tenv.home / ".claude").exists()


def test_add_with_share_over_an_existing_file_is_refused_and_stores_nothing(tenv):
    own = tenv.home / "own"
    own.mkdir()
    (own / "settings.json").write_text('{"mine": true}')
    r = tenv.run("add", "acct", "--kind", "login", "--config-dir", str(own), "--share", "settings")
    one_line_error(r, 2)
    assert (own / "settings.json").read_text() == '{"mine": true}' and not os.path.islink(own / "settings.json")
    assert stored(tenv, "acct") is None, "the route was stored although add failed"


def test_add_with_an_unknown_share_item_is_a_one_line_error_and_stores_nothing(tenv):
    r = tenv.run("add", "acct", "--kind", "login", "--share", "settings,bogus")
    one_line_error(r, 2)
    assert "bogus" in r.err
    assert stored(tenv, "acct") is None, "the route was stored although add failed"
    assert not (accounts_dir(tenv) / "acct").exists()


def test_add_a_gateway_with_share_is_refused_and_stores_nothing(tenv):
    r = tenv.run("add", "gw", "--kind", "gateway", "--base-url", GW, "--secret-env", "GW_TOKEN", "--share", "settings")
    one_line_error(r, 2)
    assert stored(tenv, "gw") is None, "the route was stored although add failed"


def test_edit_share_of_a_gateway_route_is_refused(tenv):
    add_gateway(tenv)
    before = tenv.store.read_text()
    r = tenv.run("edit", "gw", "--share", "settings")
    one_line_error(r, 2)
    assert tenv.store.read_text() == before
    assert not (tenv.home / ".claude").exists()


def test_edit_unknown_share_item_is_a_one_line_error(tenv):
    a = add_account(tenv, "acct")
    r = tenv.run("edit", "acct", "--share", "nonsense")
    one_line_error(r, 2)
    assert list(a.iterdir()) == []


# ----------------------------------------------------------------------------- import claude-dir


def test_import_claude_dir_adopts_a_folder_and_changes_nothing_in_it(tenv):
    folder = tenv.home / "my-claude"
    write_login(folder)
    (folder / "projects").mkdir()
    (folder / "projects" / "x.jsonl").write_text("{}\n")
    (folder / "settings.json").write_text('{"hooks": {}}')
    os.chmod(folder, 0o755)
    before = tree_digest(folder)
    r = tenv.run("import", "claude-dir", "../home/my-claude", "--name", "mine", cwd=tenv.project)
    assert r.returncode == 0, r.err
    assert stored(tenv, "mine") == {"kind": "login", "config_dir": str(folder)}
    assert tree_digest(folder) == before
    assert ACCESS not in r.out + r.err
    out = tenv.ok("use", "mine", "--shell", "bash").out
    assert f"export CLAUDE_CONFIG_DIR='{folder}'" in out


def test_import_claude_dir_refuses_a_folder_without_claude_marks(tenv):
    folder = tenv.home / "plain"
    folder.mkdir()
    (folder / "notes.txt").write_text("hi")
    r = tenv.run("import", "claude-dir", str(folder), "--name", "plain")
    one_line_error(r, 2)
    assert "not a Claude Code folder" in r.err
    assert stored(tenv, "plain") is None
    r = tenv.run("import", "claude-dir", str(tenv.home / "missing"), "--name", "m")
    assert r.returncode != 0 and stored(tenv, "m") is None


def test_import_claude_dir_refuses_the_default_folder(tenv):
    write_login(tenv.home / ".claude")
    r = tenv.run("import", "claude-dir", str(tenv.home / ".claude"), "--name", "dflt")
    assert r.returncode != 0 and "Traceback" not in r.err
    assert stored(tenv, "dflt") is None


@pytest.fixture
def peers(tenv):
    h = tenv.home
    work = h / ".claude-work"
    personal = h / ".ccs" / "instances" / "personal"
    team = h / ".cc-subscription-switch" / "accounts" / "team"
    (work).mkdir()
    (work / ".claude.json").write_text("{}")
    personal.mkdir(parents=True)
    (personal / "settings.json").write_text("{}")
    (team / "projects").mkdir(parents=True)
    # not candidates: the client's own ~/.claude-code, a folder without marks, a plain file
    (h / ".claude-code").mkdir()
    (h / ".claude-code" / "settings.json").write_text("{}")
    (h / ".claude-empty").mkdir()
    (h / ".ccs" / "instances" / "stray.txt").write_text("x")
    return {"work": work, "personal": personal, "team": team}


def test_import_claude_dir_lists_the_folders_it_finds(tenv, peers):
    before = {k: tree_digest(v) for k, v in peers.items()}
    r = tenv.run("import", "claude-dir")
    assert r.returncode == 0, r.err
    lines = r.out.strip().splitlines()
    assert len(lines) == 3, r.out
    for name, folder in peers.items():
        assert any(str(folder) in line and f"-> {name} (login)" in line for line in lines), (name, r.out)
    assert ".claude-code" not in r.out and ".claude-empty" not in r.out and "stray" not in r.out
    assert not tenv.store.exists() or stored(tenv) == {}
    assert {k: tree_digest(v) for k, v in peers.items()} == before


def test_import_claude_dir_all_adopts_them_and_a_second_all_skips_them(tenv, peers):
    before = {k: tree_digest(v) for k, v in peers.items()}
    r = tenv.run("import", "claude-dir", "--all")
    assert r.returncode == 0, r.err
    routes = stored(tenv)
    assert routes == {name: {"kind": "login", "config_dir": str(folder)} for name, folder in peers.items()}
    assert {k: tree_digest(v) for k, v in peers.items()} == before
    r = tenv.run("import", "claude-dir", "--all")
    assert r.returncode == 0, r.err
    assert r.err.count("has this folder already") == 3
    assert stored(tenv) == routes
    listing = tenv.ok("import", "claude-dir").out
    assert listing.count("has this folder already") == 3


def test_import_claude_dir_with_nothing_found_says_where_it_looked(tenv):
    r = tenv.run("import", "claude-dir")
    one_line_error(r, 2)
    assert "~/.claude-*" in r.err


# ----------------------------------------------------------------------------- trust


@pytest.mark.parametrize("header", ["# ccswitch export: route acct (kind login)\n", ""], ids=["exported", "plain"])
def test_a_dotenv_naming_a_folder_needs_allow_var(tenv, tmp_path, header):
    """A .env that sets CLAUDE_CONFIG_DIR names a folder, ccswitch's own export or a user's file
    alike: refused without --allow-var (nothing stored, no folder made), and with it the route is
    that folder's account."""
    path = tmp_path / "acct.env"
    path.write_text(header + 'CLAUDE_CONFIG_DIR="/tmp/x"\n')
    r = tenv.run("import", "dotenv", str(path), "--name", "acct")
    one_line_error(r, 2)
    assert "--allow-var CLAUDE_CONFIG_DIR" in r.err
    assert stored(tenv, "acct") is None and not (accounts_dir(tenv) / "acct").exists()
    tenv.ok("import", "dotenv", str(path), "--name", "acct", "--allow-var", "CLAUDE_CONFIG_DIR")
    assert stored(tenv, "acct") == {"kind": "login", "config_dir": "/tmp/x"}


def test_exported_gateway_dotenv_with_a_folder_needs_allow_var(tenv, tmp_path):
    path = tmp_path / "gw.env"
    path.write_text(f'# ccswitch export: route gw (kind gateway)\nANTHROPIC_BASE_URL="{GW}"\nCLAUDE_CONFIG_DIR="/tmp/x"\n'
                    "# ANTHROPIC_AUTH_TOKEN: env:GW_TOKEN\n")
    r = tenv.run("import", "dotenv", str(path), "--name", "gw")
    one_line_error(r, 2)
    assert "--allow-var CLAUDE_CONFIG_DIR" in r.err and stored(tenv, "gw") is None
    tenv.ok("import", "dotenv", str(path), "--name", "gw", "--allow-var", "CLAUDE_CONFIG_DIR")
    out = tenv.ok("use", "gw", "--shell", "bash", env={"GW_TOKEN": GW_TOKEN}).out
    assert "export CLAUDE_CONFIG_DIR='/tmp/x'" in out


def test_plain_dotenv_with_a_gateway_and_a_folder_needs_allow_var(kenv, secret_service, tmp_path):
    path = tmp_path / "dotenv-gw.env"
    path.write_text(f"ANTHROPIC_BASE_URL={GW}\nANTHROPIC_AUTH_TOKEN={GW_TOKEN}\nCLAUDE_CONFIG_DIR=/tmp/x\n")
    r = kenv.run("import", "dotenv", str(path), "--name", "dotenv-gw")
    one_line_error(r, 2)
    assert "--allow-var CLAUDE_CONFIG_DIR" in r.err
    assert stored(kenv, "dotenv-gw") is None
    assert keyring_get(secret_service, "ccswitch", "dotenv-gw:ANTHROPIC_AUTH_TOKEN") == "<none>"
    r = kenv.run("import", "dotenv", str(path), "--name", "dotenv-gw", "--allow-var", "CLAUDE_CONFIG_DIR")
    assert r.returncode == 0, r.err
    out = kenv.ok("use", "dotenv-gw", "--shell", "bash").out
    assert "export CLAUDE_CONFIG_DIR='/tmp/x'" in out and f"export ANTHROPIC_AUTH_TOKEN='{GW_TOKEN}'" in out


PROJECT_FOLDER_FILES = {
    "login-with-folder": '[route]\nkind = "login"\nconfig_dir = "/tmp/evil"\n',
    "login-without-folder": '[route]\nkind = "login"\n',
    "oauth-token-with-folder": '[route]\nkind = "oauth-token"\nconfig_dir = "/tmp/evil"\n',
    "env-folder": f'[route]\nkind = "gateway"\nbase_url = "{GW}"\n[route.env]\nCLAUDE_CONFIG_DIR = "/tmp/evil"\n',
}


@pytest.mark.parametrize("content", PROJECT_FOLDER_FILES.values(), ids=PROJECT_FOLDER_FILES.keys())
def test_a_ccswitch_file_cannot_choose_the_folder(tenv, tmp_path, content):
    proj = tmp_path / "clone"
    proj.mkdir()
    (proj / ".ccswitch").write_text(content)
    r = tenv.run("allow", str(proj), input="x")
    one_line_error(r, 2)
    assert "cannot choose Claude Code's folder" in r.err
    assert not (Path(tenv["CCSWITCH_HOME"]) / "allow").exists() or not any((Path(tenv["CCSWITCH_HOME"]) / "allow").iterdir())
    r = tenv.ok("dir", "--shell", "bash", "--", str(proj / ".ccswitch"))
    assert "CLAUDE_CONFIG_DIR='/tmp/evil'" not in r.out and "CCSWITCH_ROUTE" not in r.out


def test_a_ccswitch_file_naming_an_account_route_is_allowed(tenv, tmp_path):
    a = add_account(tenv, "work")
    proj = tmp_path / "repo"
    proj.mkdir()
    (proj / ".ccswitch").write_text('route = "work"\n')
    tenv.ok("allow", str(proj))
    r = tenv.ok("dir", "--shell", "bash", "--", str(proj / ".ccswitch"))
    assert f"export CLAUDE_CONFIG_DIR='{a}'" in r.out
    assert "export CCSWITCH_ROUTE='work'" in r.out
    # entering, then leaving, in a real bash: the user's own folder comes back
    on, off = bash_steps(tenv, tmp_path, [f"dir -- '{proj / '.ccswitch'}'", "dir -- ''"], {"CLAUDE_CONFIG_DIR": "/their/dir"})
    assert on["CLAUDE_CONFIG_DIR"] == str(a)
    assert off["CLAUDE_CONFIG_DIR"] == "/their/dir"
