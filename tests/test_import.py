"""`ccswitch import`: real .env files, a live environment, Claude Code settings files (with
--remove-secrets), ccswitch's TOML export, and the stores of cc-switch and ccs built from their
documented formats.  Secrets land in a real Secret Service (kenv); the canary never shows up in
a message, the store, or (after --remove-secrets) any file under the home.
"""

import json
import os
import sqlite3
import stat
import tomllib

import pytest
from hypothesis import given, strategies as st
from hypothesis import settings as hsettings

from conftest import CANARY, keyring_get, run_on_pty

OTHER = "sk-ant-OTHER-secret-value-0123456789abcdef"


def files_under(root):
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            yield os.path.join(dirpath, f)


def files_with(root, needle):
    hits = []
    for path in files_under(root):
        with open(path, "rb") as f:
            if needle.encode() in f.read():
                hits.append(path)
    return hits


def route(env, name):
    """A route as the store holds it: kind, fields, its --set variables and its secret sources."""
    table = tomllib.loads(env.store.read_text())["routes"][name]
    fields = {k: v for k, v in table.items() if k not in ("kind", "env", "secrets")}
    return {"kind": table["kind"], "fields": fields, "env": table.get("env", {}), "secrets": table.get("secrets", {})}


def no_keyring_env(tmp_path, name="nk-home"):
    from conftest import Env

    home = tmp_path / name
    home.mkdir()
    return Env(home, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


def names(env):
    return env.ok("list", "--names").out.split()


def assert_clean_failure(r, *secrets):
    assert r.returncode != 0, r.err
    assert r.out == ""
    assert "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    for s in secrets:
        assert s not in r.err


# ----------------------------------------------------------------------------- dotenv


DOTENV = f"""\
# Claude Code through the team gateway
export ANTHROPIC_BASE_URL="https://gw.example.test/anthropic"   # a trailing comment
ANTHROPIC_AUTH_TOKEN='{CANARY}'
ANTHROPIC_MODEL=claude-sonnet-4-5

ANTHROPIC_DEFAULT_HAIKU_MODEL = claude-haiku-4-5
ANTHROPIC_CUSTOM_HEADERS="X-Team: platform
X-Env: prod"
ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION='it\\'s "quoted" # not a comment'
DATABASE_URL=postgres://localhost/app
DB_PASSWORD={OTHER}
"""


def test_dotenv_with_quoting_comments_export_and_multiline_values(kenv, secret_service, tmp_path):
    path = tmp_path / "gw.env"
    path.write_text(DOTENV)
    r = kenv.ok("import", "dotenv", str(path), "--name", "gw")
    assert CANARY not in r.out + r.err and OTHER not in r.out + r.err
    assert "not imported: DATABASE_URL" in r.err and "not imported: DB_PASSWORD" in r.err
    assert "imported route 'gw' (gateway)" in r.err
    data = route(kenv, "gw")
    assert data["kind"] == "gateway"
    assert data["fields"] == {"base_url": "https://gw.example.test/anthropic", "model": "claude-sonnet-4-5"}
    assert data["env"]["ANTHROPIC_DEFAULT_HAIKU_MODEL"] == "claude-haiku-4-5"
    assert data["env"]["ANTHROPIC_DEFAULT_SONNET_MODEL_DESCRIPTION"] == 'it\'s "quoted" # not a comment'
    assert data["secrets"] == {"ANTHROPIC_AUTH_TOKEN": "keyring", "ANTHROPIC_CUSTOM_HEADERS": "keyring"}
    assert "DATABASE_URL" not in data["env"] and "DB_PASSWORD" not in data["secrets"]
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_CUSTOM_HEADERS") == "X-Team: platform\nX-Env: prod"
    assert keyring_get(secret_service, "ccswitch", "gw:DB_PASSWORD") == "<none>"
    assert files_with(kenv.home, CANARY) == []  # the store holds references only
    out = kenv.ok("use", "gw", "--shell", "sh").out
    assert f"export ANTHROPIC_AUTH_TOKEN='{CANARY}'" in out
    assert "export ANTHROPIC_CUSTOM_HEADERS='X-Team: platform\nX-Env: prod'" in out


def test_dotenv_expands_only_from_the_file_itself(env, tmp_path):
    path = tmp_path / "vx.env"
    path.write_text(
        "CLAUDE_CODE_USE_VERTEX=true\n"
        "HOST=https://vertex.example.test\n"
        "ANTHROPIC_VERTEX_BASE_URL=${HOST}/v1\n"
        "ANTHROPIC_VERTEX_PROJECT_ID=${PROJECT_FROM_SHELL}\n"
        "CLOUD_ML_REGION=${REGION:-us-east5}\n"
        "ANTHROPIC_DEFAULT_OPUS_MODEL_NAME='${HOST} stays'\n"
    )
    r = env.ok("import", "dotenv", str(path), "--name", "vx", env={"PROJECT_FROM_SHELL": "leaked-from-env", "REGION": "europe-west1"})
    data = route(env, "vx")
    assert data["kind"] == "vertex"
    assert data["fields"]["base_url"] == "https://vertex.example.test/v1"
    assert data["fields"]["project"] == "${PROJECT_FROM_SHELL}"  # never read from the environment
    assert data["fields"]["region"] == "us-east5"
    assert data["env"]["ANTHROPIC_DEFAULT_OPUS_MODEL_NAME"] == "${HOST} stays"
    assert "PROJECT_FROM_SHELL" in r.err and "not defined earlier in the file" in r.err
    assert "leaked-from-env" not in env.store.read_text()


def test_dotenv_bedrock_with_aws_variables(env, tmp_path):
    path = tmp_path / "br.env"
    path.write_text(
        "CLAUDE_CODE_USE_BEDROCK=1\nAWS_DEFAULT_REGION=us-west-2\nAWS_PROFILE=team\n"
        "ANTHROPIC_DEFAULT_SONNET_MODEL=us.anthropic.claude-sonnet-4-5-20250929-v1:0\n"
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH=1\nHTTPS_PROXY=http://proxy.example.test:3128\n"
    )
    env.ok("import", "dotenv", str(path), "--name", "br")
    data = route(env, "br")
    assert data["kind"] == "bedrock"
    assert data["fields"] == {"region": "us-west-2", "aws_profile": "team"}
    assert data["env"] == {
        "ANTHROPIC_DEFAULT_SONNET_MODEL": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
        "HTTPS_PROXY": "http://proxy.example.test:3128",
    }


def test_dotenv_unreadable_line_is_refused_and_nothing_saved(env, tmp_path):
    path = tmp_path / "bad.env"
    path.write_text(f"CLAUDE_CODE_USE_VERTEX=1\nthis line is not an assignment {CANARY}\nCLOUD_ML_REGION=x\n")
    r = env.run("import", "dotenv", str(path), "--name", "x")
    assert_clean_failure(r, CANARY)
    assert "line 2" in r.err
    assert not env.store.exists()


def test_missing_file_is_a_clear_error(env, tmp_path):
    r = env.run("import", "dotenv", str(tmp_path / "nope.env"), "--name", "x")
    assert_clean_failure(r)
    assert "no such .env file" in r.err


# ----------------------------------------------------------------------------- inference: conflicts


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"ANTHROPIC_AUTH_TOKEN": CANARY, "ANTHROPIC_API_KEY": OTHER, "ANTHROPIC_BASE_URL": "https://gw.example.test"},
         "--kind gateway keeps ANTHROPIC_AUTH_TOKEN, --kind api-key keeps ANTHROPIC_API_KEY"),
        ({"ANTHROPIC_API_KEY": CANARY, "CLAUDE_CODE_OAUTH_TOKEN": OTHER}, "ANTHROPIC_API_KEY and CLAUDE_CODE_OAUTH_TOKEN"),
        ({"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_USE_VERTEX": "1", "AWS_REGION": "r"},
         "both CLAUDE_CODE_USE_BEDROCK and CLAUDE_CODE_USE_VERTEX"),
        ({"ANTHROPIC_AUTH_TOKEN": CANARY}, "no ANTHROPIC_BASE_URL"),
        ({"ANTHROPIC_BASE_URL": "https://gw.example.test"}, "no credential"),
        ({"ANTHROPIC_MODEL": "claude-opus-4-1"}, "nothing route-like"),
        ({"CLAUDE_CODE_USE_MANTLE": "1", "ANTHROPIC_API_KEY": CANARY}, "a mantle route needs --region"),
        ({"CLAUDE_CODE_USE_BEDROCK": "2", "AWS_REGION": "us-east-1"}, "nothing route-like"),
        ({"ANTHROPIC_API_KEY": "YOUR_API_KEY_HERE"}, "placeholder"),
    ],
)
def test_ambiguous_or_conflicting_input_is_refused(env, tmp_path, variables, message):
    path = tmp_path / "in.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in variables.items()))
    r = env.run("import", "dotenv", str(path), "--name", "x")
    assert_clean_failure(r, CANARY, OTHER)
    assert message in r.err
    assert r.returncode == 2
    assert not env.store.exists()


