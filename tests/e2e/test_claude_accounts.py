"""End to end: subscription accounts side by side, with the real Claude Code client, offline.

Two account routes (kind `login`, each with its own CLAUDE_CONFIG_DIR holding a fake login:
`.credentials.json` and `.claude.json`), a gateway route and an API-key route (their secrets in
a real Secret Service).  Every account route also sets ANTHROPIC_BASE_URL to a loopback server,
so the login's requests land there and we see exactly which bearer token the client sent.

* In each real shell, the shell itself applies `ccswitch use`/`reset` and runs `claude -p` at
  every step of one walk: each step sends its own credential and no byte of any other.
* `ccswitch whoami --json` and `ccswitch status --json` name the account the real
  `claude auth status --json` names, and never show a token.
* A settings.json inside an account folder shadows the shell: status says so (naming that
  file, not ~/.claude's), and the real client does what status predicted.
* Two interactive hooked bash terminals, one per account, side by side.

Nothing can reach the internet: every base URL is 127.0.0.1, HTTPS_PROXY points at a dead
loopback port, and the HOME is fresh (no login of the machine running the tests).
"""

import json
import stat
import subprocess
import sys
import time

import pytest

from ccswitch.claudevars import ROUTE_VARS
from conftest import CCSWITCH, Env, need
from hookkit import DRIVERS, Session
from server import LoopbackServer
from shellkit import SHELLS, envs_after, parse_env0

pytestmark = pytest.mark.e2e

# Two subscriptions, nothing alike: tokens, names, organisations, plans.
ACCOUNTS = {
    "acct-a": {
        "token": "sk-ant-oat01-account-A-access-4f2c9d7e",
        "refresh": "sk-ant-ort01-account-A-refresh-8b1e03",
        "email": "alice@a-corp.test",
        "org": "A Corp Engineering",
        "org_id": "aaaaaaaa-1111-4aaa-8aaa-aaaaaaaaaaaa",
        "plan": "max",
    },
    "acct-b": {
        "token": "sk-ant-oat01-account-B-access-c71d55a0",
        "refresh": "sk-ant-ort01-account-B-refresh-2e9f64",
        "email": "bob@b-labs.test",
        "org": "B Labs Research",
        "org_id": "bbbbbbbb-2222-4bbb-9bbb-bbbbbbbbbbbb",
        "plan": "pro",
    },
}
SECRETS = {"gw": "gw-secret-accounts-91c3e0", "ak": "sk-ant-api03-accounts-ak-5d7a"}

# Every credential in play, by who owns it: a step may send only its own.
OWNED = {
    "acct-a": {"acct-a": ACCOUNTS["acct-a"]["token"]},
    "acct-b": {"acct-b": ACCOUNTS["acct-b"]["token"]},
    "gw": {"gw": SECRETS["gw"]},
    "ak": {"ak": SECRETS["ak"]},
    "login": {},
}
ALL_SECRETS = {
    **{f"{n} access token": a["token"] for n, a in ACCOUNTS.items()},
    **{f"{n} refresh token": a["refresh"] for n, a in ACCOUNTS.items()},
    **{f"{n} secret": s for n, s in SECRETS.items()},
}

# The walk every shell takes (`login` is `ccswitch reset`).
WALK = ["acct-a", "acct-b", "gw", "acct-a", "ak", "login"]
# The shells of shellkit.SHELLS that are programs of their own: `sh` and `csh` are dash and
# tcsh under another name on Debian, and each walk costs six real client runs.
WALK_SHELLS = ["bash", "zsh", "dash", "ksh", "fish", "tcsh", "elvish", "nu", "xonsh"]
assert set(WALK_SHELLS) <= set(SHELLS)


