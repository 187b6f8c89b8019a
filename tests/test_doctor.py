"""`ccswitch doctor`: each check provoked and shown absent; exit status; no secret printed."""

import os

import pytest

from truthkit import CANARY, findings, ktenv, tenv  # noqa: F401


def vertex(tenv, name="v", *extra):
    return tenv.ok("add", name, "--kind", "vertex", "--project", "my-project", "--region", "us-east5", *extra)


def keyring_route_by_hand(tenv):
    tenv.store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tenv.store.write_text('version = 1\n[routes.kr]\nkind = "api-key"\n[routes.kr.secrets]\nANTHROPIC_API_KEY = "keyring"\n')
    tenv.store.chmod(0o600)


def test_a_clean_setup_passes(tenv):
    vertex(tenv)
    data = tenv.doctor()
    assert data["ok"] is True
    assert not [f for f in data["findings"] if f["severity"] == "fail"]
    checks = {f["check"] for f in data["findings"]}
    assert {"store-permissions", "keyring", "route-secrets", "project-secrets", "local-ignored", "plain-http", "litellm"} <= checks
    r = tenv.run("doctor")
    assert r.returncode == 0 and "ok    litellm" in r.out


def test_keyring_missing_is_a_warning_until_a_route_needs_it(tenv):
    vertex(tenv)
    (f,) = findings(tenv.doctor(), "keyring")
    assert f["severity"] == "warn" and "no usable OS keyring" in f["message"]
    keyring_route_by_hand(tenv)
    data = tenv.doctor()
    (f,) = findings(data, "keyring")
    assert f["severity"] == "fail" and "kr" in f["message"] and f["fix"]
    assert data["ok"] is False


def test_keyring_usable_and_secrets_retrievable(ktenv):
    ktenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input=CANARY)
    data = ktenv.doctor()
    assert findings(data, "keyring")[0]["severity"] == "ok"
    assert findings(data, "route-secrets")[0]["severity"] == "ok"
    assert data["ok"] is True
    # the entry disappears from the keyring behind ccswitch's back
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", "import keyring; keyring.delete_password('ccswitch', 'k:ANTHROPIC_API_KEY')"],
                   env=dict(ktenv), check=True)
    r = ktenv.run("doctor")
    assert r.returncode == 1
    assert "secret ANTHROPIC_API_KEY of route 'k' is not in the keyring" in r.out
    assert "ccswitch edit k --secret-stdin" in r.out
    assert CANARY not in r.out + r.err


def test_reference_secrets_must_resolve(tenv):
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", "https://gw.example.com", "--secret-env", "GW_TOKEN")
    data = tenv.doctor()
    (f,) = findings(data, "route-secrets", "fail")
    assert "$GW_TOKEN" in f["message"] and f["file"] == str(tenv.store)
    data = tenv.doctor(env={"GW_TOKEN": CANARY})
    assert findings(data, "route-secrets")[0]["severity"] == "ok"


