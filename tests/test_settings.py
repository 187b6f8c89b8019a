"""The settings layers and the precedence ladder, built in temporary homes and project folders."""

import json
import subprocess
import sys

import pytest

from ccswitch import resolve, settings
from truthkit import CANARY, need, tenv  # noqa: F401


def write(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj))
    return path


@pytest.fixture
def box(tmp_path):
    """A home, a managed folder and a project, as an environment dict and paths."""
    home = tmp_path / "home"
    managed = tmp_path / "managed"
    project = tmp_path / "work" / "repo"
    for d in (home, managed, project):
        d.mkdir(parents=True)
    env = {"HOME": str(home), settings.MANAGED_DIR_VAR: str(managed)}

    class Box:
        pass

    b = Box()
    b.home, b.managed, b.project, b.env = home, managed, project, env
    return b


def load(box, cwd=None, env=None):
    return settings.load({**box.env, **(env or {})}, str(cwd or box.project))


def scopes(layers):
    return [(layer.scope, layer.path) for layer in layers.layers]


# ----------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "platform, expected",
    [
        ("linux", "/etc/claude-code"),
        ("darwin", "/Library/Application Support/ClaudeCode"),
        ("win32", "C:\\Program Files\\ClaudeCode"),
    ],
)
def test_managed_folder_per_os(platform, expected):
    assert settings.managed_dir({}, platform) == expected
    assert settings.managed_dir({settings.MANAGED_DIR_VAR: "/x"}, platform) == "/x"


def test_every_layer_is_found_highest_first(box):
    write(box.managed / "managed-settings.json", {"env": {"A": "managed"}})
    write(box.managed / "managed-settings.d" / "10-a.json", {"env": {"A": "dropin-10"}})
    write(box.managed / "managed-settings.d" / "20-b.json", {"env": {"A": "dropin-20"}})
    write(box.managed / "managed-settings.d" / "notes.txt", "ignored")
    write(box.project / ".claude" / "settings.local.json", {"env": {"A": "local"}})
    write(box.project / ".claude" / "settings.json", {"env": {"A": "project"}})
    write(box.home / ".claude" / "settings.json", {"env": {"A": "user"}})
    layers = load(box)
    assert [s for s, _ in scopes(layers)] == ["managed", "managed", "managed", "local", "project", "user"]
    assert layers.layers[0].path.endswith("20-b.json")  # later drop-in over earlier, over the file
    assert layers.env_sources()["A"][0][0] == "dropin-20"
    assert [v for v, _ in layers.env_sources(("local", "project", "user"))["A"]] == ["local", "project", "user"]


def test_claude_config_dir_replaces_the_user_folder(box, tmp_path):
    write(box.home / ".claude" / "settings.json", {"model": "home"})
    cfg = tmp_path / "cfg"
    write(cfg / "settings.json", {"model": "config-dir"})
    write(cfg / ".claude.json", {"customApiKeyResponses": {"approved": ["x" * 20], "rejected": []}})
    layers = load(box, env={"CLAUDE_CONFIG_DIR": str(cfg)})
    assert layers.first("model")[0] == "config-dir"
    assert layers.key_decision("y" + "x" * 20) == "approved"
    assert load(box).first("model")[0] == "home"


def test_project_is_found_walking_up_to_the_repository_root(box):
    need("git")
    subprocess.run(["git", "init", "-q", str(box.project)], check=True)
    write(box.project / ".claude" / "settings.json", {"model": "repo"})
    deep = box.project / "src" / "pkg"
    deep.mkdir(parents=True)
    layers = load(box, cwd=deep)
    assert layers.project_dir == str(box.project) and layers.repo_root == str(box.project)
    assert layers.first("model") [0] == "repo"
    # a .claude above the repository root is not the project's
    write(box.project.parent / ".claude" / "settings.json", {"model": "above"})
    assert load(box, cwd=deep).first("model")[0] == "repo"


def test_outside_a_repository_only_the_current_folder_counts(box):
    write(box.project / ".claude" / "settings.json", {"model": "here"})
    sub = box.project / "sub"
    sub.mkdir()
    assert load(box, cwd=box.project).first("model")[0] == "here"
    layers = load(box, cwd=sub)
    assert layers.project_dir is None and layers.first("model") == (None, None)


