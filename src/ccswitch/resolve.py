"""Which route Claude Code will really take, and why (reference, sections 1 to 3).

Inputs: the process environment and the settings layers (`settings.load`).  The settings `env`
blocks override the process environment (the highest layer wins per variable); then the
credential ladder picks the route, each rung a kind unit (`ccswitch.kinds`, `rank`):

  0. CLAUDE_CODE_USE_GATEWAY with ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (Cloud gateway),
     else a Cloud gateway session /login stored (`enterpriseGateway` in the login credentials)
  1. a CLAUDE_CODE_USE_* provider switch, in the client's order: Bedrock, Foundry, Claude
     Platform on AWS, Mantle, Vertex (a switch counts when it is 1/true/yes/on)
  2. ANTHROPIC_AUTH_TOKEN            Authorization: Bearer
  3. ANTHROPIC_API_KEY               x-api-key (an interactively declined key is ignored)
  4. apiKeyHelper (a settings key)   x-api-key and Bearer
  5. CLAUDE_CODE_OAUTH_TOKEN
  6. an Anthropic profile or workload identity federation (any rung above turns it off)
  7. the /login subscription credentials

An empty string counts as unset.  The model: ANTHROPIC_MODEL > settings `model` >
ANTHROPIC_DEFAULT_MODEL (`/model` and `--model` are per session and not visible here).

Nothing here ever returns a secret value: credentials are named by variable and origin, with
at most a masked tail (`…abcd`).  `use_notes` runs on the hot path of `use`, but only when a settings
file exists (`settings.use_notes` checks first).
"""

from . import settings as settings_mod
from .claudevars import ROUTE_MARKER, is_route_var, is_secret_var, looks_like_secret_value
from .kinds import ANTHROPIC_API, FIRST_PARTY, KINDS, PROVIDER_SWITCHES, flag_on, host_of
from .projects import PREFIX as PROJECT_PREFIX

# First-party credentials that would travel along with requests to another provider.
ANTHROPIC_CREDENTIALS = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_CUSTOM_HEADERS")
DEFAULT_ENDPOINT = ANTHROPIC_API
EARLY_SCOPES = ("managed", "user")  # settings env the client applies before trusting the workspace
ENVIRONMENT = "environment"


def mask(value):
    """A masked form of a secret: its last 4 characters when it is long enough, else nothing."""
    if not value:
        return ""
    return "…" + value[-4:] if len(value) >= 16 else "…"


def shown(var, value):
    """A variable's value as it may be shown: secrets masked."""
    if is_secret_var(var) or looks_like_secret_value(value):
        return mask(value)
    return value


class Effective:
    """The environment Claude Code will see: the process environment under the settings env."""

    def __init__(self, env, layers):
        self.shell = env
        self.values = {}  # var -> value
        self.origin = {}  # var -> ENVIRONMENT or the layer
        for var, value in env.items():
            self.values[var] = value
            self.origin[var] = ENVIRONMENT
        self.sources = layers.env_sources()  # var -> [(value, layer), …] highest first
        # A host that owns the provider environment keeps the client's provider, credential,
        # model and proxy variables away from settings env blocks: the shell's values win.
        self.host_managed = flag_on(env.get("CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST")) or bool(env.get("CLAUDE_CODE_HOST_AUTH_ENV_VAR"))
        if self.host_managed:
            self.sources = {v: f for v, f in self.sources.items() if not _host_managed(v)}
        for var, found in self.sources.items():
            value, layer = found[0]
            self.values[var] = value
            self.origin[var] = layer

    def get(self, var):
        return self.values.get(var)

    def on(self, var):
        """Set and not empty: what counts for choosing a route."""
        return bool(self.values.get(var))

    def where(self, var):
        origin = self.origin.get(var)
        return ENVIRONMENT if origin in (None, ENVIRONMENT) else origin.path

    def endpoint(self, var, default):
        """Where requests go: `var` when it is set, else `default`."""
        if self.on(var):
            return {"url": self.get(var), "variable": var, "origin": self.where(var)}
        return {"url": default, "variable": None, "origin": "default"}

    def credential(self, var, header):
        return {"source": var, "origin": self.where(var), "header": header, "masked": mask(self.get(var))}

    def early(self, var):
        """(value, origin) of `var` before the workspace is trusted: the shell under the managed
        and user settings only (project and local env blocks apply later; seen: Bedrock's first
        request, the inference-profile lookup, carries the earlier value)."""
        for value, layer in self.sources.get(var, []):
            if layer.scope in EARLY_SCOPES:
                return value, layer.path
        if var in self.shell:
            return self.shell[var], ENVIRONMENT
        return None, None


