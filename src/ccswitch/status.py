"""`ccswitch status`: the route Claude Code will really take from this shell and folder, and why.

Reads the environment, the settings layers and the store (for drift); never the keyring, so it
never prompts.  The JSON form is documented by docs/status-schema.json.
"""

import os

from . import resolve, settings, store
from .errors import CCSwitchError

SCHEMA_VERSION = 1


def status_data(env=None, cwd=None, account_facts=None, sessions=False):
    """The status document.  `sessions`: also look for Claude Code sessions this shell started
    that keep an older route (the CLI asks; they are the caller's parent's children)."""
    env = os.environ if env is None else env
    layers = settings.load(env, cwd)
    routes, routes_error = None, None
    try:
        routes = store.load()
    except CCSwitchError as e:
        routes_error = str(e)
    data = resolve.resolve(env, layers, routes, routes_error)
    from . import origins

    data["origins"] = origins.for_status(env, cwd, data, routes)
    data["account"] = account_summary(env, data, account_facts)
    _persisted(data, layers, env, routes)
    if sessions:
        from .sessions import stale_sessions

        for s in stale_sessions(env):
            how = "suspended (Ctrl-Z) " if s["suspended"] else ""
            data["warnings"].append({
                "code": "restart-needed", "pid": s["pid"],
                "message": f"Claude Code (pid {s['pid']}, {how}started from this shell) keeps the route it started with "
                           f"({s['route']}): {', '.join(s['changed'])} changed since; exit it and run claude again to take "
                           f"this shell's route"})
    return {"schema": SCHEMA_VERSION, **data}


def _persisted(data, layers, env, routes):
    """Mark the settings layers `ccswitch persist` wrote (route, scope, whether the file still holds
    what was written); their entries are meant, so the warnings that would call them stray go (a
    shadow of this shell's own value stays: the shell's route does lose), and a note says how to
    take the layer back."""
    from . import persist

    records = persist.records(quiet=True)
    if not records:
        return
    written = {}
    for info, layer in zip(data["settings"]["layers"], layers.layers):
        rec = persist.record_for(records, layer.path)
        if rec is None or layer.error:
            continue
        same = persist.matches(rec, layer.env, layer.data)
        info["persisted"] = {"route": rec["route"], "scope": rec["scope"], "matches": same}
        if same:
            written[layer.path] = persist.written_env(rec)
        what = "" if same else "; the file no longer holds what was written (edited since)"
        data["notes"].append({"code": "persisted", "message": f"{settings.display_path(layer.path, env)} holds route {rec['route']!r}, persisted by "
                              f"`ccswitch persist` ({rec['scope']} settings){what}; `ccswitch unpersist --scope {rec['scope']}` "
                              "takes it back"})
        _refused_helper(data, layers, layer, rec, routes, env)
    data["warnings"] = [w for w in data["warnings"] if not (
        w["code"] in ("settings-env-route-var", "empty-variable")
        and w.get("variable") in written.get(w.get("file"), ()))]


# Warnings that mean the route a shell asked for is not the one Claude Code takes.
_NOT_TAKEN = ("drift", "route-overridden", "settings-env-shadow", "login-gateway-session", "several-provider-flags")


def unmet(data, expect=None, expect_kind=None):
    """Why this status fails a gate: no credential at all, or not the route/kind expected.  One
    reason a line; empty when it holds."""
    reasons = []
    codes = {w["code"]: w for w in data["warnings"]}
    if "no-credential" in codes:
        reasons.append("no credential: Claude Code would say 'Not logged in'")
    if expect_kind is not None and data["kind"] != expect_kind:
        reasons.append(f"expected a {expect_kind} route, but Claude Code takes a {data['kind']} route")
    if expect is not None:
        route = data["route"]
        if route["name"] != expect:
            reasons.append(f"expected route {expect!r}, but this shell is on {route['name']!r}")
        elif route["claimed"] and route["in_store"] is False:
            reasons.append(f"route {expect!r} is not in the store")
        for w in data["warnings"]:
            if w["code"] in _NOT_TAKEN:
                reasons.append(f"route {expect!r} does not hold: {w['message']}")
    return reasons


def account_summary(env, data, f=None):
    """The subscription account of the client's folder: who, where, and whether its login is
    what the client takes (never a token; the macOS Keychain is not asked)."""
    from . import account

    f = account.facts(env, keychain=False) if f is None else f  # whoami has read them already
    a = f["account"] or {}
    creds = f["credentials"] or {}
    return {
        "folder": f["folder"],
        "default": f["default"],
        "email": a.get("email"),
        "organization": a.get("organization"),
        "subscription": creds.get("subscription"),
        "login": creds.get("path") or (f"macOS Keychain ({creds.get('service')})" if creds.get("service") else None),
        "expired": creds.get("expired"),
        "used": data["kind"] == "login" and data["provider"] == "anthropic",
    }


