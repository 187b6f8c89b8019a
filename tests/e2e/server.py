"""A loopback stand-in for an Anthropic-format gateway, a Bedrock endpoint and a Vertex endpoint.

It records every request (method, path, headers, body) and answers what the real `claude`
client asks for:

* `POST /v1/messages` — server-sent events when the body asks to stream, JSON otherwise;
  also `/v1/messages/count_tokens`;
* `GET /v1/models`;
* Bedrock: `GET /inference-profiles`, `POST /model/{id}/invoke` and
  `/model/{id}/invoke-with-response-stream` (AWS event-stream frames, as Bedrock sends them);
* Vertex: `POST …/models/{model}:rawPredict` and `:streamRawPredict`.

A base URL may carry a tag, `{url}/via-TAG`: the server answers as if the tag were not there
and records it (`via`), so a test can tell which of several base URLs a request went to.

It binds 127.0.0.1 only.
"""

import base64
import json
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = "pong from the loopback server"


# What the token exchange hands out; a profile route's requests must carry it, never the identity token.
EXCHANGED_TOKEN = "sk-ant-oat01-exchanged-on-loopback"

def _events(model):
    yield "message_start", {
        "type": "message_start",
        "message": {
            "id": "msg_loopback", "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1},
        },
    }
    yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
    yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": REPLY}}
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    yield "message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": 6}}
    yield "message_stop", {"type": "message_stop"}


def _message(model):
    return {
        "id": "msg_loopback", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": REPLY}], "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 6},
    }


def _eventstream_frame(payload, event_type="chunk"):
    """One AWS event-stream message (application/vnd.amazon.eventstream)."""
    headers = b""
    for name, value in ((":event-type", event_type), (":content-type", "application/json"), (":message-type", "event")):
        n, v = name.encode(), value.encode()
        headers += struct.pack("!B", len(n)) + n + b"\x07" + struct.pack("!H", len(v)) + v
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(headers))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    body = prelude + headers + payload
    return body + struct.pack("!I", zlib.crc32(body))


class Recorder:
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()

    def add(self, entry):
        with self.lock:
            self.requests.append(entry)

    def clear(self):
        with self.lock:
            self.requests.clear()

    def raw(self):
        """Every byte the server received, for leak checks."""
        with self.lock:
            return b"".join(r["raw"] for r in self.requests)


def make_handler(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _read(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            head = f"{self.command} {self.path}\r\n{self.headers}".encode("utf-8", "surrogateescape")
            via = None
            if self.path.startswith("/via-"):  # a tagged base URL: record the tag, route without it
                via, _, rest = self.path[len("/via-"):].partition("/")
                self.path = "/" + rest
            entry = {
                "method": self.command, "path": self.path, "via": via,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body, "raw": head + body,
            }
            try:
                entry["json"] = json.loads(body) if body else None
            except ValueError:
                entry["json"] = None
            recorder.add(entry)
            return entry

        def _send(self, status, body, ctype="application/json", extra=()):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._read()
            path = self.path.split("?")[0]
            if path.endswith("/v1/models"):
                self._send(200, {"data": [{"id": "claude-loopback", "type": "model", "display_name": "Loopback"}], "has_more": False})
            elif path.endswith("/inference-profiles"):
                self._send(200, {"inferenceProfileSummaries": []})
            else:
                self._send(404, {"type": "error", "error": {"type": "not_found_error", "message": "not here"}})

        def do_POST(self):
            entry = self._read()
            path = self.path.split("?")[0]
            body = entry["json"] or {}
            model = body.get("model") or "claude-loopback"
            if path.endswith("/v1/oauth/token"):  # workload identity federation: the token exchange
                self._send(200, {"access_token": EXCHANGED_TOKEN, "token_type": "Bearer", "expires_in": 3600,
                                 "issued_token_type": "urn:ietf:params:oauth:token-type:access_token"})
            elif path.endswith("/count_tokens"):
                self._send(200, {"input_tokens": 5})
            elif path.endswith("/v1/messages") or path.endswith(":rawPredict") or path.endswith(":streamRawPredict"):
                if body.get("stream") or path.endswith(":streamRawPredict"):
                    data = "".join(f"event: {name}\ndata: {json.dumps(ev)}\n\n" for name, ev in _events(model)).encode()
                    self._send(200, data, "text/event-stream")
                else:
                    self._send(200, _message(model))
            elif path.startswith("/model/") and path.endswith("/invoke-with-response-stream"):
                frames = b"".join(
                    _eventstream_frame(json.dumps({"bytes": base64.b64encode(json.dumps(ev).encode()).decode()}).encode())
                    for _name, ev in _events(model)
                )
                self._send(200, frames, "application/vnd.amazon.eventstream")
            elif path.startswith("/model/") and path.endswith("/invoke"):
                self._send(200, _message(model))
            else:
                self._send(404, {"type": "error", "error": {"type": "not_found_error", "message": f"no {path}"}})

    return Handler


class LoopbackServer:
    def __init__(self):
        self.recorder = Recorder()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.recorder))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def requests(self):
        return list(self.recorder.requests)
