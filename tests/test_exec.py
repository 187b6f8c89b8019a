"""`ccswitch exec NAME -- claude`: shadowing settings, the per-launch --settings override, a real child."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import CCSWITCH
from ccswitch import launch
from truthkit import CANARY, need, tenv  # noqa: F401

GW = "https://gw.example.com/anthropic"

FAKE_CLAUDE = textwrap.dedent(
    f"""\
    #!{sys.executable}
    # A stand-in for claude: reports its argv, its route environment and the --settings it got.
    import json, os, stat, sys, time
    args = sys.argv[1:]
    out = {{"argv": args, "cmdline": open("/proc/self/cmdline", "rb").read().decode("utf-8", "replace"),
            "env": {{k: v for k, v in os.environ.items() if k.startswith(("ANTHROPIC_", "CLAUDE_CODE_", "CCSWITCH_", "CLOUD_"))}}}}
    if "--settings" in args:
        value = args[args.index("--settings") + 1]
        out["settings"] = json.loads(value)
        helper = out["settings"].get("apiKeyHelper")
        if helper:  # run it the way Claude Code does: a shell command whose stdout is the key
            import subprocess
            done = subprocess.run(["sh", "-c", helper], capture_output=True)
            out["helper_key"] = done.stdout.decode()
    sys.stdout.write(json.dumps(out))
    sys.stdout.flush()
    if os.environ.get("FAKE_SLEEP"):
        time.sleep(float(os.environ["FAKE_SLEEP"]))
    sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
    """
)


@pytest.fixture
def claude(tmp_path):
    path = tmp_path / "bin" / "claude"
    path.parent.mkdir()
    path.write_text(FAKE_CLAUDE)
    path.chmod(0o755)
    return str(path)


def gateway(tenv, name="gw", *extra):
    tenv.ok("add", name, "--kind", "gateway", "--base-url", GW, "--secret-env", "GW_TOKEN", *extra)


def run_claude(tenv, claude, *args, env=None):
    r = tenv.run("exec", *args[:-1], "--", claude, *args[-1:], env={"GW_TOKEN": CANARY, **(env or {})})
    assert "Traceback" not in r.err
    assert CANARY not in r.err
    r.data = json.loads(r.out) if r.out.startswith("{") else None
    return r


def test_exec_gives_claude_a_clean_route_environment(tenv, claude):
    gateway(tenv, "gw", "--model", "claude-sonnet-4-5")
    r = run_claude(tenv, claude, "gw", "-p", env={"ANTHROPIC_API_KEY": "stale", "CLAUDE_CODE_USE_BEDROCK": "1"})
    assert r.returncode == 0, r.err
    env = r.data["env"]
    assert env["ANTHROPIC_AUTH_TOKEN"] == CANARY and env["ANTHROPIC_BASE_URL"] == GW
    assert "ANTHROPIC_API_KEY" not in env and "CLAUDE_CODE_USE_BEDROCK" not in env
    assert r.data["argv"] == ["-p"] and r.err == ""


def test_exec_warns_when_settings_shadow_the_route_and_offers_the_override(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example", "ANTHROPIC_AUTH_TOKEN": "stale-0123456789abcdef"}})
    r = run_claude(tenv, claude, "gw", "-p")
    assert r.returncode == 0
    assert r.data["argv"] == ["-p"]  # nothing added without the flag
    assert "~/.claude/settings.json sets ANTHROPIC_BASE_URL in its env block, which beats the value of route 'gw'" in r.err
    assert "ccswitch exec --override-settings gw -- claude -p" in r.err
    assert "stale-0123456789abcdef" not in r.err


def test_override_without_secrets_is_inline_json(tenv, claude):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "my-project", "--region", "us-east5", "--model", "claude-x@1")
    tenv.write(tenv.project_settings, {"env": {"ANTHROPIC_MODEL": "other", "ANTHROPIC_BASE_URL": "https://stale.example", "KEEP": "1"}})
    r = run_claude(tenv, claude, "--override-settings", "v", "-p")
    assert r.returncode == 0, r.err
    assert r.data["argv"][:2] == ["--settings", '{"env": {"ANTHROPIC_BASE_URL": "", "ANTHROPIC_MODEL": "claude-x@1"}}']
    assert r.data["argv"][2:] == ["-p"]
    assert "claude --settings sets ANTHROPIC_BASE_URL, ANTHROPIC_MODEL for this launch" in r.err


def test_override_with_a_secret_keeps_it_out_of_argv(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example", "ANTHROPIC_AUTH_TOKEN": "stale-0123456789abcdef"}})
    r = run_claude(tenv, claude, "--override-settings", "gw", "-p")
    assert r.returncode == 0, r.err
    assert r.data["settings"]["env"] == {"ANTHROPIC_AUTH_TOKEN": "", "ANTHROPIC_BASE_URL": GW}
    assert r.data["settings"]["apiKeyHelper"].endswith(" -m ccswitch secret gw ANTHROPIC_AUTH_TOKEN")
    assert r.data["helper_key"] == CANARY + "\n"  # the helper really serves the route's secret
    assert CANARY not in r.data["cmdline"] and CANARY not in " ".join(r.data["argv"])
    assert "served to claude by apiKeyHelper" in r.err


def test_override_refuses_a_secret_it_cannot_serve(tenv, claude):
    gateway(tenv, "gw", "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=env:HDRS")
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_CUSTOM_HEADERS": "X-Old: 1"}})
    r = tenv.run("exec", "--override-settings", "gw", "--", claude, "-p", env={"GW_TOKEN": CANARY, "HDRS": "X-Team: secret"})
    assert r.returncode == 2 and r.out == ""
    assert "ANTHROPIC_CUSTOM_HEADERS" in r.err and "--remove-secrets" in r.err and "X-Team" not in r.err


def test_override_flag_is_also_accepted_after_the_name(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example"}})
    r = tenv.run("exec", "gw", "--override-settings", "--", claude, env={"GW_TOKEN": CANARY})
    assert json.loads(r.out)["argv"][:2] == ["--settings", json.dumps({"env": {"ANTHROPIC_BASE_URL": GW}})]


def test_managed_settings_cannot_be_overridden(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.managed_settings, {"env": {"ANTHROPIC_BASE_URL": "https://corp.example"}})
    r = run_claude(tenv, claude, "gw", "-p")
    assert "managed policy" in r.err and "--override-settings" not in r.err
    r = run_claude(tenv, claude, "--override-settings", "gw", "-p")
    assert r.data["argv"] == ["-p"] and "nothing to override" in r.err


def test_no_shadow_no_note(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": GW, "DISABLE_TELEMETRY": "1"}})
    r = run_claude(tenv, claude, "gw", "-p")
    assert r.err == "" and r.data["argv"] == ["-p"]


def test_helper_route_override_merges_the_api_key_helper(tenv, claude):
    tenv.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw", "--base-url", GW)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example"}})
    r = run_claude(tenv, claude, "--override-settings", "hp", "-p")
    assert r.data["argv"] == ["--settings", json.dumps({"apiKeyHelper": "ccswitch secret gw", "env": {"ANTHROPIC_BASE_URL": GW}}, sort_keys=True), "-p"]


def test_override_refusals(tenv, claude):
    gateway(tenv)
    r = tenv.run("exec", "--override-settings", "gw", "--", "true", env={"GW_TOKEN": CANARY})
    assert r.returncode == 2 and "applies to `claude` only" in r.err
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_BASE_URL": "https://stale.example"}})
    r = tenv.run("exec", "--override-settings", "gw", "--", claude, "--settings", "{}", env={"GW_TOKEN": CANARY})
    assert r.returncode == 2 and "already has one" in r.err


def test_exit_status_passes_through_the_override(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": "stale-0123456789abcdef"}})
    r = run_claude(tenv, claude, "--override-settings", "gw", "-p", env={"FAKE_EXIT": "7"})
    assert r.returncode == 7 and r.data["helper_key"] == CANARY + "\n"


def test_a_signal_reaches_claude_which_replaced_ccswitch(tenv, claude):
    gateway(tenv)
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_AUTH_TOKEN": "stale-0123456789abcdef"}})
    proc = subprocess.Popen([CCSWITCH, "exec", "--override-settings", "gw", "--", claude],
                            env={**tenv, "GW_TOKEN": CANARY, "FAKE_SLEEP": "30"}, cwd=str(tenv.project),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    out = b""
    while not out.endswith(b"}") and time.monotonic() < deadline:
        out += os.read(proc.stdout.fileno(), 65536)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == -signal.SIGTERM
    assert json.loads(out)["helper_key"] == CANARY + "\n"


def test_is_claude():
    assert launch.is_claude(["/usr/local/bin/claude", "-p"]) and launch.is_claude(["claude.exe"])
    assert not launch.is_claude(["claude-code"]) and not launch.is_claude([])
