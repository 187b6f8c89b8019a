"""The words for people: why an Origin matters, where it is (`describe`), and what `status` and
`doctor` say about the Origins they find."""

import os

from .. import settings as settings_mod
from .discovery import DEVCONTAINER, DOTENV, ENVIRONMENT_D, ENVRC, FISH_UNIVERSAL, SETTINGS, STARTUP, SYSTEM, find
from .lexer import _NAME


def why(origin):
    """Why an origin matters, in a few words."""
    source = origin["source"]
    if source in (STARTUP, SYSTEM):
        return f"a {origin['shell'] or 'shell'} startup file: it returns in every new shell"
    if source == FISH_UNIVERSAL:
        return "a fish universal variable (set -Ux): every fish session has it"
    if source == ENVIRONMENT_D:
        return "systemd's environment.d: every program of your login session has it"
    if source == ENVRC:
        return "direnv loads it whenever you enter that folder"
    if source == DOTENV:
        return "a .env file: tools that load it (Bun-built programs read .env and .env.local of the folder they start in) pass it on"
    if source == DEVCONTAINER:
        return "the dev container definition: every container built from it has it"
    return "a Claude Code settings env block: it beats every shell export"


def describe(origin, env=None):
    """'~/.bashrc line 12 (export)'."""
    env = os.environ if env is None else env
    return f"{settings_mod.display_path(origin['file'], env)} line {origin['line']} ({origin['syntax']})"


# ============================================================================= status and doctor


def for_status(env, cwd, data, routes):
    """Origins of the variables `status` reports that this shell has and ccswitch did not set:
    not part of what CCSWITCH_ROUTE's route sets (unless drift says the value changed since).
    Settings layers are left out: status names them already."""
    from .. import resolve
    from ..claudevars import ROUTE_MARKER

    names = set()
    for row in data.get("variables", []):
        if row["name"] in env and (row["origin"] == resolve.ENVIRONMENT or row.get("shadows")):
            names.add(row["name"])
    endpoint = data.get("endpoint") or {}
    for key in ("variable", "region_variable", "project_variable"):
        var = endpoint.get(key)
        if var and var in env:
            names.add(var)
    for part in (data.get("credential") or {}, data.get("model") or {}):
        source = part.get("source") or ""
        var = source.split("=", 1)[0].split("/", 1)[0]
        if _NAME.match(var) and var in env:
            names.add(var)
    claimed = env.get(ROUTE_MARKER)
    if claimed and routes and claimed in routes:
        plain, secret = resolve.expected_environment(claimed, routes[claimed])
        changed = {d["variable"] for d in data.get("route", {}).get("drift", []) if d.get("problem") == "different"}
        names -= (set(plain) | set(secret)) - changed
    if not names:
        return []
    return [o for o in find(env, cwd, names) if o["source"] != SETTINGS]


def render_status(found, env):
    """Lines for `status`: where each variable this shell has (and ccswitch did not set) is assigned."""
    return [f"set in      {o['variable']}: {describe(o, env)}, {why(o)}" for o in found]


def doctor_findings(found, env):
    """[(severity, message, file, fix)] for `doctor`: every origin outside the settings layers
    (which the settings-env check reports), or one ok line when there is none."""
    from ..claudevars import is_secret_var

    out = []
    for o in found:
        if o["source"] == SETTINGS:
            continue
        where = describe(o, env)
        path = settings_mod.display_path(o["file"], env)
        var, line, source = o["variable"], o["line"], o["source"]
        plain = " and keeps the credential in plain text" if is_secret_var(var) else ""
        message = f"{var} is set in {where}: {why(o)}{plain}"
        route = "move it into a ccswitch route (`ccswitch import env --name NAME` in a shell that has it, or `ccswitch add`)"
        if source == STARTUP:
            message += "; `ccswitch use` unsets it only until the next shell starts"
            fix = f"{route} and delete line {line} of {path}"
        elif source == SYSTEM:
            message += "; `ccswitch use` unsets it only until the next shell starts"
            fix = f"{route}; it is a system file: remove line {line} of {path} (as root) or ask your administrator"
        elif source == FISH_UNIVERSAL:
            fix = f"{route} and erase it: set -eU {var}"
        elif source == ENVIRONMENT_D:
            fix = f"{route} and delete line {line} of {path} (it applies from your next login)"
        elif source == ENVRC:
            fix = (f"{route} and delete line {line} of {path}; for a folder that should always use one route, "
                   f"a .ccswitch file (`ccswitch allow`) switches on entering it")
        elif source == DOTENV:
            fix = (f"if it is for Claude Code: `ccswitch import dotenv {path} --name NAME` and delete line {line}; if it is "
                   f"your application's, start Claude Code from another folder or keep the variable out of that file")
        else:  # devcontainer
            fix = f"pass it from the host instead (\"${{localEnv:{var}}}\", with the host on a ccswitch route), or remove line {line}"
        out.append(("warn", message, o["file"], fix))
    if not out:
        out.append(("ok", "no route variable is set in a shell startup file, .env/.envrc or devcontainer.json", None, None))
    return out
