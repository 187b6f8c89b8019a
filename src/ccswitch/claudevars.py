"""Facts about Claude Code's environment variables (see shared/reference/claude-code-routes.md).

Only plain tuples and frozensets here: this module sits on the hot path of `use`.
"""

# Every variable that selects, authenticates or shapes a Claude Code route.  `use` unsets all
# of them before it sets the new route's, so nothing of an earlier route can travel along.
# General-purpose variables a route may also set (AWS_PROFILE, AWS_REGION, proxies...) are not
# here: they belong to the user too, so ccswitch saves and restores them instead of unsetting.
ROUTE_VARS = (
    # credentials and endpoint of the first-party API
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_CUSTOM_HEADERS",
    "CLAUDE_CODE_OAUTH_TOKEN",
    "CLAUDE_CODE_API_KEY_HELPER_TTL_MS",
    # provider selectors
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_FOUNDRY",
    "CLAUDE_CODE_USE_ANTHROPIC_AWS",
    "CLAUDE_CODE_USE_MANTLE",
    # bedrock
    "AWS_BEARER_TOKEN_BEDROCK",
    "ANTHROPIC_BEDROCK_BASE_URL",
    "ANTHROPIC_BEDROCK_REGION_PREFIX",
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION",
    "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
    # vertex
    "ANTHROPIC_VERTEX_PROJECT_ID",
    "ANTHROPIC_VERTEX_BASE_URL",
    "CLOUD_ML_REGION",
    "CLAUDE_CODE_SKIP_VERTEX_AUTH",
    # foundry
    "ANTHROPIC_FOUNDRY_RESOURCE",
    "ANTHROPIC_FOUNDRY_BASE_URL",
    "ANTHROPIC_FOUNDRY_AUTH_TOKEN",
    "ANTHROPIC_FOUNDRY_API_KEY",
    "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
    # Claude Platform on AWS
    "ANTHROPIC_AWS_WORKSPACE_ID",
    "ANTHROPIC_AWS_API_KEY",
    "ANTHROPIC_AWS_BASE_URL",
    "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH",
    # models
    "ANTHROPIC_MODEL",
    "ANTHROPIC_DEFAULT_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL",
    "ANTHROPIC_DEFAULT_OPUS_MODEL_NAME",
    "ANTHROPIC_DEFAULT_OPUS_MODEL_DESCRIPTION",
    "ANTHROPIC_DEFAULT_SONNET_MODEL",
    "ANTHROPIC_DEFAULT_SONNET_MODEL_NAME",
    "ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL_DESCRIPTION",
    "ANTHROPIC_SMALL_FAST_MODEL",
    "CLAUDE_CODE_SUBAGENT_MODEL",
    "ANTHROPIC_CUSTOM_MODEL_OPTION",
    "ANTHROPIC_CUSTOM_MODEL_OPTION_NAME",
    "ANTHROPIC_CUSTOM_MODEL_OPTION_DESCRIPTION",
    # request shaping and client certificates, which belong to one endpoint
    "ANTHROPIC_BETAS",
    "CLAUDE_CODE_EXTRA_BODY",
    "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS",
    "CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY",
    "CLAUDE_CODE_CLIENT_CERT",
    "CLAUDE_CODE_CLIENT_KEY",
    "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
)
ROUTE_VAR_SET = frozenset(ROUTE_VARS)

# Families with an open-ended suffix (VERTEX_REGION_CLAUDE_3_5_SONNET, ...): unset whichever
# members are in the environment.
ROUTE_VAR_PREFIXES = ("VERTEX_REGION_CLAUDE_",)

# Variables ccswitch itself owns.
ROUTE_MARKER = "CCSWITCH_ROUTE"
STATE_VAR = "CCSWITCH_STATE"
DIR_VAR = "CCSWITCH_DIR"  # the .ccswitch file the hooks last had the program look at
DIR_STATE_VAR = "CCSWITCH_DIR_STATE"  # the project route applied, and the route from before
OWN_PREFIX = "CCSWITCH_"

# Variables whose value is a credential.  A route keeps these in the keyring, never in the store.
SECRET_VARS = frozenset(
    (
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_CUSTOM_HEADERS",
        "CLAUDE_CODE_OAUTH_TOKEN",
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "ANTHROPIC_FOUNDRY_AUTH_TOKEN",
        "ANTHROPIC_FOUNDRY_API_KEY",
        "ANTHROPIC_AWS_API_KEY",
        "CLAUDE_CODE_EXTRA_BODY",
        "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
    )
)
# By name: any part SECRET/PASSWORD/PASSPHRASE, or ending in _TOKEN/_API_KEY/_APIKEY
# (CLAUDE_CODE_MAX_OUTPUT_TOKENS and CLAUDE_CODE_API_KEY_HELPER_TTL_MS are not secrets).
_SECRET_PARTS = frozenset(("SECRET", "PASSWORD", "PASSWD", "PASSPHRASE"))
_SECRET_ENDINGS = ("_TOKEN", "_API_KEY", "_APIKEY")


def is_route_var(name):
    return name in ROUTE_VAR_SET or name.startswith(ROUTE_VAR_PREFIXES)


def is_secret_var(name):
    """True for variables that hold a credential, by table or by name (…_TOKEN, …_API_KEY)."""
    if name in SECRET_VARS:
        return True
    upper = name.upper()
    return upper.endswith(_SECRET_ENDINGS) or upper in ("TOKEN", "API_KEY") or not _SECRET_PARTS.isdisjoint(upper.split("_"))


def looks_like_secret_value(value):
    """A URL carrying a password (https://user:pass@proxy) is a secret wherever it appears."""
    scheme, sep, rest = value.partition("://")
    if not sep:
        return False
    userinfo, at, _host = rest.partition("/")[0].rpartition("@")
    return bool(at) and ":" in userinfo
