"""`ccswitch verify NAME`: does a route work?  Checked against its endpoint, cheapest first.

  1. GET  {base}/v1/models?limit=1          no tokens; 404 means "not implemented", not a bad credential
  2. POST {base}/v1/messages/count_tokens   no tokens spent; tells whether the route's model exists
  3. POST {base}/v1/messages, max_tokens 1  only with --spend

Rules: HTTPS only, except loopback hosts (127.0.0.0/8, ::1, localhost); a plain-http URL to
any other host is refused before any connection.  Redirects are never followed (the
credential would go wherever they point).  Short timeouts.  Every message passes through
`redact`: no credential header value, custom header value or secret ever appears.

Bedrock and Vertex routes are checked offline (region, project, profile, credential files,
base URL) and the result says what was not checked.  OAuth tokens are never sent by verify.

Each step is named on stderr as it starts (`Progress`): on a terminal a spinner turns while it
waits and the step's result replaces it; elsewhere one plain line per step.  Requests go
through HTTPS_PROXY/HTTP_PROXY unless NO_PROXY matches, as Claude Code's, settings files' env
blocks included (see "proxies").

Outcomes and exit statuses (documented in the README):
"""

import io
import os

from .claudevars import is_secret_var, looks_like_secret_value
from .errors import UsageError
from .kinds import KINDS, is_loopback
from .settings import display_path

OUTCOMES = {
    "ok": (0, "OK"),
    "offline-ok": (0, "OK offline (see what was not checked)"),
    "unreachable": (3, "endpoint unreachable"),
    "tls": (4, "TLS failure"),
    "rejected": (5, "credential rejected"),
    "endpoint-missing": (6, "endpoint missing"),
    "model-unknown": (7, "model unknown"),
    "redirect": (8, "redirect refused"),
    "insecure-url": (9, "plain-http URL refused"),
    "endpoint-error": (10, "endpoint error"),
    "config": (11, "route configuration problem"),
}
__doc__ += "".join(f"\n  {code:<3} {key:<17} {label}" for key, (code, label) in OUTCOMES.items()) + "\n"

DEFAULT_TIMEOUT = 5.0
ANTHROPIC_VERSION = "2023-06-01"
_BODY_LIMIT = 64 * 1024


class Outcome(Exception):
    """Ends the verification with one of OUTCOMES."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key = key
        self.message = message


# ----------------------------------------------------------------------------- URLs


def split_url(url):
    """(scheme, host, port, path) of an http(s) URL; ValueError otherwise."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL with a host")
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, parts.hostname.lower(), port, parts.path.rstrip("/")


def check_url(url, what="the base URL"):
    """Refuse (before any connection) what verify must not talk to."""
    try:
        scheme, host, port, path = split_url(url)
    except ValueError as e:
        raise Outcome("config", f"{what}: {e}") from None
    if scheme == "http" and not is_loopback(host):
        raise Outcome("insecure-url", f"{what} {scheme}://{host}:{port} is plain http to a non-loopback host; verify talks "
                      f"https only (plain http is allowed to loopback alone): nothing was sent")
    return scheme, host, port, path


# ----------------------------------------------------------------------------- redaction


class Redactor:
    def __init__(self):
        self.values = []

    def add(self, value):
        if value and len(value) >= 4 and value not in self.values:
            self.values.append(value)
            self.values.sort(key=len, reverse=True)

    def __call__(self, text):
        text = str(text)
        for value in self.values:
            text = text.replace(value, "[redacted]")
        return text


def _printable(text, limit=200):
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


# ----------------------------------------------------------------------------- proxies
#
# verify sends its requests the way Claude Code sends its own.  Claude Code runs on Node; the
# rules below are those of undici's EnvHttpProxyAgent (Node's fetch stack, which reads the proxy
# from the environment), followed to the letter, and agree with Claude Code's documentation
# (HTTPS_PROXY, HTTP_PROXY, NO_PROXY comma- or space-separated, `*` for every host):
#   - an https URL goes through https_proxy, else HTTPS_PROXY, else the http proxy below; an
#     http URL through http_proxy, else HTTP_PROXY (HTTPS_PROXY alone leaves http URLs direct).
#     The lower-case name is read first and wins when set at all, even to '' (undici's `??`);
#   - no_proxy, else NO_PROXY: entries split on commas and blanks; only the whole value `*`
#     sends every host direct; an entry matches the host itself or any name under it
#     (`example.com`, `.example.com` and `*.example.com` are the same entry), with `:port` only
#     that port (IPv6 as `[::1]:443`); no CIDR ranges.  Loopback is NOT sent direct unless
#     listed: undici makes no exception for it, so neither does verify.
# ALL_PROXY is not read (undici does not), nor a SOCKS proxy (Claude Code has none).  The
# variables are those the client sees once the route is on (`proxy_environment`): the shell's,
# under the env blocks of Claude Code's settings files (it applies them to its own process:
# managed > local > project > user, as resolve.Effective), under the route's own variables.
# A proxy is spoken to in plain http for an http:// proxy URL, over TLS for an https:// one
# (undici's too: the proxy's certificate and name checked as an endpoint's, against the default
# store plus NODE_EXTRA_CA_CERTS): CONNECT for an https URL, the target's TLS then inside the
# tunnel (its certificate and hostname checks the target's, end to end), an absolute-form
# request for an http one.  Its credentials (http(s)://user:pass@host:port) go as
# Proxy-Authorization: Basic, only when both parts are there (as undici), and are never shown:
# only host:port is.


