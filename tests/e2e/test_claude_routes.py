"""End to end with the real Claude Code client (npm @anthropic-ai/claude-code), fully offline.

A real bash switches with `eval "$(ccswitch use X)"` (secrets from a real Secret Service), then
runs `claude -p` against a loopback server that stands in for every endpoint.  We assert what
the client really sent: the request shape and credential header of the new route, the model
where the route sets one, and that no byte of another route's secret — nor of the stale
variables the shell started with — reached any server.

Nothing can reach the internet: every base URL points at 127.0.0.1, HTTPS_PROXY points at a
dead loopback port, and a fresh HOME keeps the client away from any login.
"""

import itertools
import subprocess

import pytest

from ccswitch.claudevars import ROUTE_VARS
from conftest import CANARY, Env, need
from server import EXCHANGED_TOKEN, LoopbackServer

pytestmark = pytest.mark.e2e

SECRETS = {
    "gw": "gw-secret-5b1f0c9e",
    "ak": "sk-ant-api03-ak-secret-77d2",
    "fd": "foundry-secret-c3a9e1",
    "mt": "mantle-bedrock-key-41aa7c",
    "aa": "sk-ant-api03-aws-platform-9e02",
    "pf": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.identity-5f1b",
    "ot": "sk-ant-oat01-subscription-token-3c8d",
}


@pytest.fixture(scope="module")
def servers():
    with LoopbackServer() as live, LoopbackServer() as stale:
        yield live, stale


