"""status tells every credential the real client sends: seeded random setups, checked on the wire.

Each setup mixes a route (first-party, the Cloud gateway mode, Bedrock, Vertex, Mantle, Foundry,
Claude Platform on AWS, with their own auth or with it skipped) with whatever a user's machine
may hold besides: a token, an API key, an OAuth token, custom headers, an apiKeyHelper, a /login,
each placed in the shell or in a user, project or local settings file (sometimes in two places,
sometimes blanked by a higher file with ""). Every planted value is unique and names its variable
and its place, so what the loopback server receives maps back to where it came from.

`ccswitch status --json` must predict it exactly: each credential it marks `certain` arrives,
nothing arrives that it does not list, and the requests go to the endpoint it names.  The seeds
are fixed (CCSWITCH_E2E_SEEDS="0-99" runs more); a failure prints the setup to reproduce.
"""

import json
import os
import random
import subprocess
import time

import pytest

from conftest import CCSWITCH, base_env, need
from server import LoopbackServer

pytestmark = pytest.mark.e2e

LAYERS = ("shell", "user", "project", "local")
SETTINGS = {"user": ".claude/settings.json", "project": "proj/.claude/settings.json", "local": "proj/.claude/settings.local.json"}
RANK = {"shell": 0, "user": 1, "project": 2, "local": 3}  # higher wins (managed is not planted)

# route name: (its variables, its base URL variable)
ROUTES = {
    "first-party": ({}, "ANTHROPIC_BASE_URL"),
    "gateway-mode": ({"CLAUDE_CODE_USE_GATEWAY": "1"}, "ANTHROPIC_BASE_URL"),
    "bedrock-skip": ({"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1", "AWS_REGION": "us-west-2"},
                     "ANTHROPIC_BEDROCK_BASE_URL"),
    "bedrock-key": ({"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_BEARER_TOKEN_BEDROCK": "@secret", "AWS_REGION": "us-west-2"},
                    "ANTHROPIC_BEDROCK_BASE_URL"),
    "vertex-skip": ({"CLAUDE_CODE_USE_VERTEX": "1", "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "proj-e2e",
                     "CLOUD_ML_REGION": "us-east5"}, "ANTHROPIC_VERTEX_BASE_URL"),
    "mantle-skip": ({"CLAUDE_CODE_USE_MANTLE": "1", "CLAUDE_CODE_SKIP_MANTLE_AUTH": "1", "AWS_REGION": "us-west-2"},
                    "ANTHROPIC_BEDROCK_MANTLE_BASE_URL"),
    "mantle-key": ({"CLAUDE_CODE_USE_MANTLE": "1", "AWS_BEARER_TOKEN_BEDROCK": "@secret", "AWS_REGION": "us-west-2"},
                   "ANTHROPIC_BEDROCK_MANTLE_BASE_URL"),
    "foundry-key": ({"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_API_KEY": "@secret"}, "ANTHROPIC_FOUNDRY_BASE_URL"),
    "aws-key": ({"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "ANTHROPIC_AWS_WORKSPACE_ID": "wrkspc_e2e", "ANTHROPIC_AWS_API_KEY": "@secret",
                 "AWS_REGION": "us-east-1"}, "ANTHROPIC_AWS_BASE_URL"),
    "aws-skip": ({"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "ANTHROPIC_AWS_WORKSPACE_ID": "wrkspc_e2e",
                  "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH": "1", "AWS_REGION": "us-east-1"}, "ANTHROPIC_AWS_BASE_URL"),
}
# what a machine may hold besides: variable -> the prefix of its planted values
EXTRAS = {
    "ANTHROPIC_AUTH_TOKEN": "tok",
    "ANTHROPIC_API_KEY": "sk-ant-api03",
    "CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01",
    "ANTHROPIC_CUSTOM_HEADERS": None,
    "apiKeyHelper": None,
    "login": None,
}


def seeds():
    spec = os.environ.get("CCSWITCH_E2E_SEEDS", "0-23")
    lo, _, hi = spec.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