PROXY_VARS = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY")


class Proxy:
    def __init__(self, var, host, port, authorization=None, tls=False):
        self.var = var
        self.named = var  # the variable, and the settings file it came from if one did
        self.host = host
        self.port = port
        self.authorization = authorization
        self.tls = tls  # an https:// proxy: TLS to the proxy itself

    @property
    def scheme(self):
        return "https" if self.tls else "http"

    @property
    def where(self):
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def _first_set(env, *names):
    """(name, value) of the first of `names` present in `env`, set empty or not; (None, '')."""
    for name in names:
        if name in env:
            return name, env[name]
    return None, ""


def no_proxy_matches(host, port, value):
    """Whether a NO_PROXY `value` sends `host`:`port` direct (undici's rules, above)."""
    import re

    if value == "*":
        return True
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if len(host) > 1 and host.endswith("."):
        host = host[:-1]
    for entry in re.split(r"[,\s]", value):
        if not entry:
            continue
        bracketed = re.fullmatch(r"\[(.+)\]:(\d+)", entry)
        if bracketed:
            name, entry_port = bracketed.group(1), int(bracketed.group(2))
        else:
            bare = re.sub(r"^\[(.+)\]$", r"\1", entry)
            with_port = re.fullmatch(r"(.+):(\d+)", bare) if bare.count(":") == 1 else None
            name, entry_port = (with_port.group(1), int(with_port.group(2))) if with_port else (bare, 0)
        name = re.sub(r"^(.+)\.$", r"\1", re.sub(r"^\*?\.", "", name)).lower()
        if entry_port and entry_port != port:
            continue
        if host == name or host.endswith("." + name):
            return True
    return False


def choose_proxy(scheme, host, port, env, redact, where=None):
    """(the Proxy a request to scheme://host:port goes through or None, why none when one is set).
    `where(var)`, when given, names the settings file a variable came from (None: not one)."""

    def named(var):
        found = where(var) if where is not None else None
        return f"{var} in {found}" if found else var

    var, value = _first_set(env, "http_proxy", "HTTP_PROXY")
    if scheme == "https":
        https_var, https_value = _first_set(env, "https_proxy", "HTTPS_PROXY")
        if https_value:
            var, value = https_var, https_value
    if not value:
        return None, None
    no_var, no_value = _first_set(env, "no_proxy", "NO_PROXY")
    if no_value and no_proxy_matches(host, port, no_value):
        return None, f"none: {named(no_var)} matches {host} (so {named(var)} is not used)"
    proxy = parse_proxy(var, value, redact)
    proxy.named = named(var)
    return proxy, None


def proxy_environment(shell, layers, route_vars):
    """The variables Claude Code reads its proxy from once the route is on, as (values,
    where(var): the settings file a value came from or None, [(var, layer)] settings values the
    route's own replace here).  The client applies its settings files' env blocks over the
    shell: resolve.Effective, the highest layer winning, the shell's proxy variables kept when
    the host manages the provider.  The route's own variables go over both: verify checks the
    route as it is meant to run (with `exec --override-settings` when a file shadows it)."""
    from . import resolve, settings

    eff = resolve.Effective(shell, layers if layers is not None else settings.Settings([]))

    def where(var):
        if var in route_vars or eff.where(var) == resolve.ENVIRONMENT:
            return None
        return settings.display_path(eff.where(var), shell)

    shadowed = [(var, eff.origin[var]) for var in PROXY_VARS if var in route_vars and eff.where(var) != resolve.ENVIRONMENT
                and eff.values[var] != route_vars[var]]
    return {**eff.values, **route_vars}, where, shadowed


