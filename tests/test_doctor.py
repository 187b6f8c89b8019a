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
    bad = [f for f in data["findings"] if f["severity"] in ("warn", "fail")]
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


# ----------------------------------------------------------------------------- the hook's mark (real shells on a pty: test_doctor_hook.py)


def doctor_from(tenv, argv, marker=None, env=None):
    """`ccswitch doctor --json` started by `argv` (a shell's -c line), with CCSWITCH_HOOK set or
    not: (its JSON, validated against the schema, and everything it printed)."""
    import json
    import subprocess

    from truthkit import validate

    full = dict(tenv, **(env or {}))
    if marker is not None:
        full["CCSWITCH_HOOK"] = marker
    done = subprocess.run(argv, env=full, cwd=tenv.project, capture_output=True, timeout=60)
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1) and "Traceback" not in err, err
    data = json.loads(out)
    validate(data, "doctor")
    return data, out + err


def from_bash(line="ccswitch doctor --json"):
    from conftest import need

    return [need("bash"), "--norc", "--noprofile", "-c", f"{line}; exit $?"]  # not one command: bash forks it


def test_no_hook_is_information_not_a_problem(tenv):
    data = tenv.doctor()
    assert data["hook"] == {"shell": None, "status": "absent", "rev": None, "expected": None, "completion": None}
    (f,) = findings(data, "hook")
    assert f["severity"] == "info" and "not from a shell" in f["message"] and data["ok"] is True
    data, _ = doctor_from(tenv, from_bash())
    (f,) = findings(data, "hook", "info")
    assert "ran from bash as a program, not through its hook" in f["message"]
    assert f["fix"] == 'add `eval "$(ccswitch init bash)"` to ~/.bashrc and open a new shell'
    r = tenv.run("doctor")
    warns = sum(1 for f in tenv.doctor()["findings"] if f["severity"] == "warn")
    assert "info  hook" in r.out and f"0 problems, {warns} warning" in r.out  # information is not a warning


def test_a_shell_without_a_hook_says_so(tenv):
    from conftest import need

    data, _ = doctor_from(tenv, [need("dash"), "-c", "ccswitch doctor --json; exit $?"])
    (f,) = findings(data, "hook", "info")
    assert f["message"].startswith("dash has no ccswitch hook: ") and 'eval "$(ccswitch use NAME)"' in f["fix"]


def test_the_mark_of_a_current_and_of_an_older_hook(tenv):
    from ccswitch import shells

    rev = shells.get("bash").hook_rev()
    data, _ = doctor_from(tenv, from_bash(), f"bash {rev} registered")
    assert data["hook"] == {"shell": "bash", "status": "current", "rev": rev, "expected": rev, "completion": "registered"}
    (f,) = findings(data, "hook", "ok")
    assert f["message"] == "the bash hook is loaded in this shell and is what `ccswitch init bash` prints now"
    data, _ = doctor_from(tenv, from_bash(), "bash 0123456789ab missing")
    assert data["hook"]["status"] == "outdated" and data["ok"] is True
    (f,) = findings(data, "hook", "warn")
    assert f"(rev 0123456789ab, now {rev})" in f["message"]
    assert f["fix"] == 'open a new shell, or run `eval "$(ccswitch init bash)"` again'
    (c,) = findings(data, "completion", "warn")
    assert "not registered in this bash shell" in c["message"] and "complete -r ccswitch" in c["message"]


def test_a_hook_from_before_the_mark_is_older(tenv):
    """A hook that leaves no mark still starts the program its own way (`python -I -c`)."""
    import sys

    from ccswitch.shells import MAIN

    data, _ = doctor_from(tenv, from_bash(f"'{sys.executable}' -I -c '{MAIN}' doctor --json"))
    assert data["hook"]["status"] == "outdated" and data["hook"]["shell"] == "bash"
    (f,) = findings(data, "hook", "warn")
    assert "from an older ccswitch" in f["message"] and "ccswitch init bash" in f["fix"]


@pytest.mark.parametrize("marker", [
    "$(touch pwned)", "bash 0123456789ab registered; touch pwned", "\x1b]0;PWNED\x07bash 0123456789ab registered",
    "bash 0123456789AB registered", "bash 0123456789a registered", "bash 0123456789ab  registered",
    "bash 0123456789ab none", "zsh 0123456789ab pwned", "json 0123456789ab none", "cmd 0123456789ab none",
    "sh 0123456789ab none", "bash " + "a" * 60 + " registered", "PWNED", " ", "",
])
def test_a_mark_no_hook_writes_is_ignored_and_never_shown(tenv, marker):
    for argv in (from_bash(), [__import__("conftest").CCSWITCH, "doctor", "--json"]):
        data, shown = doctor_from(tenv, argv, marker)
        if not marker:  # set but empty: as if unset
            assert data["hook"]["status"] == "absent"
            continue
        assert data["hook"]["status"] == "ignored" and data["hook"]["shell"] is None
        (w,) = findings(data, "hook", "warn")
        assert "CCSWITCH_HOOK is set and is not a mark a ccswitch hook leaves" in w["message"] and "unset" in w["fix"]
        assert "PWNED" not in shown and "pwned" not in shown and "\x1b" not in shown
        assert marker.strip() not in shown or not marker.strip()
    assert not (tenv.project / "pwned").exists()