class Setup:
    """One random machine: where every variable sits, and which planted value means what."""

    def __init__(self, seed, url):
        rnd = random.Random(seed)
        self.seed = seed
        self.route = rnd.choice(sorted(ROUTES))
        self.places = {layer: {} for layer in LAYERS}  # layer -> {var: value}
        self.helper = None  # (layer, output)
        self.login = False
        self.meaning = {}  # planted value -> (source, layer)
        variables, base_var = ROUTES[self.route]
        for var, value in variables.items():
            self._place(rnd, var, None if value == "@secret" else value, secret=value == "@secret")
        # the base URL is tagged with its layer, so the endpoint status names can be checked
        self._place(rnd, base_var, None, url=url)
        if base_var != "ANTHROPIC_BASE_URL":
            self.places["shell"]["ANTHROPIC_BASE_URL"] = f"{url}/via-fp"  # a first-party credential must land here too
        for extra in sorted(EXTRAS):
            if rnd.random() >= 0.45:
                continue
            if extra == "login":
                self.login = True
            elif extra == "apiKeyHelper":
                layer = rnd.choice(("user", "project", "local"))
                self.helper = (layer, f"helper-{layer}-{seed}")
                self.meaning[self.helper[1]] = ("apiKeyHelper", layer)
            elif extra == "ANTHROPIC_CUSTOM_HEADERS":
                self._place(rnd, extra, None, header=True)
            else:
                self._place(rnd, extra, None, secret=True)

    def _secret(self, var, layer):
        prefix = EXTRAS.get(var) or var.lower().replace("_", "-")
        value = f"{prefix}-{layer}-s{self.seed}-{var.lower()}"
        self.meaning[value] = (var, layer)
        return value

    def _value(self, var, layer, url=None, header=False, secret=False, value=None):
        if url:
            return f"{url}/via-{layer}"
        if header:
            name = f"X-Team-{layer}-{self.seed}"
            self.meaning[name.lower()] = (var, layer)
            return f"{name}: team-{layer}"
        if secret:
            return self._secret(var, layer)
        return value

    def _place(self, rnd, var, value, url=None, header=False, secret=False):
        """In the shell mostly; else a settings file; sometimes a second, higher place wins, or
        blanks it with ""."""
        layer = rnd.choices(LAYERS, weights=(55, 15, 15, 15))[0]
        self.places[layer][var] = self._value(var, layer, url, header, secret, value)
        higher = [other for other in LAYERS if RANK[other] > RANK[layer]]
        roll = rnd.random()
        if higher and roll < 0.15:
            top = rnd.choice(higher)
            self.places[top][var] = self._value(var, top, url, header, secret, value)
        elif higher and roll < 0.22 and var in EXTRAS:  # (a blanked route credential makes the client wait for AWS)
            self.places[rnd.choice(higher)][var] = ""  # counts as unset, and beats the lower value

    def effective(self, var):
        for layer in reversed(LAYERS):
            if var in self.places[layer]:
                return self.places[layer][var], layer
        return None, None

    def describe(self):
        return json.dumps({"seed": self.seed, "route": self.route, "places": self.places, "helper": self.helper,
                           "login": self.login}, indent=1)

    def write(self, home):
        """The machine on disk: settings files, a trusted project folder, a /login; the shell's
        environment returned."""
        proj = home / "proj"
        (proj / ".claude").mkdir(parents=True)
        (home / ".claude").mkdir()
        for layer, rel in SETTINGS.items():
            data = {}
            if self.places[layer]:
                data["env"] = self.places[layer]
            if self.helper and self.helper[0] == layer:
                data["apiKeyHelper"] = f"echo {self.helper[1]}"
            if data:
                (home / rel).write_text(json.dumps(data))
        (home / ".claude.json").write_text(json.dumps({
            "hasCompletedOnboarding": True, "projects": {str(proj): {"hasTrustDialogAccepted": True}}}))
        if self.login:
            token = f"sk-ant-oat01-login-s{self.seed}"
            self.meaning[token] = ("login", "login")
            (home / ".claude" / ".credentials.json").write_text(json.dumps({"claudeAiOauth": {
                "accessToken": token, "refreshToken": "sk-ant-ort01-unused", "scopes": ["user:inference", "user:profile"],
                "expiresAt": int((time.time() + 30 * 86400) * 1000), "subscriptionType": "max"}}))
        env = base_env(home)
        env.update(self.places["shell"])
        env.update({
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
            "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost",
        })
        return env, proj


