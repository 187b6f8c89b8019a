"""`ccswitch verify` against real HTTP servers on 127.0.0.1 that answer like a gateway.

Nothing here reaches the internet: every endpoint is loopback, and the one non-loopback URL
(10.255.255.1) must be refused before any connection is attempted.
"""

import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ccswitch import verify
from truthkit import CANARY, tenv  # noqa: F401

EXIT = {key: code for key, (code, _label) in verify.OUTCOMES.items()}


class Gateway:
    """A loopback HTTP server; `routes` maps (method, path without query) to a reply function."""

    def __init__(self, tls=None):
        self.requests = []
        self.replies = {}
        self.default = (404, {"type": "error", "error": {"type": "not_found_error", "message": "Not found"}})
        gw = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _serve(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                gw.requests.append({"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body": json.loads(body) if body else None})
                reply = gw.replies.get((self.command, self.path.split("?")[0]), gw.default)
                if callable(reply):
                    reply = reply(self)
                if reply is None:
                    return
                status, payload, *extra = reply
                headers = extra[0] if extra else {}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:  # an ssl.SSLContext: HTTPS, the handshake in the request's own thread
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gw():
    g = Gateway()
    yield g
    g.close()


@pytest.fixture
def other():
    g = Gateway()
    yield g
    g.close()


OK_MODELS = (200, {"data": [{"id": "claude-test", "type": "model"}], "has_more": True})
OK_COUNT = (200, {"input_tokens": 3})
OK_MESSAGE = (200, {"type": "message", "content": [{"type": "text", "text": "p"}], "usage": {"output_tokens": 1}})


def add_gateway(tenv, url, name="g", model="claude-test"):
    args = ["add", name, "--kind", "gateway", "--base-url", url, "--secret-env", "GW_TOKEN", "--insecure"]
    if model:
        args += ["--model", model]
    tenv.ok(*args)


def run_verify(tenv, name="g", *args):
    r = tenv.run("verify", name, *args, env={"GW_TOKEN": CANARY})
    assert "Traceback" not in r.err
    assert CANARY not in r.out + r.err
    assert CANARY[10:-6] not in r.out + r.err
    return r


def test_success_cheapest_first_no_tokens_spent(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url)
    r = run_verify(tenv)
    assert r.returncode == 0, r.out + r.err
    assert "OK: credential accepted and model claude-test known (no tokens spent)" in r.out
    assert [(q["method"], q["path"]) for q in gw.requests] == [("GET", "/v1/models?limit=1"), ("POST", "/v1/messages/count_tokens")]
    first = gw.requests[0]["headers"]
    assert first["authorization"] == f"Bearer {CANARY}" and first["anthropic-version"] == "2023-06-01"
    assert gw.requests[1]["body"]["model"] == "claude-test"
    assert "Bearer [redacted]" in r.out


def test_spend_sends_one_token_only_when_asked(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    gw.replies[("POST", "/v1/messages")] = OK_MESSAGE
    add_gateway(tenv, gw.url)
    assert run_verify(tenv).returncode == 0
    assert ("POST", "/v1/messages") not in [(q["method"], q["path"]) for q in gw.requests]
    gw.requests.clear()
    r = run_verify(tenv, "g", "--spend")
    assert r.returncode == 0
    (msg,) = [q for q in gw.requests if q["path"] == "/v1/messages"]
    assert msg["body"]["max_tokens"] == 1


def test_base_path_is_kept(tenv, gw):
    gw.replies[("GET", "/anthropic/v1/models")] = OK_MODELS
    gw.replies[("POST", "/anthropic/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url + "/anthropic/")
    assert run_verify(tenv).returncode == 0
    assert gw.requests[0]["path"] == "/anthropic/v1/models?limit=1"


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_credential(tenv, gw, status):
    # a hostile or careless server that echoes the credential back: still redacted
    gw.replies[("GET", "/v1/models")] = lambda h: (status, {"type": "error", "error": {
        "type": "authentication_error", "message": f"invalid token {h.headers.get('Authorization')}"}})
    add_gateway(tenv, gw.url)
    r = run_verify(tenv)
    assert r.returncode == EXIT["rejected"] == 5
    assert "credential rejected" in r.out and "[redacted]" in r.out
    assert len(gw.requests) == 1


def test_api_key_route_sends_x_api_key(tenv, gw):
    gw.replies[("GET", "/v1/models")] = lambda h: OK_MODELS if h.headers.get("x-api-key") == CANARY else (401, {})
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    tenv.ok("add", "k", "--kind", "api-key", "--base-url", gw.url, "--secret-env", "GW_TOKEN", "--model", "m")
    r = run_verify(tenv, "k")
    assert r.returncode == 0
    assert "authorization" not in gw.requests[0]["headers"]


def test_custom_headers_are_sent_and_redacted(tenv, gw):
    gw.replies[("GET", "/v1/models")] = lambda h: (401, {"error": {"type": "x", "message": "saw " + h.headers.get("X-Team-Key", "")}})
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", gw.url, "--secret-env", "GW_TOKEN",
            "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=env:HDRS")
    r = tenv.run("verify", "g", env={"GW_TOKEN": "tok-0123456789abcdef", "HDRS": "X-Team-Key: " + CANARY})
    assert gw.requests[0]["headers"]["x-team-key"] == CANARY
    assert r.returncode == 5 and CANARY not in r.out + r.err and "saw [redacted]" in r.out


def test_endpoint_missing(tenv, gw):
    add_gateway(tenv, gw.url)  # everything answers 404 without a model message
    gw.default = (404, {"error": {"type": "not_found_error", "message": "no such route"}})
    r = run_verify(tenv)
    assert r.returncode == EXIT["endpoint-missing"] == 6
    assert "endpoint missing" in r.out


def test_endpoint_missing_without_a_model(tenv, gw):
    add_gateway(tenv, gw.url, model=None)
    r = run_verify(tenv)
    assert r.returncode == 6 and "pin a model" in r.out


def test_models_404_is_not_a_credential_problem(tenv, gw):
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url)
    r = run_verify(tenv)
    assert r.returncode == 0
    assert "not implemented here (not a credential problem)" in r.out


def test_model_unknown(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = (404, {"type": "error", "error": {"type": "not_found_error", "message": "model: claude-test"}})
    add_gateway(tenv, gw.url)
    r = run_verify(tenv)
    assert r.returncode == EXIT["model-unknown"] == 7
    assert "model unknown: the endpoint does not know model 'claude-test'" in r.out


def test_model_unknown_on_spend(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages")] = (400, {"type": "error", "error": {"type": "invalid_request_error", "message": "unknown model"}})
    add_gateway(tenv, gw.url)
    assert run_verify(tenv).returncode == 0  # count_tokens not implemented: model not checked, said so
    r = run_verify(tenv, "g", "--spend")
    assert r.returncode == 7


def test_redirect_is_not_followed(tenv, gw, other):
    other.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("GET", "/v1/models")] = (307, {}, {"Location": f"{other.url}/v1/models?limit=1&token=leak"})
    add_gateway(tenv, gw.url)
    r = run_verify(tenv)
    assert r.returncode == EXIT["redirect"] == 8
    assert "not followed" in r.out and f"http://127.0.0.1:{other.port}" in r.out and "token=leak" not in r.out
    assert other.requests == []


def test_slow_server_times_out(tenv, gw):
    def slow(h):
        time.sleep(3)
        return OK_MODELS

    gw.replies[("GET", "/v1/models")] = slow
    add_gateway(tenv, gw.url)
    start = time.monotonic()
    r = run_verify(tenv, "g", "--timeout", "0.5")
    assert time.monotonic() - start < 2.5
    assert r.returncode == EXIT["unreachable"] == 3
    assert "did not answer within 0.5 s" in r.out


def test_server_that_never_answers(tenv):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)  # connections complete in the backlog; nobody ever reads or answers
    try:
        add_gateway(tenv, f"http://127.0.0.1:{listener.getsockname()[1]}")
        r = run_verify(tenv, "g", "--timeout", "0.5")
        assert r.returncode == 3 and "did not answer" in r.out
    finally:
        listener.close()


def test_nothing_listening(tenv):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    add_gateway(tenv, f"http://127.0.0.1:{port}")
    r = run_verify(tenv)
    assert r.returncode == 3 and "refused the connection" in r.out


def test_tls_failure(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    add_gateway(tenv, f"https://127.0.0.1:{gw.port}")  # the server speaks plain HTTP
    r = run_verify(tenv, "g", "--timeout", "2")
    assert r.returncode == EXIT["tls"] == 4
    assert "TLS failure" in r.out


def test_plain_http_to_a_non_loopback_host_is_refused_before_any_connection(tenv):
    add_gateway(tenv, "http://10.255.255.1:8080")
    start = time.monotonic()
    r = run_verify(tenv, "g", "--timeout", "30")
    assert time.monotonic() - start < 5  # a connection attempt to a blackhole address would hang for 30 s
    assert r.returncode == EXIT["insecure-url"] == 9
    assert "plain http to a non-loopback host" in r.out and "nothing was sent" in r.out


def test_refusal_makes_no_connection_and_reads_no_secret(monkeypatch):
    attempts = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a) or pytest.fail("connected"))
    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: attempts.append(a) or pytest.fail("connected"))
    route = {"kind": "gateway", "base_url": "http://10.255.255.1"}
    report = verify.verify("g", route, {"ANTHROPIC_BASE_URL": "http://10.255.255.1"},
                           resolve_env=lambda: pytest.fail("secret read"), env={})
    assert report.outcome == "insecure-url" and attempts == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "[::1]", "localhost"])