def parse_proxy(var, value, redact):
    """The Proxy in variable `var`; its credentials go to `redact` before anything is said."""
    import base64
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(value.strip())
        port = parts.port
        host = parts.hostname
    except ValueError:
        parts = host = port = None
    if parts is not None and parts.password:
        for secret in (parts.password, unquote(parts.password), f"{parts.username}:{parts.password}"):
            redact.add(secret)
    scheme = parts.scheme.lower() if parts is not None else ""
    if scheme not in ("http", "https") or not host:
        raise Outcome("config", f"{var} is not a proxy URL of the form http://host:port or https://host:port (its value is "
                      "not shown: it may carry a password); Claude Code cannot use it either: nothing was sent")
    authorization = None
    if parts.username and parts.password:
        pair = f"{unquote(parts.username)}:{unquote(parts.password)}".encode("utf-8")
        token = base64.b64encode(pair).decode("ascii")
        redact.add(token)
        authorization = f"Basic {token}"
    return Proxy(var, host, port or (443 if scheme == "https" else 80), authorization, tls=scheme == "https")


# ----------------------------------------------------------------------------- HTTP


class Response:
    """What the server answered.  Everything from it that may be shown (the reason phrase, the
    error message) passes through the redactor here: a server may echo the credential back."""

    def __init__(self, status, reason, headers, body, redact=str):
        self.status = status
        self.reason = redact(_printable(reason or ""))
        self.headers = headers
        self.body = body
        self._redact = redact

    def error_message(self):
        return self._redact(self._error_message())

    def _error_message(self):
        """The API error's message, if the body is an Anthropic-style error."""
        import json

        try:
            doc = json.loads(self.body.decode("utf-8", "replace"))
        except ValueError:
            return _printable(self.body.decode("utf-8", "replace")) if self.body else ""
        if isinstance(doc, dict):
            err = doc.get("error")
            if isinstance(err, dict):
                return _printable(f"{err.get('type', '')}: {err.get('message', '')}".strip(": "))
            if isinstance(err, str):
                return _printable(err)
            if isinstance(doc.get("message"), str):
                return _printable(doc["message"])
        return ""