def test_kind_override_settles_a_conflict(kenv, secret_service, tmp_path):
    path = tmp_path / "both.env"
    path.write_text(f"ANTHROPIC_AUTH_TOKEN={OTHER}\nANTHROPIC_API_KEY={CANARY}\nANTHROPIC_BASE_URL=https://api.example.test\n")
    r = kenv.ok("import", "dotenv", str(path), "--name", "k", "--kind", "api-key")
    assert "not imported: ANTHROPIC_AUTH_TOKEN (the credential of gateway routes" in r.err
    data = route(kenv, "k")
    assert data["kind"] == "api-key" and data["fields"] == {"base_url": "https://api.example.test"}
    assert data["secrets"] == {"ANTHROPIC_API_KEY": "keyring"}
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == CANARY
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_AUTH_TOKEN") == "<none>"
    assert CANARY not in r.err and OTHER not in r.err


# ----------------------------------------------------------------------------- the live environment


def test_import_env_from_a_live_environment(kenv, secret_service):
    live = {
        "ANTHROPIC_BASE_URL": "https://gw.example.test",
        "ANTHROPIC_AUTH_TOKEN": CANARY,
        "ANTHROPIC_MODEL": "claude-opus-4-1",
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
        "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "60000",
        "AWS_PROFILE": "someone-elses",  # general, and not a gateway's
        "GITHUB_TOKEN": OTHER,  # the user's, not a route's: never read
        "EDITOR": "vi",
    }
    r = kenv.ok("import", "env", "--name", "live", env=live)
    assert CANARY not in r.out + r.err and OTHER not in r.out + r.err
    assert "GITHUB_TOKEN" not in r.err and "EDITOR" not in r.err
    assert "not imported: AWS_PROFILE" in r.err
    data = route(kenv, "live")
    assert data["kind"] == "gateway"
    assert data["env"] == {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "60000"}
    assert keyring_get(secret_service, "ccswitch", "live:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert keyring_get(secret_service, "ccswitch", "live:GITHUB_TOKEN") == "<none>"
    assert files_with(kenv.home, CANARY) == [] and files_with(kenv.home, OTHER) == []
    # switching to the imported route reproduces the route part of that environment
    out = kenv.ok("use", "live", "--shell", "sh").out
    for var in ("ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL"):
        assert f"export {var}='{live[var]}'" in out


def test_import_env_bedrock(kenv, secret_service):
    live = {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-central-1", "AWS_PROFILE": "team",
            "AWS_BEARER_TOKEN_BEDROCK": CANARY, "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": "us-east-1"}
    kenv.ok("import", "env", "--name", "br", env=live)
    data = route(kenv, "br")
    assert data["kind"] == "bedrock"
    assert data["fields"] == {"region": "eu-central-1", "aws_profile": "team"}
    assert data["secrets"] == {"AWS_BEARER_TOKEN_BEDROCK": "keyring"}
    assert keyring_get(secret_service, "ccswitch", "br:AWS_BEARER_TOKEN_BEDROCK") == CANARY


def test_import_env_refuses_an_environment_that_is_a_route_already(env):
    r = env.run("import", "env", "--name", "x", env={"CCSWITCH_ROUTE": "gw", "ANTHROPIC_API_KEY": CANARY})
    assert_clean_failure(r, CANARY)
    assert "ccswitch export gw" in r.err


# ----------------------------------------------------------------------------- Claude Code settings


SETTINGS = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "model": "opus",
    "env": {
        "ANTHROPIC_BASE_URL": "https://gw.example.test/anthropic",
        "ANTHROPIC_AUTH_TOKEN": CANARY,
        "DISABLE_TELEMETRY": "1",
        "ANTHROPIC_CUSTOM_HEADERS": f"X-Key: {OTHER}",
        "ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-4-5",
    },
    "permissions": {"allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"], "deny": []},
    "statusLine": {"type": "command", "command": "ccswitch statusline"},
    "includeCoAuthoredBy": False,
    "cleanupPeriodDays": 30,
    "note": "ça marche — unicode kept",
}


