"""`ccswitch export`: no secret in any export or message without --reveal (canary scan; a cmd:
source is not even run), --reveal refuses a terminal, and every format reads back — by
python-dotenv, json, tomllib and `ccswitch import` — into the same route.
"""

import io
import json
import os
import stat
import tomllib

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CANARY, keyring_get, run_on_pty

FORMATS = ["dotenv", "json", "toml"]
HOSTILE = "it's \"quoted\" \\ back\\slash $HOME ${HOME} `cmd` # not a comment\nsecond line\ttab ünï"


def store_table(env, name):
    return tomllib.loads(env.store.read_text())["routes"][name]


def gateway(kenv, name="gw", secret=CANARY):
    kenv.ok(
        "add", name, "--kind", "gateway", "--base-url", "https://gw.example.test/anthropic", "--model", "claude-sonnet-4-5",
        "--set", f"ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION={HOSTILE}", "--set", "ANTHROPIC_DEFAULT_HAIKU_MODEL=claude-haiku-4-5",
        "--secret-stdin", input=secret,
    )


def run_on_a_terminal(env, *args):
    """Run ccswitch with stdout (and stdin, stderr) on a pseudo-terminal: (exit code, output)."""
    code, output, _ = run_on_pty(env, *args)
    return code, output.decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_in_any_export_without_reveal(kenv, tmp_path, fmt):
    gateway(kenv)
    marker = tmp_path / "command-ran"
    source = tmp_path / "header-secret"
    source.write_text(f"X-Key: {CANARY}")
    kenv.ok("edit", "gw", "--secret-var", f"ANTHROPIC_CUSTOM_HEADERS=cmd:touch {marker}; cat {source}")
    r = kenv.ok("export", "gw", "--format", fmt)
    assert CANARY not in r.out + r.err
    assert not marker.exists(), "a cmd: secret source was run without --reveal"
    assert "keyring" in r.out and "cmd:touch" in r.out
    # and with --output: the file holds no secret either
    out = tmp_path / f"gw.{fmt}"
    r = kenv.ok("export", "gw", "--format", fmt, "--output", str(out))
    assert CANARY not in r.out + r.err and CANARY not in out.read_text()
    assert not marker.exists()
    # with --reveal the command runs and its output is the value; TOML keeps references as
    # references (the route itself) and reveals only keyring values
    r = kenv.ok("export", "gw", "--format", fmt, "--reveal")
    if fmt == "toml":
        assert not marker.exists() and "X-Key" not in r.out and CANARY in r.out
    else:
        assert marker.exists() and f"X-Key: {CANARY}" in r.out


def test_dotenv_export_reads_back_with_python_dotenv(kenv):
    gateway(kenv)
    kenv.ok("edit", "gw", "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=env:MY_HEADERS")
    text = kenv.ok("export", "gw").out
    assert text.startswith("# ccswitch export: route gw (kind gateway)\n")
    assert "# ANTHROPIC_AUTH_TOKEN: keyring\n" in text and "# ANTHROPIC_CUSTOM_HEADERS: env:MY_HEADERS\n" in text
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    assert values == {
        "ANTHROPIC_BASE_URL": "https://gw.example.test/anthropic",
        "ANTHROPIC_MODEL": "claude-sonnet-4-5",
        "ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION": HOSTILE,
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
    }
    revealed = kenv.ok("export", "gw", "--reveal", env={"MY_HEADERS": "X-Team: a\nX-Env: b"}).out
    values = dotenv_values(stream=io.StringIO(revealed), interpolate=False)
    assert values["ANTHROPIC_AUTH_TOKEN"] == CANARY
    assert values["ANTHROPIC_CUSTOM_HEADERS"] == "X-Team: a\nX-Env: b"


def test_dotenv_round_trip_with_reveal(kenv, secret_service, tmp_path):
    secret = CANARY + "'\"\\ $X ${Y} #z\nnext"
    gateway(kenv, secret=secret)
    before = store_table(kenv, "gw")
    out = tmp_path / "gw.env"
    r = kenv.ok("export", "gw", "--reveal", "--output", str(out))
    assert CANARY not in r.out + r.err and "keep it private" in r.err
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    kenv.ok("rm", "gw")
    r = kenv.ok("import", "dotenv", str(out), "--name", "gw")
    assert CANARY not in r.out + r.err
    assert store_table(kenv, "gw") == before
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_AUTH_TOKEN") == secret


def test_dotenv_round_trip_of_references_needs_no_keyring(env, tmp_path):
    env.ok("add", "br", "--kind", "bedrock", "--region", "us-west-2", "--aws-profile", "team", "--secret-env", "BEDROCK_TOKEN",
           "--secret-var", "AWS_SECRET_ACCESS_KEY=cmd:pass show aws/secret", "--set", "CLAUDE_CODE_SKIP_BEDROCK_AUTH=1",
           "--set", "MY_TEAM_SETTING=blue")
    env.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw", "--base-url", "https://gw.example.test")
    for name in ("br", "hp"):
        before = store_table(env, name)
        path = tmp_path / f"{name}.env"
        path.write_text(env.ok("export", name).out)
        env.ok("rm", name)
        if name == "br":  # a cmd: secret runs only when asked for
            refused = env.run("import", "dotenv", str(path), "--name", name)
            assert refused.returncode == 2 and "--allow-command" in refused.err
        env.ok("import", "dotenv", str(path), "--name", name, "--allow-command", "--allow-var", "MY_TEAM_SETTING")
        assert store_table(env, name) == before, name