def test_the_home_folder_is_not_its_own_project(box):
    write(box.home / ".claude" / "settings.json", {"model": "user"})
    layers = load(box, cwd=box.home)
    assert [s for s, _ in scopes(layers)] == ["user"]


def test_only_route_keys_are_kept(box):
    write(box.home / ".claude" / "settings.json", {
        "env": {"A": "1", "N": 3, "B": True}, "apiKeyHelper": "h", "model": "m", "forceLoginMethod": "console",
        "awsAuthRefresh": "r", "awsCredentialExport": "e", "permissions": {"allow": []}, "theme": "dark",
    })
    (layer,) = load(box).layers
    assert sorted(layer.data) == sorted(settings.KEYS)
    assert layer.env == {"A": "1", "N": "3", "B": "true"}


@pytest.mark.parametrize(
    "content, message",
    [
        ('{\n  "env": {\n    "A": "1",\n  }\n}', "invalid JSON at line 4"),
        ("[1, 2]", "top level is not a JSON object"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_malformed_files_are_reported_with_path_and_line(box, content, message):
    path = box.home / ".claude" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    layers = load(box)
    (layer,) = layers.errors()
    assert layer.error.startswith(str(path)) and message in layer.error


def test_a_bad_env_value_is_a_problem_not_a_crash(box):
    write(box.home / ".claude" / "settings.json", {"env": {"A": {"nested": 1}, "B": "ok"}, "model": 4})
    (layer,) = load(box).layers
    assert layer.env == {"B": "ok"}
    assert any("env.A is not a string" in p for p in layer.problems)
    assert any("'model' is not a string" in p for p in layer.problems)


def test_api_key_approvals_by_last_20_characters(box):
    write(box.home / ".claude.json", {"customApiKeyResponses": {"approved": [CANARY[-20:]], "rejected": ["r" * 20]}})
    layers = load(box)
    assert layers.key_decision(CANARY) == "approved"
    assert layers.key_decision("xx" + "r" * 20) == "rejected"
    assert layers.key_decision("something-else-entirely") is None


# ----------------------------------------------------------------------------- the ladder


def res(box, env, **kw):
    return resolve.resolve({**box.env, **env}, load(box, env=env), **kw)


@pytest.mark.parametrize(
    "env, kind, source",
    [
        ({}, "login", "login"),
        ({"CLAUDE_CODE_OAUTH_TOKEN": CANARY}, "oauth-token", "CLAUDE_CODE_OAUTH_TOKEN"),
        ({"CLAUDE_CODE_OAUTH_TOKEN": CANARY, "ANTHROPIC_API_KEY": CANARY}, "api-key", "ANTHROPIC_API_KEY"),
        ({"ANTHROPIC_API_KEY": CANARY, "ANTHROPIC_AUTH_TOKEN": CANARY}, "gateway", "ANTHROPIC_AUTH_TOKEN"),
        ({"ANTHROPIC_AUTH_TOKEN": "", "ANTHROPIC_API_KEY": CANARY}, "api-key", "ANTHROPIC_API_KEY"),  # "" is unset
        ({"CLAUDE_CODE_USE_BEDROCK": "1", "ANTHROPIC_AUTH_TOKEN": CANARY}, "bedrock", "the default AWS credential chain"),
        ({"CLAUDE_CODE_USE_BEDROCK": "", "ANTHROPIC_AUTH_TOKEN": CANARY}, "gateway", "ANTHROPIC_AUTH_TOKEN"),
        ({"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global"}, "vertex", "Google Application Default Credentials"),
        ({"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "r", "ANTHROPIC_FOUNDRY_API_KEY": CANARY}, "foundry", "ANTHROPIC_FOUNDRY_API_KEY"),
        ({"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_BEARER_TOKEN_BEDROCK": CANARY}, "bedrock", "AWS_BEARER_TOKEN_BEDROCK"),
    ],
)
def test_credential_precedence(box, env, kind, source):
    data = res(box, env)
    assert data["kind"] == kind
    assert data["credential"]["source"] == source
    assert CANARY not in json.dumps(data)


def test_api_key_helper_sits_between_the_key_and_the_oauth_token(box):
    write(box.home / ".claude" / "settings.json", {"apiKeyHelper": "print-key"})
    data = res(box, {"CLAUDE_CODE_OAUTH_TOKEN": CANARY})
    assert data["kind"] == "helper" and data["credential"]["origin"].endswith("settings.json")
    assert res(box, {"ANTHROPIC_API_KEY": CANARY})["kind"] == "api-key"


def test_settings_env_beats_the_process_environment(box):
    write(box.home / ".claude" / "settings.json", {"env": {"ANTHROPIC_BASE_URL": "https://settings.example", "ANTHROPIC_AUTH_TOKEN": CANARY}})
    data = res(box, {"ANTHROPIC_BASE_URL": "https://shell.example", "ANTHROPIC_AUTH_TOKEN": "shell-token-123456789"})
    assert data["endpoint"]["url"] == "https://settings.example"
    assert data["credential"]["origin"] == str(box.home / ".claude" / "settings.json")
    assert data["credential"]["masked"] == "…" + CANARY[-4:]
    var = {v["name"]: v for v in data["variables"]}
    assert var["ANTHROPIC_AUTH_TOKEN"]["shadows"] == "environment" and var["ANTHROPIC_AUTH_TOKEN"]["value"] == "…" + CANARY[-4:]


def test_model_precedence(box):
    write(box.home / ".claude" / "settings.json", {"model": "from-settings"})
    assert res(box, {"ANTHROPIC_DEFAULT_MODEL": "d"})["model"]["value"] == "from-settings"
    assert res(box, {"ANTHROPIC_MODEL": "env"})["model"]["source"] == "ANTHROPIC_MODEL"
    (box.home / ".claude" / "settings.json").unlink()
    assert res(box, {"ANTHROPIC_DEFAULT_MODEL": "d"})["model"]["source"] == "ANTHROPIC_DEFAULT_MODEL"
    assert res(box, {})["model"]["value"] is None


def test_provider_endpoints(box):
    data = res(box, {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-3"})
    assert data["endpoint"]["url"] == "https://bedrock-runtime.eu-west-3.amazonaws.com"
    data = res(box, {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "us-east5", "ANTHROPIC_VERTEX_PROJECT_ID": "p1",
                     "GOOGLE_CLOUD_PROJECT": "p2"})
    assert data["endpoint"]["url"] == "https://us-east5-aiplatform.googleapis.com" and data["endpoint"]["project"] == "p2"
    data = res(box, {"CLAUDE_CODE_USE_FOUNDRY": "1", "ANTHROPIC_FOUNDRY_RESOURCE": "res"})
    assert data["endpoint"]["url"] == "https://res.services.ai.azure.com/anthropic"


def test_shadows_of_one_route(box):
    write(box.home / ".claude" / "settings.json", {"env": {"ANTHROPIC_BASE_URL": "https://other", "ANTHROPIC_MODEL": "m", "FOO": "x"}})
    layers = load(box)
    found = resolve.shadows({"ANTHROPIC_BASE_URL": "https://mine", "ANTHROPIC_AUTH_TOKEN": CANARY}, layers)
    assert [(s["variable"], s["problem"]) for s in found] == [("ANTHROPIC_BASE_URL", "overrides"), ("ANTHROPIC_MODEL", "adds")]
    assert resolve.shadows({"ANTHROPIC_BASE_URL": "https://other", "ANTHROPIC_MODEL": "m"}, layers) == []


def test_use_hot_path_imports_no_json_without_settings_files(tenv):
    tenv.ok("add", "v", "--kind", "vertex", "--project", "p", "--region", "us-east5")
    code = (
        "import sys; from ccswitch.__main__ import main; rc = main(['use', 'v', '--shell', 'bash']); "
        "sys.stderr.write(repr(sorted(m for m in ('json', 'click', 'ccswitch.resolve') if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=dict(tenv), cwd=str(tenv.project), capture_output=True)
    assert done.returncode == 0
    assert done.stderr.decode().endswith("[]")
    tenv.write(tenv.user_settings, {"env": {"ANTHROPIC_MODEL": "x"}})
    done = subprocess.run([sys.executable, "-c", code], env=dict(tenv), cwd=str(tenv.project), capture_output=True)
    assert "'json'" in done.stderr.decode() and "ANTHROPIC_MODEL" in done.stderr.decode()