def write_settings(path, doc, indent=4):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=indent, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o640)
    return text


def snapshot(path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def test_settings_import_with_remove_secrets(kenv, secret_service):
    path = kenv.home / ".claude" / "settings.json"
    write_settings(path, SETTINGS, indent=4)
    r = kenv.ok("import", "claude-settings", "--name", "gw", "--remove-secrets")
    assert CANARY not in r.out + r.err and OTHER not in r.out + r.err
    assert "removed ANTHROPIC_AUTH_TOKEN, ANTHROPIC_CUSTOM_HEADERS from" in r.err
    assert "still sets ANTHROPIC_BASE_URL, ANTHROPIC_DEFAULT_SONNET_MODEL" in r.err
    assert "not imported: DISABLE_TELEMETRY" in r.err
    # the route, with its secrets in the real keyring
    data = route(kenv, "gw")
    assert data["kind"] == "gateway" and data["fields"] == {"base_url": "https://gw.example.test/anthropic"}
    assert data["secrets"] == {"ANTHROPIC_AUTH_TOKEN": "keyring", "ANTHROPIC_CUSTOM_HEADERS": "keyring"}
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_CUSTOM_HEADERS") == f"X-Key: {OTHER}"
    # the rewritten file: every other key, in order, with the original indent; the secrets gone
    expected = json.loads(json.dumps(SETTINGS))
    del expected["env"]["ANTHROPIC_AUTH_TOKEN"], expected["env"]["ANTHROPIC_CUSTOM_HEADERS"]
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(expected, indent=4, ensure_ascii=False) + "\n"
    assert list(json.loads(text)) == list(SETTINGS)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(path.parent) == ["settings.json"]  # no temporary file, no backup
    assert files_with(kenv.home, CANARY) == [] and files_with(kenv.home, OTHER) == []


@pytest.mark.parametrize("indent", [2, "\t", None])
def test_remove_secrets_keeps_the_files_own_layout(kenv, indent):
    path = kenv.home / "proj" / ".claude" / "settings.local.json"
    doc = {"env": {"ANTHROPIC_API_KEY": CANARY, "ANTHROPIC_MODEL": "m"}, "hooks": {"Stop": []}}
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(doc, indent=indent) + ("\n" if indent is not None else ""))
    kenv.ok("import", "claude-settings", str(path), "--name", "k", "--remove-secrets")
    expected = {"env": {"ANTHROPIC_MODEL": "m"}, "hooks": {"Stop": []}}
    assert path.read_text() == json.dumps(expected, indent=indent) + ("\n" if indent is not None else "")
    assert files_with(kenv.home, CANARY) == []


