"""One contract every kind of route passes, the way keyring runs one test class for every backend.

The kinds come from the registry (`ccswitch.kinds.KINDS`), each with its own `example`: adding a
kind puts it through all of this.  Per kind, against a real Secret Service and a loopback server:
add / show / edit / use in every shell / reset / export / import round trip, no secret in any
file or listing, `status` names the kind and its endpoint, `verify` speaks to the loopback
server with the kind's own credential header (or checks offline what a cloud kind allows).
"""

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))

from ccswitch import kinds  # noqa: E402
from ccswitch.claudevars import RETIRED_VARS, ROUTE_VAR_SET, SHARED_VARS, is_route_var, is_secret_var  # noqa: E402
from ccswitch.clientvars import ROUTE  # noqa: E402
from conftest import CANARY  # noqa: E402
from server import LoopbackServer  # noqa: E402
from shellkit import SHELLS, envs_after  # noqa: E402

STORED = list(kinds.KINDS.values())  # login too: a stored login route is an account
SECRET = CANARY + "-kind"


@pytest.fixture(scope="module")
def loopback():
    with LoopbackServer() as server:
        yield server


def options(kind, url):
    """The CLI options of the kind's example route, its endpoint on loopback."""
    args = []
    for field, value in kind.example.items():
        args += ["--" + field.replace("_", "-"), value.replace(kinds.URL, url)]
    return args


def status_json(runner, env=None):
    """status --json, which exits 1 exactly when Claude Code would find no credential at all."""
    done = runner.run("status", "--json", env=env)
    data = json.loads(done.out)
    assert done.returncode == (1 if "no-credential" in {w["code"] for w in data["warnings"]} else 0), done.err
    return data


def add(env, name, kind, url):
    args = ["add", name, "--kind", kind.name, *options(kind, url)]
    if kind.secret:
        return env.ok(*args, "--secret-stdin", input=SECRET)
    return env.ok(*args)


# ----------------------------------------------------------------------------- the units themselves


@pytest.mark.parametrize("kind", list(kinds.KINDS.values()), ids=lambda k: k.name)
def test_every_fact_of_a_kind_is_one_the_client_knows(kind):
    known = ROUTE_VAR_SET | SHARED_VARS | set(RETIRED_VARS)
    for var in kind.variables():
        assert var in known, f"{kind.name} sets {var}, which the pinned client does not read (scripts/client_vars.py)"
    if kind.switch:
        assert ROUTE[kind.switch] == "switch"
    if kind.skip_auth:
        assert ROUTE[kind.skip_auth] == "switch"
    if kind.secret:
        assert is_secret_var(kind.secret) and kind.secret_header
    assert set(kind.required) <= set(kind.fields) and set(kind.exactly_one) <= set(kind.fields)
    assert set(kind.field_help) == set(kind.fields), "every option has its help"
    assert set(kind.example) <= set(kind.fields)
    if kind.name != kinds.LOGIN:
        assert kind.rank is not None, "every kind sits on the ladder"
    endpoint = kind.default_endpoint(kind.example)
    assert endpoint is None or endpoint.startswith("https://"), endpoint


def test_the_ladder_is_the_clients_order():
    assert [k.name for k in kinds.PROVIDERS] == ["bedrock", "foundry", "anthropic-aws", "mantle", "vertex"]
    assert [k.name for k in kinds.FIRST_PARTY] == ["gateway", "api-key", "helper", "oauth-token", "profile", "login"]
    assert len({k.rank for k in kinds.KINDS.values()}) == len(kinds.KINDS)


@pytest.mark.parametrize("value, on", [("1", True), ("true", True), (" YES ", True), ("On", True), ("2", False),
                                       ("0", False), ("false", False), ("", False), (None, False), (True, True), (False, False)])
def test_one_truthiness_rule_the_clients(value, on):
    assert kinds.flag_on(value) is on


def test_every_kind_is_offered_by_the_cli_and_its_completions():
    from click.testing import CliRunner

    from ccswitch.cli import cli

    out = CliRunner().invoke(cli, ["kinds", "--json"]).output
    assert [k["name"] for k in json.loads(out)] == list(kinds.KINDS)
    root = Path(__file__).resolve().parent.parent
    for path in ("completions/ccswitch.bash", "completions/_ccswitch", "completions/ccswitch.fish"):
        text = (root / path).read_text()
        for k in STORED:
            assert k.name in text, (path, k.name)
        for field in {f for k in STORED for f in k.fields}:
            assert "--" + field.replace("_", "-") in text, (path, field)