# ----------------------------------------------------------------------------- the resolution


def resolve(env, layers, routes=None, routes_error=None):
    """The whole picture for status: route, endpoint, credential, model, layers, warnings.

    `routes` is the store ({name: route}) for drift; None skips drift.  Nothing is resolved
    from the keyring.
    """
    eff = Effective(env, layers)
    warnings = []

    def warn(code, message, **extra):
        warnings.append({"code": code, "message": message, **extra})

    disp = lambda path: settings_mod.display_path(path, env)  # noqa: E731

    for layer in layers.errors():
        warn("settings-invalid", f"{layer.error}; Claude Code cannot use this file as intended, fix it", file=layer.path)
    for layer in layers.layers:
        for problem in layer.problems:
            warn("settings-invalid", problem, file=layer.path)

    flags = [(var, kind) for var, kind in PROVIDER_SWITCHES if flag_on(eff.get(var))]
    token, key = eff.get("ANTHROPIC_AUTH_TOKEN"), eff.get("ANTHROPIC_API_KEY")
    gateway_mode = flag_on(eff.get(GATEWAY_SWITCH))
    # The Cloud gateway mode (seen with 2.1.197): the switch may come from any layer, but the URL and
    # token are taken at start, from the shell under the user settings (project and local settings
    # come too late), and requests then go to the shell's own URL: with no URL in the shell, where
    # they go cannot be told (seen: nowhere reachable).
    snapshot = {v: eff.early(v) for v in ("ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN")}
    gateway_exact = bool(env.get("ANTHROPIC_BASE_URL"))
    if gateway_mode and all(value for value, _ in snapshot.values()):
        provider = kind = "gateway"  # the client's Cloud gateway mode beats every provider switch
        flags = []
    elif flags:
        provider = kind = flags[0][1]
    else:
        provider = "anthropic"
        kind = next(k.name for k in FIRST_PARTY if k.active(eff, layers))
    endpoint, credential = KINDS[kind].status(eff, layers)
    if provider == "gateway":  # the token taken at start alone (seen: no x-api-key, no helper)
        token_value, token_origin = snapshot["ANTHROPIC_AUTH_TOKEN"]
        credential = {"source": "ANTHROPIC_AUTH_TOKEN", "origin": token_origin, "header": "Authorization: Bearer",
                      "masked": mask(token_value)}
        sent = [dict(credential, certain=gateway_exact)]
        if gateway_exact:
            endpoint = {"url": env["ANTHROPIC_BASE_URL"], "variable": "ANTHROPIC_BASE_URL", "origin": ENVIRONMENT}
        else:
            warn("gateway-mode-uncertain",
                 f"{GATEWAY_SWITCH} is on, but this shell has no ANTHROPIC_BASE_URL: the client's Cloud gateway mode sends to "
                 "the shell's URL only (a settings file's is not used), so where requests go cannot be told; export it in the "
                 "shell (`ccswitch use NAME` of a gateway route does)", variable=GATEWAY_SWITCH)
    else:
        sent = KINDS[kind].sent(eff, layers, credential)
    if provider != "gateway":
        if gateway_mode and eff.on("ANTHROPIC_BASE_URL") and token:
            warn("gateway-switch-ignored", f"{GATEWAY_SWITCH} is set, but ANTHROPIC_BASE_URL or ANTHROPIC_AUTH_TOKEN comes "
                 "from a project or local settings file, which Claude Code reads only after it has chosen its mode: it ignores "
                 "the Cloud gateway mode; export both in the shell", variable=GATEWAY_SWITCH)
        elif gateway_mode:
            warn("gateway-switch-ignored", f"{GATEWAY_SWITCH} is set but ANTHROPIC_BASE_URL or ANTHROPIC_AUTH_TOKEN is missing: "
                 f"Claude Code ignores it; unset it", variable=GATEWAY_SWITCH)
        session = KINDS["login"].gateway_session(env)
        if session:  # seen: a stored /login gateway session beats a provider switch and an API key alike
            path = KINDS["login"].credentials_path(env)
            chosen = kind
            provider, kind, flags = "gateway", "login", []
            endpoint = {"url": session, "variable": None, "origin": path}
            credential = {"source": "the Cloud gateway session of /login", "origin": path, "header": "Authorization: Bearer",
                          "masked": None}
            sent = [dict(credential, certain=True)]
            if chosen != "login":
                warn("login-gateway-session", f"{disp(path)} holds a Cloud gateway session from /login ({host_of(session)}), "
                     f"which Claude Code takes before any route: the {chosen} route set in this shell is ignored; "
                     f"run `claude` and /logout, or set {GATEWAY_SWITCH}=1 with the gateway's URL and token", file=path)

    socket = eff.get("ANTHROPIC_UNIX_SOCKET")
    if socket:  # a transport, not a rung: claude ssh's local proxy answers on it
        endpoint["socket"] = socket
        warn("unix-socket", f"ANTHROPIC_UNIX_SOCKET (from {_where(eff, 'ANTHROPIC_UNIX_SOCKET', disp)}) sends every request over "
             f"{socket} (a claude ssh remote): the /login credentials and profiles are not used, and settings files cannot set "
             "the base URL or a credential; unset it unless this shell is such a remote", variable="ANTHROPIC_UNIX_SOCKET")

    # ---- warnings about credentials and flags
    if len(flags) > 1:
        names = ", ".join(v for v, _ in flags)
        warn("several-provider-flags", f"several provider flags are set ({names}); Claude Code takes {flags[0][1]}; "
             f"unset all but one (`ccswitch use NAME` does)", variables=[v for v, _ in flags])
    claimed = env.get(ROUTE_MARKER) or None
    owned = _owned(claimed, routes)
    credentials = _credentials(sent, credential, eff, owned, provider)
    _credential_warnings(warn, credentials, eff, flags, provider, disp)
    if key:
        decision = layers.key_decision(key)
        credential_key = credential if credential and credential.get("source") == "ANTHROPIC_API_KEY" else None
        if credential_key is not None:
            credential_key["approval"] = decision or "not yet asked"
        if decision == "rejected":
            path = layers.claude_json.path if layers.claude_json else settings_mod.claude_json_path(env)
            warn("api-key-declined",
                 f"this ANTHROPIC_API_KEY was declined once in an interactive session ({disp(path)}, customApiKeyResponses): "
                 "interactive Claude Code silently ignores it (`claude -p` still uses it); remove its entry from "
                 "customApiKeyResponses.rejected to be asked again", file=path, variable="ANTHROPIC_API_KEY")
    base = eff.get("ANTHROPIC_BASE_URL")
    if not flags and kind in ("login", "oauth-token") and base and host_of(base) != host_of(ANTHROPIC_API):
        what = "the subscription login token" if kind == "login" else "CLAUDE_CODE_OAUTH_TOKEN"
        warn("base-url-without-credential",
             f"ANTHROPIC_BASE_URL (from {_where(eff, 'ANTHROPIC_BASE_URL', disp)}) points to {host_of(base)} but no API "
             f"credential is set: {what} would be sent to that host; set the route's credential or unset ANTHROPIC_BASE_URL",
             variable="ANTHROPIC_BASE_URL")
    for var in sorted(eff.values):
        if eff.values[var] == "" and is_route_var(var):
            warn("empty-variable",
                 f"{var} is set to the empty string (in {_where(eff, var, disp)}); an empty variable counts as unset for "
                 f"choosing a route but still causes conflicts (ANTHROPIC_API_KEY=\"\" with a token: auth-conflict warnings); "
                 f"unset it", variable=var, **({} if eff.where(var) == ENVIRONMENT else {"file": eff.where(var)}))

    if env.get("CLAUDE_CONFIG_DIR") == "":
        warn("empty-config-dir",
             "CLAUDE_CONFIG_DIR is set but empty: Claude Code then takes settings.json and .credentials.json from whatever "
             "folder it starts in (a repository's own settings.json becomes your user settings, hooks included) and "
             "writes its sessions there; unset it (`ccswitch use` and `reset` do)", variable="CLAUDE_CONFIG_DIR")

    # ---- settings env against the shell
    for var, found in sorted(eff.sources.items()):
        value, layer = found[0]
        shell_value = env.get(var)
        if shell_value is not None and shell_value != value:
            warn("settings-env-shadow",
                 f"{disp(layer.path)} sets {var} in its env block, which overrides this shell's {var}: Claude Code uses the "
                 f"file's value{_fix_shadow(layer, claimed)}", file=layer.path, variable=var, scope=layer.scope)
        elif is_route_var(var):
            same = " (the same value as this shell)" if shell_value is not None else ""
            warn("settings-env-route-var",
                 f"{disp(layer.path)} sets {var}{same} for every shell: switching routes cannot change or remove it"
                 f"{_fix_shadow(layer, claimed)}", file=layer.path, variable=var, scope=layer.scope)

    # ---- project settings outranked (why "the team's settings do not apply")
    for var, found in sorted(eff.sources.items()):
        _outranked(warn, f"env {var}", found, disp, secret=is_secret_var(var) or any(looks_like_secret_value(v) for v, _ in found))
    for key in ("model", "apiKeyHelper", "forceLoginMethod", "awsAuthRefresh", "awsCredentialExport"):
        found = [(layer.data[key], layer) for layer in layers.layers if not layer.error and key in layer.data]
        _outranked(warn, key, found, disp, secret=key in ("apiKeyHelper", "awsCredentialExport", "awsAuthRefresh"))

    # ---- model
    model = _model(eff, layers)
    tiers = _tiers(eff)
    if tiers:
        model["tiers"] = tiers
    settings_model, model_layer = layers.first("model")
    if settings_model and eff.on("ANTHROPIC_MODEL"):
        warn("model-overridden",
             f"{disp(model_layer.path)} sets model {settings_model!r}, but ANTHROPIC_MODEL={eff.get('ANTHROPIC_MODEL')!r} "
             f"(from {_where(eff, 'ANTHROPIC_MODEL', disp)}) overrides it", file=model_layer.path, variable="ANTHROPIC_MODEL")

    # ---- the route this shell says it is on
    route_info = {"name": claimed or "login", "claimed": claimed is not None, "in_store": None, "drift": []}
    if routes_error:
        warn("store-unreadable", f"{routes_error}; drift not checked")
    elif claimed is not None and routes is not None:
        team = claimed.startswith(PROJECT_PREFIX)  # a project's team route: from its .ccswitch file
        if team:
            route, why = _team_route(claimed, env)
            route_info["in_store"] = None
            route_info["drift"] = drift(claimed, route, env) if route is not None else [
                {"variable": None, "problem": "no-route", "message": why}]
        else:
            route = routes.get(claimed)
            route_info["in_store"] = route is not None
            route_info["drift"] = drift(claimed, route, env)
        if route_info["drift"]:
            details = "; ".join(d["message"] for d in route_info["drift"])
            fix = ("leave the project's folder and enter it again (the hook switches), or `ccswitch allow` the file again"
                   if team else f"run `ccswitch use {claimed}` again")
            warn("drift", f"this shell says it is on route {claimed!r} (CCSWITCH_ROUTE), but {details}; {fix}", route=claimed)
        elif route is not None and route["kind"] != kind and KINDS[route["kind"]].settings(route) is None:
            warn("route-overridden", f"this shell is on route {claimed!r} ({route['kind']}), but Claude Code will take a "
                 f"{kind} route: see the other warnings", route=claimed)
        if route is not None and KINDS[route["kind"]].settings(route) is not None:
            route_info["note"] = f"helper routes take effect through `ccswitch exec {claimed} -- claude`"

    if kind == "login" and credential.get("missing"):
        own = claimed is not None and routes and (routes.get(claimed) or {}).get("kind") == "login"
        fix = f"log the account in with `ccswitch login {claimed}`" if own else "run `claude` and /login"
        warn("no-credential", f"no route credential is set and no login was found ({disp(credential['origin'])}): "
             f"Claude Code will say 'Not logged in'; {fix}, or switch to a route")

    # ---- what a person would not guess
    notes = []
    main = credential.get("source") if credential else None
    if provider == "anthropic" and kind in ("api-key", "gateway", "helper", "oauth-token"):
        _, login = KINDS["login"].status(eff, layers)
        if login.get("missing") is False:  # a /login is there, and this credential wins over it
            what = {"oauth-token": "the subscription of that token (`claude setup-token`), which may be another account's",
                    }.get(kind, "the API account (or gateway) that credential belongs to, not your subscription")
            origin = "" if main == "apiKeyHelper" else f" (from {_where(eff, main, disp)})"
            message = (f"you are logged in to a subscription ({disp(login['origin'])}), but {main}{origin} goes out instead: "
                       f"usage is billed to {what}, and claude.ai features of the login are off")
            if owned is not None and main in owned:  # the route this shell chose: said, not warned
                notes.append({"code": "subscription-overridden", "message": f"{message}; `ccswitch reset` goes back to it"})
            else:
                warn("subscription-overridden", f"{message}; {'unset it' if main != 'apiKeyHelper' else 'remove apiKeyHelper'} "
                     "(or `ccswitch reset`) to use the subscription", variable=main)
    if kind == "gateway" and provider == "anthropic" and not eff.on("ANTHROPIC_BASE_URL"):
        warn("token-without-base-url",
             f"ANTHROPIC_AUTH_TOKEN (from {_where(eff, 'ANTHROPIC_AUTH_TOKEN', disp)}) is set but ANTHROPIC_BASE_URL is not: "
             f"the token goes to {ANTHROPIC_API}, not to a gateway; set the gateway's URL (`ccswitch use NAME` of a gateway "
             "route sets both) or unset the token", variable="ANTHROPIC_AUTH_TOKEN")
    if provider not in ("anthropic", "gateway"):
        switch = flags[0][0] if flags else None
        notes.append({"code": "login-not-control-point",
                      "message": f"on a {provider} route, /login and /logout inside Claude Code change nothing: "
                                 f"{switch} (from {_where(eff, switch, disp)}) chooses the route and the provider's own "
                                 f"credentials authenticate it; switch with `ccswitch use NAME` or `ccswitch reset`"})
    if model["value"] and model["source"] != "default":
        notes.append({"code": "model-overridable",
                      "message": f"model {model['value']} ({model['source']}) is what a session starts with: /model in a session "
                                 f"or claude --model still picks another"
                                 + ("" if model.get("tiers") or provider == "anthropic" else
                                    "; pin the tiers too (`ccswitch edit NAME --pin opus=ID`, ANTHROPIC_DEFAULT_*_MODEL) so an "
                                    "alias picked with /model resolves to your provider's ids")})

    return {
        "route": route_info,
        "kind": kind,
        "provider": provider,
        "endpoint": endpoint,
        "credential": credential,
        "credentials": credentials,
        "model": model,
        "notes": notes,
        "force_login_method": _first_value(layers, "forceLoginMethod"),
        "variables": _variables(eff, env),
        "settings": _layers_info(layers),
        "warnings": warnings,
    }


