"""The route model: how a route is validated, and the exact environment it produces (the kinds
themselves are units in `ccswitch.kinds`).

A route is a plain dict, as stored in the TOML file:

    {"kind": "gateway", "base_url": "https://…", "model": "…",
     "env": {"VAR": "value"}, "secrets": {"ANTHROPIC_AUTH_TOKEN": "keyring"}}

`secrets` maps a variable to where its value comes from: "keyring" (the OS keyring, service
"ccswitch"), "env:VAR" (another environment variable, read at `use` time) or "cmd:COMMAND"
(a command whose stdout is the value, run at `use` time).  No secret value is ever in a route.

This module imports nothing beyond the interpreter's core: it is on the hot path of `use`.
"""

from .claudevars import OWN_PREFIX, SECRET_VARS, is_secret_var, is_startup_var, looks_like_secret_value
from .clientvars import ROUTE
from .errors import UsageError
from . import kinds
from .kinds import KINDS, STORED_KINDS

LOGIN = "login"
NAME_MAX = 64
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
_ENV_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_ENV_CHARS = _ENV_FIRST | frozenset("0123456789")

# Linux refuses to start any program once one NAME=value string (with its NUL) exceeds
# MAX_ARG_STRLEN = 128 KiB, so a larger export would break the user's shell.
ENTRY_MAX_BYTES = 128 * 1024


# Options every kind takes, beside its own.
COMMON_FIELDS = {"model": "ANTHROPIC_MODEL"}

_URL_FIELDS = ("base_url",)
# Fields naming a file or folder: a path may hold spaces ("Application Support", "C:\\Users\\Jo Ann").
_PATH_SUFFIXES = ("_dir", "_file")
_ROUTE_KEYS = frozenset(("kind", "env", "secrets")) | frozenset(COMMON_FIELDS)
SOURCE_KEYRING = "keyring"


def option_name(field):
    return "--" + field.replace("_", "-")


def is_env_name(name):
    return bool(name) and name[0] in _ENV_FIRST and _ENV_CHARS.issuperset(name)


def is_route_name(name):
    """A valid route name (login included)."""
    return 0 < len(name) <= NAME_MAX and _NAME_CHARS.issuperset(name)


def check_route_name(name, *, allow_login=False):
    if not name:
        raise UsageError("a route name cannot be empty")
    if len(name) > NAME_MAX:
        raise UsageError(f"route name is {len(name)} characters long; the limit is {NAME_MAX}")
    if not _NAME_CHARS.issuperset(name):
        raise UsageError(f"route name {name!r} may only use letters, digits, '.', '_' and '-'")
    if name == LOGIN and not allow_login:
        raise UsageError("'login' is the built-in subscription route; pick another name")
    return name


def check_env_entry(name, value, *, what="variable"):
    """Refuse what no shell or OS can hold: a bad name, a NUL, an entry over MAX_ARG_STRLEN."""
    if not is_env_name(name):
        raise UsageError(f"{name!r} is not a valid environment variable name (letters, digits, '_'; not starting with a digit)")
    if not isinstance(value, str):
        raise UsageError(f"{what} {name} must be a string")
    if "\0" in value:
        raise UsageError(f"{what} {name} contains a NUL byte, which no environment can hold")
    size = len(name) + 2 + len(value.encode("utf-8", "surrogateescape"))
    if size > ENTRY_MAX_BYTES:
        raise UsageError(f"{what} {name} is {size} bytes; one NAME=value may be at most {ENTRY_MAX_BYTES} bytes")