def test_cmd_reference_that_fails(tenv):
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", "https://gw.example.com", "--secret-cmd", "exit 3")
    (f,) = findings(tenv.doctor(), "route-secrets", "fail")
    assert "exit status 3" in f["message"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_store_permissions(tenv):
    vertex(tenv)
    assert findings(tenv.doctor(), "store-permissions")[0]["severity"] == "ok"
    tenv.store.chmod(0o644)
    (f,) = findings(tenv.doctor(), "store-permissions", "fail")
    assert f["file"] == str(tenv.store) and f["fix"] == f"chmod 600 {tenv.store}"
    tenv.store.chmod(0o600)
    tenv.store.parent.chmod(0o755)
    (f,) = findings(tenv.doctor(), "store-permissions", "fail")
    assert f["file"] == str(tenv.store.parent) and f["fix"] == f"chmod 700 {tenv.store.parent}"


def test_broken_store(tenv):
    tenv.store.parent.mkdir(parents=True, mode=0o700)
    tenv.store.write_text("not [ toml")
    tenv.store.chmod(0o600)
    data = tenv.doctor()
    (f,) = findings(data, "store", "fail")
    assert str(tenv.store) in f["message"] and data["ok"] is False


def test_secret_in_shared_project_settings(tenv):
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": CANARY, "ANTHROPIC_MODEL": "m"}})
    r = tenv.run("doctor")
    assert r.returncode == 1
    assert CANARY not in r.out + r.err and CANARY[-20:] not in r.out
    data = tenv.doctor()
    (f,) = findings(data, "project-secrets", "fail")
    assert f["file"] == str(tenv.project_settings) and "ANTHROPIC_AUTH_TOKEN" in f["message"] and "rotate" in f["fix"]
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_MODEL": "m"}})
    assert findings(tenv.doctor(), "project-secrets")[0]["severity"] == "ok"


def test_secret_in_a_tracked_local_settings_file(tenv):
    tenv.git_init()
    tenv.write(tenv.local_settings, {"env": {"ANTHROPIC_API_KEY": CANARY}})
    tenv.write(tenv.project / ".gitignore", ".claude/settings.local.json\n")
    data = tenv.doctor()
    assert not findings(data, "project-secrets", "fail")  # ignored and untracked: only a plain-text warning
    assert findings(data, "settings-secrets", "warn")
    tenv.git("add", "-f", ".claude/settings.local.json")
    data = tenv.doctor()
    (f,) = findings(data, "project-secrets", "fail")
    assert "tracked by git" in f["message"] and "git rm --cached" in f["fix"]


def test_secret_in_a_tracked_settings_file_elsewhere_in_the_repository(tenv):
    tenv.git_init()
    other = tenv.project / "tools" / ".claude" / "settings.json"
    tenv.write(other, {"env": {"HTTPS_PROXY": f"http://me:{CANARY}@proxy:3128"}})
    tenv.write(tenv.project_settings, {"model": "m"})
    tenv.git("add", ".")
    r = tenv.run("doctor", "--json")
    assert CANARY not in r.out
    data = tenv.doctor()
    (f,) = findings(data, "project-secrets", "fail")
    assert f["file"] == str(other) and "HTTPS_PROXY" in f["message"]


def test_local_settings_not_ignored_by_git(tenv):
    tenv.git_init()
    tenv.write(tenv.local_settings, {"model": "m"})
    data = tenv.doctor()
    (f,) = findings(data, "local-ignored", "fail")
    assert f["file"] == str(tenv.local_settings) and ".gitignore" in f["fix"]
    tenv.write(tenv.project / ".gitignore", ".claude/settings.local.json\n")
    (f,) = findings(tenv.doctor(), "local-ignored")
    assert f["severity"] == "ok"


def test_local_settings_checked_from_a_subfolder(tenv):
    tenv.git_init()
    tenv.write(tenv.local_settings, {"model": "m"})
    sub = tenv.project / "src"
    sub.mkdir()
    assert findings(tenv.doctor(cwd=sub), "local-ignored", "fail")


@pytest.mark.parametrize(
    "url, bad",
    [("http://gw.example.com", True), ("http://127.0.0.1:8080", False), ("http://localhost:4000/x", False), ("https://gw.example.com", False)],
)
def test_plain_http_base_urls_in_routes(tenv, url, bad):
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", url, "--secret-env", "GW_TOKEN", "--insecure")  # stored anyway
    data = tenv.doctor(env={"GW_TOKEN": "x"})
    assert bool(findings(data, "plain-http", "fail")) == bad
    if bad:
        f = findings(data, "plain-http", "fail")[0]
        assert "route 'g'" in f["message"] and "https" in f["fix"]


def test_plain_http_in_environment_and_settings(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BEDROCK_BASE_URL": "http://bedrock.example.com"}})
    data = tenv.doctor(env={"ANTHROPIC_BASE_URL": f"http://user:{CANARY}@gw.example.com/v1"})
    msgs = " ".join(f["message"] for f in findings(data, "plain-http", "fail"))
    assert "ANTHROPIC_BASE_URL=http://gw.example.com:80/v1 in this shell" in msgs
    assert "ANTHROPIC_BEDROCK_BASE_URL" in msgs
    r = tenv.run("doctor", env={"ANTHROPIC_BASE_URL": f"http://user:{CANARY}@gw.example.com/v1"})
    assert CANARY not in r.out + r.err
    tenv.user_settings.unlink()
    data = tenv.doctor(env={"ANTHROPIC_BASE_URL": "https://gw.example.com"})
    assert not findings(data, "plain-http", "fail") and findings(data, "plain-http", "ok")


def test_compromised_litellm(tenv, tmp_path):
    site = tmp_path / "site"
    dist = site / "litellm-1.82.7.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: litellm\nVersion: 1.82.7\n")
    data = tenv.doctor(env={"PYTHONPATH": str(site)})
    (f,) = findings(data, "litellm", "fail")
    assert "1.82.7" in f["message"] and "rotate" in f["fix"] and data["ok"] is False
    os.rename(dist, site / "litellm-1.83.0.dist-info")
    (site / "litellm-1.83.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: litellm\nVersion: 1.83.0\n")
    assert findings(tenv.doctor(env={"PYTHONPATH": str(site)}), "litellm")[0]["severity"] == "ok"


def test_compromised_litellm_in_the_active_virtualenv(tenv, tmp_path):
    venv = tmp_path / "venv"
    dist = venv / "lib" / "python3.99" / "site-packages" / "LiteLLM-1.82.8.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: LiteLLM\nVersion: 1.82.8\n")
    assert findings(tenv.doctor(env={"VIRTUAL_ENV": str(venv)}), "litellm", "fail")