def origin_of(layer, home):
    if layer == "shell":
        return "environment"
    if layer == "login":
        return str(home / ".claude" / ".credentials.json")
    return str(home / SETTINGS[layer])


def on_the_wire(setup, requests, home):
    """{(header, source, origin)} of every credential the server received, mapped back to where
    it was planted; a value nobody planted fails."""
    seen = set()
    for r in requests:
        for name, value in r["headers"].items():
            if name == "authorization":
                assert value.startswith("Bearer "), f"seed {setup.seed}: unexpected Authorization scheme"
                key, header = value[len("Bearer "):], "Authorization: Bearer"
            elif name == "x-api-key":
                key, header = value, "x-api-key"
            elif name.startswith("x-team-"):
                key, header = name, name
            else:
                continue
            assert key in setup.meaning, f"seed {setup.seed}: the server got a {header} nobody planted\n{setup.describe()}"
            source, layer = setup.meaning[key]
            seen.add((header, source, origin_of(layer, home)))
    return seen


def predicted(data):
    certain, maybe = set(), set()
    for e in data["credentials"]:
        header = e["header"].lower() if e["source"] == "ANTHROPIC_CUSTOM_HEADERS" else e["header"]
        (certain if e["certain"] else maybe).add((header, e["source"], e["origin"]))
    return certain, maybe


@pytest.fixture(scope="module")
def server():
    with LoopbackServer() as live:
        yield live


@pytest.mark.parametrize("seed", seeds())
def test_status_names_every_credential_the_client_sends(server, seed, tmp_path):
    claude = need("claude")
    setup = Setup(seed, server.url)
    home = tmp_path
    env, proj = setup.write(home)
    env["PATH"] = f"{os.path.dirname(claude)}:{env['PATH']}"

    done = subprocess.run([CCSWITCH, "status", "--json"], env=env, cwd=proj, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    data = json.loads(done.stdout)

    server.recorder.clear()
    try:  # a setup may leave the client retrying a host it cannot reach: what it sent until then counts
        ran = subprocess.run([claude, "-p", f"seed {seed}"], env=env, cwd=proj, capture_output=True, text=True, timeout=45)
    except subprocess.TimeoutExpired:
        ran = subprocess.CompletedProcess([], -1, "(timed out)", "")
    requests = server.requests
    seen = on_the_wire(setup, requests, home)
    certain, maybe = predicted(data)
    where = f"seed {seed} (claude exit {ran.returncode}: {ran.stdout.strip()[:120]!r})\n{setup.describe()}"
    assert certain <= seen, f"status says these go out, the client did not send them: {certain - seen}; {where}"
    assert seen <= certain | maybe, f"the client sent what status does not list: {seen - certain - maybe}; {where}"

    if requests:  # every request went where status says
        tags = {r["via"] for r in requests}
        tag = lambda url: url.rsplit("/via-", 1)[1]  # noqa: E731
        main = tag(data["endpoint"]["url"])
        first = data["endpoint"].get("first_request")
        if "gateway-mode-uncertain" in {w["code"] for w in data["warnings"]}:  # status says it cannot tell
            assert tags <= {main, "shell"}, f"endpoint {data['endpoint']} but sent to {tags}; {where}"
        else:
            assert main in tags and tags <= {main, tag(first["url"]) if first else main}, \
                f"endpoint {data['endpoint']} but sent to {tags}; {where}"
    else:
        assert not certain, where
        assert "no-credential" in {w["code"] for w in data["warnings"]} or setup.route != "first-party", where
