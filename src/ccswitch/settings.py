"""Claude Code's settings layers, read the way Claude Code reads them (reference, section 3).

Highest first:

  managed     the administrator's policy: <dir>/managed-settings.json plus the drop-in folder
              <dir>/managed-settings.d/*.json (merged in name order, a later file over an
              earlier one, all of them over managed-settings.json).  <dir> is
              /etc/claude-code (Linux), /Library/Application Support/ClaudeCode (macOS),
              C:\\Program Files\\ClaudeCode (Windows), or $CCSWITCH_MANAGED_SETTINGS_DIR.
  local       <project>/.claude/settings.local.json   (personal, meant to be git-ignored)
  project     <project>/.claude/settings.json         (shared, committed)
  user        $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json

The project is the nearest folder, from the current directory up to the repository root (the
folder holding .git), with a .claude/settings.json or .claude/settings.local.json; outside a
repository only the current directory is looked at.  ~/.claude.json (or
$CLAUDE_CONFIG_DIR/.claude.json) holds the interactive approvals of API keys
(`customApiKeyResponses`, keyed by the key's last 20 characters).

From each file the keys that pick a route are kept: env, apiKeyHelper, model,
forceLoginMethod, awsAuthRefresh, awsCredentialExport.  A file that is not valid JSON is a
layer with an `error` (path and line), never an exception.

This module is on the hot path of `use` (the shadow check): it stats the candidate files and
imports json only when one of them exists.
"""

import os
import sys

MANAGED_DIR_VAR = "CCSWITCH_MANAGED_SETTINGS_DIR"
MANAGED_FILE = "managed-settings.json"
MANAGED_DROPIN = "managed-settings.d"
KEYS = ("env", "apiKeyHelper", "model", "forceLoginMethod", "awsAuthRefresh", "awsCredentialExport")
# Scopes from the highest precedence to the lowest.
SCOPES = ("managed", "local", "project", "user")
APPROVAL_TAIL = 20


class Layer:
    """One settings file: what it holds of the keys above, or why it could not be read."""

    __slots__ = ("scope", "path", "data", "error", "problems")

    def __init__(self, scope, path, data=None, error=None, problems=()):
        self.scope = scope  # managed, local, project, user
        self.path = path
        self.data = data or {}  # only the keys in KEYS, validated
        self.error = error  # the file could not be used at all (bad JSON, not an object...)
        self.problems = list(problems)  # one key could not be used (env value not a string...)

    @property
    def env(self):
        return self.data.get("env", {})

    def get(self, key):
        return self.data.get(key)

    def __repr__(self):  # pragma: no cover - debugging aid; never shows env values
        return f"Layer({self.scope!r}, {self.path!r}, keys={sorted(self.data)}, error={self.error!r})"


class Settings:
    """Every layer that exists, highest precedence first, and the API-key approvals."""

    def __init__(self, layers, project_dir=None, repo_root=None, approvals=None, claude_json=None):
        self.layers = layers
        self.project_dir = project_dir  # the folder whose .claude/ was read, or None
        self.repo_root = repo_root  # the folder holding .git, or None
        self.approvals = approvals  # {"approved": set, "rejected": set} of key tails, or None
        self.claude_json = claude_json  # Layer-like record of ~/.claude.json (path, error)

    def scoped(self, *scopes):
        return [layer for layer in self.layers if layer.scope in scopes]

    def first(self, key, scopes=SCOPES):
        """(value, layer) of the highest layer that sets `key`, or (None, None)."""
        for layer in self.layers:
            if layer.scope in scopes and not layer.error and key in layer.data:
                return layer.data[key], layer
        return None, None

    def env_sources(self, scopes=SCOPES):
        """{VAR: [(value, layer), …]} every settings env assignment, highest layer first."""
        result = {}
        for layer in self.layers:
            if layer.scope in scopes and not layer.error:
                for var, value in layer.env.items():
                    result.setdefault(var, []).append((value, layer))
        return result

    def errors(self):
        broken = [layer for layer in self.layers if layer.error]
        if self.claude_json is not None and self.claude_json.error:
            broken.append(self.claude_json)
        return broken

    def key_decision(self, key):
        """'approved', 'rejected' or None: what ~/.claude.json says about this API key."""
        if not self.approvals or not key:
            return None
        tail = key[-APPROVAL_TAIL:]
        if tail in self.approvals["rejected"]:
            return "rejected"
        if tail in self.approvals["approved"]:
            return "approved"
        return None


# ----------------------------------------------------------------------------- paths


def home_dir(env):
    return env.get("HOME") or env.get("USERPROFILE") or os.path.expanduser("~")


def user_config_dir(env, cwd=None):
    """~/.claude, or $CLAUDE_CONFIG_DIR, which replaces it: taken as the client takes it, so a
    set but empty one is the folder Claude Code starts in (seen with 2.1.197)."""
    explicit = env.get("CLAUDE_CONFIG_DIR")
    if explicit is None:
        return os.path.join(home_dir(env), ".claude")
    if not os.path.isabs(explicit):
        return os.path.join(os.path.abspath(cwd or "."), explicit)
    return explicit


def claude_json_path(env):
    explicit = env.get("CLAUDE_CONFIG_DIR")
    if explicit:
        return os.path.join(explicit, ".claude.json")
    return os.path.join(home_dir(env), ".claude.json")


def managed_dir(env, platform=None):
    explicit = env.get(MANAGED_DIR_VAR)
    if explicit:
        return explicit
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        return "/Library/Application Support/ClaudeCode"
    if platform == "win32":
        return "C:\\Program Files\\ClaudeCode"
    return "/etc/claude-code"