# ----------------------------------------------------------------------------- what goes out


def custom_header_names(text):
    """The header names of an ANTHROPIC_CUSTOM_HEADERS value (`Name: value` lines); never a value."""
    names = []
    for line in (text or "").splitlines():
        name, sep, _value = line.partition(":")
        if sep and name.strip():
            names.append(name.strip())
    return names


def _owned(claimed, routes):
    """The variables (and 'apiKeyHelper') the claimed route sets, or None when there is none."""
    if not claimed or not routes or claimed not in routes:
        return None
    route = routes[claimed]
    plain, secret = expected_environment(claimed, route)
    owned = set(plain) | set(secret)
    if KINDS[route["kind"]].settings(route):
        owned.add("apiKeyHelper")
    return owned


def _credentials(sent, credential, eff, owned, provider):
    """Every credential the client sends: the kind's own list (`Kind.sent`), the custom headers,
    each marked `main` (the route's credential) or `stale` (it goes out but belongs to no route
    this shell is on: left over from another one, or from a settings file).  `owned`: what the
    route this shell claims sets (`_owned`), None when it claims none."""
    out = [dict(e) for e in sent]
    if credential and credential.get("missing") and not out:
        return []  # 'Not logged in': the client sends nothing at all (seen)
    if eff.on("ANTHROPIC_CUSTOM_HEADERS"):
        for name in custom_header_names(eff.get("ANTHROPIC_CUSTOM_HEADERS")):
            out.append({"source": "ANTHROPIC_CUSTOM_HEADERS", "origin": eff.where("ANTHROPIC_CUSTOM_HEADERS"),
                        "header": name, "masked": None, "certain": True})
    main_source = credential.get("source") if credential and credential.get("header") else None
    for e in out:
        e["main"] = e["source"] == main_source and e["source"] != "ANTHROPIC_CUSTOM_HEADERS"
        if e["main"]:
            e["stale"] = False
        elif owned is not None:
            e["stale"] = e["source"] not in owned
        else:  # no route claimed: whatever rides along the main credential is left over, except a
            # first-party route's own custom headers
            e["stale"] = not (e["source"] == "ANTHROPIC_CUSTOM_HEADERS" and provider == "anthropic")
    return out