def test_loopback_hosts_may_use_plain_http(host):
    assert verify.check_url(f"http://{host}:9/x")[0] == "http"


@pytest.mark.parametrize("url", ["http://10.0.0.1", "http://example.com", "http://127.0.0.1.example.com", "http://[::2]"])
def test_other_plain_http_hosts_are_refused(url):
    with pytest.raises(verify.Outcome) as e:
        verify.check_url(url)
    assert e.value.key == "insecure-url"


def test_helper_route_uses_the_helpers_key_on_both_headers(tenv, gw, tmp_path):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    helper = tmp_path / "helper.sh"
    helper.write_text(f"#!/bin/sh\necho {CANARY}\n")
    helper.chmod(0o700)
    tenv.ok("add", "h", "--kind", "helper", "--command", str(helper), "--base-url", gw.url)
    r = run_verify(tenv, "h")
    assert r.returncode == 0
    h = gw.requests[0]["headers"]
    assert h["x-api-key"] == CANARY and h["authorization"] == f"Bearer {CANARY}"


# ----------------------------------------------------------------------------- offline kinds


def test_bedrock_offline(tenv):
    tenv.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2", "--aws-profile", "team", "--model", "us.anthropic.x-v1:0")
    r = tenv.run("verify", "b")
    assert r.returncode == EXIT["config"] == 11 and "AWS profile 'team'" in r.out
    tenv.write(tenv.home / ".aws" / "config", "[profile team]\nregion = us-west-2\n")
    r = tenv.run("verify", "b")
    assert r.returncode == 0, r.out
    assert "checked: AWS profile team exists" in r.out
    assert "not checked: whether the AWS credentials are valid" in r.out
    assert "OK offline" in r.out


