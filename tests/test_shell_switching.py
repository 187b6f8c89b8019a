"""Switching in real shells: from a shell full of stale variables, every route kind, back to login.

Routes hold real secrets in a real Secret Service.  After each switch the environment a child
process sees must hold exactly the route's variables: nothing of the stale ones, nothing of an
earlier route, and the user's own AWS_PROFILE/AWS_REGION back once a route stops using them.
"""

import pytest

from ccswitch.claudevars import ROUTE_VARS
from conftest import CANARY, Env
from shellkit import SHELLS, env_after, envs_after

# What each route must produce, written out by hand (not computed by ccswitch).
ROUTES = {
    "ak": (
        ["--kind", "api-key", "--base-url", "https://api.example.test", "--secret-stdin"],
        "sk-ant-api03-AK",
        {"ANTHROPIC_API_KEY": "sk-ant-api03-AK", "ANTHROPIC_BASE_URL": "https://api.example.test"},
    ),
    "gw": (
        ["--kind", "gateway", "--base-url", "https://gw.example.test/anthropic", "--model", "claude-gw",
         "--set", "ANTHROPIC_DEFAULT_SONNET_MODEL=sonnet-pin", "--secret-stdin"],
        "gw-token-'quoted'",
        {
            "ANTHROPIC_AUTH_TOKEN": "gw-token-'quoted'",
            "ANTHROPIC_BASE_URL": "https://gw.example.test/anthropic",
            "ANTHROPIC_MODEL": "claude-gw",
            "ANTHROPIC_DEFAULT_SONNET_MODEL": "sonnet-pin",
        },
    ),
    "oa": (["--kind", "oauth-token", "--secret-stdin"], "sk-ant-oat01-OA", {"CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-OA"}),
    "br": (
        ["--kind", "bedrock", "--region", "us-west-2", "--aws-profile", "bedrock-prof", "--base-url",
         "https://bedrock.example.test", "--set", "CLAUDE_CODE_SKIP_BEDROCK_AUTH=1", "--secret-stdin"],
        "bedrock-bearer",
        {
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "AWS_REGION": "us-west-2",
            "AWS_PROFILE": "bedrock-prof",
            "AWS_BEARER_TOKEN_BEDROCK": "bedrock-bearer",
            "ANTHROPIC_BEDROCK_BASE_URL": "https://bedrock.example.test",
            "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
        },
    ),
    "vx": (
        ["--kind", "vertex", "--project", "my-proj", "--region", "us-east5", "--base-url", "https://vertex.example.test",
         "--model", "claude-sonnet@2025"],
        None,
        {
            "CLAUDE_CODE_USE_VERTEX": "1",
            "ANTHROPIC_VERTEX_PROJECT_ID": "my-proj",
            "CLOUD_ML_REGION": "us-east5",
            "ANTHROPIC_VERTEX_BASE_URL": "https://vertex.example.test",
            "ANTHROPIC_MODEL": "claude-sonnet@2025",
        },
    ),
    "fd": (
        ["--kind", "foundry", "--resource", "my-resource", "--secret-stdin"],
        "foundry-key",
        {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "my-resource", "ANTHROPIC_FOUNDRY_API_KEY": "foundry-key"},
    ),
    "fu": (
        ["--kind", "foundry", "--base-url", "https://foundry.example.test"],
        None,
        {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_BASE_URL": "https://foundry.example.test"},
    ),
    "hp": (
        ["--kind", "helper", "--command", "ccswitch secret gw", "--base-url", "https://gw.example.test/anthropic",
         "--set", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS=60000"],
        None,
        {"ANTHROPIC_BASE_URL": "https://gw.example.test/anthropic", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "60000"},
    ),
    "login": (None, None, {}),
}

# Names a test can tell are Claude Code's, independently of ccswitch's own table.
CLAUDE_PREFIXES = ("ANTHROPIC_", "CLAUDE_CODE_", "CLOUD_ML_", "VERTEX_REGION_CLAUDE_", "AWS_BEARER_TOKEN_BEDROCK")
# Claude Code settings that are not a route: a switch must leave them alone.
NOT_ROUTE = {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}
USER_OWN = {"AWS_PROFILE": "users-own-profile", "AWS_REGION": "users-own-region", "KEEP_ME": "untouched"}


@pytest.fixture(scope="module")
def store_env(tmp_path_factory, secret_service):
    home = tmp_path_factory.mktemp("switch-home")
    e = Env(home, **secret_service)
    for name, (args, secret, _expected) in ROUTES.items():
        if args is not None:
            e.ok("add", name, *args, input=None if secret is None else secret + "\n")
    return e


def dirty(store_env):
    """Every Claude Code route variable set to a stale value carrying the canary."""
    e = dict(store_env)
    for var in ROUTE_VARS:
        e[var] = f"stale-{var}-{CANARY}"
    e["VERTEX_REGION_CLAUDE_3_5_SONNET"] = "stale-region"
    e.update(NOT_ROUTE)
    e.update(USER_OWN)
    return e


def assert_exactly(final, route):
    expected = ROUTES[route][2]
    claude = {k: v for k, v in final.items() if k.startswith(CLAUDE_PREFIXES) and k not in NOT_ROUTE}
    want = {k: v for k, v in expected.items() if k.startswith(CLAUDE_PREFIXES)}
    assert claude == want
    for var, value in expected.items():
        assert final.get(var) == value, var
    for var, value in NOT_ROUTE.items():
        assert final.get(var) == value
    for var, value in USER_OWN.items():
        if var not in expected:
            assert final.get(var) == value, f"{var} not restored"
    if route == "login":
        assert "CCSWITCH_ROUTE" not in final and "CCSWITCH_STATE" not in final
    else:
        assert final["CCSWITCH_ROUTE"] == route
    assert not any(CANARY in v for v in final.values()), "a stale secret survived the switch"


SHELL_NAMES = list(SHELLS)


@pytest.mark.parametrize("shell", SHELL_NAMES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_use_from_dirty_shell_leaves_exactly_the_route(store_env, shell, route, tmp_path):
    step = "reset" if route == "login" else f"use {route}"
    final, _err = env_after(SHELLS[shell], [step], dirty(store_env), tmp_path)
    assert_exactly(final, route)


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_chain_of_switches_restores_what_routes_overwrote(store_env, shell, tmp_path):
    chain = ["br", "gw", "br", "vx", "hp", "fd", "fu", "ak", "oa", "login"]
    steps = ["reset" if r == "login" else f"use {r}" for r in chain]
    envs, _ = envs_after(SHELLS[shell], steps, dirty(store_env), tmp_path)
    for route, final in zip(chain, envs):
        assert_exactly(final, route)


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_failed_use_changes_nothing(store_env, shell, tmp_path):
    """A bad switch prints nothing on stdout, so even an unguarded eval changes nothing."""
    final, err = env_after(SHELLS[shell], ["use gw", "use nosuch"], dirty(store_env), tmp_path)
    assert_exactly(final, "gw")
    assert "no route named 'nosuch'" in err