# ----------------------------------------------------------------------------- the contract


@pytest.mark.parametrize("kind", STORED, ids=lambda k: k.name)
def test_contract(kind, kenv, loopback, tmp_path):
    url = loopback.url
    add(kenv, "r", kind, url)

    # show and list name the secret, never its value; the store holds no value
    shown = json.loads(kenv.ok("show", "r", "--json").out)
    assert shown["kind"] == kind.name
    listing = kenv.ok("list", "--json").out + kenv.ok("list").out + kenv.ok("show", "r").out
    assert CANARY not in json.dumps(shown) + listing
    assert CANARY not in kenv.store.read_text()
    for var in kind.fixed:
        assert shown["env"][var] == "1"

    # edit changes only what is named
    kenv.ok("edit", "r", "--model", "claude-contract-model")
    assert json.loads(kenv.ok("show", "r", "--json").out)["fields"]["model"] == "claude-contract-model"

    # use: exactly the kind's variables, secret included; status names the kind and its endpoint
    plan = json.loads(kenv.ok("use", "r", "--shell", "json").out)
    sets = plan["set"]
    assert sets.get("ANTHROPIC_MODEL") == "claude-contract-model"
    if kind.secret:
        assert sets[kind.secret] == SECRET
    for var in kind.fixed:
        assert sets[var] == "1"
    assert not set(plan["unset"]) & set(sets)
    applied = {k: v for k, v in sets.items()}
    status = status_json(kenv, env=applied)
    assert CANARY not in json.dumps(status)
    if kind.settings(json.loads(kenv.ok("show", "r", "--json").out)["fields"]) is not None:
        # served through per-launch settings: the shell alone stays on the login, and says how
        assert status["kind"] == "login" and "ccswitch exec r" in status["route"]["note"]
    else:
        assert status["kind"] == kind.name
        if kind.is_provider:
            assert status["provider"] == kind.name
        expected = kind.endpoint({k: v for k, v in applied.items() if not k.startswith("CCSWITCH_")})
        assert status["endpoint"]["url"] == expected

    # export without --reveal names the secret; with --reveal round-trips through import
    exported = kenv.ok("export", "r").out
    assert CANARY not in exported
    revealed = tmp_path / "r.env"
    kenv.ok("export", "r", "--reveal", "-o", str(revealed))
    # the kind is told from the variables; a folder of Claude Code's is taken only when named
    folder = ["--allow-var", "CLAUDE_CONFIG_DIR"] if "CLAUDE_CONFIG_DIR" in sets else []
    if folder:
        refused = kenv.run("import", "dotenv", str(revealed), "--name", "r2")
        assert refused.returncode != 0 and "--allow-var CLAUDE_CONFIG_DIR" in refused.err
    kenv.ok("import", "dotenv", str(revealed), "--name", "r2", *folder)
    again = json.loads(kenv.ok("show", "r2", "--json").out)
    assert again["kind"] == kind.name and again["fields"] == json.loads(kenv.ok("show", "r", "--json").out)["fields"]
    assert json.loads(kenv.ok("use", "r2", "--shell", "json").out)["set"] == {**sets, "CCSWITCH_ROUTE": "r2"}

    # reset takes every variable of the kind away
    reset = json.loads(kenv.ok("reset", "--shell", "json", env=applied).out)
    for var in applied:
        if is_route_var(var):
            assert var in reset["unset"], var

    # verify: online kinds speak to the loopback server with their own header
    loopback.recorder.clear()
    done = kenv.run("verify", "r", env=applied)
    assert CANARY not in done.out + done.err
    if kind.verify_online:  # every example route carries its credential
        assert done.returncode == 0, done.err + done.out
        seen = loopback.requests
        assert seen, "verify sent nothing"
        headers = seen[0]["headers"]
        if kind.secret_header == "x-api-key":
            assert headers.get("x-api-key") == SECRET
        elif kind.secret_header == "Authorization: Bearer":
            assert headers.get("authorization") == f"Bearer {SECRET}"
        else:  # the helper: its output as both
            assert headers.get("x-api-key") == "helper-key-6c1d"
    else:
        assert done.returncode in (0, 11), done.err + done.out  # offline-ok, or a configuration problem named
        assert not loopback.requests, "an offline kind sent something"

    # the secret stays in the keyring only; deleting the route takes it away
    kenv.ok("rm", "r")
    kenv.ok("rm", "r2")
    assert CANARY not in kenv.store.read_text()


