"""The kinds of route: one module per kind, registered once in `KINDS`.

A kind unit holds every fact of its kind, as keyring keeps one module per backend:

  name, summary        what `kinds`, `add --help` and completions show
  switch               the CLAUDE_CODE_USE_* variable it sets to 1 (provider kinds)
  fields, field_help   its options (`--region`) and the variable each sets (None: no variable)
  required, exactly_one, needs
                       which options it needs (`needs`: the rule in words, when `check` has more)
  secret, secret_required, secret_header
                       its own credential variable, whether it must have one, and how the
                       client sends it (`x-api-key`, `Authorization: Bearer`)
  skip_auth            the CLAUDE_CODE_SKIP_*_AUTH variable of a provider (a gateway signs)
  base_url_var         the variable that overrides its endpoint; `default_endpoint(values)`
                       where requests go without one; `endpoint(values)` the two together
  rank                 its rung on the client's ladder: providers first, in the order the
                       client tests their switches (bedrock, foundry, anthropic-aws, mantle,
                       vertex), then AUTH_TOKEN, API_KEY, apiKeyHelper, OAuth token, profile, login
  credential_vars      the variables the ladder reads for it (status names them)
  general, fallbacks   what `import` accepts along (AWS_PROFILE…) and what stands in for a
                       field (AWS_DEFAULT_REGION for --region)
  active(eff, layers)  whether the client takes it at its rung (first-party kinds)
  status(eff, layers)  the endpoint and credential `status` shows
  sent(eff, layers, main)
                       every credential header the client puts on this kind's requests, the
                       main one and whatever else travels along (seen with the pinned client;
                       tests/e2e/test_claude_sent.py holds status to it on random setups)
  verify_online        verify speaks the Messages API to the endpoint with `auth(full)`;
                       otherwise `verify_offline(report, route_env, resolve_env, env)` checks
                       what can be checked without sending a credential
  describe(route)      a one-line target for listings
  settings(route)      the per-launch settings a route needs (helper: apiKeyHelper), else None
  example              the options of a valid route (URL: its endpoint), for the contract
                       test and `ccswitch kinds`

tests/test_kinds.py runs one contract test over every kind.  Adding a kind = one module here
plus its line in `KINDS`.  Units are loaded on first use (`use` loads its route's only) and
import nothing heavy at module level.
"""

LOGIN = "login"
ANTHROPIC_API = "https://api.anthropic.com"
# Stands for an endpoint in a unit's `example` (the contract tests put a loopback URL there).
URL = "{url}"

# The client's truthiness for its boolean variables (its `ct()`): "1", "true", "yes", "on",
# any case, surrounding blanks ignored; anything else, "2" and "enabled" included, is off.
_TRUE = ("1", "true", "yes", "on")


def flag_on(value):
    """True when the client reads `value` as a set flag: one rule for status, import and
    settings `env` values (JSON true/false are taken as booleans, as the client does)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def host_of(url):
    """The lower-case host of a URL ('' when there is none)."""
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def origin_of(url):
    """scheme://host:port of a URL (the port written out: 443 for https, 80 for http), '' when
    it has no host: where a credential sent to it goes."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    scheme = parts.scheme.lower()
    port = port or {"https": 443, "http": 80}.get(scheme)
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


def is_loopback(host):
    """A host on this machine: localhost (and *.localhost), 127.0.0.0/8, ::1."""
    import ipaddress

    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_url(url):
    """True for a plain-http URL whose host is not on this machine: a credential sent there
    crosses the network readable."""
    url = url.strip()
    host = host_of(url)
    return url.lower().startswith("http://") and bool(host) and not is_loopback(host)


_PRIVATE_SUFFIXES = (".internal", ".corp", ".local", ".lan", ".intranet", ".private", ".home.arpa")


def private_host(url):
    """The host of `url` when it is a private network's (RFC 1918 or CGNAT addresses, link-local,
    .internal/.corp/.local-style names, a single-label name); None for a public host or loopback."""
    import ipaddress

    host = host_of(url)
    if not host or is_loopback(host):
        return None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host if ("." not in host or host.endswith(_PRIVATE_SUFFIXES)) else None
    shared = ip.version == 4 and ip in ipaddress.ip_network("100.64.0.0/10")
    return host if (ip.is_private or ip.is_link_local or shared) else None


BEARER, XKEY = "Authorization: Bearer", "x-api-key"
AUTH_TOKEN, API_KEY, OAUTH_TOKEN = "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"


def sent_entry(eff, var, header, certain=True):
    """A credential the client sends: variable `var` as `header` (its value only masked)."""
    return {**eff.credential(var, header), "certain": certain}