def _credential_warnings(warn, credentials, eff, flags, provider, disp):
    """The warnings of what goes out: an Anthropic credential on a provider route (sent or only
    set), a token and a key together, any other stale credential."""
    def where(e):
        return "this shell" if e["origin"] == ENVIRONMENT else disp(e["origin"])

    sent_by_source = {}
    for e in credentials:
        sent_by_source.setdefault(e["source"], []).append(e)
    covered = set()
    if flags:
        for var in (*ANTHROPIC_CREDENTIALS, "apiKeyHelper"):
            set_here = eff.on(var) if var != "apiKeyHelper" else var in sent_by_source
            if not set_here:
                continue
            gone = [e for e in sent_by_source.get(var, []) if not e["main"]]
            origin = _where(eff, var, disp) if var != "apiKeyHelper" else where(sent_by_source[var][0])
            if gone:
                how = " and ".join(sorted({e["header"] for e in gone}))
                some = "" if all(e["certain"] for e in gone) else " (on some of them)"
                warn("provider-with-anthropic-credential",
                     f"{flags[0][0]} is set and so is {var} (from {origin}): it travels with the requests to {flags[0][1]}"
                     f"{some} as {how} (seen: a stale token sent as Authorization: Bearer to the Bedrock endpoint); "
                     f"{'remove apiKeyHelper from that file' if var == 'apiKeyHelper' else f'unset {var}'}", variable=var, sent=True)
                covered.add(var)
            else:
                warn("provider-with-anthropic-credential",
                     f"{flags[0][0]} is set and so is {var} (from {origin}): this {flags[0][1]} route does not send it, but it "
                     f"is left over and would go out with the next route that does; unset it",
                     variable=var, sent=False)
    if provider == "anthropic" and "ANTHROPIC_AUTH_TOKEN" in sent_by_source and "ANTHROPIC_API_KEY" in sent_by_source:
        warn("token-and-key", f"ANTHROPIC_AUTH_TOKEN (from {_where(eff, 'ANTHROPIC_AUTH_TOKEN', disp)}) and ANTHROPIC_API_KEY "
             f"(from {_where(eff, 'ANTHROPIC_API_KEY', disp)}) are both set: every request carries both headers; "
             "keep only the one your endpoint expects", variables=["ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"])
        covered.update(("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"))
    for e in credentials:
        if e["stale"] and e["source"] not in covered:
            covered.add(e["source"])
            may = "may also go out" if not e["certain"] else "also goes out"
            fix = "remove apiKeyHelper from that file" if e["source"] == "apiKeyHelper" else f"unset {e['source']}"
            warn("extra-credential", f"{e['source']} (from {where(e)}) {may} as {e['header']} beside the route's credential: "
                 f"it belongs to no route this shell is on; {fix}", variable=e["source"])