def test_json_export_is_settings_shaped_and_reads_back(kenv, secret_service, tmp_path):
    gateway(kenv)
    before = store_table(kenv, "gw")
    doc = json.loads(kenv.ok("export", "gw", "--format", "json").out)
    assert doc["ccswitch"] == {"route": "gw", "kind": "gateway"}
    assert doc["env"]["ANTHROPIC_AUTH_TOKEN"] == {"secret": "keyring"}
    assert doc["env"]["ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION"] == HOSTILE
    revealed = kenv.ok("export", "gw", "--format", "json", "--reveal").out
    doc = json.loads(revealed)
    assert doc["env"]["ANTHROPIC_AUTH_TOKEN"] == CANARY
    assert all(isinstance(v, str) for v in doc["env"].values())  # a valid Claude Code settings env block
    path = tmp_path / "gw.json"
    path.write_text(revealed)
    kenv.ok("rm", "gw")
    kenv.ok("import", "claude-settings", str(path), "--name", "gw")
    assert store_table(kenv, "gw") == before
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_AUTH_TOKEN") == CANARY


def test_toml_export_is_the_store_table_and_reads_back(kenv, secret_service, tmp_path):
    gateway(kenv)
    kenv.ok("edit", "gw", "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=env:MY_HEADERS")
    before = store_table(kenv, "gw")
    plain = tomllib.loads(kenv.ok("export", "gw", "--format", "toml").out)
    assert plain == {"version": 1, "routes": {"gw": before}}
    revealed = kenv.ok("export", "gw", "--format", "toml", "--reveal").out
    doc = tomllib.loads(revealed)
    assert doc["secret_values"] == {"gw": {"ANTHROPIC_AUTH_TOKEN": CANARY}}  # references stay references
    path = tmp_path / "gw.toml"
    path.write_text(revealed)
    kenv.ok("rm", "gw")
    kenv.ok("import", "toml", str(path), "--name", "gw2")
    assert store_table(kenv, "gw2") == before
    assert keyring_get(secret_service, "ccswitch", "gw2:ANTHROPIC_AUTH_TOKEN") == CANARY


@pytest.mark.parametrize("fmt", FORMATS)
def test_reveal_refuses_a_terminal(kenv, fmt):
    gateway(kenv)
    code, output = run_on_a_terminal(kenv, "export", "gw", "--format", fmt, "--reveal")
    assert code == 2
    assert CANARY not in output
    assert "redirect it to a file or a pipe" in output and len(output.strip().splitlines()) == 1
    # without --reveal a terminal is fine: there is no secret in it
    code, output = run_on_a_terminal(kenv, "export", "gw", "--format", fmt)
    assert code == 0 and CANARY not in output and "keyring" in output


def test_reveal_to_a_file_from_a_terminal(kenv, tmp_path):
    gateway(kenv)
    out = tmp_path / "gw.env"
    code, output = run_on_a_terminal(kenv, "export", "gw", "--reveal", "--output", str(out))
    assert code == 0 and CANARY not in output
    assert f'ANTHROPIC_AUTH_TOKEN="{CANARY}"' in out.read_text()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "login"], "nothing to export"),
        (["export", "nosuch"], "no route named 'nosuch'"),
        (["export", "v", "--format", "yaml"], "'yaml' is not one of"),
    ],
)
def test_export_errors(env, args, message):
    env.ok("add", "v", "--kind", "vertex", "--project", "p", "--region", "r")
    r = env.run(*args)
    assert r.returncode != 0 and r.out == "" and message in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_reveal_of_a_missing_secret_prints_nothing(env):
    env.ok("add", "e", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-env", "NOT_SET_HERE")
    r = env.run("export", "e", "--reveal")
    assert r.returncode != 0 and r.out == "" and "$NOT_SET_HERE" in r.err


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.from_regex(r"[A-Z_][A-Z0-9_]{0,20}", fullmatch=True),
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), min_size=1),
        st.text(st.sampled_from("${}:-a'\"\\\r\n #="), min_size=1),  # quotes, escapes, line breaks, ${…}
    ),
    min_size=1, max_size=5,
))
def test_dotenv_quoting_round_trips_any_value(tmp_path_factory, values):
    """Every value ccswitch can hold survives ccswitch's one dotenv quoting (`export` and `use
    --shell dotenv` alike) -> python-dotenv, from a stream and from a file -> `import dotenv`'s reader."""
    from ccswitch.importers import read_dotenv
    from ccswitch.shells.dotenvfmt import _expands, quote

    text = "# ccswitch export: route x (kind vertex)\n" + "".join(f"{k}={quote(v)}\n" for k, v in values.items())
    assert dotenv_values(stream=io.StringIO(text), interpolate=False) == values
    path = tmp_path_factory.mktemp("q") / "x.env"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    # python-dotenv opens a file in text mode, which turns a raw CR into LF: only a single-quoted
    # value (one holding ${…}) keeps its CR raw, so only such a value with a CR changes
    from_file = dotenv_values(path, interpolate=False)
    assert {k: v for k, v in from_file.items() if not (_expands(values[k]) and "\r" in values[k])} == {
        k: v for k, v in values.items() if not (_expands(v) and "\r" in v)}
    # python-dotenv's default interpolation leaves every value without a ${…} as it was
    expanded = dotenv_values(stream=io.StringIO(text))
    assert {k: v for k, v in expanded.items() if not _expands(values[k])} == {k: v for k, v in values.items() if not _expands(v)}
    variables, _refs, _helper, kind, _notes = read_dotenv(str(path))
    assert kind == "vertex" and variables == values
