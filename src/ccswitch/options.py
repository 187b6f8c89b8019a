"""The command line's own syntax: --set, --secret-var, --secret-stdin/-env/-cmd, --pin,
--skip-auth, and where a secret typed in comes from.  Parsing only: nothing here reads or
writes the store or the keyring.
"""

from . import routes as model
from .errors import UsageError


def parse_assignments(items):
    """--set VAR=VALUE pairs -> dict; the value is kept verbatim."""
    result = {}
    for item in items:
        var, eq, value = item.partition("=")
        if not eq:
            raise UsageError(f"--set {item!r}: write it as VARIABLE=VALUE")
        if not model.is_env_name(var):
            raise UsageError(f"--set {var!r}: not a valid environment variable name")
        if var in result:
            raise UsageError(f"--set {var} given twice")
        result[var] = value
    return result


def parse_secret_vars(items):
    """--secret-var NAME or NAME=env:VAR / NAME=cmd:COMMAND -> {NAME: source}."""
    result = {}
    for item in items:
        var, eq, source = item.partition("=")
        if not model.is_env_name(var):
            raise UsageError(f"--secret-var {var!r}: not a valid environment variable name")
        if eq and not (source.startswith(("env:", "cmd:")) or source == "keyring"):
            raise UsageError(
                f"--secret-var {var}: a secret value never goes on the command line; "
                f"give NAME alone to be asked for it, or NAME=env:VAR / NAME=cmd:COMMAND"
            )
        result[var] = model.parse_source(var, source) if eq else "keyring"
    return result


def primary_source(kind, secret_stdin, secret_env, secret_cmd):
    given = [x for x in (secret_stdin or None, secret_env, secret_cmd) if x]
    if len(given) > 1:
        raise UsageError("give at most one of --secret-stdin, --secret-env and --secret-cmd")
    if not given:
        return None
    if not kind.secret:
        raise UsageError(f"{kind.name} routes have no secret of their own; use --secret-var NAME for another variable")
    if secret_env:
        if not model.is_env_name(secret_env):
            raise UsageError(f"--secret-env {secret_env!r}: not a valid environment variable name")
        return "env:" + secret_env
    if secret_cmd:
        return model.parse_source(kind.secret, "cmd:" + secret_cmd)
    return "keyring"


class SecretInput:
    """Where keyring values come from: stdin (one value, for the primary secret) or a prompt."""

    def __init__(self, stdin_var=None, read_stdin=None, prompt=None):
        self.stdin_var = stdin_var
        self._read_stdin = read_stdin
        self._prompt = prompt

    def value(self, route, var):
        if var == self.stdin_var:
            return self._read_stdin()
        return self._prompt(f"secret {var} for route {route!r}")


def model_tiers():
    """The model tiers the pinned client reads a pin for (ANTHROPIC_DEFAULT_<TIER>_MODEL): opus,
    sonnet, haiku, fable… from the client's own variables, never from memory."""
    from .clientvars import ROUTE

    return tuple(sorted(v[len("ANTHROPIC_DEFAULT_"):-len("_MODEL")].lower() for v in ROUTE
                        if v.startswith("ANTHROPIC_DEFAULT_") and v.endswith("_MODEL")))


def tier_pins(get):
    """{tier: model id} of the tier pins set, read with `get(VAR)` (a dict's get, or the
    effective environment's): ANTHROPIC_DEFAULT_<TIER>_MODEL for each tier the client knows."""
    return {tier: get(f"ANTHROPIC_DEFAULT_{tier.upper()}_MODEL") for tier in model_tiers()
            if tier and get(f"ANTHROPIC_DEFAULT_{tier.upper()}_MODEL")}


def pins(pins, sets):
    """--pin TIER=MODEL as ANTHROPIC_DEFAULT_<TIER>_MODEL=MODEL, added to the --set variables."""
    out = list(sets)
    tiers = model_tiers()
    for item in pins:
        tier, eq, value = item.partition("=")
        if not eq or not value:
            raise UsageError(f"--pin {item!r}: write it as TIER=MODEL (tiers: {', '.join(tiers)})")
        if tier.lower() not in tiers:
            import difflib

            close = difflib.get_close_matches(tier.lower(), tiers, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"--pin {tier}: Claude Code has no model tier {tier!r} (tiers: {', '.join(tiers)}){hint}")
        out.append(f"ANTHROPIC_DEFAULT_{tier.upper()}_MODEL={value}")
    return out


def skip_auth(kind, skip, sets):
    """--skip-auth as the kind's own CLAUDE_CODE_SKIP_*_AUTH=1, added to the --set variables."""
    if not skip:
        return sets
    if not kind.skip_auth:
        raise UsageError(f"--skip-auth: {kind.name} routes have no provider authentication to skip")
    return [*sets, f"{kind.skip_auth}=1"]
