"""`ccswitch status`: every warning provoked and shown absent; drift; the shadow check of `use`."""

import subprocess

import pytest

from truthkit import CANARY, codes, need, tenv, warning  # noqa: F401

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
