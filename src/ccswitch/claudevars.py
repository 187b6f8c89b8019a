"""Facts about Claude Code's environment variables (see shared/reference/claude-code-routes.md).

Only plain tuples and frozensets here: this module sits on the hot path of `use`.
"""

from .clientvars import ROUTE, ROUTE_PREFIXES, SHARED

# Every variable that selects, authenticates or shapes a Claude Code route: those the pinned
# client reads (clientvars.ROUTE, generated from the client by scripts/client_vars.py), and
# those earlier clients or the documentation name.  `use` unsets all of them before it sets
# the new route's, so nothing of an earlier route can travel along.  Variables other tools
# read too (AWS_PROFILE, AWS_REGION, proxies: clientvars.SHARED) are not here: ccswitch saves
# and restores them instead of unsetting.
RETIRED_VARS = (
    "ANTHROPIC_FOUNDRY_AUTH_TOKEN",  # Foundry's Bearer token (documented; gone from 2.1.197)
    "ANTHROPIC_DEFAULT_MODEL",  # documented model fallback
    "ANTHROPIC_BEDROCK_REGION_PREFIX",
    "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS",  # a toggle to the client, but it makes or breaks a gateway
)
ROUTE_VARS = (*ROUTE, *RETIRED_VARS)
ROUTE_VAR_SET = frozenset(ROUTE_VARS)
SHARED_VARS = frozenset(SHARED)

# Set but empty, these are worse than unset: with CLAUDE_CONFIG_DIR="" the client (2.1.197, seen)
# takes settings.json and .credentials.json from whatever folder it starts in, as user settings,
# and writes its sessions there.  Every switch unsets an empty one.
EMPTY_UNSAFE = ("CLAUDE_CONFIG_DIR",)

# Families with an open-ended suffix (VERTEX_REGION_CLAUDE_3_5_SONNET, ...): unset whichever
# members are in the environment.
ROUTE_VAR_PREFIXES = tuple(ROUTE_PREFIXES)

# Variables ccswitch itself owns.
ROUTE_MARKER = "CCSWITCH_ROUTE"
PREVIOUS_VAR = "CCSWITCH_PREVIOUS"  # the route before this one: `use -` goes back to it
STATE_VAR = "CCSWITCH_STATE"
DIR_VAR = "CCSWITCH_DIR"  # the .ccswitch file the hooks last had the program look at
DIR_STATE_VAR = "CCSWITCH_DIR_STATE"  # the project route applied, and the route from before
OWN_PREFIX = "CCSWITCH_"

# Variables that make a program load code or change what runs: the loader's, the shells'
# startup files and prompt hooks, interpreters' startup options, the search path and the home
# folder.  Nothing from a route, a project file, an import or CCSWITCH_STATE may set or unset
# them: a `.ccswitch` file with `LD_PRELOAD` or `BASH_ENV` would run code in every shell.
STARTUP_VARS = frozenset(
    (
        "PATH", "HOME", "SHELL", "USER", "LOGNAME", "IFS", "CDPATH", "ENV", "BASH_ENV", "PROMPT_COMMAND",
        "PS0", "PS1", "PS2", "PS3", "PS4", "GLOBIGNORE", "SHELLOPTS", "BASHOPTS", "INPUTRC", "HISTFILE",
        "ZDOTDIR", "FPATH", "FIGNORE", "XONSHRC", "XONSH_CONFIG_DIR", "NU_LIB_DIRS", "NU_PLUGIN_DIRS",
        "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONSAFEPATH", "PYTHONINSPECT",
        "NODE_OPTIONS", "NODE_PATH", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB",
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GCONV_PATH", "LOCPATH", "NLSPATH",
        "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_CONFIG_GLOBAL", "EDITOR", "VISUAL", "PAGER", "BROWSER",
        "TMPDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
        "PATHEXT", "COMSPEC", "PSMODULEPATH", "SYSTEMROOT", "WINDIR", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
        "CLAUDE_CODE_SHELL", "CLAUDE_CODE_SHELL_PREFIX", "CLAUDE_CODE_GIT_BASH_PATH", "CLAUDE_ENV_FILE",
    )
)
STARTUP_PREFIXES = ("LD_", "DYLD_", "BASH_FUNC_", "MALLOC_", "GIT_CONFIG_", "RUBY", "PYTHON", "PERL", "NODE_", "LUA_")


def is_startup_var(name):
    """A loader or startup variable, or one that makes a runtime skip its checks (any case:
    Windows names ignore it).  NODE_EXTRA_CA_CERTS, which a gateway behind a private CA needs,
    is not one; NODE_TLS_REJECT_UNAUTHORIZED (TLS checks off) is."""
    upper = name.upper()
    if upper in STARTUP_VARS:
        return True
    return upper.startswith(STARTUP_PREFIXES) and upper not in _STARTUP_ALLOWED


_STARTUP_ALLOWED = frozenset(("NODE_EXTRA_CA_CERTS", "NODE_USE_SYSTEM_CA"))


# Variables whose value is a credential.  A route keeps these in the keyring, never in the store.
SECRET_VARS = frozenset(
    (*(name for name, cls in ROUTE.items() if cls == "secret"), "ANTHROPIC_FOUNDRY_AUTH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
)
# By name: any part SECRET/PASSWORD/PASSPHRASE/CREDENTIALS, or ending in _TOKEN, _KEY, _APIKEY,
# _PASS, _PAT, _PWD; OTEL exporter headers (CLAUDE_CODE_MAX_OUTPUT_TOKENS and
# CLAUDE_CODE_API_KEY_HELPER_TTL_MS are not secrets; nor is any variable the client's own table
# calls something else, such as CLAUDE_CODE_CLIENT_KEY, a path).
_SECRET_PARTS = frozenset(("SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIALS"))
_SECRET_ENDINGS = ("_TOKEN", "_KEY", "_APIKEY", "_PASS", "_PAT", "_PWD")
_PATH_ENDINGS = ("_FILE", "_PATH", "_DIR")
_PATH_NAMES = frozenset(("GOOGLE_APPLICATION_CREDENTIALS",))
_SECRET_NAMES = frozenset(("TOKEN", "API_KEY", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                           "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_LOGS_HEADERS"))


def is_route_var(name):
    return name in ROUTE_VAR_SET or name.startswith(ROUTE_VAR_PREFIXES)


def is_secret_var(name):
    """True for variables that hold a credential, by table or by name (…_TOKEN, …_API_KEY)."""
    if name in SECRET_VARS:
        return True
    if name in ROUTE or name in SHARED:  # the client's own table says what its variables are
        return False
    upper = name.upper()
    if upper.endswith(_PATH_ENDINGS) or upper in _PATH_NAMES:  # where a credential is, not the credential
        return False
    return upper.endswith(_SECRET_ENDINGS) or upper in _SECRET_NAMES or not _SECRET_PARTS.isdisjoint(upper.split("_"))


def looks_like_secret_value(value):
    """A URL carrying a password (https://user:pass@proxy) is a secret wherever it appears."""
    scheme, sep, rest = value.partition("://")
    if not sep:
        return False
    userinfo, at, _host = rest.partition("/")[0].rpartition("@")
    return bool(at) and ":" in userinfo
