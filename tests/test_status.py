"""`ccswitch status`: every warning provoked and shown absent; drift; the shadow check of `use`."""

import json
import subprocess

import pytest

from truthkit import CANARY, CCSWITCH, codes, need, tenv, warning  # noqa: F401

GW = "https://gw.example.com/anthropic"


def gateway(tenv, name="gw", *extra):
    return tenv.ok("add", name, "--kind", "gateway", "--base-url", GW, "--secret-env", "GW_TOKEN", *extra)


def vertex(tenv, name="v", *extra):
    return tenv.ok("add", name, "--kind", "vertex", "--project", "my-project", "--region", "us-east5", *extra)


def logged_in(tenv):
    tenv.write(tenv.home / ".claude" / ".credentials.json", {"claudeAiOauth": {}})


# ----------------------------------------------------------------------------- each warning, present and absent


def test_settings_env_shadowing_a_shell_variable(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://settings.example", "ANTHROPIC_AUTH_TOKEN": CANARY}})
    data = tenv.status(env={"ANTHROPIC_BASE_URL": GW, "ANTHROPIC_AUTH_TOKEN": "shell-token-0123456789"})
    w = [w for w in data["warnings"] if w["code"] == "settings-env-shadow"]
    assert {x["variable"] for x in w} == {"ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN"}
    assert all(x["file"] == str(tenv.user_settings) for x in w)
    assert "~/.claude/settings.json sets ANTHROPIC_BASE_URL" in w[0]["message"] + w[1]["message"]
    assert data["endpoint"]["url"] == "https://settings.example"


def test_settings_env_shadow_absent(tenv):
    tenv.write(tenv.user_settings, {"env": {"DISABLE_TELEMETRY": "1"}, "permissions": {}})
    data = tenv.status(env={"ANTHROPIC_BASE_URL": GW, "ANTHROPIC_AUTH_TOKEN": "t" * 20, "DISABLE_TELEMETRY": "1"})
    assert "settings-env-shadow" not in codes(data) and "settings-env-route-var" not in codes(data)
    assert data["endpoint"]["url"] == GW


@pytest.mark.parametrize("layer", ["managed_settings", "project_settings", "local_settings"])
def test_every_layer_can_shadow_and_is_named(tenv, layer):
    path = getattr(tenv, layer)
    tenv.write(path, {"env": {"ANTHROPIC_MODEL": "from-file"}})
    data = tenv.status(env={"ANTHROPIC_MODEL": "from-shell"})
    w = warning(data, "settings-env-shadow")
    assert w["file"] == str(path) and w["variable"] == "ANTHROPIC_MODEL"
    assert data["model"]["value"] == "from-file"
    if layer == "managed_settings":
        assert "administrator" in w["message"]


def test_local_beats_project_beats_user(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_MODEL": "user"}})
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_MODEL": "project"}})
    assert tenv.status()["model"]["value"] == "project"
    tenv.write(tenv.local_settings, {"env": {"ANTHROPIC_MODEL": "local"}})
    assert tenv.status()["model"]["value"] == "local"
    tenv.write(tenv.managed_settings, {"env": {"ANTHROPIC_MODEL": "managed"}})
    assert tenv.status()["model"]["value"] == "managed"


def test_settings_env_route_variable_the_shell_does_not_set(tenv):
    tenv.write(tenv.user_settings, {"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}})
    data = tenv.status()
    assert warning(data, "settings-env-route-var")["variable"] == "CLAUDE_CODE_USE_BEDROCK"
    assert data["kind"] == "bedrock"


def test_token_and_key_together(tenv):
    data = tenv.status(env={"ANTHROPIC_AUTH_TOKEN": CANARY, "ANTHROPIC_API_KEY": CANARY + "2"})
    assert "both headers" in warning(data, "token-and-key")["message"]
    assert "token-and-key" not in codes(tenv.status(env={"ANTHROPIC_AUTH_TOKEN": CANARY}))


def test_provider_flag_beside_an_anthropic_credential(tenv):
    data = tenv.status(env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1", "ANTHROPIC_AUTH_TOKEN": CANARY})
    w = warning(data, "provider-with-anthropic-credential")
    assert w["variable"] == "ANTHROPIC_AUTH_TOKEN" and "travels" in w["message"]
    assert data["kind"] == "bedrock"
    data = tenv.status(env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"})
    assert "provider-with-anthropic-credential" not in codes(data)


def test_several_provider_flags(tenv):
    data = tenv.status(env={"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_USE_VERTEX": "1"})
    assert warning(data, "several-provider-flags")["variables"] == ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"]
    assert "several-provider-flags" not in codes(tenv.status(env={"CLAUDE_CODE_USE_VERTEX": "1"}))


def test_base_url_without_a_credential(tenv):
    logged_in(tenv)
    data = tenv.status(env={"ANTHROPIC_BASE_URL": GW})
    w = warning(data, "base-url-without-credential")
    assert "gw.example.com" in w["message"] and "login token" in w["message"]
    assert data["kind"] == "login"
    assert "base-url-without-credential" not in codes(tenv.status(env={"ANTHROPIC_BASE_URL": GW, "ANTHROPIC_AUTH_TOKEN": CANARY}))
    assert "base-url-without-credential" not in codes(tenv.status())


def test_empty_string_variable(tenv):
    data = tenv.status(env={"ANTHROPIC_API_KEY": "", "ANTHROPIC_AUTH_TOKEN": CANARY})
    assert warning(data, "empty-variable")["variable"] == "ANTHROPIC_API_KEY"
    assert data["kind"] == "gateway"
    assert "empty-variable" not in codes(tenv.status(env={"ANTHROPIC_AUTH_TOKEN": CANARY}))


def test_empty_string_in_settings_env(tenv):
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_API_KEY": ""}})
    data = tenv.status(env={"ANTHROPIC_API_KEY": CANARY})
    assert warning(data, "empty-variable")["variable"] == "ANTHROPIC_API_KEY"
    assert data["kind"] == "login"  # the file's "" beats the shell's key, and "" is unset


def test_declined_api_key(tenv):
    tenv.write(tenv.home / ".claude.json", {"customApiKeyResponses": {"approved": [], "rejected": [CANARY[-20:]]}})
    data = tenv.status(env={"ANTHROPIC_API_KEY": CANARY})
    w = warning(data, "api-key-declined")
    assert w["file"] == str(tenv.home / ".claude.json")
    assert data["credential"]["approval"] == "rejected"
    tenv.write(tenv.home / ".claude.json", {"customApiKeyResponses": {"approved": [CANARY[-20:]], "rejected": []}})
    data = tenv.status(env={"ANTHROPIC_API_KEY": CANARY})
    assert "api-key-declined" not in codes(data) and data["credential"]["approval"] == "approved"


def test_settings_model_overridden_by_anthropic_model(tenv):
    tenv.write(tenv.user_settings, {"model": "claude-opus-4-1"})
    data = tenv.status(env={"ANTHROPIC_MODEL": "claude-sonnet-4-5"})
    assert "claude-opus-4-1" in warning(data, "model-overridden")["message"]
    assert data["model"] == {"value": "claude-sonnet-4-5", "source": "ANTHROPIC_MODEL", "origin": "environment"}
    data = tenv.status()
    assert "model-overridden" not in codes(data)
    assert data["model"]["source"] == "settings model" and data["model"]["origin"] == str(tenv.user_settings)


def test_malformed_settings_are_a_warning_with_path_and_line(tenv):
    tenv.write(tenv.project_settings, '{\n  "env": {\n    "A": 1,\n  }\n}')
    data = tenv.status()
    w = warning(data, "settings-invalid")
    assert w["file"] == str(tenv.project_settings) and "line 4" in w["message"]
    r = tenv.run("status")
    assert r.returncode == 1 and "invalid JSON at line 4" in r.out and "Traceback" not in r.err  # 1: no credential here
    tenv.write(tenv.project_settings, {"env": {}})
    assert "settings-invalid" not in codes(tenv.status())


def test_no_credential_at_all(tenv):
    assert "no-credential" in codes(tenv.status())
    logged_in(tenv)
    assert "no-credential" not in codes(tenv.status())


def test_unreadable_store(tenv):
    tenv.store.parent.mkdir(parents=True)
    tenv.store.write_text("this is [not toml")
    data = tenv.status(env={"CCSWITCH_ROUTE": "gw"})
    assert "routes.toml" in warning(data, "store-unreadable")["message"]


# ----------------------------------------------------------------------------- drift


def applied(tenv, name, script="ccswitch status --json", env=None):
    """Run `script` in a real bash after eval "$(ccswitch use NAME)"."""
    bash = need("bash")
    full = {**tenv, "GW_TOKEN": CANARY, **(env or {})}
    done = subprocess.run([bash, "-c", f'eval "$(ccswitch use {name} --shell bash)" && {script}'],
                          env=full, cwd=str(tenv.project), capture_output=True)
    return done


def test_no_drift_right_after_use(tenv):
    import json

    gateway(tenv, "gw", "--model", "claude-sonnet-4-5")
    logged_in(tenv)
    done = applied(tenv, "gw")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["route"] == {"name": "gw", "claimed": True, "in_store": True, "drift": []}
    assert data["kind"] == "gateway" and data["endpoint"]["url"] == GW
    assert codes(data) == []
    assert CANARY not in done.stdout.decode() + done.stderr.decode()


def test_drift_when_the_environment_changed(tenv):
    import json

    gateway(tenv, "gw", "--model", "claude-sonnet-4-5")
    done = applied(tenv, "gw", 'export ANTHROPIC_MODEL=other CLAUDE_CODE_USE_VERTEX=1; unset ANTHROPIC_AUTH_TOKEN; ccswitch status --json')
    data = json.loads(done.stdout)
    problems = {(d["variable"], d["problem"]) for d in data["route"]["drift"]}
    assert problems == {("ANTHROPIC_MODEL", "different"), ("ANTHROPIC_AUTH_TOKEN", "missing"), ("CLAUDE_CODE_USE_VERTEX", "unexpected")}
    assert "run `ccswitch use gw` again" in warning(data, "drift")["message"]


def test_drift_when_the_route_is_gone(tenv):
    data = tenv.status(env={"CCSWITCH_ROUTE": "vanished"})
    assert data["route"]["in_store"] is False
    assert data["route"]["drift"][0]["problem"] == "no-route"


def test_route_overridden_by_settings(tenv):
    import json

    tenv.ok("add", "k", "--kind", "api-key", "--secret-env", "GW_TOKEN")
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": "settings-token-0123456789"}})
    data = json.loads(applied(tenv, "k").stdout)
    assert data["route"]["drift"] == []
    assert "route-overridden" in codes(data) and data["kind"] == "gateway"
    tenv.user_settings.unlink()
    logged_in(tenv)
    data = json.loads(applied(tenv, "k").stdout)
    assert codes(data) == [] and data["kind"] == "api-key"


def test_status_never_reads_the_keyring(tenv):
    # a keyring route with no usable keyring: status must not try (it would fail or prompt)
    tenv.store.parent.mkdir(parents=True)
    tenv.store.write_text('version = 1\n[routes.kr]\nkind = "api-key"\n[routes.kr.secrets]\nANTHROPIC_API_KEY = "keyring"\n')
    data = tenv.status(env={"CCSWITCH_ROUTE": "kr", "ANTHROPIC_API_KEY": CANARY})
    assert data["route"]["drift"] == [] and data["kind"] == "api-key"


# ----------------------------------------------------------------------------- text and canary


def test_text_output_names_route_endpoint_credential_model(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": CANARY}})
    r = tenv.run("status", env={"ANTHROPIC_BASE_URL": GW, "ANTHROPIC_MODEL": "m1", "CCSWITCH_ROUTE": "gw"})
    assert r.returncode == 0
    assert f"endpoint    {GW} (ANTHROPIC_BASE_URL from this shell)" in r.out
    assert "credential  ANTHROPIC_AUTH_TOKEN from ~/.claude/settings.json, sent as Authorization: Bearer, …" + CANARY[-4:] in r.out
    assert "model       m1 (ANTHROPIC_MODEL from this shell)" in r.out


def test_canary_never_appears_in_status(tenv):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": CANARY, "ANTHROPIC_CUSTOM_HEADERS": "X-Key: " + CANARY}})
    tenv.write(tenv.local_settings, {"env": {"ANTHROPIC_API_KEY": CANARY}})
    tenv.write(tenv.home / ".claude.json", {"customApiKeyResponses": {"rejected": [CANARY[-20:]]}})
    env = {"ANTHROPIC_AUTH_TOKEN": CANARY, "CLAUDE_CODE_OAUTH_TOKEN": CANARY, "AWS_BEARER_TOKEN_BEDROCK": CANARY,
           "CLAUDE_CODE_USE_BEDROCK": "1", "CCSWITCH_ROUTE": "gw", "GW_TOKEN": CANARY,
           "HTTPS_PROXY": f"http://user:{CANARY}@proxy:3128"}
    for args in (("status",), ("status", "--json")):
        r = tenv.run(*args, env=env)
        assert r.returncode == 0
        assert CANARY not in r.out + r.err
        assert CANARY[10:-6] not in r.out + r.err
        assert CANARY[-20:] not in r.out + r.err


# ----------------------------------------------------------------------------- the shadow check of `use`


def test_use_warns_about_a_shadowing_settings_file_and_still_emits(tenv):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example", "ANTHROPIC_AUTH_TOKEN": "stale-token-0123456789"}})
    tenv.write(tenv.project_settings, {"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}})
    r = tenv.run("use", "gw", "--shell", "bash", env={"GW_TOKEN": CANARY})
    assert r.returncode == 0
    assert "export ANTHROPIC_BASE_URL=" in r.out and "export CCSWITCH_ROUTE='gw'" in r.out
    assert "ccswitch: note: ~/.claude/settings.json sets ANTHROPIC_BASE_URL in its env block, which beats the value of route 'gw'" in r.err
    assert "sets ANTHROPIC_AUTH_TOKEN in its env block" in r.err
    assert "sets CLAUDE_CODE_USE_BEDROCK, which route 'gw' does not use" in r.err
    assert "ccswitch exec --override-settings gw -- claude" in r.err
    assert CANARY not in r.err and "stale-token" not in r.err


def test_use_is_quiet_without_shadowing_settings(tenv):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": GW, "DISABLE_TELEMETRY": "1"}, "model": "x"})
    r = tenv.run("use", "gw", "--shell", "bash", env={"GW_TOKEN": CANARY})
    assert r.returncode == 0 and r.err == "ccswitch: now on gw (gateway, gw.example.com)\n"  # the confirmation only
    tenv.user_settings.unlink()
    assert tenv.run("use", "gw", "--shell", "bash", env={"GW_TOKEN": CANARY, "CCSWITCH_QUIET": "1"}).err == ""


def test_reset_warns_when_settings_keep_a_route(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example"}})
    r = tenv.run("reset", "--shell", "bash")
    assert r.returncode == 0 and "unset -v ANTHROPIC_BASE_URL" in r.out
    assert "sets ANTHROPIC_BASE_URL, which route 'login' does not use" in r.err


def test_use_reports_managed_policy_and_broken_settings(tenv):
    vertex(tenv)
    tenv.write(tenv.managed_settings, {"env": {"CLOUD_ML_REGION": "europe-west1"}})
    tenv.write(tenv.local_settings, "{nope")
    r = tenv.run("use", "v", "--shell", "bash")
    assert r.returncode == 0 and "export CLOUD_ML_REGION='us-east5'" in r.out
    assert "managed policy" in r.err and "administrator" in r.err
    assert f"{tenv.local_settings}: invalid JSON at line 1" in r.err
    assert "Traceback" not in r.err


# ----------------------------------------------------------------------------- the whole truth


def sent(data):
    """{(header, source): (main, stale, certain)} of status's credentials."""
    return {(e["header"], e["source"]): (e["main"], e["stale"], e["certain"]) for e in data["credentials"]}


def test_every_credential_that_goes_out_is_listed_with_its_header(tenv):
    env = {"ANTHROPIC_AUTH_TOKEN": CANARY, "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30,
           "CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-" + "o" * 30}
    data = tenv.status(env=env)
    assert sent(data) == {("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN"): (True, False, True),
                          ("x-api-key", "ANTHROPIC_API_KEY"): (False, True, True)}  # the OAuth token stays home (seen)
    assert CANARY not in json.dumps(data)
    text = tenv.ok("status", env=env).out
    assert CANARY not in text
    assert "also sent   ANTHROPIC_API_KEY from this shell as x-api-key" in text and "stale" in text


def test_a_helper_beside_a_key_rides_as_bearer(tenv):
    tenv.write(tenv.user_settings, {"apiKeyHelper": "echo helper-output"})
    data = tenv.status(env={"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30})
    assert sent(data) == {("x-api-key", "ANTHROPIC_API_KEY"): (True, False, True),
                          ("Authorization: Bearer", "apiKeyHelper"): (False, True, True)}
    assert warning(data, "extra-credential")["variable"] == "apiKeyHelper"
    # beside a token the helper's output may or may not make it into x-api-key (a race in the client)
    data = tenv.status(env={"ANTHROPIC_AUTH_TOKEN": "t" * 24})
    assert sent(data)[("x-api-key", "apiKeyHelper")] == (False, True, False)
    assert "may also go out" in warning(data, "extra-credential")["message"]


@pytest.mark.parametrize("provider, env, expected", [
    ("bedrock", {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1", "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1"},
     {("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN"), ("x-api-key", "ANTHROPIC_API_KEY")}),
    ("vertex", {"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "p", "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1"},
     {("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN"), ("x-api-key", "ANTHROPIC_API_KEY")}),
    ("mantle", {"CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "us-west-2", "CLAUDE_CODE_SKIP_MANTLE_AUTH": "1"},
     {("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN")}),
    ("foundry", {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "r", "ANTHROPIC_FOUNDRY_API_KEY": "f" * 24},
     {("x-api-key", "ANTHROPIC_FOUNDRY_API_KEY"), ("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN")}),
    ("anthropic-aws", {"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "ANTHROPIC_AWS_WORKSPACE_ID": "w", "AWS_REGION": "us-east-1",
                       "ANTHROPIC_AWS_API_KEY": "a" * 24}, {("x-api-key", "ANTHROPIC_AWS_API_KEY")}),
])
def test_what_a_provider_route_sends_of_the_anthropic_credentials(tenv, provider, env, expected):
    """Measured with the pinned client: which first-party credentials each provider carries along."""
    stale = {"ANTHROPIC_AUTH_TOKEN": "t" * 24, "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30,
             "CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-" + "o" * 30}
    data = tenv.status(env={**env, **stale})
    assert data["kind"] == provider
    assert set(sent(data)) == expected
    travelling = {w["variable"]: w["sent"] for w in data["warnings"] if w["code"] == "provider-with-anthropic-credential"}
    for var in stale:  # every stale one is named; the message says whether it goes out
        assert travelling[var] == any(source == var for _, source in expected)


def test_bedrock_first_request_before_project_settings(tenv):
    """The inference-profile lookup runs before project settings apply: it takes the shell's URL and key."""
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_BEDROCK_BASE_URL": "https://project.example",
                                               "AWS_BEARER_TOKEN_BEDROCK": "project-" + "b" * 20}})
    env = {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1", "ANTHROPIC_BEDROCK_BASE_URL": "https://shell.example",
           "AWS_BEARER_TOKEN_BEDROCK": "shell-" + "b" * 20}
    data = tenv.status(env=env)
    assert data["endpoint"]["url"] == "https://project.example"
    assert data["endpoint"]["first_request"] == {"url": "https://shell.example", "variable": "ANTHROPIC_BEDROCK_BASE_URL",
                                                 "origin": "environment"}
    bearers = [e for e in data["credentials"] if e["source"] == "AWS_BEARER_TOKEN_BEDROCK"]
    assert {e["origin"] for e in bearers} == {"environment", str(tenv.project_settings)}
    assert "its first request (the inference-profile lookup) goes to https://shell.example" in tenv.ok("status", env=env).out


def test_gateway_mode_needs_its_variables_before_the_project_settings(tenv):
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": "t" * 24}})
    data = tenv.status(env={"CLAUDE_CODE_USE_GATEWAY": "1", "ANTHROPIC_BASE_URL": GW, "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30})
    assert data["provider"] == "anthropic"  # the mode was decided before the project's token was there
    assert "project or local settings" in warning(data, "gateway-switch-ignored")["message"]
    assert ("x-api-key", "ANTHROPIC_API_KEY") in sent(data)
    data = tenv.status(env={"CLAUDE_CODE_USE_GATEWAY": "1", "ANTHROPIC_BASE_URL": GW, "ANTHROPIC_AUTH_TOKEN": "t" * 24,
                            "ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30})
    assert data["provider"] == "gateway" and set(sent(data)) == {("Authorization: Bearer", "ANTHROPIC_AUTH_TOKEN")}


def test_custom_headers_are_listed_by_name_only(tenv):
    env = {"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30, "ANTHROPIC_CUSTOM_HEADERS": f"X-Team: {CANARY}\nX-Other: 1"}
    data = tenv.status(env=env)
    assert {e["header"] for e in data["credentials"] if e["source"] == "ANTHROPIC_CUSTOM_HEADERS"} == {"X-Team", "X-Other"}
    assert CANARY not in json.dumps(data) and CANARY not in tenv.ok("status", env=env).out


def test_an_api_key_over_a_logged_in_subscription_moves_the_billing(tenv):
    logged_in(tenv)
    data = tenv.status(env={"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30})
    w = warning(data, "subscription-overridden")
    assert w["variable"] == "ANTHROPIC_API_KEY" and "billed to the API account" in w["message"]
    assert "subscription-overridden" not in codes(tenv.status())  # the login itself
    tenv.ok("add", "k", "--kind", "api-key", "--secret-env", "GW_TOKEN")  # the route the shell chose: a note, not a warning
    data = json.loads(applied(tenv, "k").stdout)
    assert "subscription-overridden" not in codes(data)
    assert "billed to the API account" in next(n for n in data["notes"] if n["code"] == "subscription-overridden")["message"]
    assert "subscription-overridden" not in codes(tenv.status(env={"ANTHROPIC_API_KEY": "sk-ant-api03-" + "k" * 30,
                                                                   "HOME": str(tenv.home / "elsewhere")}))


def test_a_gateway_token_without_its_url(tenv):
    w = warning(tenv.status(env={"ANTHROPIC_AUTH_TOKEN": "t" * 24}), "token-without-base-url")
    assert "https://api.anthropic.com" in w["message"]
    assert "token-without-base-url" not in codes(tenv.status(env={"ANTHROPIC_AUTH_TOKEN": "t" * 24, "ANTHROPIC_BASE_URL": GW}))


def test_login_is_not_the_control_point_on_a_provider_route(tenv):
    data = tenv.status(env={"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "p"})
    note = next(n for n in data["notes"] if n["code"] == "login-not-control-point")
    assert "/login and /logout" in note["message"] and "CLAUDE_CODE_USE_VERTEX" in note["message"]
    logged_in(tenv)
    assert not [n for n in tenv.status()["notes"] if n["code"] == "login-not-control-point"]


def test_project_settings_outranked_name_the_loser_and_the_winner(tenv):
    tenv.write(tenv.project_settings, {"model": "team-model", "env": {"ANTHROPIC_BASE_URL": GW, "DISABLE_TELEMETRY": "1"}})
    tenv.write(tenv.local_settings, {"model": "my-model"})
    tenv.write(tenv.managed_settings, {"env": {"ANTHROPIC_BASE_URL": "https://policy.example"}})
    data = tenv.status()
    assert len([w for w in data["warnings"] if w["code"] == "settings-outranked"]) == 2  # DISABLE_TELEMETRY is set nowhere else
    model = next(w for w in data["warnings"] if w["code"] == "settings-outranked" and "model" in w["message"])
    assert model["winner"] == str(tenv.local_settings) and "'team-model'" in model["message"] and "'my-model'" in model["message"]
    url = next(w for w in data["warnings"] if w["code"] == "settings-outranked" and "ANTHROPIC_BASE_URL" in w["message"])
    assert url["scope"] == "managed" and "ask your administrator" in url["message"]
    tenv.write(tenv.local_settings, {"model": "team-model"})  # the same value: nothing lost
    tenv.managed_settings.unlink()
    assert "settings-outranked" not in codes(tenv.status())


def test_model_tier_pins_are_a_pin_and_a_session_can_still_change_the_model(tenv):
    data = tenv.status(env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1",
                            "ANTHROPIC_DEFAULT_OPUS_MODEL": "us.anthropic.claude-opus-x"})
    assert data["model"]["tiers"] == {"opus": "us.anthropic.claude-opus-x"}
    text = tenv.ok("status", env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1",
                                  "ANTHROPIC_DEFAULT_OPUS_MODEL": "us.anthropic.claude-opus-x"}).out
    assert "with the tiers pinned: opus → us.anthropic.claude-opus-x" in text
    data = tenv.status(env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1", "ANTHROPIC_MODEL": "us.anthropic.claude-x"})
    note = next(n for n in data["notes"] if n["code"] == "model-overridable")
    assert "/model" in note["message"] and "--pin" in note["message"]


def test_a_session_started_before_a_switch_keeps_its_route(tenv):
    """A real process named claude (a background job of a real bash) started before the shell
    switches: status, run from that bash, says it must restart; nothing of a value is shown."""
    claude = "(exec -a claude sleep 30) & sleep 0.3"
    script = (f'export ANTHROPIC_API_KEY={CANARY}; {claude}; '
              f'export ANTHROPIC_API_KEY=sk-ant-api03-{"n" * 30}; "{CCSWITCH}" status --json; kill %1')
    done = subprocess.run([need("bash"), "--norc", "-c", script], env=dict(tenv), cwd=tenv.cwd, capture_output=True, text=True, timeout=60)
    data = json.loads(done.stdout)
    w = warning(data, "restart-needed")
    assert "ANTHROPIC_API_KEY" in w["message"] and "exit it and run claude again" in w["message"]
    assert CANARY not in done.stdout
    same = subprocess.run([need("bash"), "--norc", "-c", f'{claude}; "{CCSWITCH}" status --json; kill %1'],
                          env=dict(tenv), cwd=tenv.cwd, capture_output=True, text=True, timeout=60)
    assert "restart-needed" not in codes(json.loads(same.stdout))


def test_statusline_says_a_session_must_restart_after_its_route_changed(tenv):
    """statusline runs inside the session, with the environment it started with: a route edited
    since then is named, nothing else is."""
    gateway(tenv)
    env = dict(line.split("=", 1) for line in tenv.ok("use", "gw", "--shell", "dotenv", env={"GW_TOKEN": "t" * 24}).out.split("\n")
               if "=" in line)
    env = {k: v.strip("'\"") for k, v in env.items()}
    assert tenv.ok("statusline", env=env).out.strip() == "route: gw (gateway)"
    tenv.ok("edit", "gw", "--base-url", "https://gw2.example.com/anthropic", "--keep-secret")
    assert "restart to apply the route's change" in tenv.ok("statusline", env=env).out
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://gw2.example.com/anthropic"}})
    # a variable a settings file sets is the client's own doing: a restart would not change it
    assert "restart" not in tenv.ok("statusline", env=env).out