def test_tier_pins_count_as_a_pinned_model(tenv):
    """Only ANTHROPIC_DEFAULT_<TIER>_MODEL pinned: no false "no model pinned" note."""
    tenv.ok("add", "b", "--kind", "bedrock", "--region", "us-west-2", "--pin", "opus=us.anthropic.claude-opus-x-v1:0")
    out = tenv.run("verify", "b").out
    assert "no model pinned" not in out and "OK offline" in out
    tenv.ok("add", "b2", "--kind", "bedrock", "--region", "us-west-2")
    assert "no model pinned (ANTHROPIC_MODEL or ANTHROPIC_DEFAULT_<TIER>_MODEL)" in tenv.run("verify", "b2").out


def test_bedrock_bad_region_and_insecure_base_url(tenv):
    tenv.ok("add", "b", "--kind", "bedrock", "--region", "mars-1")
    assert tenv.run("verify", "b").returncode == 11
    tenv.ok("add", "b2", "--kind", "bedrock", "--region", "us-east-1", "--base-url", "http://bedrock-gw.example.com", "--insecure")
    assert tenv.run("verify", "b2").returncode == 9


def test_vertex_offline(tenv):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "my-project-1", "--region", "us-east5")
    r = tenv.run("verify", "v")
    assert r.returncode == 0
    assert "gcloud auth application-default login" in r.out
    assert "not checked: whether the Claude models are enabled" in r.out
    tenv.ok("add", "v2", "--kind", "vertex", "--project", "my-project-1", "--region", "us-east5",
            "--set", f"GOOGLE_APPLICATION_CREDENTIALS={tenv.home}/nope.json")
    r = tenv.run("verify", "v2")
    assert r.returncode == 11 and "does not exist" in r.out
    tenv.write(tenv.home / "nope.json", {"type": "service_account"})
    r = tenv.run("verify", "v2")
    assert r.returncode == 0 and "(service_account)" in r.out


def test_vertex_bad_project(tenv):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "X", "--region", "us-east5")
    r = tenv.run("verify", "v")
    assert r.returncode == 11 and "not a Google Cloud project id" in r.out


def test_oauth_token_is_never_sent(tenv):
    tenv.ok("add", "o", "--kind", "oauth-token", "--secret-env", "GW_TOKEN")
    r = run_verify(tenv, "o")
    assert r.returncode == 0 and "never sends a subscription token" in r.out


def test_unknown_route_and_bad_timeout(tenv):
    assert tenv.run("verify", "nope").returncode == 2
    add_gateway(tenv, "http://127.0.0.1:9")
    r = tenv.run("verify", "g", "--timeout", "0")
    assert r.returncode == 2 and "--timeout" in r.err


def test_missing_secret_is_an_error_not_a_traceback(tenv, gw):
    add_gateway(tenv, gw.url)
    r = tenv.run("verify", "g")  # GW_TOKEN not set
    assert r.returncode == 1 and "GW_TOKEN" in r.err and "Traceback" not in r.err
    assert gw.requests == []


def test_keyring_route(ktenv, gw):
    gw.replies[("GET", "/v1/models")] = lambda h: OK_MODELS if h.headers.get("Authorization") == f"Bearer {CANARY}" else (401, {})
    ktenv.ok("add", "g", "--kind", "gateway", "--base-url", gw.url, "--secret-stdin", input=CANARY)
    r = ktenv.run("verify", "g")
    assert r.returncode == 0 and CANARY not in r.out + r.err


from truthkit import ktenv  # noqa: E402,F401


# ----------------------------------------------------------------------------- progress on stderr

STEP_LINES = ["GET /v1/models?limit=1 …", "POST /v1/messages/count_tokens …"]
FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def slow(reply, seconds=1.5):
    def answer(_handler):
        time.sleep(seconds)
        return reply(_handler) if callable(reply) else reply

    return answer


def on_pty(tenv, *args, **env):
    """`ccswitch ARGS` with stdin, stdout and stderr on a real pseudo-terminal (TERM=xterm):
    (exit status, everything the terminal showed)."""
    import pexpect

    from conftest import CCSWITCH

    full = dict(tenv, TERM="xterm", GW_TOKEN=CANARY)
    for k, v in env.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    child = pexpect.spawn(CCSWITCH, list(args), env=full, cwd=str(tenv.cwd), encoding="utf-8", timeout=30, dimensions=(30, 120))
    child.expect(pexpect.EOF)
    shown = child.before
    child.close()
    assert "Traceback" not in shown and CANARY not in shown and CANARY[10:-6] not in shown
    return child.exitstatus, shown


def spinner_frames(shown, label):
    """The spinner frames drawn on `label`'s line, in order."""
    import re

    return re.findall(rf"\r([{FRAMES}]) {re.escape(label)}(?=\r)", shown)


def test_each_step_is_a_plain_line_on_stderr_when_not_a_terminal(tenv, gw):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    gw.replies[("POST", "/v1/messages")] = OK_MESSAGE
    add_gateway(tenv, gw.url)
    r = run_verify(tenv, "g", "--spend", "--color", "always")  # colour asked for: the report, not the progress
    assert r.returncode == 0
    assert r.err.splitlines() == STEP_LINES + ["POST /v1/messages …"]
    assert "\r" not in r.err and "\x1b" not in r.err
    assert "…" not in r.out  # the report on stdout is as before: no progress in it
    assert r.out.startswith("verify g (gateway)")


def test_offline_checks_are_a_step_too(tenv):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "my-project-1", "--region", "us-east5")
    r = tenv.run("verify", "v")
    assert r.returncode == 0 and r.err == "offline checks (vertex) …\n"