def render(data, env=None, colour=False):
    """Human text: one fact a line, then the warnings (the route and warnings coloured when
    `colour`)."""
    from .text import paint

    env = os.environ if env is None else env
    d = lambda p: settings.display_path(p, env) if p and os.path.isabs(p) else p  # noqa: E731
    lines = []
    route = data["route"]
    if route["claimed"]:
        state = "" if route["in_store"] is not False else " (not in the store)"
        if route["drift"]:
            state += f" — drifted ({len(route['drift'])} difference{'s' if len(route['drift']) != 1 else ''})"
        lines.append(f"route       {paint(route['name'], 'bold', 'cyan', on=colour)} (CCSWITCH_ROUTE){state}")
    else:
        lines.append("route       none chosen with ccswitch (CCSWITCH_ROUTE unset)")
    lines.append(f"takes       {data['kind']}" + (f" via {data['provider']}" if data["provider"] not in ("anthropic",) else ""))
    ep = data["endpoint"]
    src = f"{ep['variable']} from {_origin(ep['origin'], d)}" if ep.get("variable") else "default"
    lines.append(f"endpoint    {ep['url']} ({src})")
    if ep.get("first_request"):
        first = ep["first_request"]
        lines.append(f"            its first request (the inference-profile lookup) goes to {first['url']} ({first['variable']} from "
                     f"{_origin(first['origin'], d)}): project and local settings apply after it")
    for extra in ("region", "project"):
        if ep.get(extra):
            lines.append(f"{extra:<11} {ep[extra]}")
    cred = data["credential"]
    if cred:
        bits = [f"{cred['source']} from {_origin(cred['origin'], d)}"]
        if cred.get("header"):
            bits.append(f"sent as {cred['header']}")
        if cred.get("masked"):
            bits.append(cred["masked"])
        if cred.get("approval"):
            bits.append(f"interactive approval: {cred['approval']}")
        if cred.get("missing"):
            bits.append("not found")
        lines.append("credential  " + ", ".join(bits))
    for e in data.get("credentials", []):
        if e["main"]:
            continue
        label = "also sent  " if e["certain"] else "may be sent"
        bits = [f"{e['source']} from {_origin(e['origin'], d)} as {e['header']}"]
        if e.get("masked"):
            bits.append(e["masked"])
        if e["stale"]:
            bits.append(paint("stale", "yellow", on=colour) + " (it belongs to no route this shell is on)")
        lines.append(f"{label} " + ", ".join(bits))
    acct = data.get("account")
    if acct and (acct["used"] or not acct["default"]):
        who = acct["email"] or "an account not named yet (no oauthAccount in its .claude.json)"
        bits = [x for x in (acct["organization"], acct["subscription"]) if x]
        where = d(acct["folder"]) + (" (CLAUDE_CONFIG_DIR)" if not acct["default"] else "")
        state = "" if acct["used"] else "; its login is not used here"
        if acct["used"] and acct["expired"]:
            state = "; its access token has expired (`ccswitch whoami` says whether it can be renewed)"
        from .text import printable

        lines.append(printable(f"account     {who}" + (f" ({', '.join(bits)})" if bits else "") + f" in {where}{state}"))
    m = data["model"]
    tiers = ", ".join(f"{tier} → {model}" for tier, model in m.get("tiers", {}).items())
    if m["value"]:
        lines.append(f"model       {m['value']} ({m['source']} from {_origin(m['origin'], d)})" + (f"; tiers {tiers}" if tiers else ""))
    elif tiers:
        lines.append(f"model       {m['origin']}, with the tiers pinned: {tiers}")
    else:
        lines.append(f"model       {m['origin']}")
    if data.get("force_login_method"):
        f = data["force_login_method"]
        lines.append(f"login       forceLoginMethod={f['value']} ({d(f['origin'])})")
    layers = data["settings"]["layers"]
    if layers:
        lines.append("settings    " + "; ".join(
            f"{layer['scope']} {d(layer['path'])}" + (" (invalid)" if layer["error"] else (f" (env: {', '.join(layer['env'])})" if layer["env"] else ""))
            + (f" [persisted route {layer['persisted']['route']}" + ("" if layer["persisted"]["matches"] else ", edited since") + "]"
               if layer.get("persisted") else "")
            for layer in layers))
    else:
        lines.append("settings    no settings files")
    if data.get("origins"):
        from . import origins

        lines += origins.render_status(data["origins"], env)
    if route.get("note"):
        lines.append(f"note        {route['note']}")
    for note in data.get("notes", []):
        lines.append(f"note        {note['message']}")
    if data["warnings"]:
        lines.append("")
        lines.append(f"{len(data['warnings'])} warning{'s' if len(data['warnings']) != 1 else ''}:")
        for w in data["warnings"]:
            lines.append(f"  {paint('!', 'bold', 'yellow', on=colour)} {w['message']} [{w['code']}]")
    return "\n".join(lines)


def _origin(origin, d):
    if origin == resolve.ENVIRONMENT:
        return "this shell"
    return d(origin)



def _refused_helper(data, layers, layer, rec, routes, env):
    """A persisted layer whose ccswitch helper serves nothing in this folder (persist.refusal)."""
    from .persist import refusal

    found = refusal(layers, layer, rec, routes, data["endpoint"], env)
    if found:
        key, why = found
        data["warnings"].append({"code": "helper-refuses", "file": layer.path, "route": rec["route"],
                                 "message": f"the {key} persisted in {settings.display_path(layer.path, env)} serves "
                                            f"nothing in this folder: {why}; Claude Code here gets no key from it"})