def write_login(folder, acct):
    """A logged-in folder, as `claude` + /login leaves it (Linux: the credentials file)."""
    creds = {"claudeAiOauth": {
        "accessToken": acct["token"], "refreshToken": acct["refresh"],
        "expiresAt": int((time.time() + 30 * 86400) * 1000),  # a month ahead: no refresh is tried
        "scopes": ["user:inference", "user:profile"], "subscriptionType": acct["plan"],
    }}
    path = folder / ".credentials.json"
    path.write_text(json.dumps(creds))
    path.chmod(0o600)
    (folder / ".claude.json").write_text(json.dumps({"oauthAccount": {
        "emailAddress": acct["email"], "organizationName": acct["org"], "organizationUuid": acct["org_id"],
    }}))


def offline(e, claude):
    """Point every escape at a dead loopback port; put the pinned client on PATH."""
    e["PATH"] = f"{claude.rsplit('/', 1)[0]}:{e['PATH']}"
    e["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1"
    e["HTTPS_PROXY"] = e["HTTP_PROXY"] = "http://127.0.0.1:9"
    e["NO_PROXY"] = "127.0.0.1,localhost"
    e["DISABLE_AUTOUPDATER"] = "1"
    return e


@pytest.fixture(scope="module")
def live():
    with LoopbackServer() as server:
        yield server


@pytest.fixture(scope="module")
def acc(tmp_path_factory, secret_service, live):
    """The store: acct-a and acct-b (kind login, folders of their own), gw, ak.  Returns
    (env, {route: folder})."""
    home = tmp_path_factory.mktemp("accounts-home")
    e = offline(Env(home, **secret_service), need("claude"))
    place = tmp_path_factory.mktemp("account-folders")
    folders = {}
    for name, acct in ACCOUNTS.items():
        folder = place / name / "claude"  # not there yet: `add` makes it, private
        e.ok("add", name, "--kind", "login", "--config-dir", str(folder), "--set", f"ANTHROPIC_BASE_URL={live.url}")
        assert folder.is_dir(), f"add did not create the account folder {folder}"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, oct(folder.stat().st_mode)
        write_login(folder, acct)
        folders[name] = folder
    e.ok("add", "gw", "--kind", "gateway", "--base-url", live.url, "--secret-stdin", input=SECRETS["gw"])
    e.ok("add", "ak", "--kind", "api-key", "--base-url", live.url, "--secret-stdin", input=SECRETS["ak"])
    assert not (home / ".claude" / ".credentials.json").exists()  # the default folder has no login
    return e, folders


def switch(route):
    return "reset" if route == "login" else f"use {route}"


# ----------------------------------------------------------------------------- 1, 2: the walk


def step_program(tmp_path, live):
    """`ccstep I`: mark the server (GET /marker/I), save the environment it was given, run
    `claude -p`, save its output and exit status.  A child of the shell under test, so what it
    sees is what the shell exported."""
    host, port = live.url.rsplit("/", 1)[1].split(":")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    prog = bindir / "ccstep"
    prog.write_text(f"""#!{sys.executable}
import http.client, os, subprocess, sys
i = sys.argv[1]
out = {str(tmp_path)!r}
c = http.client.HTTPConnection({host!r}, {int(port)}, timeout=10)
c.request("GET", "/marker/" + i)
c.getresponse().read()
c.close()
with open(os.path.join(out, "env" + i), "wb") as f:
    f.write(b"".join(k + b"=" + v + b"\\0" for k, v in os.environb.items()))
with open(os.path.join(out, "out" + i), "wb") as f:
    rc = subprocess.run(["claude", "-p", "ccswitch account step " + i], stdout=f, stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL, timeout=120).returncode
with open(os.path.join(out, "rc" + i), "w") as f:
    f.write(str(rc))
""")
    prog.chmod(0o755)
    return bindir


def split_by_marker(requests, n):
    steps, current = [], None
    for r in requests:
        if r["path"].startswith("/marker/"):
            current = []
            steps.append(current)
        elif current is not None:
            current.append(r)
    assert len(steps) == n, f"{len(steps)} markers for {n} steps"
    return steps


def check_env(route, env, folders, live):
    """What the shell exported for `route`: the account's folder and nothing of another route."""
    if route in ACCOUNTS:
        assert env.get("CLAUDE_CONFIG_DIR") == str(folders[route])
        assert env.get("CCSWITCH_ROUTE") == route
        assert env.get("ANTHROPIC_BASE_URL") == live.url
        for var in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_SECURESTORAGE_CONFIG_DIR"):
            assert var not in env, f"{route}: {var} is set"
    else:
        assert "CLAUDE_CONFIG_DIR" not in env, f"{route}: CLAUDE_CONFIG_DIR={env.get('CLAUDE_CONFIG_DIR')} (the user had none)"
    if route == "gw":
        assert env.get("CCSWITCH_ROUTE") == "gw" and env.get("ANTHROPIC_AUTH_TOKEN") == SECRETS["gw"]
        assert "ANTHROPIC_API_KEY" not in env
    elif route == "ak":
        assert env.get("CCSWITCH_ROUTE") == "ak" and env.get("ANTHROPIC_API_KEY") == SECRETS["ak"]
        assert "ANTHROPIC_AUTH_TOKEN" not in env
    elif route == "login":
        assert "CCSWITCH_ROUTE" not in env
        assert sorted(set(env) & set(ROUTE_VARS)) == [], "reset left route variables"
    own = set(OWNED[route].values())
    for label, secret in ALL_SECRETS.items():
        if secret not in own:
            assert not any(secret in v for v in env.values()), f"{route}: the {label} is in the environment"


def check_requests(route, reqs, out, rc):
    """What the real client sent at one step."""
    raw = b"".join(r["raw"] for r in reqs)
    own = set(OWNED[route].values())
    for label, secret in ALL_SECRETS.items():
        if secret not in own:
            assert secret.encode() not in raw, f"{route}: the {label} reached the server"
    if route == "login":
        assert reqs == [], f"reset: the client sent {[r['path'] for r in reqs]} with no login"
        assert "Not logged in" in out and rc != 0, out
        return
    assert rc == 0 and "pong from the loopback server" in out, f"{route}: rc={rc} {out}"
    posts = [r for r in reqs if r["method"] == "POST"]
    assert posts, f"{route}: no POST reached the server"
    for r in reqs:
        h = r["headers"]
        if route in ACCOUNTS:
            assert h.get("authorization") == f"Bearer {ACCOUNTS[route]['token']}", f"{route}: {h.get('authorization')!r}"
            assert "x-api-key" not in h
        elif route == "gw":
            assert h.get("authorization") == f"Bearer {SECRETS['gw']}" and "x-api-key" not in h
        elif route == "ak":
            assert h.get("x-api-key") == SECRETS["ak"] and "authorization" not in h
    assert all(r["path"].startswith("/v1/messages") for r in posts), [r["path"] for r in posts]


@pytest.mark.parametrize("shell", WALK_SHELLS)
def test_accounts_gateway_key_and_reset_in_each_shell(acc, live, shell, tmp_path):
    """use acct-a, acct-b, gw, acct-a, ak, reset — each applied by the shell itself, each
    followed by a real `claude -p` whose requests are told apart by a marker."""
    e, folders = acc
    sh = SHELLS[shell]
    bindir = step_program(tmp_path, live)
    env = dict(e, PATH=f"{bindir}:{e['PATH']}")
    lines = []
    for i, route in enumerate(WALK):
        lines.append(sh.apply_cmd.format(cmd=f"ccswitch {switch(route)} --shell {shell}"))
        lines.append(f"ccstep {i}")
    live.recorder.clear()
    done = sh.run(lines, env, timeout=600)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert b"apply failed" not in done.stderr, done.stderr.decode(errors="replace")[-2000:]
    steps = split_by_marker(live.requests, len(WALK))
    for i, (route, reqs) in enumerate(zip(WALK, steps)):
        step_env = parse_env0((tmp_path / f"env{i}").read_bytes())
        out = (tmp_path / f"out{i}").read_text(errors="replace")
        rc = int((tmp_path / f"rc{i}").read_text())
        check_env(route, step_env, folders, live)
        check_requests(route, reqs, out, rc)


@pytest.mark.parametrize("shell", WALK_SHELLS)
def test_the_users_own_config_dir_comes_back(acc, shell, tmp_path):
    """A user who keeps their own CLAUDE_CONFIG_DIR: an account route replaces it, any other
    route and reset put it back (no client run: the environment alone)."""
    e, folders = acc
    own = str(tmp_path / "my own claude folder")
    steps = ["use acct-a", "use gw", "use acct-b", "use acct-a", "reset"]
    envs, err = envs_after(SHELLS[shell], steps, dict(e, CLAUDE_CONFIG_DIR=own), tmp_path)
    got = [env.get("CLAUDE_CONFIG_DIR") for env in envs]
    assert got == [str(folders["acct-a"]), own, str(folders["acct-b"]), str(folders["acct-a"]), own], err


# ----------------------------------------------------------------------------- 3: whoami, status


def in_bash(env, script, cwd):
    done = subprocess.run([need("bash"), "--norc", "--noprofile", "-c", script], env=dict(env), capture_output=True,
                          timeout=120, cwd=cwd)
    return done


def observe(e, route, tmp_path):
    """After `use route` in one bash: the real client's `auth status --json`, and ccswitch's
    `whoami --json`, `whoami`, `status --json` (each: stdout, stderr, exit status)."""
    outs = {}
    cmds = {"auth": "claude auth status --json", "whoami": "ccswitch whoami --json", "whoami-text": "ccswitch whoami",
            "status": "ccswitch status --json", "status-text": "ccswitch status"}
    lines = [f'eval "$(ccswitch use {route})" || exit 91']
    for key, cmd in cmds.items():
        lines.append(f"{cmd} > '{tmp_path}/{key}.out' 2> '{tmp_path}/{key}.err'; echo $? > '{tmp_path}/{key}.rc'")
    done = in_bash(e, "\n".join(lines), tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    for key in cmds:
        outs[key] = ((tmp_path / f"{key}.out").read_text(), (tmp_path / f"{key}.err").read_text(),
                     int((tmp_path / f"{key}.rc").read_text()))
    return outs


@pytest.mark.parametrize("route", list(ACCOUNTS))
def test_whoami_and_status_name_the_account_the_client_names(acc, route, tmp_path):
    e, folders = acc
    acct = ACCOUNTS[route]
    outs = observe(e, route, tmp_path)
    for key, (out, err, _rc) in outs.items():
        if key == "auth":
            continue
        for label, secret in ALL_SECRETS.items():
            if "access" in label or "refresh" in label:
                assert secret not in out + err, f"`{key}` shows the {label}"

    client = json.loads(outs["auth"][0])
    assert client["loggedIn"] is True and client["authMethod"] == "claude.ai", client
    # the fixture's account, as the client itself reads the folder
    assert (client["email"], client["orgName"], client["subscriptionType"]) == (acct["email"], acct["org"], acct["plan"])

    who_out, _, who_rc = outs["whoami"]
    who = json.loads(who_out)
    assert who_rc == 0
    assert who["used"] is True and who["route"] == route
    assert who["folder"] == str(folders[route]) and who["default"] is False
    assert who["account"]["email"] == client["email"]
    assert who["account"]["organization"] == client["orgName"]
    assert who["account"]["organization_id"] == client["orgId"]
    assert who["credentials"]["subscription"] == client["subscriptionType"]
    assert who["credentials"]["path"] == str(folders[route] / ".credentials.json")
    assert who["credentials"]["logged_in"] is True and who["credentials"]["expired"] is False

    text, _, text_rc = outs["whoami-text"]
    assert text_rc == 0 and acct["email"] in text and acct["org"] in text and acct["plan"] in text, text

    st_out, _, st_rc = outs["status"]
    st = json.loads(st_out)
    assert st_rc == 0
    a = st["account"]
    assert (a["email"], a["organization"], a["subscription"]) == (client["email"], client["orgName"], client["subscriptionType"])
    assert a["used"] is True and a["folder"] == str(folders[route]) and a["default"] is False
    assert st["route"]["name"] == route and st["kind"] == "login"
    assert st["credential"]["origin"] == str(folders[route] / ".credentials.json")


def test_whoami_on_a_gateway_says_the_login_is_not_used(acc, tmp_path):
    e, _folders = acc
    outs = observe(e, "gw", tmp_path)
    who_out, _, who_rc = outs["whoami"]
    who = json.loads(who_out)
    assert who_rc == 1 and who["used"] is False, who
    assert who["taken"]["kind"] == "gateway" and who["default"] is True
    assert outs["whoami-text"][2] == 1
    st = json.loads(outs["status"][0])
    assert st["kind"] == "gateway" and st["account"]["used"] is False
    # the client agrees: not the subscription login
    client = json.loads(outs["auth"][0])
    assert client.get("authMethod") != "claude.ai", client
    for key, (out, err, _rc) in outs.items():
        assert SECRETS["gw"] not in out + err or key == "auth", f"`{key}` shows the gateway secret"


# ----------------------------------------------------------------------------- 4: settings.json in the folder


def test_settings_env_in_the_account_folder_predicted_by_status(acc, live, tmp_path):
    """settings.json inside account folder A sends the login elsewhere.  Status must say so, name
    that file (not ~/.claude/settings.json, which here points at a decoy), and the real client
    must go exactly where status said."""
    e, folders = acc
    folder = folders["acct-a"]
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    with LoopbackServer() as shadow, LoopbackServer() as decoy:
        (home / ".claude" / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": decoy.url}}))
        settings = folder / "settings.json"
        settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": shadow.url}}))
        env = dict(e, HOME=str(home))
        try:
            done = in_bash(env, 'eval "$(ccswitch use acct-a)" && ccswitch status --json', tmp_path)
            assert done.returncode == 0, done.stderr.decode()
            st = json.loads(done.stdout)
            warned = [w for w in st["warnings"] if w["code"] in ("settings-env-shadow", "settings-env-route-var")
                      and w.get("variable") == "ANTHROPIC_BASE_URL"]
            assert warned, st["warnings"]
            for w in warned:
                assert w["file"] == str(settings), w
                assert not w["file"].startswith(str(home / ".claude")), w
            assert st["endpoint"]["url"].rstrip("/") == shadow.url, st["endpoint"]
            assert st["account"]["email"] == ACCOUNTS["acct-a"]["email"] and st["account"]["used"] is True
            assert [layer["path"] for layer in st["settings"]["layers"] if layer["scope"] == "user"] == [str(settings)]

            live.recorder.clear()
            ran = in_bash(env, 'eval "$(ccswitch use acct-a)" && claude -p "shadowed account"', tmp_path)
            assert b"pong" in ran.stdout, ran.stdout + ran.stderr
            assert live.requests == [], "the shell's ANTHROPIC_BASE_URL held, but status said the folder's settings win"
            assert decoy.requests == [], "~/.claude/settings.json was used although CLAUDE_CONFIG_DIR names another folder"
            posts = [r for r in shadow.requests if r["method"] == "POST"]
            assert posts and all(r["headers"].get("authorization") == f"Bearer {ACCOUNTS['acct-a']['token']}" for r in posts)
            assert ACCOUNTS["acct-b"]["token"].encode() not in shadow.recorder.raw()

            # exec --override-settings reads the account folder's settings too, and makes the route hold
            shadow.recorder.clear()
            live.recorder.clear()
            held = in_bash(env, 'ccswitch exec --override-settings acct-a -- claude -p "held account"', tmp_path)
            assert b"pong" in held.stdout, held.stdout + held.stderr
            assert b"--override-settings: claude --settings sets ANTHROPIC_BASE_URL" in held.stderr, held.stderr
            assert [r for r in shadow.requests if r["method"] == "POST"] == [] and decoy.requests == []
            posts = [r for r in live.requests if r["method"] == "POST"]
            assert posts and all(r["headers"].get("authorization") == f"Bearer {ACCOUNTS['acct-a']['token']}" for r in posts)
        finally:
            settings.unlink()


# ----------------------------------------------------------------------------- 5: two terminals


def test_two_terminals_two_accounts(acc, live, tmp_path):
    """Two interactive bash terminals with the hook loaded, one on each account, open at once:
    each prompt shows its own route, and each `claude -p` sends its own account's token."""
    e, folders = acc
    terms = {}
    try:
        for name in ACCOUNTS:
            d = tmp_path / name
            d.mkdir()
            terms[name] = Session(DRIVERS["bash"], e, d, cwd=d, timeout=60)
            assert terms[name].loaded.segment is None  # no route yet: the prompt shows none
        for name, term in terms.items():
            step = term.run(f"ccswitch use {name}")
            assert step.segment == name, step
        for name in [*ACCOUNTS, *ACCOUNTS]:  # a, b, then a and b again: neither switch moved the other
            term = terms[name]
            live.recorder.clear()
            step = term.run(f"claude -p 'from the terminal of {name}'")
            assert step.segment == name and "pong from the loopback server" in step.out, step
            reqs = live.requests
            assert [r for r in reqs if r["method"] == "POST"], f"{name}: no POST"
            for r in reqs:
                assert r["headers"].get("authorization") == f"Bearer {ACCOUNTS[name]['token']}", r["headers"]
            for other, acct in ACCOUNTS.items():
                if other != name:
                    assert acct["token"].encode() not in live.recorder.raw()
            assert term.env().get("CLAUDE_CONFIG_DIR") == str(folders[name])
    finally:
        for term in terms.values():
            term.close()


def test_login_starts_the_real_clients_own_login_in_the_account_folder(tmp_path):
    """`ccswitch login NAME` hands over to the real `claude auth login`: it offers its sign-in URL
    and keeps its state in the route's folder, not in the default one.  (Signing in needs
    Anthropic's servers, so the flow is stopped at the code prompt.)"""
    import pexpect

    home = tmp_path / "home"
    home.mkdir()
    e = Env(home)
    e.ok("add", "work", "--kind", "login")
    folder = json.loads(e.ok("show", "work", "--json").out)["fields"]["config_dir"]
    claude = need("claude")
    env = dict(e)
    env.update(PATH=f"{claude.rsplit('/', 1)[0]}:{e['PATH']}", BROWSER="true", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1",
               DISABLE_AUTOUPDATER="1", HTTPS_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1,localhost",
               ANTHROPIC_API_KEY="sk-ant-api03-stale-shell-key", CLAUDE_CONFIG_DIR=str(tmp_path / "elsewhere"))
    term = pexpect.spawn(CCSWITCH, ["login", "work"], env=env, timeout=60, encoding="utf-8")
    try:
        term.expect(r"oauth/authorize\?\S*")
        assert "client_id=" in term.after and "code_challenge=" in term.after
        term.expect("[Pp]aste code")
    finally:
        term.terminate(force=True)
    assert (home / ".claude.json").exists() is False and not (home / ".claude").exists(), "the default folder was used"
    assert not (tmp_path / "elsewhere").exists(), "the shell's own CLAUDE_CONFIG_DIR was used"
    with open(f"{folder}/.claude.json") as f:  # the client's state went to the account's folder
        assert json.load(f).get("oauthAccount") is None  # and nothing was signed in