def _utf8(what, value):
    """A value that came in as bytes no UTF-8 decoder took (Python keeps them as surrogates)
    cannot be stored or exported: say which, and where."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise UsageError(f"{what} is not valid UTF-8 text (a stray byte at position {e.start}); type it again") from None


def parse_source(var, source):
    """Validate a secret source: 'keyring', 'env:VAR' or 'cmd:COMMAND'."""
    if source == SOURCE_KEYRING:
        return source
    if isinstance(source, str):
        if source.startswith("env:") and is_env_name(source[4:]):
            return source
        if source.startswith("cmd:") and source[4:].strip():
            return source
    raise UsageError(f"secret {var}: source must be 'keyring', 'env:VARIABLE' or 'cmd:COMMAND'")


def _check_url(field, value):
    scheme, sep, rest = value.partition("://")
    host = rest.split("/", 1)[0].rpartition("@")[2]
    if not sep or scheme.lower() not in ("http", "https") or not host or any(c.isspace() for c in value):
        raise UsageError(f"{option_name(field)} {value!r} is not an http(s) URL with a host")
    if "@" in rest.split("/", 1)[0]:
        raise UsageError(f"{option_name(field)} must not carry credentials in the URL; keep them in the route's secret")


def validate(name, route, stored=False):
    """Check a route record completely; return it.  Raises UsageError naming the problem.

    `stored`: the route is read back from the store, where the door (this same check, when it
    was written) has been passed already; a name that only newer rules call a secret is then
    left to `doctor` (plaintext-credential) rather than making the whole store unreadable."""
    if not isinstance(route, dict):
        raise UsageError(f"route {name!r} must be a table")
    kind_name = route.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise UsageError(f"route {name!r}: unknown kind {kind_name!r}; kinds: {', '.join(STORED_KINDS)}")
    allowed = _ROUTE_KEYS | frozenset(kind.fields)
    for key, value in route.items():
        if key not in allowed:
            raise UsageError(f"route {name!r}: {kind.name} routes have no field {key!r}; fields: {', '.join(sorted(allowed))}")
        if key in ("env", "secrets") and not isinstance(value, dict):
            raise UsageError(f"route {name!r}: {key!r} must be a table of VARIABLE = \"value\"")
        if key not in ("env", "secrets", "kind"):
            if not isinstance(value, str) or not value.strip():
                raise UsageError(f"route {name!r}: {option_name(key)} must be a non-empty string")
            _utf8(f"route {name!r}: {option_name(key)}", value)
            if key in _URL_FIELDS:
                _check_url(key, value)
            elif key != "command" and not key.endswith(_PATH_SUFFIXES) and any(c.isspace() or c == "\0" for c in value):
                raise UsageError(f"route {name!r}: {option_name(key)} {value!r} must not contain spaces")
            elif key.endswith(_PATH_SUFFIXES) and any(c < " " or c == "\x7f" for c in value):
                raise UsageError(f"route {name!r}: {option_name(key)} contains a control character (a line break, a tab, NUL…)")
            elif "\0" in value:
                raise UsageError(f"route {name!r}: {option_name(key)} contains a NUL byte")
    for field in kind.required:
        if field not in route:
            raise UsageError(f"route {name!r}: a {kind.name} route needs {option_name(field)}")
    kind.check(name, route)

    managed = own_variables(kind)
    env = route.get("env", {})
    for var, value in env.items():
        check_env_entry(var, value)
        _utf8(f"variable {var}", value)  # the store is UTF-8 text; the environment itself may hold any bytes
        if not value:
            raise UsageError(f"route {name!r}: {var} is empty; an empty variable is not an unset one (drop it with --unset {var})")
        _check_extra_var(name, kind, var, managed)
        if (var in SECRET_VARS if stored else is_secret_var(var)) or looks_like_secret_value(value):
            raise UsageError(
                f"route {name!r}: {var} holds a secret; keep it in the keyring with --secret-var {var}, not in --set"
            )
    secrets = route.get("secrets", {})
    for var, source in secrets.items():
        if not is_env_name(var):
            raise UsageError(f"route {name!r}: secret {var!r} is not a valid environment variable name")
        parse_source(var, source)
        if var in env:
            raise UsageError(f"route {name!r}: {var} is both a plain variable and a secret; keep only the secret")
        if var != kind.secret:
            _check_extra_var(name, kind, var, managed)
            other = kinds.CREDENTIAL_OWNER.get(var)
            if other is not None:
                raise UsageError(
                    f"route {name!r}: {var} is the credential of {' and '.join(other)} routes; it does not belong on a {kind.name} route"
                )
    if kind.secret_required and kind.secret not in secrets:
        raise UsageError(f"route {name!r}: a {kind.name} route needs its secret {kind.secret}")
    return route


def own_variables(kind):
    """Variables a kind sets from its own options: `--set` may not touch them."""
    owned = dict.fromkeys(kind.fixed, "fixed")
    for field, var in kind.fields.items():
        if var:
            owned[var] = field
    owned[COMMON_FIELDS["model"]] = "model"
    if kind.secret:
        owned[kind.secret] = "secret"
    return owned


def _check_extra_var(name, kind, var, managed):
    if var.startswith(OWN_PREFIX):
        raise UsageError(f"route {name!r}: {var} belongs to ccswitch itself and cannot be set by a route")
    if is_startup_var(var):
        raise UsageError(f"route {name!r}: {var} decides what code runs (a loader or startup variable); no route sets it")
    if ROUTE.get(var) == "switch" and var.startswith("CLAUDE_CODE_USE_"):
        raise UsageError(f"route {name!r}: {var} selects a provider; choose it with --kind, not --set")
    field = managed.get(var)
    if field == "fixed":
        raise UsageError(f"route {name!r}: {var} is set by every {kind.name} route already")
    if field == "secret":
        raise UsageError(f"route {name!r}: {var} is the route's own secret; give it with --secret-stdin or the prompt")
    if field:
        raise UsageError(f"route {name!r}: set {var} with {option_name(field)}, not --set")


def secret_vars(route):
    return route.get("secrets", {})


def plain_environment(route):
    """The variables a route sets from its fields and `--set` (no secret): what its kind's
    endpoint is computed from."""
    kind = KINDS[route["kind"]]
    env = dict(kind.fixed)
    for field, var in kind.fields.items():
        if var and field in route:
            env[var] = route[field]
    if "model" in route:
        env["ANTHROPIC_MODEL"] = route["model"]
    env.update(route.get("env", {}))
    return env


def environment(name, route, resolve_secret):
    """The exact variables a route sets, secrets resolved through resolve_secret(name, var, source)."""
    env = plain_environment(route)
    for var, source in route.get("secrets", {}).items():
        value = resolve_secret(name, var, source)
        check_env_entry(var, value, what="secret")
        env[var] = value
    return env


def describe(route):
    """Human summary: where the route goes."""
    return KINDS[route["kind"]].describe(route)