def helper_entry(eff, layers):
    """A maker of apiKeyHelper entries (header, certain) when a settings layer names a helper, else
    None.  Its output is never known here: nothing is run."""
    command, layer = layers.first("apiKeyHelper")
    if not command:
        return None
    return lambda header, certain=True: {"source": "apiKeyHelper", "origin": layer.path, "header": header,
                                         "masked": None, "certain": certain}


def own(main):
    """The route's own credential (status's main one) as a sent entry, when it has a header."""
    return [dict(main, certain=True)] if main and main.get("header") else []


def anthropic_bearer(eff, layers, certain=True):
    """The Authorization: Bearer the client's Anthropic SDK adds to requests on every route
    whose own auth does not fill that header (seen on first-party, Bedrock and Vertex with
    their auth skipped, Mantle, Foundry): ANTHROPIC_AUTH_TOKEN, else the apiKeyHelper's output."""
    if eff.on(AUTH_TOKEN):
        return [sent_entry(eff, AUTH_TOKEN, BEARER, certain)]
    helper = helper_entry(eff, layers)
    return [helper(BEARER, certain)] if helper else []


class Kind:
    name = ""
    summary = ""
    example = {}
    needs = ""
    switch = None
    fields = {}
    field_help = {}
    required = ()
    exactly_one = ()
    secret = None
    secret_required = False
    secret_header = None
    skip_auth = None
    base_url_var = None
    rank = None
    credential_vars = ()
    general = ()
    fallbacks = {}
    verify_online = False

    @property
    def fixed(self):
        return {self.switch: "1"} if self.switch else {}

    @property
    def is_provider(self):
        return self.switch is not None

    # -- where requests go -------------------------------------------------------------------

    def default_endpoint(self, values):
        return ANTHROPIC_API

    def endpoint(self, values):
        """The URL the client sends this kind's requests to, from its variables `values`."""
        if self.base_url_var and values.get(self.base_url_var):
            return values[self.base_url_var]
        return self.default_endpoint(values)

    def host(self, values):
        return host_of(self.endpoint(values))

    # -- validation and listing ----------------------------------------------------------------

    def check(self, name, route):
        """Kind-specific validation beyond fields and required ones; raise UsageError."""
        if self.exactly_one and sum(f in route for f in self.exactly_one) != 1:
            from ..errors import UsageError

            opts = " and ".join("--" + f.replace("_", "-") for f in self.exactly_one)
            raise UsageError(f"route {name!r}: a {self.name} route needs exactly one of {opts}")

    def describe(self, route):
        return route.get("base_url", "api.anthropic.com")

    def outside(self, names):
        """Of the variables `names`, those outside Claude Code's set (route and shared variables)
        and the general ones this kind takes: what a file may bring only when named by the user."""
        from ..claudevars import SHARED_VARS, is_route_var

        return sorted(v for v in names if not is_route_var(v) and v not in SHARED_VARS and v not in self.general)

    def settings(self, route):
        """The per-launch settings (`claude --settings`) the route takes effect through; None
        when its environment is enough."""
        return None

    def variables(self):
        """Every variable this kind can set from its own options (secret included)."""
        names = list(self.fixed)
        names += [v for v in self.fields.values() if v]
        if self.secret:
            names.append(self.secret)
        if self.skip_auth:
            names.append(self.skip_auth)
        return names

    # -- status -------------------------------------------------------------------------------

    def active(self, eff, layers):
        """The client takes this first-party kind at its rung: one of its credentials is set."""
        return any(eff.on(v) for v in self.credential_vars)

    def status(self, eff, layers):
        """(endpoint, credential) for `status` when the client takes this kind."""
        endpoint = eff.endpoint(self.base_url_var or "ANTHROPIC_BASE_URL", ANTHROPIC_API)
        var = self.credential_vars[0] if self.credential_vars else None
        return endpoint, eff.credential(var, self.secret_header) if var else None

    def sent(self, eff, layers, main):
        """Every credential the client sends when it takes this kind: [{header, source, origin,
        masked, certain}].  First-party kinds (seen with 2.1.197): Authorization: Bearer carries
        ANTHROPIC_AUTH_TOKEN, else the apiKeyHelper's output, else (with no API key)
        CLAUDE_CODE_OAUTH_TOKEN, else the kind's own login or profile token; x-api-key carries
        ANTHROPIC_API_KEY, else the helper's output (beside a token only when the helper has
        answered before the first request: `certain` false)."""
        key = eff.on(API_KEY)
        helper = helper_entry(eff, layers)
        out = anthropic_bearer(eff, layers)
        if not out and not key:
            if eff.on(OAUTH_TOKEN):
                out = [sent_entry(eff, OAUTH_TOKEN, BEARER)]
            elif main and not main.get("missing"):
                out = own(main)
        if key:
            out.append(sent_entry(eff, API_KEY, XKEY))
        elif helper:
            out.append(helper(XKEY, certain=not eff.on(AUTH_TOKEN)))
        return out

    def signed(self, eff, layers, main):
        """What goes out on a provider whose own auth signs the requests: with that auth skipped
        (a gateway signs), the Anthropic bearer alone; else the provider's credential, with the
        Anthropic bearer riding on the requests it does not sign (`certain` false; seen on
        Bedrock's model checks)."""
        if self.skipped(eff):
            return anthropic_bearer(eff, layers)
        return own(main) + anthropic_bearer(eff, layers, certain=False)

    def skipped(self, eff):
        if self.skip_auth and flag_on(eff.get(self.skip_auth)):
            return {"source": f"none ({self.skip_auth})", "origin": eff.where(self.skip_auth), "header": None, "masked": None}
        return None

    # -- verify -------------------------------------------------------------------------------

    def auth(self, full, route):
        """(headers, description) verify sends, from the route's resolved variables; None when
        the kind has no credential verify may send."""
        if self.secret and full.get(self.secret):
            value = full[self.secret]
            if self.secret_header == "Authorization: Bearer":
                return {"authorization": f"Bearer {value}"}, f"{self.secret} as Authorization: Bearer [redacted]"
            return {"x-api-key": value}, f"{self.secret} as x-api-key: [redacted]"
        return None

    def verify_offline(self, report, route_env, resolve_env, env):
        raise NotImplementedError