class Client:
    """One endpoint, its credential headers, a timeout, the proxy it goes through (or None);
    never follows a redirect."""

    def __init__(self, base_url, headers, redact, timeout, ca_file=None, proxy=None):
        self.scheme, self.host, self.port, self.prefix = check_url(base_url)
        self.headers = headers
        self.redact = redact
        self.timeout = timeout
        self.ca_file = ca_file
        self.proxy = proxy

    def _tls(self):
        import ssl

        ctx = ssl.create_default_context()
        if self.ca_file:
            try:
                ctx.load_verify_locations(self.ca_file)
            except (OSError, ssl.SSLError):
                pass
        return ctx

    @property
    def _hostport(self):
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def _connection(self):
        import http.client
        import ssl

        if self.proxy is None:
            if self.scheme == "http":
                return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=self._tls())
        if self.scheme == "http":  # absolute-form requests to the proxy
            conn = http.client.HTTPConnection(self.proxy.host, self.proxy.port, timeout=self.timeout)
            conn.sock = self._to_proxy()
            return conn
        ctx = self._tls()
        conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=ctx)
        tunnel = self._tunnel()
        if isinstance(tunnel, ssl.SSLSocket):  # an https:// proxy: the target's TLS inside the proxy's
            conn.sock = _TLSInTLS(tunnel, ctx, self.host)
        else:
            conn.sock = ctx.wrap_socket(tunnel, server_hostname=self.host)  # the target's certificate, checked end to end
        return conn

    def _to_proxy(self):
        """A socket to the proxy: plain, or TLS for an https:// proxy (its certificate and name
        checked as an endpoint's; a failure is the proxy's, said so)."""
        import socket
        import ssl

        sock = socket.create_connection((self.proxy.host, self.proxy.port), timeout=self.timeout)
        if not self.proxy.tls:
            return sock
        try:
            return self._tls().wrap_socket(sock, server_hostname=self.proxy.host)
        except ssl.SSLError as e:
            sock.close()
            raise Outcome("tls", self.redact(f"TLS with the proxy {self.proxy.where} ({self.proxy.var}) failed: {_tls_reason(e)}")) from None
        except (socket.timeout, TimeoutError):
            sock.close()
            raise Outcome("unreachable", f"the proxy {self.proxy.where} ({self.proxy.var}) did not answer the TLS handshake within "
                          f"{self.timeout:g} s (an https:// proxy URL means TLS to the proxy: is it an http:// one?)") from None

    def _tunnel(self):
        """A socket to the proxy (TLS for an https:// one), CONNECTed through to the target."""
        sock = self._to_proxy()
        try:
            lines = [f"CONNECT {self._hostport} HTTP/1.1", f"Host: {self._hostport}"]
            if self.proxy.authorization:
                lines.append(f"Proxy-Authorization: {self.proxy.authorization}")
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            head = b""
            while not head.endswith(b"\r\n\r\n"):  # byte by byte: nothing of the TLS stream may be read here
                byte = sock.recv(1)
                if not byte or len(head) > _BODY_LIMIT:
                    raise Outcome("endpoint-error", f"the proxy {self.proxy.where} ({self.proxy.var}) did not answer CONNECT with HTTP")
                head += byte
            status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            version, _, rest = status_line.partition(" ")
            code, _, reason = rest.partition(" ")
            if not version.startswith("HTTP/") or not code.isdigit():
                raise Outcome("endpoint-error", f"the proxy {self.proxy.where} ({self.proxy.var}) did not answer CONNECT with HTTP")
            if not 200 <= int(code) < 300:
                raise self._proxy_refused(int(code), reason, f"CONNECT {self._hostport}")
            return sock
        except BaseException:
            sock.close()
            raise

    def _proxy_refused(self, status, reason, what):
        reason = self.redact(_printable(reason))
        if status == 407:
            why = ("it asks for credentials, and the ones in the URL were refused" if self.proxy.authorization else
                   f"it asks for credentials: put them in the URL, {self.proxy.var}={self.proxy.scheme}://USER:PASSWORD@{self.proxy.where}")
            return Outcome("unreachable", f"the proxy {self.proxy.where} ({self.proxy.var}) answered {what} with 407 {reason}: {why}")
        return Outcome("unreachable", f"the proxy {self.proxy.where} ({self.proxy.var}) answered {what} with {status} {reason}")

    def request(self, method, path, body=None):
        import http.client
        import json
        import socket
        import ssl

        headers = dict(self.headers)
        for name, value in headers.items():  # http.client would fail deep inside with UnicodeEncodeError
            try:
                value.encode("latin-1")
            except UnicodeEncodeError as e:
                raise Outcome("config", f"the {name} header would carry a character no HTTP header can (position {e.start}, "
                              f"U+{ord(value[e.start]):04X}): check the route's secret; Claude Code cannot send it either") from None
        headers.setdefault("anthropic-version", ANTHROPIC_VERSION)
        headers.setdefault("user-agent", "ccswitch-verify")
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["content-type"] = "application/json"
        where = f"{self.scheme}://{self._hostport}"
        target = self.prefix + path
        if self.proxy is not None:
            if self.scheme == "http":
                target = where + target
                if self.proxy.authorization:
                    headers["proxy-authorization"] = self.proxy.authorization
            where += f" (through the proxy {self.proxy.where})"
        # with a proxy, every connection is the proxy's: a refusal or a name not resolved is its
        reached = self.host if self.proxy is None else f"the proxy {self.proxy.where} ({self.proxy.var})"
        conn = None
        try:
            conn = self._connection()
            conn.request(method, target, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read(_BODY_LIMIT)
            if self.proxy is not None and resp.status == 407:
                raise self._proxy_refused(407, resp.reason, f"{method} {path.split('?')[0]}")
            return Response(resp.status, resp.reason, {k.lower(): v for k, v in resp.getheaders()}, payload, self.redact)
        except ssl.SSLError as e:
            raise Outcome("tls", self.redact(f"TLS with {where} failed: {_tls_reason(e)}")) from None
        except (socket.timeout, TimeoutError):
            raise Outcome("unreachable", f"{where} did not answer within {self.timeout:g} s") from None
        except ConnectionRefusedError:
            raise Outcome("unreachable", f"{where if self.proxy is None else reached} refused the connection "
                          "(nothing listens there)") from None
        except socket.gaierror as e:
            raise Outcome("unreachable", self.redact(f"{reached}: name not resolved ({e.strerror})")) from None
        except http.client.HTTPException as e:
            raise Outcome("endpoint-error", self.redact(f"{where} did not answer with HTTP ({type(e).__name__})")) from None
        except OSError as e:
            raise Outcome("unreachable", self.redact(f"cannot reach {where}: {e.strerror or type(e).__name__}")) from None
        finally:
            if conn is not None:
                conn.close()


def _tls_reason(error):
    return getattr(error, "verify_message", None) or getattr(error, "reason", None) or type(error).__name__


class _TLSInTLS:
    """The target's TLS inside the CONNECT tunnel of an https:// proxy, whose own TLS is the
    socket `outer`.  Python cannot wrap an SSLSocket in another, so the inner TLS is an SSLObject
    over memory buffers, its records carried by `outer`.  It is as much of a socket as
    http.client uses: sendall, makefile('rb'), close, which, as a socket's, waits for the
    readers makefile gave (http.client closes the connection before reading the body of a
    response that ends it).  Timeouts are `outer`'s."""

    def __init__(self, outer, ctx, hostname):
        import ssl

        self.outer = outer
        self.readers = 0
        self.closed = False
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.incoming, self.outgoing, server_hostname=hostname)
        try:
            self._run(self.tls.do_handshake)  # the target's certificate and name, checked end to end
        except BaseException:
            outer.close()
            raise

    def _run(self, operation, *args):
        """`operation` of the SSLObject, sending what it wrote and feeding it what `outer` receives
        until it has enough."""
        import ssl

        while True:
            try:
                result = operation(*args)
            except ssl.SSLWantReadError:
                self._send_pending()
                data = self.outer.recv(65536)
                if data:
                    self.incoming.write(data)
                elif self.incoming.eof:
                    raise ssl.SSLEOFError("EOF occurred in violation of protocol") from None
                else:
                    self.incoming.write_eof()
                continue
            self._send_pending()
            return result

    def _send_pending(self):
        data = self.outgoing.read()
        if data:
            self.outer.sendall(data)

    def sendall(self, data):
        view = memoryview(data)
        while view:
            view = view[self._run(self.tls.write, view):]

    def recv_into(self, buffer):
        import ssl

        try:
            return self._run(self.tls.read, len(buffer), buffer)
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):  # the end, clean or not (as a socket's suppress_ragged_eofs)
            return 0

    def makefile(self, mode="rb", *args, **kwargs):
        self.readers += 1
        return io.BufferedReader(_Reader(self))

    def close(self, reader=False):
        self.readers -= reader
        self.closed = self.closed or not reader
        if self.closed and not self.readers:
            self.outer.close()