def test_a_spinner_turns_on_a_terminal_while_the_endpoint_is_slow(tenv, gw):
    gw.replies[("GET", "/v1/models")] = slow(OK_MODELS)
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url)
    code, shown = on_pty(tenv, "verify", "g")
    assert code == 0, shown
    frames = spinner_frames(shown, "GET /v1/models?limit=1")
    assert len(frames) >= 8 and len(set(frames)) >= 5, shown  # 1.5 s at 0.1 s a frame, and it turns
    # the result replaces the spinner on the same line, ✓ in green (a terminal, no NO_COLOR)
    assert "\r\x1b[32m✓\x1b[0m GET /v1/models?limit=1  200 credential accepted\r\n" in shown
    assert "\r\x1b[32m✓\x1b[0m POST /v1/messages/count_tokens  200 model claude-test known, credential accepted\r\n" in shown
    # nothing is drawn after the last result but the report
    report = shown[shown.index("verify g (gateway)"):]
    assert not any(f in report for f in FRAMES) and "OK: credential accepted and model claude-test known" in report


def test_no_color_keeps_the_spinner_and_drops_the_colour(tenv, gw):
    gw.replies[("GET", "/v1/models")] = slow(OK_MODELS, 0.6)
    add_gateway(tenv, gw.url, model=None)
    code, shown = on_pty(tenv, "verify", "g", NO_COLOR="1")
    assert code == 0
    assert "\x1b" not in shown
    assert spinner_frames(shown, "GET /v1/models?limit=1")
    assert "\r✓ GET /v1/models?limit=1  200 credential accepted\r\n" in shown


def test_term_dumb_has_no_spinner_even_on_a_terminal(tenv, gw):
    gw.replies[("GET", "/v1/models")] = slow(OK_MODELS, 0.5)
    add_gateway(tenv, gw.url, model=None)
    code, shown = on_pty(tenv, "verify", "g", TERM="dumb")
    assert code == 0
    assert "\r" not in shown.replace("\r\n", "\n") and "\x1b" not in shown
    assert shown.startswith("GET /v1/models?limit=1 …\r\n")


def test_the_spinner_ends_with_the_failure_and_never_shows_the_secret(tenv, gw):
    # a slow server that echoes the credential in its error: the result line is redacted
    gw.replies[("GET", "/v1/models")] = slow(lambda h: (401, {"type": "error", "error": {
        "type": "authentication_error", "message": f"bad {h.headers.get('Authorization')}"}}), 0.6)
    add_gateway(tenv, gw.url)
    code, shown = on_pty(tenv, "verify", "g")  # on_pty asserts the credential never shows
    assert code == 5
    assert spinner_frames(shown, "GET /v1/models?limit=1")
    assert "\r\x1b[31m✗\x1b[0m GET /v1/models?limit=1  401 authentication_error: bad Bearer [redacted]\r\n" in shown
    assert "count_tokens" not in shown  # stopped there


def test_the_spinner_ends_on_a_timeout(tenv, gw):
    gw.replies[("GET", "/v1/models")] = slow(OK_MODELS, 3)
    add_gateway(tenv, gw.url)
    code, shown = on_pty(tenv, "verify", "g", "--timeout", "0.8")
    assert code == 3
    assert "\r\x1b[31m✗\x1b[0m GET /v1/models?limit=1  endpoint unreachable\r\n" in shown
    after = shown.split("endpoint unreachable\r\n", 1)[1]
    assert not any(f in after for f in FRAMES) and "\r" not in after.replace("\r\n", "")


class Tty(io.StringIO):
    """A stream that says it is a terminal: the spinner's own logic, without a pty."""

    encoding = "utf-8"

    def isatty(self):
        return True


def test_the_spinner_stops_on_any_exception():
    import threading

    stream = Tty()
    progress = verify.Progress.on(stream, {"TERM": "xterm"}, "never")
    assert progress.live
    before = threading.active_count()
    with pytest.raises(RuntimeError):
        with progress.step("GET /v1/models?limit=1"):
            time.sleep(0.25)
            raise RuntimeError("boom")
    assert threading.active_count() == before  # the spinner's thread is gone
    shown = stream.getvalue()
    assert shown.endswith("\r✗ GET /v1/models?limit=1  stopped\n")
    assert len(spinner_frames(shown, "GET /v1/models?limit=1")) >= 2
    time.sleep(0.25)
    assert stream.getvalue() == shown  # and nothing more is drawn


def test_a_secret_command_is_run_with_the_spinner_paused():
    stream = Tty()
    progress = verify.Progress.on(stream, {"TERM": "xterm"}, "never")
    seen = []
    with progress.step("offline checks (x)") as step:
        time.sleep(0.15)
        seen.append(progress.paused(lambda: (progress._thread, stream.getvalue()))())
        step.text = "fine"
    thread, at_prompt = seen[0]
    assert thread is None and at_prompt.endswith("\r" + " " * (len("offline checks (x)") + 2) + "\r")  # the line cleared
    assert stream.getvalue().endswith("\r✓ offline checks (x)  fine\n")


# ----------------------------------------------------------------------------- proxies

PROXY_USER, PROXY_PASSWORD = "team@corp", "pr0xy-S3cret:pass"  # both need %-encoding in a URL


def proxy_url(proxy, user=PROXY_USER, password=PROXY_PASSWORD, host="127.0.0.1"):
    from urllib.parse import quote

    scheme = "https" if getattr(proxy, "tls", None) else "http"
    return f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{proxy.port}"