class Registry:
    """name -> unit, each unit imported the first time it is asked for: `use` of a route loads
    its own kind only.  Iterating loads them all, in listing order."""

    def __init__(self, units):
        self._units = units  # name -> module
        self._loaded = {}

    def __getitem__(self, name):
        unit = self._loaded.get(name)
        if unit is None:
            module = self._units[name]  # KeyError for an unknown kind
            unit = self._loaded[name] = __import__(f"{__name__}.{module}", fromlist=["KIND"]).KIND
        return unit

    def get(self, name, default=None):
        return self[name] if isinstance(name, str) and name in self._units else default

    def __contains__(self, name):
        return name in self._units

    def __iter__(self):
        return iter(self._units)

    def __len__(self):
        return len(self._units)

    def keys(self):
        return self._units.keys()

    def values(self):
        return [self[n] for n in self._units]

    def items(self):
        return [(n, self[n]) for n in self._units]


# The units (kind name -> module), in the order `kinds` lists them.  Adding a kind: one module
# and one line here.
KINDS = Registry({
    "login": "login",
    "api-key": "api_key",
    "gateway": "gateway",
    "oauth-token": "oauth_token",
    "helper": "helper",
    "bedrock": "bedrock",
    "vertex": "vertex",
    "foundry": "foundry",
    "mantle": "mantle",
    "anthropic-aws": "anthropic_aws",
    "profile": "profile",
})
# Every kind can be stored: a stored login route is an account with a folder of its own (the
# route named `login` is the built-in one, with the default folder).
STORED_KINDS = tuple(KINDS)


def get(name):
    return KINDS.get(name)


def _ladder():
    """The ladder, highest first: every provider whose switch is set (the client takes the first
    of them), then the first-party rungs.  Each kind's `rank` says where it sits."""
    return tuple(sorted((k for k in KINDS.values() if k.rank is not None), key=lambda k: k.rank))


def _credential_owner():
    """The credential variable of each kind: one route must not carry another kind's credential."""
    owner = {}
    for k in KINDS.values():
        if k.secret:
            owner.setdefault(k.secret, []).append(k.name)
    return owner


_DERIVED = {
    "LADDER": _ladder,
    "PROVIDERS": lambda: tuple(k for k in _ladder() if k.is_provider),
    "PROVIDER_SWITCHES": lambda: tuple((k.switch, k.name) for k in _ladder() if k.is_provider),
    "FIRST_PARTY": lambda: tuple(k for k in _ladder() if not k.is_provider),
    "CREDENTIAL_OWNER": _credential_owner,
}


def __getattr__(name):
    """Facts over every unit (LADDER, PROVIDERS, PROVIDER_SWITCHES, FIRST_PARTY,
    CREDENTIAL_OWNER), computed on first use: they load every unit, which `use` never needs."""
    make = _DERIVED.get(name)
    if make is None:
        raise AttributeError(name)
    value = globals()[name] = make()
    return value