class _Reader(io.RawIOBase):
    def __init__(self, source):
        super().__init__()
        self.source = source

    def readable(self):
        return True

    def readinto(self, buffer):
        return self.source.recv_into(buffer)

    def close(self):
        if not self.closed:
            self.source.close(reader=True)
        super().close()


# ----------------------------------------------------------------------------- progress


class _Step:
    def __init__(self, label):
        self.label = label
        self.text = ""  # what a step that adds no report line says when it ends well


class Progress:
    """Each step named on `stream` (stderr) as it starts.  `live` (a terminal, TERM not dumb):
    a spinner turns on the step's line, in a thread, while the request blocks, and the step's
    result (✓ or ✗ and a short status) replaces it.  Otherwise one plain line per step, as it
    starts: no spinner, no control character.  Without a stream: silent (the library's use).
    Everything shown is a fixed label or text already redacted for the report."""

    INTERVAL = 0.1

    def __init__(self, stream=None, *, live=False, colour=False):
        self.stream = stream
        self.live = bool(live and stream is not None)
        self.colour = colour
        unicode = (getattr(stream, "encoding", None) or "").lower().replace("-", "").startswith("utf")
        self.frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏" if unicode else "|/-\\"
        self.marks = {"ok": ("✓" if unicode else "+", "green"), "no": ("✗" if unicode else "x", "red"),
                      "skip": ("–" if unicode else "-", "yellow")}
        self._stop = None
        self._thread = None
        self._line = ""

    @classmethod
    def on(cls, stream, env, colour="auto"):
        from .text import colour_on

        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(stream, live=tty and env.get("TERM") != "dumb", colour=colour_on(colour, stream, env))

    def _write(self, text):
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: say nothing more
            self.stream = None

    def _frame(self, n):
        self._write(f"\r{self.frames[n % len(self.frames)]} {self._line}")

    def _spin(self, stop):
        n = 1
        while not stop.wait(self.INTERVAL):
            self._frame(n)
            n += 1

    def _start_spinner(self):
        import threading

        self._frame(0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._spin, args=(self._stop,), name="verify-spinner", daemon=True)
        self._thread.start()

    def _stop_spinner(self):
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    def _columns(self):
        import os

        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            return 80

    def step(self, label, report=None):
        """Context manager around one step; its result is the report line it added, else the
        _Step's text; an exception (Outcome or any other) ends it with ✗."""
        import contextlib

        @contextlib.contextmanager
        def run():
            before = len(report.steps) if report is not None else 0
            current = _Step(label)
            if self.stream is None:
                yield current
                return
            if self.live:
                self._line = label[: max(10, self._columns() - 3)]
                self._start_spinner()
            else:
                self._write(f"{label} …\n")
            failed = "stopped"
            try:
                yield current
                failed = None
            except Outcome as o:
                failed = OUTCOMES[o.key][1]
                raise
            finally:
                self._stop_spinner()
                if self.live:
                    self._write(f"\r{self._result(current, report.steps[before:] if report is not None else [], failed)}\n")

        return run()

    def _result(self, current, added, failed):
        from .text import paint, printable

        if added:
            status, text = added[-1][1], added[-1][2]
            status_text = f"{'' if status is None else status} {text}".strip()
            mark = "no" if failed else ("ok" if status is None or 200 <= status < 300 else "skip")
        else:
            status_text = failed or current.text
            mark = "no" if failed else "ok"
        status_text = printable(status_text)
        if len(status_text) > 72:
            status_text = status_text[:71] + "…"
        symbol, colour = self.marks[mark]
        return f"{paint(symbol, colour, on=self.colour)} {current.label}" + (f"  {status_text}" if status_text else "")

    def paused(self, fn):
        """`fn` run with the spinner stopped and its line cleared (a secret's command may
        prompt on the terminal), then the spinner turning again."""

        def run(*args, **kwargs):
            if self._thread is None:
                return fn(*args, **kwargs)
            self._stop_spinner()
            self._write("\r" + " " * (len(self._line) + 2) + "\r")
            try:
                return fn(*args, **kwargs)
            finally:
                self._start_spinner()

        return run