def test_remove_secrets_through_a_symlink_rewrites_the_target(kenv):
    real = kenv.home / "dotfiles" / "claude-settings.json"
    write_settings(real, {"env": {"CLAUDE_CODE_OAUTH_TOKEN": CANARY}, "theme": "dark"}, indent=2)
    link = kenv.home / ".claude" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(real)
    kenv.ok("import", "claude-settings", "--name", "o", "--remove-secrets")
    assert link.is_symlink()
    assert json.loads(real.read_text()) == {"env": {}, "theme": "dark"}
    assert files_with(kenv.home, CANARY) == []


HAND_WRITTEN = (
    '\ufeff{ "$schema":"x",\r\n'
    '  "cleanupPeriodDays" : 1e400,  "n": 1.50, "s": "caf\\u00e9",\r\n'
    '  "env": {"ANTHROPIC_API_KEY": "old-shadowed-value",\r\n'
    '\t"ANTHROPIC_BASE_URL":"https://gw.example.test",\r\n'
    '\t"ANTHROPIC_API_KEY" :\t"' + CANARY + '" ,\r\n'
    '\t"DISABLE_TELEMETRY": "1"},\r\n'
    '  "permissions": {"allow": ["Bash(ls)"], "allow": ["Bash(git *)"]}\r\n'
    '}'
)