@pytest.mark.parametrize("shell", sorted(SHELLS), ids=str)
def test_every_kind_in_every_shell(shell, kenv, loopback, tmp_path):
    """use applies exactly the kind's variables in every real shell, and reset takes them away."""
    sh = SHELLS[shell]
    for kind in STORED:
        add(kenv, f"r-{kind.name}", kind, loopback.url)
    stale = {var: f"stale-{CANARY}" for var in ROUTE_VAR_SET if not var.startswith("_")}
    steps = []
    for kind in STORED:
        steps += [f"use r-{kind.name}", "reset"]

    envs, err = envs_after(sh, steps, {**kenv, **stale}, tmp_path)
    for i, kind in enumerate(STORED):
        on, off = envs[2 * i], envs[2 * i + 1]
        expected = json.loads(kenv.ok("use", f"r-{kind.name}", "--shell", "json").out)["set"]
        for var, value in expected.items():
            assert on.get(var) == value, (shell, kind.name, var)
        left = {v for v in on if is_route_var(v) and v not in expected}
        assert not left, (shell, kind.name, left)
        assert not any(is_route_var(v) for v in off), (shell, kind.name, [v for v in off if is_route_var(v)])
        assert "CLAUDE_CONFIG_DIR" not in off, (shell, kind.name)  # the account's folder goes with it
        assert not any(CANARY in v for v in off.values())
    assert envs[2 * STORED.index(kinds.KINDS["login"])].get("CLAUDE_CONFIG_DIR"), "an account sets its folder"


def test_secret_from_warns_when_the_kinds_talk_to_different_hosts(kenv, tmp_path):
    """A foundry project file bound to an api-key route's secret: no base URL on either side, but
    different hosts all the same (api.anthropic.com against the Foundry resource)."""
    kenv.ok("add", "personal", "--kind", "api-key", "--secret-stdin", input=SECRET)
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".ccswitch").write_text('[route]\nkind = "foundry"\nresource = "contoso"\n')
    done = kenv.run("allow", str(project / ".ccswitch"), "--secret-from", "personal")
    assert done.returncode == 0, done.err
    assert re.search(r"WARNING: .*contoso\.services\.ai\.azure\.com.*api\.anthropic\.com", done.err), done.err