SILENT = Progress()


# ----------------------------------------------------------------------------- the checks


class Report:
    def __init__(self, name, kind):
        self.name = name
        self.kind = kind
        self.target = None
        self.auth = None
        self.proxy = None  # how the requests went: "host:port (VAR)", or why not through a proxy that is set
        self.via = None  # host:port of the proxy used
        self.steps = []  # (label, status or None, text)
        self.checked = []
        self.not_checked = []
        self.notes = []
        self.outcome = None
        self.message = ""

    @property
    def exit_code(self):
        return OUTCOMES[self.outcome][0]

    def render(self):
        lines = [f"verify {self.name} ({self.kind})" + (f" → {self.target}" if self.target else "")
                 + (f" through the proxy {self.via}" if self.via else "")]
        if self.auth:
            lines.append(f"  credential: {self.auth}")
        if self.proxy:
            lines.append(f"  proxy: {self.proxy}")
        for label, status, text in self.steps:
            lines.append(f"  {label:<36} {'' if status is None else status:>3}  {text}")
        for text in self.checked:
            lines.append(f"  checked: {text}")
        for text in self.not_checked:
            lines.append(f"  not checked: {text}")
        for text in self.notes:
            lines.append(f"  note: {text}")
        lines.append(f"{OUTCOMES[self.outcome][1]}: {self.message}")
        return "\n".join(lines)


def verify(name, route, route_env, *, spend=False, timeout=DEFAULT_TIMEOUT, env=None, resolve_env=None, progress=SILENT,
           layers=None):
    """Check route `name`.  `route_env` are its non-secret variables; `resolve_env()` returns
    every variable with secrets resolved, and is called only once the URL passed `check_url`.
    `progress` (a Progress) shows each step as it goes.  `layers` (settings.load) are Claude
    Code's settings files, whose env blocks set the proxy it uses; None: no file is read."""
    env = os.environ if env is None else env
    report = Report(name, route["kind"])
    kind = KINDS[route["kind"]]
    try:
        if kind.verify_online:
            _online(report, kind, route, route_env, resolve_env, spend, timeout, env, progress, layers)
        else:
            _offline(report, kind, route_env, resolve_env, env, progress)
    except Outcome as o:
        report.outcome = o.key
        report.message = o.message
    return report


def _custom_headers(text, redact):
    headers = {}
    for line in (text or "").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers[name.strip()] = value.strip()
            redact.add(value.strip())
    return headers


def _offline(report, kind, route_env, resolve_env, env, progress):
    with progress.step(f"offline checks ({kind.name})", report) as step:
        kind.verify_offline(report, route_env, progress.paused(resolve_env), env)
        step.text = f"{len(report.checked)} checked, {len(report.not_checked)} not checked"