def test_a_well_formed_mark_from_elsewhere_is_ignored(tenv):
    """Exported by hand, or left in an environment: the mark holds only when its shell started doctor."""
    from conftest import need

    from ccswitch import shells

    rev = shells.get("zsh").hook_rev()
    data, shown = doctor_from(tenv, from_bash(), f"zsh {rev} registered")  # bash started it
    (w,) = findings(data, "hook", "warn")
    assert "says the zsh hook ran this, but bash did: an inherited mark" in w["message"]
    assert data["hook"]["status"] == "ignored" and rev not in shown
    data, _ = doctor_from(tenv, [__import__("conftest").CCSWITCH, "doctor", "--json"], f"zsh {rev} registered")
    assert "but a program that is no shell did" in findings(data, "hook", "warn")[0]["message"]
    # what doctor starts (git, secret commands, `list --names`) never inherits the mark
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", "https://gw.example.com",
            "--secret-cmd", f"env > '{tenv.project / 'seen'}'; echo tok")
    doctor_from(tenv, [need("zsh"), "-f", "-c", "ccswitch doctor --json; exit $?"], f"zsh {rev} registered")
    assert "CCSWITCH_HOOK" not in (tenv.project / "seen").read_text()


def test_completion_needs_route_names_from_path(tenv, tmp_path):
    import sys as _sys

    here = os.path.dirname(_sys.executable)
    vertex(tenv)
    (f,) = findings(tenv.doctor(env={"PATH": here + os.pathsep + "/usr/bin:/bin"}), "completion")
    assert f["severity"] == "ok" and "`ccswitch list --names`" in f["message"]
    (w,) = findings(tenv.doctor(env={"PATH": "/usr/bin:/bin"}), "completion")
    assert w["severity"] == "warn" and "no ccswitch is on PATH" in w["message"] and w["fix"]
    other = tmp_path / "old" / "bin"
    other.mkdir(parents=True)
    (other / "ccswitch").write_text("#!/bin/sh\necho login\necho someone-elses\n")
    (other / "ccswitch").chmod(0o755)
    (w,) = findings(tenv.doctor(env={"PATH": f"{other}{os.pathsep}{here}"}), "completion")
    assert w["severity"] == "warn" and "lists other routes than this ccswitch reads" in w["message"]
    (other / "ccswitch").write_text("#!/bin/sh\nexit 3\n")
    (w,) = findings(tenv.doctor(env={"PATH": f"{other}{os.pathsep}{here}"}), "completion")
    assert "exits with status 3" in w["message"] and w["file"] == str(other / "ccswitch")


def test_the_completion_words_each_unit_may_report():
    """Every word a hook may put in its mark has its meaning and fix in the unit."""
    from ccswitch import shells

    for name in shells.hooked():
        unit = shells.unit(name)
        for state in unit.completion_states:
            severity, message, fix = unit.completion_finding(state)
            assert severity in ("ok", "info", "warn") and message
            assert (severity == "warn") == bool(fix)
            assert shells.read_marker(f"{name} {'0' * shells.REV_LENGTH} {state}") == (unit, "0" * shells.REV_LENGTH, state)
    for unit in shells.units():
        assert unit.hook or unit.is_format or unit.no_hook, f"{unit.name}: doctor says why it has no hook"


@pytest.mark.parametrize("found, says", [
    ("cmd", "cmd has no ccswitch hook: cmd.exe has no prompt hook"),
    ("pwsh", "ccswitch ran from pwsh as a program, not through its hook"),
    (None, "not from a shell"),
])
def test_without_proc_the_nearest_shell_is_asked(monkeypatch, found, says):
    """On Windows and macOS there is no /proc: shellingham names the shell doctor ran from (cmd.exe
    has no hook, and doctor says so with the line that switches it)."""
    import shellingham

    from ccswitch import doctor

    monkeypatch.setattr(doctor, "_parent_shell", lambda: None)

    def detect():
        if found is None:
            raise shellingham.ShellDetectionFailure()
        return found, f"C:\\Windows\\{found}.exe"

    monkeypatch.setattr(shellingham, "detect_shell", detect)
    f = doctor.Findings()
    hook = doctor._check_hook(f, None)
    (item,) = f.items
    assert hook["json"]["status"] == "absent" and item["severity"] == "info" and says in item["message"]
    if found == "cmd":
        assert "for /f" in item["fix"]


def test_without_proc_a_well_formed_mark_is_taken(monkeypatch):
    """No /proc to check the parent against: the mark's form is all there is to go by."""
    from ccswitch import doctor, shells

    monkeypatch.setattr(doctor, "_parent_shell", lambda: None)
    rev = shells.get("zsh").hook_rev()
    f = doctor.Findings()
    hook = doctor._check_hook(f, f"zsh {rev} nocompinit")
    assert hook["json"] == {"shell": "zsh", "status": "current", "rev": rev, "expected": rev, "completion": "nocompinit"}
    assert [i["severity"] for i in f.items] == ["ok"]