def test_malformed_settings_fail_with_path_and_line(tenv):
    tenv.write(tenv.user_settings, '{"env": {"A": "1"}\n,,}')
    data = tenv.doctor()
    (f,) = findings(data, "settings-json", "fail")
    assert f["file"] == str(tenv.user_settings) and "line 2" in f["message"]
    r = tenv.run("doctor")
    assert r.returncode == 1 and "Traceback" not in r.err


def test_settings_env_pinning_route_variables(tenv):
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://x.example", "DISABLE_TELEMETRY": "1"}})
    (f,) = findings(tenv.doctor(), "settings-env", "warn")
    assert "ANTHROPIC_BASE_URL" in f["message"] and "DISABLE_TELEMETRY" not in f["message"]
    tenv.write(tenv.user_settings, {"env": {"DISABLE_TELEMETRY": "1"}})
    assert findings(tenv.doctor(), "settings-env")[0]["severity"] == "ok"


def test_every_finding_names_a_fix(tenv):
    tenv.git_init()
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_API_KEY": CANARY}})
    tenv.write(tenv.local_settings, {"env": {"ANTHROPIC_BASE_URL": "http://plain.example.com"}})
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", "http://gw.example.com", "--secret-env", "NOPE", "--insecure")
    data = tenv.doctor()
    bad = [f for f in data["findings"] if f["severity"] != "ok"]
    assert len(bad) >= 5
    assert all(f["fix"] for f in bad)
    for args in (("doctor",), ("doctor", "--json")):
        r = tenv.run(*args)
        assert r.returncode == 1 and CANARY not in r.out + r.err


def test_account_folders_there_and_private(tenv):
    """An account route's folder: gone is a warning with the fix; holding a login while others
    may enter it is a failure; a private one passes."""
    tenv.ok("add", "work", "--kind", "login")
    shown = tenv.ok("show", "work", "--json").out
    import json

    folder = json.loads(shown)["fields"]["config_dir"]
    (f,) = findings(tenv.doctor(), "accounts")
    assert f["severity"] == "ok" and "1 account folder" in f["message"]
    with open(os.path.join(folder, ".credentials.json"), "w") as fh:
        fh.write('{"claudeAiOauth": {"accessToken": "%s"}}' % CANARY)
    os.chmod(folder, 0o755)
    data = tenv.doctor()
    bad = [x for x in findings(data, "accounts") if x["severity"] == "fail"]
    assert bad and "'work'" in bad[0]["message"] and bad[0]["fix"] == f"chmod 700 '{folder}'"
    assert data["ok"] is False and CANARY not in json.dumps(data)
    os.chmod(folder, 0o700)
    assert not findings(tenv.doctor(), "accounts", "fail"), [x for x in tenv.doctor()["findings"] if x["severity"] == "fail"]
    os.remove(os.path.join(folder, ".credentials.json"))
    os.rmdir(folder)
    (gone,) = [x for x in findings(tenv.doctor(), "accounts") if x["severity"] == "warn"]
    assert "gone" in gone["message"] and "ccswitch login work" in gone["fix"]


def test_an_empty_config_dir_fails_and_a_securestorage_override_warns(tenv):
    data = tenv.doctor(env={"CLAUDE_CONFIG_DIR": ""})
    (f,) = findings(data, "accounts", "fail")
    assert "set but empty" in f["message"] and data["ok"] is False
    data = tenv.doctor(env={"CLAUDE_SECURESTORAGE_CONFIG_DIR": "/elsewhere"})
    (w,) = findings(data, "accounts", "warn")
    assert "every account route would use that one login" in w["message"]
    assert not findings(tenv.doctor(), "accounts")


def test_doctor_says_which_ccswitch_is_on_path(tenv, tmp_path):
    import sys as _sys

    here = os.path.dirname(_sys.executable)
    (f,) = findings(tenv.doctor(env={"PATH": here + os.pathsep + "/usr/bin:/bin"}), "install")
    assert f["severity"] == "ok"
    other = tmp_path / "old" / "bin"
    other.mkdir(parents=True)
    (other / "ccswitch").write_text("#!/bin/sh\necho old\n")
    (other / "ccswitch").chmod(0o755)
    (w,) = findings(tenv.doctor(env={"PATH": f"{other}{os.pathsep}{here}{os.pathsep}/usr/bin:/bin"}), "install")
    assert w["severity"] == "warn" and str(other / "ccswitch") in w["message"] and w["fix"]
    (gone,) = findings(tenv.doctor(env={"PATH": "/usr/bin:/bin"}), "install")
    assert gone["severity"] == "warn" and "not on PATH" in gone["message"]