def _online(report, kind, route, route_env, resolve_env, spend, timeout, env, progress, layers=None):
    base = kind.endpoint(route_env)
    redact = Redactor()
    scheme, host, port, prefix = check_url(base)  # before any secret is read or any connection made
    report.target = f"{scheme}://{host}:{port}{prefix}"
    full = resolve_env()
    auth = kind.auth(full, route)
    if auth is None:
        _offline(report, kind, route_env, resolve_env, env, progress)
        return
    headers, report.auth = auth
    for value in headers.values():
        redact.add(value.removeprefix("Bearer "))
    for var, value in full.items():
        if is_secret_var(var) or looks_like_secret_value(value):
            redact.add(value)
    headers.update(_custom_headers(full.get("ANTHROPIC_CUSTOM_HEADERS"), redact))
    model = pinned_model(full)[0]
    ca = full.get("NODE_EXTRA_CA_CERTS") or env.get("NODE_EXTRA_CA_CERTS")
    proxy_env, where, shadowed = proxy_environment(env, layers, full)  # the route's over the settings env over the shell's
    proxy, why_direct = choose_proxy(scheme, host, port, proxy_env, redact, where)
    for var, layer in shadowed:
        report.notes.append(f"{display_path(layer.path, env)} sets {var} too, and Claude Code takes it over the route's "
                            + ("whatever the launch (managed policy)" if layer.scope == "managed" else
                               f"unless started with `ccswitch exec --override-settings {report.name} -- claude`")
                            + "; verify used the route's")
    if proxy is not None:
        report.via = proxy.where
        report.proxy = (f"{proxy.where} (from {proxy.named})" + (", TLS to the proxy" if proxy.tls else "")
                        + (", with Proxy-Authorization: Basic [redacted]" if proxy.authorization else ""))
    elif why_direct:
        report.proxy = why_direct
    client = Client(base, headers, redact, timeout, ca_file=ca, proxy=proxy)

    def label_of(method, path):
        return f"{method} {path.split('?')[0] if method == 'POST' else path}"

    def step(method, path, body=None):
        label = label_of(method, path)
        resp = client.request(method, path, body)
        text = redact(resp.error_message()) if resp.status >= 300 else ""
        if 300 <= resp.status < 400:
            location = resp.headers.get("location", "")
            try:
                ls, lh, lp, _ = split_url(location) if "://" in location else (scheme, host, port, "")
                where = f"{ls}://{lh}:{lp}"
            except ValueError:
                where = "an unparsable location"
            report.steps.append((label, resp.status, f"redirect to {redact(where)}, not followed"))
            raise Outcome("redirect", f"{label} answered {resp.status} {redact(resp.reason)}, a redirect to {redact(where)}; "
                          "verify never follows one (the credential would go along): use the final URL as the route's base URL")
        if resp.status in (401, 403):
            report.steps.append((label, resp.status, redact(text or resp.reason)))
            raise Outcome("rejected", redact(f"{label} answered {resp.status}: the endpoint rejected the credential"
                                             + (f" ({text})" if text else "")))
        return resp, label, text

    # 1. the models listing
    listed = False
    with progress.step(label_of("GET", "/v1/models?limit=1"), report):
        resp, label, text = step("GET", "/v1/models?limit=1")
        if 200 <= resp.status < 300:
            listed = True
            report.steps.append((label, resp.status, "credential accepted"))
        elif resp.status == 404:
            report.steps.append((label, resp.status, "not implemented here (not a credential problem)"))
        else:
            report.steps.append((label, resp.status, redact(text or resp.reason)))
            raise Outcome("endpoint-error", redact(f"{label} answered {resp.status} {resp.reason}" + (f" ({text})" if text else "")))

    if not model:
        report.not_checked.append("a model: the route pins none (set one with `ccswitch edit NAME --model ID` or `--pin TIER=ID`)")
        if spend:
            report.notes.append("--spend needs a model; no message was sent")
        if listed:
            report.outcome, report.message = "ok", "the endpoint answers and accepts the credential"
            return
        raise Outcome("endpoint-missing", f"{base}/v1/models answered 404 and, with no model pinned, nothing cheaper is left to try; "
                      "check the base URL (does it need a path such as /anthropic?) or pin a model and run again")

    # 2. token counting
    body = {"model": model, "messages": [{"role": "user", "content": "ping"}]}
    counted = False
    with progress.step(label_of("POST", "/v1/messages/count_tokens"), report):
        resp, label, text = step("POST", "/v1/messages/count_tokens", body)
        if 200 <= resp.status < 300:
            counted = True
            report.steps.append((label, resp.status, f"model {model} known, credential accepted"))
        elif _model_problem(resp, text, model):
            report.steps.append((label, resp.status, text))
            raise Outcome("model-unknown", redact(f"the endpoint does not know model {model!r} ({text or resp.status})"))
        elif resp.status in (404, 405, 501) or (resp.status == 400 and listed):
            report.steps.append((label, resp.status, "not implemented here"))
        else:
            report.steps.append((label, resp.status, text or resp.reason))
            raise Outcome("endpoint-error", redact(f"{label} answered {resp.status} {resp.reason}" + (f" ({text})" if text else "")))

    # 3. one token, only when asked
    if spend:
        body = {"model": model, "max_tokens": 1, "messages": [{"role": "user", "content": "ping"}]}
        with progress.step(label_of("POST", "/v1/messages"), report):
            resp, label, text = step("POST", "/v1/messages", body)
            if 200 <= resp.status < 300:
                report.steps.append((label, resp.status, f"a 1-token answer from {model}"))
                report.outcome, report.message = "ok", f"the route answers with model {model}"
                return
            if _model_problem(resp, text, model):
                report.steps.append((label, resp.status, text))
                raise Outcome("model-unknown", redact(f"the endpoint does not know model {model!r} ({text or resp.status})"))
            report.steps.append((label, resp.status, text or resp.reason))
            if resp.status == 404:
                raise Outcome("endpoint-missing", f"{base}/v1/messages answered 404: this is not an Anthropic Messages endpoint; "
                              "check the base URL")
            raise Outcome("endpoint-error", redact(f"{label} answered {resp.status} {resp.reason}" + (f" ({text})" if text else "")))
    if counted:
        report.outcome, report.message = "ok", f"credential accepted and model {model} known (no tokens spent)"
        return
    if listed:
        report.not_checked.append(f"model {model}: the endpoint does not count tokens; run with --spend to send a 1-token message")
        report.outcome, report.message = "ok", "the endpoint answers and accepts the credential"
        return
    raise Outcome("endpoint-missing", f"neither {base}/v1/models nor /v1/messages/count_tokens exists there; check the base URL, "
                  "or run with --spend to try /v1/messages itself")