def basic(user=PROXY_USER, password=PROXY_PASSWORD):
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class ForwardProxy:
    """A loopback forward proxy, as a corporate one: CONNECT tunnels (https targets) and
    absolute-form requests (http targets).  `seen` records every request it was sent; with
    `authorization` set, a request without that Proxy-Authorization gets 407."""

    def __init__(self, authorization=None, tls=None):
        self.seen = []
        self.authorization = authorization
        self.tls = tls  # an ssl.SSLContext: an https:// proxy, TLS to the proxy itself
        self.handshakes = 0  # TLS handshakes that completed
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        from urllib.parse import urlsplit

        import ssl

        conn.settimeout(10)
        if self.tls is not None:  # the handshake in this connection's own thread
            try:
                conn = self.tls.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):  # the client refused the certificate
                conn.close()
                return
            self.handshakes += 1
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            head, rest = head.split(b"\r\n\r\n", 1)
            request_line, *lines = head.decode("latin-1").split("\r\n")
            method, target, _version = request_line.split(" ")
            pairs = [line.split(":", 1) for line in lines]
            headers = {k.strip().lower(): v.strip() for k, v in pairs}
            self.seen.append({"method": method, "target": target, "headers": headers})
            if self.authorization and headers.get("proxy-authorization") != self.authorization:
                conn.sendall(b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n'
                             b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                return
            if method == "CONNECT":
                host, port = target.rsplit(":", 1)
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:  # absolute form: forwarded in origin form, the proxy's own headers dropped
                url = urlsplit(target)
                upstream = socket.create_connection((url.hostname, url.port or 80), timeout=10)
                kept = [f"{k}:{v}" for k, v in pairs if k.strip().lower() not in ("proxy-authorization", "proxy-connection")]
                path = url.path + (f"?{url.query}" if url.query else "")
                upstream.sendall("\r\n".join([f"{method} {path} HTTP/1.1", *kept, "", ""]).encode("latin-1") + rest)
                rest = b""
            self._pipe(conn, upstream, rest)

    @staticmethod
    def _pipe(conn, upstream, pending):
        import select

        with upstream:
            try:
                if pending:
                    upstream.sendall(pending)
                while True:
                    ready, _, _ = select.select([conn, upstream], [], [], 10)
                    if not ready:
                        return
                    for s in ready:
                        data = s.recv(65536)
                        while getattr(s, "pending", lambda: 0)():  # decrypted already: select() would not tell
                            data += s.recv(65536)
                        if not data:
                            return
                        (upstream if s is conn else conn).sendall(data)
            except OSError:  # one side hung up mid-way (a TLS alert, a timeout): the tunnel ends
                return

    def close(self):
        self.listener.close()


@pytest.fixture
def proxy():
    p = ForwardProxy()
    yield p
    p.close()


@pytest.fixture
def authproxy():
    p = ForwardProxy(authorization=basic())
    yield p
    p.close()


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """A private CA (ca.pem) and certificates it signed, each NAME.pem with its NAME.key: server
    and proxy for 127.0.0.1 and localhost, elsewhere for another name only."""
    import datetime
    import ipaddress

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder = tmp_path_factory.mktemp("certs")
    now = datetime.datetime.now(datetime.timezone.utc)

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("ccswitch test CA")).issuer_name(name("ccswitch test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))

    def issue(stem, cn, names):
        key = ec.generate_private_key(ec.SECP256R1())
        leaf = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        (folder / f"{stem}.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
        (folder / f"{stem}.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                               serialization.NoEncryption()))

    loopback = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    issue("server", "127.0.0.1", loopback)
    issue("proxy", "ccswitch test proxy", loopback)
    issue("elsewhere", "proxy.elsewhere.test", [x509.DNSName("proxy.elsewhere.test")])
    return folder


def server_tls(certs, stem):
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs / f"{stem}.pem", certs / f"{stem}.key")
    return ctx


@pytest.fixture
def tls_gw(certs):
    g = Gateway(tls=server_tls(certs, "server"))
    g.replies[("GET", "/v1/models")] = OK_MODELS
    g.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    yield g
    g.close()


def run_proxied(tenv, *args, **env):
    r = tenv.run("verify", *args, env={"GW_TOKEN": CANARY, **env})
    shown = r.out + r.err
    assert "Traceback" not in shown and CANARY not in shown
    for secret in (PROXY_PASSWORD, "pr0xy-S3cret", "S3cret%3Apass", basic().split()[1]):
        assert secret not in shown, secret
    return r


def test_https_direct_with_the_extra_ca(tenv, tls_gw, certs):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert len(tls_gw.requests) == 2 and "proxy" not in r.out
    r = run_proxied(tenv, "g")  # without the CA: the certificate is not trusted
    assert r.returncode == EXIT["tls"]


def test_https_goes_through_the_proxy_with_connect_and_its_credentials(tenv, tls_gw, certs, authproxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=proxy_url(authproxy), NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert [(s["method"], s["target"]) for s in authproxy.seen] == [("CONNECT", f"127.0.0.1:{tls_gw.port}")] * 2
    assert all(s["headers"]["proxy-authorization"] == basic() for s in authproxy.seen)
    # the requests themselves went through the tunnel, TLS end to end: the gateway saw them, not the proxy
    assert [(q["method"], q["path"]) for q in tls_gw.requests] == [("GET", "/v1/models?limit=1"), ("POST", "/v1/messages/count_tokens")]
    assert "proxy-authorization" not in tls_gw.requests[0]["headers"]
    assert tls_gw.requests[0]["headers"]["authorization"] == f"Bearer {CANARY}"
    assert f"→ https://127.0.0.1:{tls_gw.port} through the proxy 127.0.0.1:{authproxy.port}" in r.out
    assert f"proxy: 127.0.0.1:{authproxy.port} (from HTTPS_PROXY), with Proxy-Authorization: Basic [redacted]" in r.out


def test_the_target_certificate_is_still_checked_through_the_tunnel(tenv, tls_gw, proxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}")  # no extra CA this time
    assert r.returncode == EXIT["tls"] and "failed: unable to get local issuer certificate" in r.out
    assert proxy.seen and proxy.seen[0]["method"] == "CONNECT"


def test_http_goes_through_http_proxy_in_absolute_form(tenv, gw, authproxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url)
    r = run_proxied(tenv, "g", http_proxy=proxy_url(authproxy))
    assert r.returncode == 0, r.out
    assert [(s["method"], s["target"]) for s in authproxy.seen] == [
        ("GET", f"{gw.url}/v1/models?limit=1"), ("POST", f"{gw.url}/v1/messages/count_tokens")]
    assert authproxy.seen[0]["headers"]["proxy-authorization"] == basic()
    assert authproxy.seen[0]["headers"]["host"] == f"127.0.0.1:{gw.port}"
    assert [q["path"] for q in gw.requests] == ["/v1/models?limit=1", "/v1/messages/count_tokens"]
    assert f"through the proxy 127.0.0.1:{authproxy.port}" in r.out and "(from http_proxy)" in r.out


def test_https_proxy_alone_leaves_an_http_url_direct(tenv, gw, proxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    add_gateway(tenv, gw.url, model=None)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"http://127.0.0.1:{proxy.port}")  # as undici: https_proxy is for https URLs
    assert r.returncode == 0 and proxy.seen == [] and len(gw.requests) == 1
    assert "proxy" not in r.out


def test_http_proxy_serves_https_urls_when_no_https_proxy_is_set(tenv, tls_gw, certs, proxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTP_PROXY=f"http://127.0.0.1:{proxy.port}", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0 and [s["method"] for s in proxy.seen] == ["CONNECT", "CONNECT"]
    assert "(from HTTP_PROXY)" in r.out


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "foo.example  127.0.0.1:{port}", "*"])
def test_no_proxy_sends_a_matching_host_direct(tenv, gw, proxy, no_proxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    add_gateway(tenv, gw.url, model=None)
    r = run_proxied(tenv, "g", HTTP_PROXY=f"http://127.0.0.1:{proxy.port}", NO_PROXY=no_proxy.format(port=gw.port))
    assert r.returncode == 0 and proxy.seen == [] and len(gw.requests) == 1
    assert "proxy: none: NO_PROXY matches 127.0.0.1 (so HTTP_PROXY is not used)" in r.out


@pytest.mark.parametrize("no_proxy", ["localhost", "127.0.0.2", "127.0.0.1:1", "example.com"])
def test_no_proxy_that_does_not_match_still_proxies_even_loopback(tenv, gw, proxy, no_proxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    add_gateway(tenv, gw.url, model=None)
    r = run_proxied(tenv, "g", HTTP_PROXY=f"http://127.0.0.1:{proxy.port}", no_proxy=no_proxy)
    assert r.returncode == 0 and len(proxy.seen) == 1 and len(gw.requests) == 1


def test_the_routes_own_proxy_variables_win_over_the_shells(tenv, tls_gw, certs, authproxy):
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    dead_port = dead.getsockname()[1]
    dead.close()
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", tls_gw.url, "--secret-env", "GW_TOKEN", "--model", "claude-test",
            "--secret-var", "HTTPS_PROXY=env:ROUTE_PROXY", "--set", f"NODE_EXTRA_CA_CERTS={certs / 'ca.pem'}")
    # a proxy URL with a password is the route's secret (add refuses it in --set)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"http://127.0.0.1:{dead_port}", ROUTE_PROXY=proxy_url(authproxy))
    assert r.returncode == 0, r.out
    assert len(authproxy.seen) == 2 and authproxy.seen[0]["headers"]["proxy-authorization"] == basic()


def test_a_proxy_that_wants_other_credentials(tenv, tls_gw, gw, authproxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=proxy_url(authproxy, password="wr0ng-" + PROXY_PASSWORD))
    assert r.returncode == EXIT["unreachable"]
    assert f"the proxy 127.0.0.1:{authproxy.port} (HTTPS_PROXY) answered CONNECT 127.0.0.1:{tls_gw.port} with 407" in r.out
    assert "wr0ng" not in r.out + r.err and tls_gw.requests == []
    add_gateway(tenv, gw.url, name="h")
    r = run_proxied(tenv, "h", HTTP_PROXY=f"http://127.0.0.1:{authproxy.port}")  # none at all, on an http URL
    assert r.returncode == EXIT["unreachable"] and "answered GET /v1/models with 407" in r.out
    assert f"HTTP_PROXY=http://USER:PASSWORD@127.0.0.1:{authproxy.port}" in r.out and gw.requests == []


def test_a_proxy_that_does_not_listen(tenv, tls_gw):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"http://{PROXY_USER.split('@')[0]}:{PROXY_PASSWORD}@127.0.0.1:{port}")
    assert r.returncode == EXIT["unreachable"]
    assert f"the proxy 127.0.0.1:{port} (HTTPS_PROXY) refused the connection" in r.out


@pytest.mark.parametrize("value, said", [
    (f"socks5://u:{PROXY_PASSWORD}@127.0.0.1:1080", "is not a proxy URL of the form http://host:port or https://host:port"),
    ("127.0.0.1:3128", "is not a proxy URL of the form http://host:port or https://host:port"),
])
def test_a_proxy_url_verify_cannot_use_is_a_configuration_problem(tenv, tls_gw, value, said):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=value)
    assert r.returncode == EXIT["config"] and said in r.out and "nothing was sent" in r.out
    assert tls_gw.requests == []


# the proxy variables of Claude Code's settings files (env blocks), as the client applies them


def dead_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_proxy_set_only_in_the_user_settings_is_used_over_the_shells(tenv, tls_gw, certs, authproxy):
    tenv.write(tenv.user_settings, {"env": {"HTTPS_PROXY": proxy_url(authproxy)}})
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"http://127.0.0.1:{dead_port()}", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert [s["method"] for s in authproxy.seen] == ["CONNECT", "CONNECT"]
    assert authproxy.seen[0]["headers"]["proxy-authorization"] == basic() and len(tls_gw.requests) == 2
    assert (f"proxy: 127.0.0.1:{authproxy.port} (from HTTPS_PROXY in ~/.claude/settings.json), "
            "with Proxy-Authorization: Basic [redacted]") in r.out


def test_no_proxy_in_the_project_settings_sends_the_host_direct(tenv, tls_gw, certs, proxy):
    tenv.write(tenv.user_settings, {"env": {"HTTPS_PROXY": f"http://127.0.0.1:{proxy.port}"}})
    tenv.write(tenv.project_settings, {"env": {"NO_PROXY": "localhost,127.0.0.1"}})
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert proxy.seen == [] and len(tls_gw.requests) == 2
    assert (f"proxy: none: NO_PROXY in {tenv.project_settings} matches 127.0.0.1 "
            "(so HTTPS_PROXY in ~/.claude/settings.json is not used)") in r.out


def test_the_routes_own_proxy_variable_wins_over_the_settings_files(tenv, tls_gw, certs, authproxy):
    tenv.write(tenv.local_settings, {"env": {"HTTPS_PROXY": f"http://127.0.0.1:{dead_port()}"}})
    tenv.ok("add", "g", "--kind", "gateway", "--base-url", tls_gw.url, "--secret-env", "GW_TOKEN", "--model", "claude-test",
            "--secret-var", "HTTPS_PROXY=env:ROUTE_PROXY", "--set", f"NODE_EXTRA_CA_CERTS={certs / 'ca.pem'}")
    r = run_proxied(tenv, "g", ROUTE_PROXY=proxy_url(authproxy))
    assert r.returncode == 0, r.out
    assert len(authproxy.seen) == 2 and "(from HTTPS_PROXY), with Proxy-Authorization" in r.out
    # and it says that the client itself, started plainly, takes the file's
    assert (f"note: {tenv.local_settings} sets HTTPS_PROXY too, and Claude Code takes it over the route's unless started "
            "with `ccswitch exec --override-settings g -- claude`; verify used the route's") in r.out


def test_with_the_provider_managed_by_the_host_the_proxy_is_the_shells(tenv, gw, proxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    tenv.write(tenv.user_settings, {"env": {"HTTP_PROXY": f"http://127.0.0.1:{dead_port()}"}})
    add_gateway(tenv, gw.url, model=None)
    r = run_proxied(tenv, "g", CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST="1")
    assert r.returncode == 0 and len(gw.requests) == 1 and "proxy" not in r.out, r.out  # the settings' is not applied: direct
    r = run_proxied(tenv, "g", CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST="1", HTTP_PROXY=f"http://127.0.0.1:{proxy.port}")
    assert r.returncode == 0 and len(proxy.seen) == 1 and "(from HTTP_PROXY)" in r.out, r.out


# an https:// proxy: TLS to the proxy, the target's TLS inside the tunnel


@pytest.fixture
def tls_proxy(certs):
    p = ForwardProxy(authorization=basic(), tls=server_tls(certs, "proxy"))
    yield p
    p.close()


def test_https_through_an_https_proxy_is_tls_inside_tls(tenv, tls_gw, certs, tls_proxy):
    big = (200, {"data": [{"id": f"claude-{n:05d}-" + "x" * 60, "type": "model"} for n in range(1500)], "has_more": True})
    tls_gw.replies[("GET", "/v1/models")] = big  # ~130 KB: many TLS records in both layers, cut at 64 KiB
    tls_gw.replies[("POST", "/v1/messages")] = OK_MESSAGE
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", "--spend", HTTPS_PROXY=proxy_url(tls_proxy), NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert tls_proxy.handshakes == 3  # TLS with the proxy itself, once per request
    assert [(s["method"], s["target"]) for s in tls_proxy.seen] == [("CONNECT", f"127.0.0.1:{tls_gw.port}")] * 3
    assert all(s["headers"]["proxy-authorization"] == basic() for s in tls_proxy.seen)
    # the requests went through the tunnel with the gateway's own TLS: the gateway saw them, the proxy saw CONNECT only
    assert [(q["method"], q["path"]) for q in tls_gw.requests] == [
        ("GET", "/v1/models?limit=1"), ("POST", "/v1/messages/count_tokens"), ("POST", "/v1/messages")]
    assert tls_gw.requests[2]["body"]["max_tokens"] == 1
    assert "proxy-authorization" not in tls_gw.requests[0]["headers"]
    assert tls_gw.requests[0]["headers"]["authorization"] == f"Bearer {CANARY}"
    assert f"→ https://127.0.0.1:{tls_gw.port} through the proxy 127.0.0.1:{tls_proxy.port}" in r.out
    assert (f"proxy: 127.0.0.1:{tls_proxy.port} (from HTTPS_PROXY), TLS to the proxy, with Proxy-Authorization: Basic [redacted]"
            in r.out)


def test_http_through_an_https_proxy_is_absolute_form_over_tls(tenv, gw, certs, tls_proxy):
    gw.replies[("GET", "/v1/models")] = OK_MODELS
    gw.replies[("POST", "/v1/messages/count_tokens")] = OK_COUNT
    add_gateway(tenv, gw.url)
    r = run_proxied(tenv, "g", HTTP_PROXY=proxy_url(tls_proxy, host="localhost"), NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == 0, r.out
    assert tls_proxy.handshakes == 2
    assert [(s["method"], s["target"]) for s in tls_proxy.seen] == [
        ("GET", f"{gw.url}/v1/models?limit=1"), ("POST", f"{gw.url}/v1/messages/count_tokens")]
    assert tls_proxy.seen[0]["headers"]["proxy-authorization"] == basic()
    assert [q["path"] for q in gw.requests] == ["/v1/models?limit=1", "/v1/messages/count_tokens"]
    assert f"through the proxy localhost:{tls_proxy.port}" in r.out and "(from HTTP_PROXY), TLS to the proxy" in r.out


def test_an_https_proxy_with_an_untrusted_certificate_is_a_tls_failure_of_the_proxy(tenv, tls_gw, tls_proxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=proxy_url(tls_proxy))  # no NODE_EXTRA_CA_CERTS: the test CA is not trusted
    assert r.returncode == EXIT["tls"] == 4, r.out
    assert f"TLS failure: TLS with the proxy 127.0.0.1:{tls_proxy.port} (HTTPS_PROXY) failed: unable to get local issuer" in r.out
    assert tls_proxy.handshakes == 0 and tls_proxy.seen == [] and tls_gw.requests == []  # nothing sent, credentials included


def test_an_https_proxy_is_checked_against_its_own_name(tenv, tls_gw, certs):
    elsewhere = ForwardProxy(tls=server_tls(certs, "elsewhere"))  # a trusted CA, but not a certificate for 127.0.0.1
    try:
        add_gateway(tenv, tls_gw.url)
        r = run_proxied(tenv, "g", HTTPS_PROXY=f"https://127.0.0.1:{elsewhere.port}", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
        assert r.returncode == EXIT["tls"], r.out
        assert f"TLS with the proxy 127.0.0.1:{elsewhere.port} (HTTPS_PROXY) failed: IP address mismatch" in r.out
        assert elsewhere.seen == [] and tls_gw.requests == []
    finally:
        elsewhere.close()


def test_the_targets_certificate_is_still_checked_inside_an_https_proxy(tenv, certs, tls_proxy):
    wrong = Gateway(tls=server_tls(certs, "elsewhere"))  # the target's name is not on its certificate
    try:
        add_gateway(tenv, wrong.url)
        r = run_proxied(tenv, "g", HTTPS_PROXY=proxy_url(tls_proxy), NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
        assert r.returncode == EXIT["tls"], r.out
        assert (f"TLS with https://127.0.0.1:{wrong.port} (through the proxy 127.0.0.1:{tls_proxy.port}) failed: "
                "IP address mismatch") in r.out
        assert [s["method"] for s in tls_proxy.seen] == ["CONNECT"] and wrong.requests == []
    finally:
        wrong.close()


def test_an_https_proxy_url_naming_a_plain_http_proxy(tenv, tls_gw, proxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", "--timeout", "0.5", HTTPS_PROXY=f"https://127.0.0.1:{proxy.port}")  # it waits for a request line
    assert r.returncode == EXIT["unreachable"], r.out
    assert f"the proxy 127.0.0.1:{proxy.port} (HTTPS_PROXY) did not answer the TLS handshake within 0.5 s" in r.out
    assert tls_gw.requests == []


def test_an_https_proxy_that_wants_credentials(tenv, tls_gw, certs, tls_proxy):
    add_gateway(tenv, tls_gw.url)
    r = run_proxied(tenv, "g", HTTPS_PROXY=f"https://127.0.0.1:{tls_proxy.port}", NODE_EXTRA_CA_CERTS=str(certs / "ca.pem"))
    assert r.returncode == EXIT["unreachable"], r.out
    assert f"answered CONNECT 127.0.0.1:{tls_gw.port} with 407" in r.out
    assert f"HTTPS_PROXY=https://USER:PASSWORD@127.0.0.1:{tls_proxy.port}" in r.out and tls_gw.requests == []


def test_the_plain_http_rule_is_the_targets_not_the_proxys(tenv, proxy):
    add_gateway(tenv, "http://10.255.255.1:8080")
    r = run_proxied(tenv, "g", HTTP_PROXY=f"http://127.0.0.1:{proxy.port}")
    assert r.returncode == EXIT["insecure-url"] and proxy.seen == []


@pytest.mark.parametrize("host, port, value, direct", [
    ("api.example.com", 443, "example.com", True),
    ("api.example.com", 443, ".example.com", True),
    ("api.example.com", 443, "*.example.com", True),
    ("example.com", 443, ".example.com", True),
    ("example.com.", 443, "EXAMPLE.com.", True),
    ("badexample.com", 443, "example.com", False),
    ("api.example.com", 443, "example.com:443", True),
    ("api.example.com", 8443, "example.com:443", False),
    ("api.example.com", 443, "a.test, b.test\texample.com", True),
    ("::1", 443, "[::1]:443", True),
    ("::1", 443, "::1", True),
    ("::1", 80, "[::1]:443", False),
    ("127.0.0.1", 80, "localhost", False),  # loopback is not special
    ("x.test", 443, "*", True),
    ("x.test", 443, "a.test,*", False),  # only the whole value '*' is a wildcard (undici)
    ("x.test", 443, "", False),
])
def test_no_proxy_matching_follows_undici(host, port, value, direct):
    assert verify.no_proxy_matches(host, port, value) is direct


def test_proxy_variable_precedence_follows_undici():
    def pick(scheme, env):
        chosen, _why = verify.choose_proxy(scheme, "h.test", 443, env, verify.Redactor())
        return chosen and (chosen.var, chosen.port)

    assert pick("https", {"HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2"}) == ("https_proxy", 2)
    assert pick("https", {"https_proxy": "", "HTTPS_PROXY": "http://a:1", "HTTP_PROXY": "http://c:3"}) == ("HTTP_PROXY", 3)
    assert pick("https", {"HTTP_PROXY": "http://c:3"}) == ("HTTP_PROXY", 3)
    assert pick("http", {"HTTPS_PROXY": "http://a:1"}) is None
    assert pick("http", {"http_proxy": "http://d", "HTTP_PROXY": "http://c:3"}) == ("http_proxy", 80)
    assert pick("https", {"HTTPS_PROXY": "http://a:1", "no_proxy": "", "NO_PROXY": "h.test"}) == ("HTTPS_PROXY", 1)  # '' wins too