def test_remove_secrets_changes_only_the_bytes_of_the_secret(kenv):
    """1e400 stays 1e400 (not Infinity, which Node's JSON.parse rejects), a duplicate key stays,
    the BOM, CRLF, tabs, odd spacing and escapes stay; the secret and the copy it shadowed go."""
    path = kenv.home / ".claude" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(HAND_WRITTEN.encode("utf-8"))
    kenv.ok("import", "claude-settings", "--name", "k", "--kind", "api-key", "--remove-secrets")
    expected = HAND_WRITTEN.replace('"ANTHROPIC_API_KEY": "old-shadowed-value",\r\n\t', "").replace(
        '\t"ANTHROPIC_API_KEY" :\t"' + CANARY + '" ,\r\n', "")
    assert path.read_bytes() == expected.encode("utf-8")
    assert "1e400" in path.read_text() and path.read_text().count('"allow"') == 2
    assert files_with(kenv.home, CANARY) == []


@pytest.mark.parametrize("layout", ["first", "last", "only", "middle"])
def test_remove_secrets_leaves_valid_json_wherever_the_entry_stands(kenv, layout):
    entries = {"first": ['"ANTHROPIC_API_KEY": "K"', '"A": "1"', '"B": "2"'],
               "last": ['"A": "1"', '"B": "2"', '"ANTHROPIC_API_KEY": "K"'],
               "only": ['"ANTHROPIC_API_KEY": "K"'],
               "middle": ['"A": "1"', '"ANTHROPIC_API_KEY": "K"', '"B": "2"']}[layout]
    text = '{\n  "env": {\n    ' + ",\n    ".join(entries).replace('"K"', '"' + CANARY + '"') + '\n  },\n  "x": 1e400\n}\n'
    path = kenv.home / "s.json"
    path.write_text(text)
    kenv.ok("import", "claude-settings", str(path), "--name", "k", "--remove-secrets")
    left = [e for e in entries if "ANTHROPIC_API_KEY" not in e]
    body = ('{\n    ' + ",\n    ".join(left) + '\n  }') if left else "{}"
    assert path.read_text() == '{\n  "env": ' + body + ',\n  "x": 1e400\n}\n'


def test_without_remove_secrets_the_file_is_left_alone_and_said_so(kenv):
    path = kenv.home / ".claude" / "settings.json"
    write_settings(path, SETTINGS)
    before = snapshot(path)
    r = kenv.ok("import", "claude-settings", str(path), "--name", "gw")
    assert snapshot(path) == before
    assert "still holds ANTHROPIC_AUTH_TOKEN, ANTHROPIC_CUSTOM_HEADERS in plain text" in r.err
    assert CANARY not in r.err


def test_settings_failures_leave_the_file_untouched(kenv, tmp_path):
    path = kenv.home / ".claude" / "settings.json"
    write_settings(path, SETTINGS)
    before = snapshot(path)
    kenv.ok("add", "gw", "--kind", "vertex", "--project", "p", "--region", "r")
    r = kenv.run("import", "claude-settings", "--name", "gw", "--remove-secrets")  # the name is taken
    assert_clean_failure(r, CANARY, OTHER)
    assert "exists already" in r.err
    broken = kenv.home / ".claude" / "broken.json"
    write_settings(broken, {"env": {"ANTHROPIC_AUTH_TOKEN": CANARY}})  # no base URL
    broken_before = snapshot(broken)
    r = kenv.run("import", "claude-settings", str(broken), "--name", "b", "--remove-secrets")
    assert_clean_failure(r, CANARY)
    assert snapshot(broken) == broken_before
    # no keyring at all: the route cannot be saved, so the file keeps its secret
    env = no_keyring_env(tmp_path)
    nk = env.home / ".claude" / "settings.json"
    write_settings(nk, SETTINGS)
    nk_before = snapshot(nk)
    r = env.run("import", "claude-settings", "--name", "gw", "--remove-secrets")
    assert_clean_failure(r, CANARY, OTHER)
    assert "keyring" in r.err
    assert snapshot(nk) == nk_before
    assert snapshot(path) == before
    assert "b" not in names(kenv) and "gw" not in names(env)