def _model_problem(resp, text, model):
    if resp.status not in (400, 404):
        return False
    low = text.lower()
    return "model" in low or (model and model.lower() in low)


def run_helper(command, timeout=DEFAULT_TIMEOUT):
    """The key the route's apiKeyHelper prints, trimmed as Claude Code trims it; its stderr is dropped."""
    from . import secrets

    try:
        return secrets.run_command(command, "the apiKeyHelper command", timeout=max(timeout, 30), quiet=True, trim=True)
    except secrets.SecretError as e:
        raise Outcome("config", str(e)) from None


# ----------------------------------------------------------------------------- shared by the kind units


def pinned_model(env):
    """(model id, variable) a route pins: ANTHROPIC_MODEL, else a tier pin (ANTHROPIC_DEFAULT_<TIER>_MODEL,
    sonnet first: the tier sessions start on); (None, None) when it pins none."""
    if env.get("ANTHROPIC_MODEL"):
        return env["ANTHROPIC_MODEL"], "ANTHROPIC_MODEL"
    from .options import tier_pins

    pinned = tier_pins(env.get)
    for tier in sorted(pinned, key=lambda t: (t != "sonnet", t)):
        return pinned[tier], f"ANTHROPIC_DEFAULT_{tier.upper()}_MODEL"
    return None, None


def model_pin_note(report, route_env):
    model, var = pinned_model(route_env)
    if not model:
        report.notes.append("no model pinned (ANTHROPIC_MODEL or ANTHROPIC_DEFAULT_<TIER>_MODEL): pin provider model ids on "
                            "cloud routes (aliases resolve differently per provider)")
    elif var != "ANTHROPIC_MODEL":
        return  # the tiers are pinned: an alias picked with /model resolves to the provider's ids
    elif model.split("[")[0] in ("opus", "sonnet", "haiku", "opusplan", "default"):
        report.notes.append(f"ANTHROPIC_MODEL={model} is an alias; pin a provider model id on cloud routes")


def verify_named(name, *, spend=False, timeout=DEFAULT_TIMEOUT, env=None, progress=SILENT):
    """Load route `name` and verify it."""
    from . import commands, resolve

    if not 0 < timeout <= 120:  # nan fails this too
        raise UsageError("--timeout must be between 0 and 120 seconds")
    route = commands.get_route(name)
    plain, _secret = resolve.expected_environment(name, route)
    return verify(name, route, plain, spend=spend, timeout=timeout, env=env, progress=progress,
                  resolve_env=lambda: commands.route_environment(name, route), layers=_settings_layers(env, plain))


def _settings_layers(env, route_env):
    """Claude Code's settings files for the current folder, found as the client finds them once
    the route is on (a route may set CLAUDE_CONFIG_DIR); none when the folder is gone."""
    from . import settings

    env = os.environ if env is None else env
    try:
        return settings.load({**env, **route_env}, approvals=False)
    except OSError:
        return None