def repo_root(cwd):
    """The nearest folder from cwd upwards that holds .git (a folder or a worktree file), or None."""
    d = os.path.abspath(cwd)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def project_dir(cwd, env, root=None):
    """The folder whose .claude/settings*.json Claude Code reads as project and local settings."""
    cwd = os.path.abspath(cwd)
    root = repo_root(cwd) if root is None else root
    user_dir = os.path.normcase(os.path.abspath(user_config_dir(env)))
    d = cwd
    while True:
        claude_dir = os.path.join(d, ".claude")
        if os.path.normcase(claude_dir) != user_dir and (
            os.path.isfile(os.path.join(claude_dir, "settings.json"))
            or os.path.isfile(os.path.join(claude_dir, "settings.local.json"))
        ):
            return d
        if root is None or d == root:
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def candidate_paths(env, cwd):
    """[(scope, path)] of every settings file that exists, highest precedence first."""
    found = []
    mdir = managed_dir(env)
    dropin = os.path.join(mdir, MANAGED_DROPIN)
    try:
        names = sorted((n for n in os.listdir(dropin) if n.endswith(".json") and not n.startswith(".")), reverse=True)
    except OSError:
        names = []
    for n in names:
        path = os.path.join(dropin, n)
        if os.path.isfile(path):
            found.append(("managed", path))
    path = os.path.join(mdir, MANAGED_FILE)
    if os.path.isfile(path):
        found.append(("managed", path))
    root = repo_root(cwd)
    proj = project_dir(cwd, env, root)
    if proj is not None:
        for scope, name in (("local", "settings.local.json"), ("project", "settings.json")):
            path = os.path.join(proj, ".claude", name)
            if os.path.isfile(path):
                found.append((scope, path))
    path = os.path.join(user_config_dir(env, cwd), "settings.json")
    if os.path.isfile(path):
        found.append(("user", path))
    return found, proj, root


# ----------------------------------------------------------------------------- reading


def read_json(path):
    """(object, error): the parsed JSON of a file, or a one-line error naming path and line."""
    import json

    from . import files

    try:
        text = files.read_text(path)
    except files.Unreadable as e:
        return None, str(e)
    if not text.strip():
        return {}, None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"{path}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}"
    except RecursionError:
        return None, f"{path}: invalid JSON (nested too deeply)"
    if not isinstance(doc, dict):
        return None, f"{path}: the top level is not a JSON object"
    return doc, None


def read_layer(scope, path):
    doc, error = read_json(path)
    if error:
        return Layer(scope, path, error=error)
    data = {}
    problems = []
    for key in KEYS:
        if key not in doc:
            continue
        value = doc[key]
        if key == "env":
            if not isinstance(value, dict):
                problems.append(f"{path}: 'env' is not an object; Claude Code cannot use it")
                continue
            env = {}
            for var, v in value.items():
                text = env_value(v)
                if text is None:
                    problems.append(f"{path}: env.{var} is not a string")
                else:
                    env[var] = text
            data["env"] = env
        elif isinstance(value, str):
            data[key] = value
        else:
            problems.append(f"{path}: {key!r} is not a string")
    return Layer(scope, path, data, problems=problems)


def read_approvals(path):
    """({'approved': set, 'rejected': set} or None, Layer-like record or None) from ~/.claude.json."""
    if not os.path.isfile(path):
        return None, None
    doc, error = read_json(path)
    record = Layer("claude.json", path, error=error)
    if error:
        return None, record
    responses = doc.get("customApiKeyResponses")
    if not isinstance(responses, dict):
        return None, record
    approvals = {}
    for key in ("approved", "rejected"):
        items = responses.get(key)
        approvals[key] = {t for t in items if isinstance(t, str)} if isinstance(items, list) else set()
    return approvals, record


def load(env=None, cwd=None, approvals=True):
    """Every settings layer that exists for `cwd`, highest first, as a Settings."""
    env = os.environ if env is None else env
    cwd = os.getcwd() if cwd is None else cwd
    paths, proj, root = candidate_paths(env, cwd)
    layers = [read_layer(scope, path) for scope, path in paths]
    ap, record = read_approvals(claude_json_path(env)) if approvals else (None, None)
    return Settings(layers, proj, root, ap, record)


def display_path(path, env):
    """A path with the home folder written as ~ (for messages)."""
    home = home_dir(env)
    if home and (path == home or path.startswith(home.rstrip(os.sep) + os.sep)):
        return "~" + path[len(home.rstrip(os.sep)):]
    return path


def use_notes(name, route, plan, env, cwd=None):
    """The shadow check of `ccswitch use`: notes for stderr about settings env blocks that would
    beat the route.  Costs a few stats when no settings file exists; json and the resolver are
    loaded only when one does."""
    if "CLAUDE_CONFIG_DIR" in plan.unset or any(var == "CLAUDE_CONFIG_DIR" for var, _ in plan.set):
        env = plan.applied_to(env)
    try:
        cwd = os.getcwd() if cwd is None else cwd
    except OSError:  # the current folder was deleted
        return []
    paths, proj, root = candidate_paths(env, cwd)
    if not paths:
        return []
    from . import resolve

    layers = Settings([read_layer(scope, path) for scope, path in paths], proj, root)
    return resolve.use_notes(name, route, plan, layers, env)


def env_value(value):
    """A settings `env` value as the client takes it: strings as they are, JSON booleans as
    "true"/"false", numbers as their text; None for anything else (an object, a list, null)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None