def test_invalid_settings_json_is_reported_with_its_line(env, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{\n  "env": {\n    "ANTHROPIC_API_KEY": "x",\n  }\n}\n')
    r = env.run("import", "claude-settings", str(path), "--name", "x")
    assert_clean_failure(r)
    assert "line 4" in r.err


def test_api_key_helper_becomes_a_helper_route(env):
    config = env.home / "cfg"
    write_settings(config / "settings.json", {
        "apiKeyHelper": "~/bin/get-key.sh",
        "env": {"ANTHROPIC_BASE_URL": "https://gw.example.test", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "300000"},
    })
    env.ok("import", "claude-settings", "--name", "hp", env={"CLAUDE_CONFIG_DIR": str(config)})
    data = route(env, "hp")
    assert data["kind"] == "helper"
    assert data["fields"] == {"command": "~/bin/get-key.sh", "base_url": "https://gw.example.test"}
    assert env.ok("claude-settings", "hp").out.strip() == '{"apiKeyHelper": "~/bin/get-key.sh"}'


# ----------------------------------------------------------------------------- cc-switch


CC_SWITCH_SCHEMA = """CREATE TABLE providers (
    id TEXT NOT NULL, app_type TEXT NOT NULL, name TEXT NOT NULL, settings_config TEXT NOT NULL,
    website_url TEXT, category TEXT, created_at INTEGER, sort_index INTEGER, notes TEXT, icon TEXT,
    icon_color TEXT, meta TEXT NOT NULL DEFAULT '{}', is_current BOOLEAN NOT NULL DEFAULT 0,
    in_failover_queue BOOLEAN NOT NULL DEFAULT 0, PRIMARY KEY (id, app_type))"""


def cc_switch_db(path, providers):
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute(CC_SWITCH_SCHEMA)
    for i, (ident, app, name, settings, current) in enumerate(providers):
        con.execute(
            "INSERT INTO providers (id, app_type, name, settings_config, sort_index, is_current) VALUES (?, ?, ?, ?, ?, ?)",
            (ident, app, name, json.dumps(settings), i, int(current)),
        )
    con.commit()
    con.close()


GLM = {"env": {"ANTHROPIC_BASE_URL": "https://open.bigmodel.cn/api/anthropic", "ANTHROPIC_AUTH_TOKEN": CANARY,
               "ANTHROPIC_DEFAULT_HAIKU_MODEL": "glm-4.5-air"}}


def test_cc_switch_database_all_providers(kenv, secret_service):
    db = kenv.home / ".cc-switch" / "cc-switch.db"
    cc_switch_db(db, [
        ("claude-official", "claude", "Claude Official", {"env": {}}, True),
        ("p-glm", "claude", "Zhipu GLM", GLM, False),
        ("p-kimi", "claude", "Kimi", {"env": {"ANTHROPIC_BASE_URL": "https://api.moonshot.cn/anthropic", "ANTHROPIC_API_KEY": OTHER}}, False),
        ("p-glm2", "claude", "Zhipu GLM", {"env": {"ANTHROPIC_BASE_URL": "https://glm.example.test", "ANTHROPIC_AUTH_TOKEN": "tok-2"}}, False),
        ("p-empty", "claude", "New Provider", {"env": {"ANTHROPIC_BASE_URL": "https://x.example.test", "ANTHROPIC_AUTH_TOKEN": ""}}, False),
        ("p-taken", "claude", "Taken", {"env": {"ANTHROPIC_API_KEY": "tok-3"}}, False),
        ("p-codex", "codex", "OpenAI", {"auth": {"OPENAI_API_KEY": "sk-openai"}, "config": ""}, True),
    ])
    before = db.read_bytes()
    kenv.ok("add", "taken", "--kind", "vertex", "--project", "p", "--region", "r")
    listing = kenv.ok("import", "cc-switch")
    assert "p-glm" in listing.out and "zhipu-glm" in listing.out and "zhipu-glm-2" in listing.out
    assert "p-codex" not in listing.out and names(kenv) == ["login", "taken"]
    r = kenv.ok("import", "cc-switch", "--all")
    assert CANARY not in r.out + r.err and OTHER not in r.out + r.err
    assert "imported 'Zhipu GLM' as 'zhipu-glm'" in r.err
    assert "skipped 'Claude Official' as 'claude-official': no credential" in r.err
    assert "skipped 'Taken' as 'taken': a route named 'taken' exists already" in r.err
    assert "3 imported, 3 skipped, 0 failed" in r.err
    assert names(kenv) == ["login", "kimi", "taken", "zhipu-glm", "zhipu-glm-2"]
    glm = route(kenv, "zhipu-glm")
    assert glm["kind"] == "gateway" and glm["fields"] == {"base_url": "https://open.bigmodel.cn/api/anthropic"}
    assert glm["env"] == {"ANTHROPIC_DEFAULT_HAIKU_MODEL": "glm-4.5-air"}
    assert route(kenv, "kimi")["kind"] == "api-key"
    assert keyring_get(secret_service, "ccswitch", "zhipu-glm:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert keyring_get(secret_service, "ccswitch", "kimi:ANTHROPIC_API_KEY") == OTHER
    assert db.read_bytes() == before  # opened read-only
    assert files_with(kenv["CCSWITCH_HOME"], CANARY) == []


def test_cc_switch_one_provider_under_a_chosen_name(kenv, secret_service):
    cc_switch_db(kenv.home / ".cc-switch" / "cc-switch.db", [("p-glm", "claude", "Zhipu GLM", GLM, True)])
    kenv.ok("import", "cc-switch", "--provider", "p-glm", "--name", "glm")
    assert names(kenv) == ["login", "glm"]
    assert keyring_get(secret_service, "ccswitch", "glm:ANTHROPIC_AUTH_TOKEN") == CANARY
    r = kenv.run("import", "cc-switch", "--provider", "nosuch")
    assert_clean_failure(r)


@pytest.mark.parametrize("version", [1, 2])
def test_cc_switch_config_json(env, version):
    providers = {
        "bedrock-team": {"id": "bedrock-team", "name": "Team Bedrock", "settingsConfig": {"env": {
            "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-west-2", "AWS_PROFILE": "team"}}},
        "vx": {"id": "vx", "name": "Vertex (prod)", "settingsConfig": {"env": {
            "CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "prod-123", "CLOUD_ML_REGION": "global"}}},
    }
    manager = {"providers": providers, "current": "vx"}
    doc = {"version": 2, "claude": manager, "codex": {"providers": {}, "current": ""}} if version == 2 else manager
    write_settings(env.home / ".cc-switch" / "config.json", doc, indent=2)
    r = env.ok("import", "cc-switch", "--all")
    assert "2 imported, 0 skipped, 0 failed" in r.err
    assert names(env) == ["login", "team-bedrock", "vertex-prod"]
    assert route(env, "vertex-prod")["fields"] == {"project": "prod-123", "region": "global"}


# ----------------------------------------------------------------------------- ccs


def test_ccs_profiles(kenv, secret_service):
    ccs = kenv.home / ".ccs"
    write_settings(ccs / "glm.settings.json", GLM, indent=2)
    write_settings(ccs / "kimi.settings.json", {"env": {
        "ANTHROPIC_BASE_URL": "https://api.kimi.com/coding/", "ANTHROPIC_AUTH_TOKEN": "YOUR_KIMI_API_KEY_HERE"}}, indent=2)
    write_settings(ccs / "custom.settings.json", {"env": {
        "ANTHROPIC_BASE_URL": "https://llm.example.test", "ANTHROPIC_AUTH_TOKEN": OTHER, "ANTHROPIC_MODEL": "custom-1"}}, indent=2)
    write_settings(ccs / "profiles" / "old" / "settings.json", {"env": {"ANTHROPIC_API_KEY": "old-key"}}, indent=2)
    write_settings(kenv.home / ".claude" / "settings.json", {"env": {}}, indent=2)
    write_settings(ccs / "config.json", {"profiles": {
        "glm": "~/.ccs/glm.settings.json", "kimi": "~/.ccs/kimi.settings.json", "default": "~/.claude/settings.json"}}, indent=2)
    listing = kenv.ok("import", "ccs")
    assert "glm" in listing.out and "placeholder" in listing.out
    r = kenv.ok("import", "ccs", "--all")
    assert CANARY not in r.out + r.err and OTHER not in r.out + r.err
    assert "3 imported, 2 skipped, 0 failed" in r.err
    assert "skipped 'default'" in r.err and "ccswitch import claude-settings" in r.err
    assert "skipped 'kimi'" in r.err and "placeholder" in r.err
    assert names(kenv) == ["login", "custom", "glm", "old"]
    assert route(kenv, "custom")["fields"] == {"base_url": "https://llm.example.test", "model": "custom-1"}
    assert keyring_get(secret_service, "ccswitch", "glm:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert keyring_get(secret_service, "ccswitch", "custom:ANTHROPIC_AUTH_TOKEN") == OTHER
    # one profile file on its own, under another name
    kenv.ok("import", "ccs", str(ccs / "glm.settings.json"), "--profile", "glm", "--name", "glm-again")
    assert keyring_get(secret_service, "ccswitch", "glm-again:ANTHROPIC_AUTH_TOKEN") == CANARY
    r = kenv.run("import", "ccs", "--profile", "kimi")
    assert_clean_failure(r)
    assert "placeholder" in r.err


def test_peer_batch_stops_cleanly_without_a_keyring(env):
    cc_switch_db(env.home / ".cc-switch" / "cc-switch.db", [("p-glm", "claude", "Zhipu GLM", GLM, True)])
    r = env.run("import", "cc-switch", "--all")
    assert r.returncode != 0 and CANARY not in r.err and "Traceback" not in r.err
    assert "PYTHON_KEYRING_BACKEND" in r.err
    assert names(env) == ["login"]


# ----------------------------------------------------------------------------- ccswitch's own exports


def test_toml_export_of_a_whole_store_imports_every_route(env, tmp_path):
    env.ok("add", "v1", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "ANTHROPIC_DEFAULT_OPUS_MODEL=o")
    env.ok("add", "b1", "--kind", "bedrock", "--region", "us-east-1", "--secret-env", "MY_BEDROCK_TOKEN")
    copy = tmp_path / "routes.toml"
    copy.write_bytes(env.store.read_bytes())
    other = no_keyring_env(tmp_path, "other-home")
    other.ok("add", "v1", "--kind", "vertex", "--project", "q", "--region", "r")
    r = other.ok("import", "toml", str(copy))
    assert "1 imported, 1 skipped, 0 failed" in r.err
    assert route(other, "b1") == route(env, "b1")
    assert route(other, "v1")["fields"]["project"] == "q"


def test_reference_only_export_asks_for_the_keyring_value_on_a_terminal(kenv, secret_service, tmp_path):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input=CANARY)
    exported = tmp_path / "k.env"
    exported.write_text(kenv.ok("export", "k").out)
    kenv.ok("rm", "k")
    r = kenv.run("import", "dotenv", str(exported), "--name", "k")  # no terminal, no value
    assert_clean_failure(r, CANARY)
    assert "--reveal" in r.err and "k" not in names(kenv)
    code, output, sent = run_on_pty(kenv, "import", "dotenv", str(exported), "--name", "k", answer="typed-in-secret")
    assert code == 0 and sent, output
    assert b"typed-in-secret" not in output
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "typed-in-secret"


_json_scalars = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(),
                          st.floats(allow_nan=False, allow_infinity=False))
_json_values = st.recursive(_json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8)


@hsettings(max_examples=300, deadline=None)
@given(
    others=st.dictionaries(st.from_regex(r"[A-Z_]{1,6}", fullmatch=True), _json_values, max_size=4),
    secrets=st.dictionaries(st.sampled_from(["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "X_KEY"]),
                            st.text(min_size=1, max_size=12), min_size=1, max_size=3),
    top=st.dictionaries(st.text(max_size=5).filter(lambda k: k != "env"), _json_values, max_size=3),
    indent=st.sampled_from([None, 0, 2, "\t"]),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : ")]),
    ascii_only=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_removing_secrets_only_deletes_their_bytes(others, secrets, top, indent, separators, ascii_only, order):
    """Property: whatever the layout, the result parses to the document without those entries,
    and it is the original text with spans deleted, nothing rewritten."""
    import difflib

    from ccswitch.importers import without_secrets

    env = {k: v for k, v in others.items() if k not in secrets}
    items = list(env.items()) + list(secrets.items())
    order.shuffle(items)
    doc = dict(top, env=dict(items))
    text = json.dumps(doc, indent=indent, separators=separators, ensure_ascii=ascii_only)
    out, gone = without_secrets(text, json.loads(text), secrets)
    assert sorted(gone) == sorted(secrets)
    assert json.loads(out) == dict(top, env=env)
    ops = difflib.SequenceMatcher(None, text, out, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "delete") for tag, *_ in ops)
