"""The switch plan and the parsers behind it, as plain functions."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccswitch import commands, routes, store, switch
from ccswitch.claudevars import ROUTE_VARS, is_route_var, is_secret_var, is_startup_var, looks_like_secret_value

names = st.from_regex(r"[A-Z_][A-Z0-9_]{0,20}", fullmatch=True).filter(
    lambda n: not n.startswith("CCSWITCH_") and not is_route_var(n) and not is_startup_var(n)
)
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=80)


@given(st.dictionaries(names, st.one_of(st.none(), text), max_size=8))
def test_state_roundtrips(saved):
    assert switch.decode_state(switch.encode_state(saved)) == saved


@given(st.text(max_size=200))
def test_decoding_garbage_state_never_fails(garbage):
    decoded = switch.decode_state(garbage)
    assert all(routes.is_env_name(k) for k in decoded)


def test_state_never_claims_route_own_or_startup_variables_even_with_a_valid_mac():
    entries = "ANTHROPIC_API_KEY=x;CCSWITCH_ROUTE=y;LD_PRELOAD=/evil.so;PATH=/evil;BASH_ENV;OK=z"
    assert switch.decode_state(f"2;{switch._mac(entries)};{entries}") == {"OK": "z"}


@pytest.mark.parametrize("forged", ["1;PATH=/evil", "1;PATH", "2;0123456789abcdef0123456789abcdef;PATH=/evil",
                                    "2;-;OK=z", "2;;OK=z", "OK=z"])
def test_a_state_that_does_not_authenticate_is_ignored_whole(forged):
    assert switch.decode_state(forged) == {}


def test_a_state_made_under_another_key_is_ignored(tmp_path, monkeypatch):
    state = switch.encode_state({"AWS_PROFILE": "mine"})
    assert switch.decode_state(state) == {"AWS_PROFILE": "mine"}
    monkeypatch.setenv("CCSWITCH_HOME", str(tmp_path / "another-account"))
    assert switch.decode_state(state) == {}


def plan_dict(env, name, route_env):
    p = switch.plan(env, name, route_env)
    return p.unset, dict(p.set)


def test_plan_unsets_the_whole_route_set_and_sets_the_route():
    unset, sets = plan_dict({"ANTHROPIC_API_KEY": "old", "VERTEX_REGION_CLAUDE_X": "r"}, "gw", {"ANTHROPIC_AUTH_TOKEN": "t"})
    assert set(ROUTE_VARS) - {"ANTHROPIC_AUTH_TOKEN"} <= set(unset)
    assert "VERTEX_REGION_CLAUDE_X" in unset and "ANTHROPIC_AUTH_TOKEN" not in unset
    assert sets == {"ANTHROPIC_AUTH_TOKEN": "t", "CCSWITCH_ROUTE": "gw", "CCSWITCH_PREVIOUS": "login"}
    assert "CCSWITCH_STATE" in unset
    assert unset == sorted(unset)


def test_plan_remembers_and_restores_overwritten_user_variables():
    env = {"AWS_PROFILE": "mine", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}
    unset, sets = plan_dict(env, "br", {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "work", "AWS_REGION": "eu"})
    assert sets["AWS_PROFILE"] == "work"
    assert switch.decode_state(sets["CCSWITCH_STATE"]) == {"AWS_PROFILE": "mine", "AWS_REGION": None}
    assert "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC" not in unset
    after = {**env, **sets}
    # br -> br2: the baseline is still the user's, not br's
    unset2, sets2 = plan_dict(after, "br2", {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_PROFILE": "other"})
    assert "AWS_REGION" in unset2  # br set it; the user had none
    assert switch.decode_state(sets2["CCSWITCH_STATE"]) == {"AWS_PROFILE": "mine"}
    unset3, sets3 = plan_dict({**after, **sets2}, "login", {})
    assert sets3 == {"AWS_PROFILE": "mine", "CCSWITCH_PREVIOUS": "br2"}
    assert "AWS_REGION" not in sets3 and {"CCSWITCH_ROUTE", "CCSWITCH_STATE"} <= set(unset3)


def test_login_unsets_ccswitch_markers():
    unset, sets = plan_dict({"CCSWITCH_ROUTE": "x"}, "login", {})
    assert sets == {"CCSWITCH_PREVIOUS": "x"} and "CCSWITCH_ROUTE" in unset  # `use -` goes back to x


@pytest.mark.parametrize("name", ["ANTHROPIC_API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "ANTHROPIC_CUSTOM_HEADERS"])
def test_secret_names(name):
    assert is_secret_var(name)


@pytest.mark.parametrize("name", ["CLAUDE_CODE_MAX_OUTPUT_TOKENS", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "AWS_PROFILE", "HTTPS_PROXY"])
def test_not_secret_names(name):
    assert not is_secret_var(name)


def test_secret_values():
    assert looks_like_secret_value("http://user:pw@proxy:3128")
    assert not looks_like_secret_value("http://proxy:3128")
    assert not looks_like_secret_value("user@example.com")


@settings(max_examples=60, deadline=None)
@given(env=st.dictionaries(names.filter(lambda n: not is_secret_var(n)), text.filter(bool), max_size=5), model=text.filter(lambda s: s.strip() and not any(c.isspace() for c in s)))
def test_any_route_roundtrips_through_the_toml_store(tmp_path_factory, env, model):
    """tomlkit writes what tomllib reads back, for any value a route may hold."""
    env = {k: v for k, v in env.items() if not looks_like_secret_value(v)}
    import os

    home = tmp_path_factory.mktemp("store")
    old = os.environ.get("CCSWITCH_HOME")
    os.environ["CCSWITCH_HOME"] = str(home)
    try:
        commands.add("r", "vertex", {"project": "p", "region": "r", "model": model}, env, {}, None, None)
        route = store.load()["r"]
        assert route.get("env", {}) == env and route["model"] == model
    finally:
        if old is None:
            del os.environ["CCSWITCH_HOME"]
        else:
            os.environ["CCSWITCH_HOME"] = old