@pytest.fixture(scope="module")
def e2e(tmp_path_factory, secret_service, servers):
    live, _stale = servers
    home = tmp_path_factory.mktemp("e2e-home")
    e = Env(home, **secret_service)
    url = live.url
    e.ok("add", "gw", "--kind", "gateway", "--base-url", url, "--model", "claude-gw-model", "--secret-stdin", input=SECRETS["gw"])
    e.ok("add", "ak", "--kind", "api-key", "--base-url", url, "--secret-stdin", input=SECRETS["ak"])
    e.ok("add", "br", "--kind", "bedrock", "--region", "us-west-2", "--base-url", url, "--model", "us.anthropic.claude-br-model-v1:0",
         "--set", "CLAUDE_CODE_SKIP_BEDROCK_AUTH=1")
    e.ok("add", "vx", "--kind", "vertex", "--project", "proj-e2e", "--region", "us-east5", "--base-url", url,
         "--model", "claude-vx-model@20250101", "--set", "CLAUDE_CODE_SKIP_VERTEX_AUTH=1")
    e.ok("add", "fd", "--kind", "foundry", "--base-url", url, "--secret-stdin", input=SECRETS["fd"])
    e.ok("add", "mt", "--kind", "mantle", "--region", "us-west-2", "--base-url", url, "--model", "anthropic.claude-mt-model",
         "--set", "ANTHROPIC_DEFAULT_OPUS_MODEL=anthropic.claude-mt-model", "--secret-stdin", input=SECRETS["mt"])
    e.ok("add", "aa", "--kind", "anthropic-aws", "--workspace", "wrkspc_e2e", "--region", "us-east-1", "--base-url", url,
         "--model", "claude-aa-model", "--secret-stdin", input=SECRETS["aa"])
    e.ok("add", "pf", "--kind", "profile", "--organization", "org-e2e", "--federation-rule", "fdrl_e2e",
         "--service-account", "svac_e2e", "--base-url", url, "--model", "claude-pf-model", "--secret-stdin", input=SECRETS["pf"])
    # A subscription token goes only to Anthropic; here the loopback server stands in for it.
    e.ok("add", "ot", "--kind", "oauth-token", "--set", f"ANTHROPIC_BASE_URL={url}", "--secret-stdin", input=SECRETS["ot"])
    claude = need("claude")
    e["PATH"] = f"{claude.rsplit('/', 1)[0]}:{e['PATH']}"
    e["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1"
    e["HTTPS_PROXY"] = e["HTTP_PROXY"] = "http://127.0.0.1:9"  # anything not on loopback dies here
    e["NO_PROXY"] = "127.0.0.1,localhost"
    e["DISABLE_AUTOUPDATER"] = "1"
    return e


def e2e_url(e):
    """The live server's URL, as the module's routes were created with."""
    import json

    return json.loads(e.ok("show", "ak", "--json").out)["fields"]["base_url"]


def stale_env(e, stale_url):
    """A shell full of another setup's variables: every route variable, secrets with the canary."""
    env = dict(e)
    for var in ROUTE_VARS:
        env[var] = f"stale-{CANARY}"
    for var in ROUTE_VARS:
        if var.endswith("_BASE_URL"):
            env[var] = stale_url
    env["ANTHROPIC_UNIX_SOCKET"] = "/nonexistent/stale.sock"  # every request would go there if it survived
    env["CLAUDE_CODE_USE_GATEWAY"] = "1"
    return env


def run_steps(e, env, live, routes, tmp_path):
    """In one real bash: for each route, switch, mark the server, run claude.  Returns per step
    (requests seen by the live server, claude's stdout, its exit status)."""
    host, port = live.url.rsplit("/", 1)[1].split(":")
    lines = ["set -u"]
    for i, route in enumerate(routes):
        switch = "reset" if route == "login" else f"use {route}"
        lines += [
            f'eval "$(ccswitch {switch})" || exit 91',
            f"exec 3<>/dev/tcp/{host}/{port}; printf 'GET /marker/{i} HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3 >/dev/null; exec 3<&-",
            f"claude -p 'ccswitch step {i}' > '{tmp_path}/out{i}' 2>&1; echo $? > '{tmp_path}/rc{i}'",
        ]
    live.recorder.clear()
    done = subprocess.run([need("bash"), "--norc", "--noprofile", "-c", "\n".join(lines)], env=env, capture_output=True, timeout=900)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    steps = []
    current = None
    for r in live.requests:
        if r["path"].startswith("/marker/"):
            current = []
            steps.append(current)
        elif current is not None:
            current.append(r)
    assert len(steps) == len(routes)
    return [
        (reqs, (tmp_path / f"out{i}").read_text(), int((tmp_path / f"rc{i}").read_text()))
        for i, reqs in enumerate(steps)
    ]


def check_step(route, reqs, out, rc):
    raw = b"".join(r["raw"] for r in reqs)
    assert CANARY.encode() not in raw, f"{route}: a stale secret reached the server"
    for other, secret in SECRETS.items():
        if other != route:
            assert secret.encode() not in raw, f"{route}: the secret of {other} reached the server"
    if route == "login":
        assert reqs == [], f"login sent {[r['path'] for r in reqs]}"
        assert "Not logged in" in out
        return
    assert rc == 0 and "pong from the loopback server" in out, out
    assert reqs, f"{route}: the server saw no request"
    posts = [r for r in reqs if r["method"] == "POST"]
    assert posts, f"{route}: no POST"
    for r in posts:
        h = r["headers"]
        if route == "gw":
            assert r["path"].startswith("/v1/messages")
            assert h.get("authorization") == f"Bearer {SECRETS['gw']}" and "x-api-key" not in h
            assert r["json"]["model"] == "claude-gw-model"
        elif route == "ak":
            assert r["path"].startswith("/v1/messages")
            assert h.get("x-api-key") == SECRETS["ak"] and "authorization" not in h
        elif route == "fd":
            assert r["path"].startswith("/v1/messages")
            assert h.get("x-api-key") == SECRETS["fd"] and "authorization" not in h
        elif route == "br":
            assert r["path"] == "/model/us.anthropic.claude-br-model-v1:0/invoke-with-response-stream"
            assert "authorization" not in h and "x-api-key" not in h
        elif route == "vx":
            assert r["path"].startswith("/projects/proj-e2e/locations/us-east5/publishers/anthropic/models/claude-vx-model@20250101:")
            assert "authorization" not in h and "x-api-key" not in h
        elif route == "mt":  # Mantle: the Bedrock API key as Bearer, the Anthropic Messages API
            assert r["path"].startswith("/v1/messages")
            assert h.get("authorization") == f"Bearer {SECRETS['mt']}" and "x-api-key" not in h
        elif route == "aa":  # Claude Platform on AWS: x-api-key and the workspace header
            assert r["path"].startswith("/v1/messages")
            assert h.get("x-api-key") == SECRETS["aa"] and "authorization" not in h
            assert h.get("anthropic-workspace-id") == "wrkspc_e2e"
        elif route == "ot":
            assert r["path"].startswith("/v1/messages")
            assert h.get("authorization") == f"Bearer {SECRETS['ot']}" and "x-api-key" not in h
        elif route == "pf":  # federation: the identity token is exchanged, the exchanged token sent
            if r["path"].startswith("/v1/oauth/token"):
                assert r["json"]["assertion"] == SECRETS["pf"]
                assert r["json"]["federation_rule_id"] == "fdrl_e2e" and r["json"]["organization_id"] == "org-e2e"
                assert r["json"].get("service_account_id") == "svac_e2e"
            else:
                assert r["path"].startswith("/v1/messages")
                assert h.get("authorization") == f"Bearer {EXCHANGED_TOKEN}" and "x-api-key" not in h
                assert SECRETS["pf"].encode() not in r["raw"]


ROUTES = ["gw", "ak", "br", "vx", "fd", "login"]
NEW_KINDS = ["mt", "aa", "pf", "ot"]  # mantle, anthropic-aws, profile; and the oauth-token kind


@pytest.mark.parametrize("route", ROUTES + NEW_KINDS)
def test_from_a_shell_full_of_stale_variables(e2e, servers, route, tmp_path):
    live, stale = servers
    stale.recorder.clear()
    (reqs, out, rc), = run_steps(e2e, stale_env(e2e, stale.url), live, [route], tmp_path)
    check_step(route, reqs, out, rc)
    assert stale.requests == [], "a stale base URL was used"


def covering_sequence(routes):
    """A walk that takes every ordered pair of distinct routes once (an Eulerian circuit)."""
    edges = {a: [b for b in routes if b != a] for a in routes}
    stack, walk = [routes[0]], []
    while stack:
        v = stack[-1]
        if edges[v]:
            stack.append(edges[v].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def test_every_route_to_every_other_route(e2e, servers, tmp_path):
    live, stale = servers
    walk = covering_sequence(ROUTES)
    pairs = set(zip(walk, walk[1:]))
    assert pairs == {(a, b) for a, b in itertools.permutations(ROUTES, 2)}
    stale.recorder.clear()
    results = run_steps(e2e, stale_env(e2e, stale.url), live, walk, tmp_path)
    for route, (reqs, out, rc) in zip(walk, results):
        check_step(route, reqs, out, rc)
    assert stale.requests == []


def test_helper_route_through_exec(e2e, servers, tmp_path):
    """A helper route holds through `ccswitch exec … -- claude`: the key comes from apiKeyHelper."""
    live, _ = servers
    e2e.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw", "--base-url", live.url)
    live.recorder.clear()
    done = subprocess.run(
        [need("bash"), "--norc", "-c", 'eval "$(ccswitch use ak)" && ccswitch exec hp -- claude -p "helper step"'],
        env=stale_env(e2e, "http://127.0.0.1:9"), capture_output=True, timeout=120,
    )
    assert done.returncode == 0 and b"pong" in done.stdout, done.stderr.decode()[-1500:]
    posts = [r for r in live.requests if r["method"] == "POST"]
    assert posts
    for r in posts:
        assert r["headers"].get("x-api-key") == SECRETS["gw"] or r["headers"].get("authorization") == f"Bearer {SECRETS['gw']}"
        assert SECRETS["ak"].encode() not in r["raw"] and CANARY.encode() not in r["raw"]


def test_settings_env_shadowing_predicted_by_status_and_beaten_by_exec(e2e, tmp_path):
    """A ~/.claude/settings.json env block beats the shell (seen with the real client).
    `ccswitch status` must predict exactly where the request goes; `ccswitch exec
    --override-settings gw -- claude` must make the route hold."""
    import json

    with LoopbackServer() as shadow, LoopbackServer() as live:
        home = tmp_path / "home"
        (home / ".claude").mkdir(parents=True)
        (home / ".claude" / "settings.json").write_text(json.dumps(
            {"env": {"ANTHROPIC_BASE_URL": shadow.url, "ANTHROPIC_AUTH_TOKEN": "settings-token-9d1e"}}))
        env = dict(e2e, HOME=str(home))
        env["CCSWITCH_HOME"] = e2e["CCSWITCH_HOME"]
        e2e.ok("edit", "gw", "--base-url", live.url)
        try:
            bash = need("bash")
            status = subprocess.run([bash, "--norc", "-c", 'eval "$(ccswitch use gw)" && ccswitch status --json'],
                                    env=env, capture_output=True, timeout=60, cwd=tmp_path)
            assert status.returncode == 0, status.stderr.decode()
            predicted = json.loads(status.stdout)
            assert predicted["endpoint"]["url"].rstrip("/") == shadow.url
            assert predicted["credential"]["source"] == "ANTHROPIC_AUTH_TOKEN"
            assert predicted["credential"]["origin"].endswith("settings.json")
            codes = {w["code"] for w in predicted["warnings"]}
            assert "settings-env-shadow" in codes
            assert "settings-token-9d1e" not in status.stdout.decode()

            # What the real client does with that shell: exactly what status said.
            plain = subprocess.run([bash, "--norc", "-c", 'eval "$(ccswitch use gw)" && claude -p "shadowed"'],
                                   env=env, capture_output=True, timeout=120, cwd=tmp_path)
            assert b"pong" in plain.stdout, plain.stdout + plain.stderr
            assert live.requests == [], "the shell's route held, but status said it would not"
            posts = [r for r in shadow.requests if r["method"] == "POST"]
            assert posts and all(r["headers"]["authorization"] == "Bearer settings-token-9d1e" for r in posts)

            # exec --override-settings: the route holds, and its secret never sits in argv.
            shadow.recorder.clear()
            held = subprocess.run([bash, "--norc", "-c", 'ccswitch exec --override-settings gw -- claude -p "held"'],
                                  env=env, capture_output=True, timeout=120, cwd=tmp_path)
            assert b"pong" in held.stdout, held.stdout + held.stderr
            assert [r for r in shadow.requests if r["method"] == "POST"] == []
            posts = [r for r in live.requests if r["method"] == "POST"]
            assert posts and all(r["headers"]["authorization"] == f"Bearer {SECRETS['gw']}" for r in posts)
            assert all(b"settings-token-9d1e" not in r["raw"] for r in live.requests)
        finally:
            e2e.ok("edit", "gw", "--base-url", e2e_url(e2e))


def test_the_new_kinds_to_and_from_the_others(e2e, servers, tmp_path):
    """Mantle, Claude Platform on AWS and federation, each entered from and left for the routes
    whose variables they could inherit (a gateway's token, Bedrock's switch, a key)."""
    live, stale = servers
    walk = ["gw", "mt", "br", "mt", "aa", "ak", "aa", "pf", "ak", "pf", "gw", "pf", "ot", "pf", "login", "mt", "fd", "aa", "ot",
            "login"]
    stale.recorder.clear()
    results = run_steps(e2e, stale_env(e2e, stale.url), live, walk, tmp_path)
    for route, (reqs, out, rc) in zip(walk, results):
        check_step(route, reqs, out, rc)
    assert stale.requests == []