def _first_value(layers, key):
    value, layer = layers.first(key)
    return None if value is None else {"value": value, "origin": layer.path}


def _where(eff, var, disp):
    w = eff.where(var)
    return "this shell" if w == ENVIRONMENT else disp(w)


def _fix_shadow(layer, name=None):
    if layer.scope == "managed":
        return "; it is managed policy, which no switch or per-launch --settings can beat: ask your administrator"
    return ("; remove it from that file, or start Claude Code with "
            f"`ccswitch exec --override-settings {name or 'NAME'} -- claude` (a per-launch --settings)")


GATEWAY_SWITCH = "CLAUDE_CODE_USE_GATEWAY"


def _host_managed(var):
    from .clientvars import HOST_MANAGED, HOST_MANAGED_PREFIXES

    return var in HOST_MANAGED or var.startswith(HOST_MANAGED_PREFIXES) or var.upper() in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


def _outranked(warn, what, found, disp, secret=False):
    """A project settings value beaten by a higher layer (local or managed) with another value:
    name the loser and the winner.  `found`: [(value, layer)] highest first."""
    project = next(((v, layer) for v, layer in found if layer.scope == "project"), None)
    if project is None:
        return
    winner_value, winner = found[0]
    if winner.scope == "project" or winner_value == project[0]:
        return
    shown_values = "" if secret else f" {project[0]!r}"
    won = "" if secret else f" {winner_value!r}"
    warn("settings-outranked",
         f"the team's {disp(project[1].path)} sets {what}{shown_values}, but {disp(winner.path)} ({winner.scope} settings) "
         f"sets{won} and wins: {'ask your administrator' if winner.scope == 'managed' else 'remove it from that file'} "
         "to let the project's value apply", file=project[1].path, scope=winner.scope, winner=winner.path)


