"""The client is the source of truth for which variables make a route.

scripts/client_vars.py reads the pinned client (npm @anthropic-ai/claude-code, installed by the
README's test command) and classifies every variable it reads in the route families; the
result is checked in as src/ccswitch/clientvars.py.  These tests fail when the pinned client
reads a route variable ccswitch does not know, when the checked-in table is stale, and when
`reset` or `use` leaves any of them behind.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccswitch import clientvars
from ccswitch.claudevars import RETIRED_VARS, ROUTE_VARS, SHARED_VARS, is_route_var, is_secret_var
from conftest import Env, need

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "client_vars.py"


def _script():
    spec = importlib.util.spec_from_file_location("client_vars", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


cv = _script()


def test_the_table_is_what_the_pinned_client_reads():
    need("claude")
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_table_comes_from_the_client_the_suite_pins():
    pinned = re.search(r"@anthropic-ai/claude-code@([0-9][^\s\"]*)", (ROOT / "scripts" / "test").read_text()).group(1)
    assert clientvars.CLIENT_VERSION == pinned
    need("claude")
    installed = json.loads((cv.PACKAGE / "package.json").read_text())["version"]
    assert installed == pinned, "the installed client is not the pinned one: rerun scripts/test"


def test_the_named_route_variables_of_the_issue_are_known():
    for name in (
        "CLAUDE_CODE_USE_GATEWAY",
        "ANTHROPIC_BEDROCK_MANTLE_API_KEY",
        "ANTHROPIC_BEDROCK_MANTLE_BASE_URL",
        "CLAUDE_CODE_SKIP_MANTLE_AUTH",
        "CLAUDE_CODE_OAUTH_REFRESH_TOKEN",
        "ANTHROPIC_IDENTITY_TOKEN",
        "ANTHROPIC_IDENTITY_TOKEN_FILE",
        "ANTHROPIC_PROFILE",
        "ANTHROPIC_FEDERATION_RULE_ID",
        "ANTHROPIC_ORGANIZATION_ID",
        "ANTHROPIC_SERVICE_ACCOUNT_ID",
        "ANTHROPIC_DEFAULT_FABLE_MODEL",
        "ANTHROPIC_DEFAULT_FABLE_MODEL_SUPPORTED_CAPABILITIES",
        "ANTHROPIC_CUSTOM_MODEL_OPTION_SUPPORTED_CAPABILITIES",
        "ANTHROPIC_UNIX_SOCKET",
        "VERTEX_REGION_CLAUDE_FABLE_5",
        "VERTEX_REGION_CLAUDE_99_FUTURE",
    ):
        assert is_route_var(name), name


def test_classes_are_consistent():
    assert not set(clientvars.ROUTE) & SHARED_VARS
    assert not set(ROUTE_VARS) & SHARED_VARS
    assert not set(clientvars.ROUTE) & set(clientvars.OTHER)
    assert set(clientvars.ROUTE.values()) <= set(clientvars.CLASSES)
    for name, cls in clientvars.ROUTE.items():
        assert (cls == "secret") == is_secret_var(name) or cls != "secret", name
        if cls == "secret":
            assert is_secret_var(name), name
    # the retired names are not read by the pinned client (else they belong to the table)
    assert not set(RETIRED_VARS) & (set(clientvars.ROUTE) | set(clientvars.OTHER))


@pytest.mark.parametrize(
    "name",
    [
        "CLAUDE_CODE_USE_NEWCLOUD",
        "CLAUDE_CODE_SKIP_NEWCLOUD_AUTH",
        "ANTHROPIC_NEWCLOUD_API_KEY",
        "ANTHROPIC_NEWCLOUD_BASE_URL",
        "CLAUDE_CODE_OAUTH_NEW_THING",
        "ANTHROPIC_SOMETHING",
    ],
)
def test_a_new_route_family_name_is_never_filed_away_as_other(name):
    """The catch-all rules must not swallow a new provider, credential or endpoint."""
    cls = cv.classify(name)
    assert cls is None or not cls.startswith("other:"), (name, cls)


@given(st.from_regex(r"[A-Z][A-Z0-9_]{0,20}[A-Z0-9]", fullmatch=True))
def test_no_provider_switch_of_any_name_is_other(suffix):
    for name in (f"CLAUDE_CODE_USE_{suffix}", f"ANTHROPIC_{suffix}_API_KEY", f"ANTHROPIC_{suffix}_BASE_URL"):
        cls = cv.classify(name)
        if name in clientvars.OTHER:
            continue
        assert cls is None or not cls.startswith("other:") or name.startswith("CLAUDE_CODE_USE_") and name in {
            "CLAUDE_CODE_USE_CCR_V2", "CLAUDE_CODE_USE_COWORK_PLUGINS", "CLAUDE_CODE_USE_NATIVE_FILE_SEARCH",
            "CLAUDE_CODE_USE_POWERSHELL_TOOL"}, (name, cls)


def test_candidates_come_from_the_registry_and_the_literals():
    code = (
        b'ft(a,{ANTHROPIC_AUTH_TOKEN:()=>x,FOO_BAR:()=>y});ft(b,{OTHER_THING:()=>z});'
        b'let u=process.env.CLAUDE_CODE_USE_NEWCLOUD,v=process.env["ANTHROPIC_ZED_API_KEY"];x.ANTHROPIC_'
    )
    found = cv.candidates(code)
    assert found == {
        "ANTHROPIC_AUTH_TOKEN": "registry",
        "FOO_BAR": "registry",
        "CLAUDE_CODE_USE_NEWCLOUD": "literal",
        "ANTHROPIC_ZED_API_KEY": "literal",
    }


def test_reset_unsets_every_route_variable_of_the_client(tmp_path):
    e = Env(tmp_path)
    stale = {name: "stale" for name in ROUTE_VARS}
    stale["VERTEX_REGION_CLAUDE_99_FUTURE"] = "europe-west1"
    shared = {name: "mine" for name in SHARED_VARS}
    done = e.ok("reset", "--shell", "json", env={**stale, **shared})
    plan = json.loads(done.out)
    unset = set(plan["unset"])
    assert set(stale) <= unset, sorted(set(stale) - unset)
    # what other tools own too is the user's: reset leaves it as it was
    touched = unset | set(plan["set"])
    assert not SHARED_VARS & touched, sorted(SHARED_VARS & touched)


def test_the_host_managed_set_is_read_with_its_spread_arrays():
    code = (
        b'var X=E(()=>{a1=["CLAUDE_CODE_USE_BEDROCK","CLOUD_ML_REGION"],b2=["ANTHROPIC_BASE_URL"],'
        b'S=new Set(["CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST",...a1,...b2,"ANTHROPIC_BEDROCK_SERVICE_TIER"]),'
        b'p=["VERTEX_REGION_CLAUDE_"];'
    )
    names, prefixes = cv.host_managed(code)
    assert names == ["CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST", "CLAUDE_CODE_USE_BEDROCK", "CLOUD_ML_REGION",
                     "ANTHROPIC_BASE_URL", "ANTHROPIC_BEDROCK_SERVICE_TIER"]
    assert prefixes == ["VERTEX_REGION_CLAUDE_"]
    assert set(names) - {"CLAUDE_CODE_PROVIDER_MANAGED_BY_HOST"} <= set(cv.candidates(code))