def test_the_readme_table_of_kinds_is_written_from_the_units():
    import subprocess

    done = subprocess.run([sys.executable, "-m", "ccswitch.kinds.readme", "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_model_tiers_come_from_the_client_and_pin_every_one(env):
    from ccswitch.options import model_tiers

    tiers = model_tiers()
    assert {"opus", "sonnet", "haiku", "fable"} <= set(tiers)
    pins = [a for t in tiers for a in ("--pin", f"{t}=claude-{t}-pinned")]
    env.ok("add", "p", "--kind", "bedrock", "--region", "us-west-2", *pins)
    sets = json.loads(env.ok("use", "p", "--shell", "json").out)["set"]
    for t in tiers:
        assert sets[f"ANTHROPIC_DEFAULT_{t.upper()}_MODEL"] == f"claude-{t}-pinned"
    reset = json.loads(env.ok("reset", "--shell", "json", env=sets).out)
    assert {f"ANTHROPIC_DEFAULT_{t.upper()}_MODEL" for t in tiers} <= set(reset["unset"])
    bad = env.run("add", "q", "--kind", "bedrock", "--region", "us-west-2", "--pin", "fabel=x")
    assert bad.returncode == 2 and bad.out == "" and "did you mean 'fable'" in bad.err


def test_skip_auth_sets_the_kinds_own_switch_and_is_refused_where_there_is_none(env):
    env.ok("add", "m", "--kind", "mantle", "--region", "us-west-2", "--skip-auth")
    assert json.loads(env.ok("use", "m", "--shell", "json").out)["set"]["CLAUDE_CODE_SKIP_MANTLE_AUTH"] == "1"
    bad = env.run("add", "g", "--kind", "gateway", "--base-url", "https://gw.example.test", "--skip-auth", "--secret-env", "X")
    assert bad.returncode == 2 and "no provider authentication to skip" in bad.err


@pytest.mark.parametrize("args, message", [
    (["--kind", "mantle"], "needs --region or --base-url"),
    (["--kind", "anthropic-aws", "--region", "us-east-1"], "needs --workspace"),
    (["--kind", "anthropic-aws", "--workspace", "w"], "needs --region or --base-url"),
    (["--kind", "profile"], "needs --profile, or --organization and --federation-rule"),
    (["--kind", "profile", "--organization", "o", "--federation-rule", "f"], "federation needs an identity token"),
    (["--kind", "profile", "--profile", "p", "--organization", "o", "--federation-rule", "f"], "not both"),
])
def test_each_kinds_own_rules_are_checked_before_anything_is_written(env, args, message):
    done = env.run("add", "x", *args)
    assert done.returncode == 2 and done.out == "" and message in done.err, done.err
    assert not env.store.exists() or "[routes.x]" not in env.store.read_text()


def test_status_puts_the_gateway_switch_and_a_stored_gateway_session_at_the_top(env):
    base = {"ANTHROPIC_BASE_URL": "https://gw.example.test", "ANTHROPIC_AUTH_TOKEN": CANARY}
    on = status_json(env, env={**base, "CLAUDE_CODE_USE_GATEWAY": "1", "CLAUDE_CODE_USE_BEDROCK": "1"})
    assert on["provider"] == "gateway" and on["endpoint"]["url"] == "https://gw.example.test"
    keyed = status_json(env, env={**base, "CLAUDE_CODE_USE_GATEWAY": "1", "ANTHROPIC_API_KEY": "k" * 20})
    assert "token-and-key" not in {w["code"] for w in keyed["warnings"]}  # the client sends the gateway the token only
    half = status_json(env, env={"CLAUDE_CODE_USE_GATEWAY": "1", "ANTHROPIC_API_KEY": CANARY})
    assert half["kind"] == "api-key" and "gateway-switch-ignored" in {w["code"] for w in half["warnings"]}

    creds = env.home / ".claude" / ".credentials.json"
    creds.parent.mkdir(parents=True, exist_ok=True)
    creds.write_text(json.dumps({"enterpriseGateway": {"url": "https://cloud-gw.example.test", "jwt": CANARY, "expiresAt": 1}}))
    taken = json.dumps(status_json(env, env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-west-2"}))
    assert CANARY not in taken
    taken = json.loads(taken)
    assert taken["provider"] == "gateway" and taken["endpoint"]["url"] == "https://cloud-gw.example.test"
    assert "login-gateway-session" in {w["code"] for w in taken["warnings"]}


def test_the_status_schema_knows_every_kind_and_provider():
    schema = json.loads((Path(__file__).resolve().parent.parent / "docs" / "status-schema.json").read_text())
    assert schema["properties"]["kind"]["enum"] == list(kinds.KINDS)
    assert schema["properties"]["provider"]["enum"] == ["anthropic", "gateway", *(k.name for k in kinds.PROVIDERS)]


def test_status_knows_a_host_managed_shell_beats_settings_env(env):
    """CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST=1 (seen with the client): settings env blocks can no
    longer set provider, credential or model variables; the shell's route holds."""
    settings = env.home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://shadow.example.test", "ANTHROPIC_AUTH_TOKEN": "x" * 20,
                                            "AWS_PROFILE": "from-settings"}}))
    shell = {"ANTHROPIC_BASE_URL": "https://mine.example.test", "ANTHROPIC_AUTH_TOKEN": CANARY}
    plain = status_json(env, env=shell)
    assert plain["endpoint"]["url"] == "https://shadow.example.test"
    managed = status_json(env, env={**shell, "CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST": "1"})
    assert managed["endpoint"]["url"] == "https://mine.example.test"
    assert "settings-env-shadow" not in {w["code"] for w in managed["warnings"]}
    # what the host does not protect still comes from the file
    assert {v["name"]: v["value"] for v in managed["variables"]}.get("AWS_PROFILE") in (None, "from-settings")


def test_status_says_a_unix_socket_carries_every_request(env):
    done = status_json(env, env={"ANTHROPIC_UNIX_SOCKET": "/tmp/claude-ssh.sock"})
    assert done["endpoint"]["socket"] == "/tmp/claude-ssh.sock"
    assert "unix-socket" in {w["code"] for w in done["warnings"]}


def test_every_example_that_kinds_prints_makes_a_valid_route(kenv):
    env = kenv
    import shlex

    lines = [line.split("e.g. ", 1)[1] for line in env.ok("kinds").out.splitlines() if "e.g. " in line]
    assert len(lines) == len(STORED)
    for i, line in enumerate(lines):
        words = shlex.split(line.replace("NAME", f"ex{i}").split(" < ")[0])
        done = env.run(*words[1:], input="example-secret-value-123")
        assert done.returncode == 0, (line, done.err)