def _model(eff, layers):
    if eff.on("ANTHROPIC_MODEL"):
        return {"value": eff.get("ANTHROPIC_MODEL"), "source": "ANTHROPIC_MODEL", "origin": eff.where("ANTHROPIC_MODEL")}
    value, layer = layers.first("model")
    if value:
        return {"value": value, "source": "settings model", "origin": layer.path}
    if eff.on("ANTHROPIC_DEFAULT_MODEL"):
        return {"value": eff.get("ANTHROPIC_DEFAULT_MODEL"), "source": "ANTHROPIC_DEFAULT_MODEL", "origin": eff.where("ANTHROPIC_DEFAULT_MODEL")}
    return {"value": None, "source": "default", "origin": "Claude Code's default for the account and provider"}


def _tiers(eff):
    """{tier: model id} of the tier pins (ANTHROPIC_DEFAULT_<TIER>_MODEL) the client reads."""
    from .options import tier_pins

    return tier_pins(eff.get)


def _variables(eff, env):
    """The route variables Claude Code will see, each with its origin (secrets masked)."""
    rows = []
    for var in sorted(eff.values):
        if not is_route_var(var):
            continue
        value = eff.values[var]
        row = {"name": var, "value": shown(var, value), "secret": is_secret_var(var) or looks_like_secret_value(value),
               "origin": eff.where(var)}
        if eff.where(var) != ENVIRONMENT and var in env:
            row["shadows"] = ENVIRONMENT
        rows.append(row)
    return rows


def _layers_info(layers):
    out = []
    for layer in layers.layers:
        out.append({
            "scope": layer.scope,
            "path": layer.path,
            "error": layer.error,
            "keys": sorted(layer.data),
            "env": sorted(layer.env),
        })
    return {
        "project": layers.project_dir,
        "repository": layers.repo_root,
        "layers": out,
        "claude_json": layers.claude_json.path if layers.claude_json else None,
    }


# ----------------------------------------------------------------------------- drift


def expected_environment(name, route):
    """(plain variables, secret variable names) a stored route sets; no secret resolved."""
    from . import routes as model

    secrets_map = route.get("secrets", {})
    env = model.environment(name, route, lambda _n, _v, _s: "")
    for var in secrets_map:
        env.pop(var, None)
    return env, tuple(secrets_map)


def _team_route(name, env):
    """(route, None) of the team route `name` the hooks applied from CCSWITCH_DIR's file, or
    (None, why)."""
    from .claudevars import DIR_VAR
    from . import projects

    path = env.get(DIR_VAR)
    if not path:
        return None, "CCSWITCH_DIR names no project file"
    return projects.team_route(path, name)


def drift(name, route, env):
    """How the shell's environment differs from what route `name` sets: [{variable, problem, message}]."""
    if route is None:
        return [{"variable": None, "problem": "no-route", "message": f"there is no route {name!r} in the store any more"}]
    plain, secret = expected_environment(name, route)
    found = []
    for var, value in sorted(plain.items()):
        have = env.get(var)
        if have is None:
            found.append({"variable": var, "problem": "missing", "message": f"{var} is not set (the route sets it)"})
        elif have != value:
            found.append({"variable": var, "problem": "different",
                          "message": f"{var} is {shown(var, have)!r}, the route sets {shown(var, value)!r}"})
    for var in sorted(secret):
        if not env.get(var):
            found.append({"variable": var, "problem": "missing", "message": f"the route's secret {var} is not set"})
    expected = set(plain) | set(secret)
    for var in sorted(env):
        if var not in expected and is_route_var(var):
            found.append({"variable": var, "problem": "unexpected",
                          "message": f"{var} is set, but the route does not set it"})
    return found


# ----------------------------------------------------------------------------- shadows of one route


def shadows(route_env, layers, scopes=settings_mod.SCOPES):
    """Settings env entries that would defeat a route setting exactly `route_env`.

    [{variable, path, scope, problem}] with problem 'overrides' (the route sets the variable,
    the file's value differs) or 'adds' (a route variable the route does not set).  Values
    are compared, never returned.
    """
    found = []
    for var, entries in sorted(layers.env_sources(scopes).items()):
        value, layer = entries[0]
        if var in route_env:
            if route_env[var] != value:
                found.append({"variable": var, "path": layer.path, "scope": layer.scope, "problem": "overrides"})
        elif is_route_var(var):
            found.append({"variable": var, "path": layer.path, "scope": layer.scope, "problem": "adds"})
    return found


def shadow_messages(name, kind, found, layers, env, *, exec_hint=True):
    """One line per shadow (and per broken settings file), for stderr."""
    lines = []
    for layer in layers.errors():
        lines.append(f"{layer.error}; Claude Code cannot use it as intended")
    persisted = {}
    if found:  # (persist is imported only then: use runs this)
        from . import persist

        persisted = persist.records(quiet=True)
    for s in found:
        where = settings_mod.display_path(s["path"], env)
        if s["problem"] == "overrides":
            what = f"{where} sets {s['variable']} in its env block, which beats the value of route {name!r}"
        else:
            what = f"{where} sets {s['variable']}, which route {name!r} does not use; Claude Code will still use it"
        if s["scope"] == "managed":
            what += " (managed policy: nothing per launch can beat it; ask your administrator)"
        rec = persist.record_for(persisted, s["path"])
        if rec:
            what += (f" (route {rec['route']!r} persisted there: `ccswitch unpersist --scope {rec['scope']}` removes it, "
                     f"`ccswitch persist {name} --scope {rec['scope']}` replaces it)")
        lines.append(what)
    helper, helper_layer = layers.first("apiKeyHelper")
    if helper and kind in ("oauth-token", "login"):
        lines.append(f"{settings_mod.display_path(helper_layer.path, env)} sets apiKeyHelper, which Claude Code prefers to "
                     f"route {name!r}'s {'token' if kind == 'oauth-token' else 'login'}")
    if exec_hint and any(s["scope"] != "managed" for s in found):
        lines.append(f"to make route {name!r} hold for one launch: `ccswitch exec --override-settings {name} -- claude`, "
                     f"or remove the variables from those files")
    return lines


def use_notes(name, route, plan, layers, env):
    """The shadow check of `ccswitch use` once settings files exist (see settings.use_notes)."""
    route_env = {var: value for var, value in plan.set if not var.startswith("CCSWITCH_")}
    found = shadows(route_env, layers)
    return shadow_messages(name, route["kind"], found, layers, env)
