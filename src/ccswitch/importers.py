"""Moving in: routes from .env files, the environment, Claude Code settings files, ccswitch's own
TOML export, and the stores of two peers (cc-switch and ccs).

Every source is reduced to a set of variables (plus, for settings-shaped JSON, an `apiKeyHelper`
command), the route's kind is inferred from them, and the route is created with
`commands.add`: the same validation, the same keyring-first write and the same rollback as
`ccswitch add`.  Nothing here writes the store or the keyring any other way, and nothing here
touches the network.  No message built here contains a variable's value: variables are named,
never shown.

Kind inference (`infer`), first match wins; `--kind` overrides it:

  * a provider switch the client reads as on (`kinds.flag_on`: 1/true/yes/on): each provider
    kind unit's switch, CLAUDE_CODE_USE_BEDROCK -> bedrock, …_MANTLE -> mantle (two: an error);
  * else exactly one first-party credential (each kind unit's secret): ANTHROPIC_AUTH_TOKEN ->
    gateway (it needs ANTHROPIC_BASE_URL), ANTHROPIC_API_KEY -> api-key,
    CLAUDE_CODE_OAUTH_TOKEN -> oauth-token, ANTHROPIC_IDENTITY_TOKEN -> profile (two or more of
    them: an error naming them and the `--kind` that picks each);
  * else ANTHROPIC_PROFILE or ANTHROPIC_FEDERATION_RULE_ID -> profile;
  * else an `apiKeyHelper` (settings files only) -> helper;
  * else an error: nothing route-like.

The variables are then mapped onto the kind: its own field variables become fields
(ANTHROPIC_BASE_URL -> base_url, AWS_REGION -> region, ANTHROPIC_VERTEX_PROJECT_ID -> project,
ANTHROPIC_MODEL -> model, …; AWS_DEFAULT_REGION, GOOGLE_CLOUD_PROJECT and GCLOUD_PROJECT only
when the kind's own variable is missing); its provider flag is implied by the kind; secrets (the
kind's own secret, any variable `claudevars.is_secret_var` calls a credential, any value that
`looks_like_secret_value`) go to the keyring; every other relevant variable becomes a `--set`
variable.  Relevant means: Claude Code's route variables (`claudevars.is_route_var`), the general
variables the kind uses (bedrock: AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; vertex: GOOGLE_APPLICATION_CREDENTIALS,
GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT) and, from files only, the network variables a route may
need (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms, NODE_EXTRA_CA_CERTS).  Other
variables are left out and named in the report.  A provider flag or a credential of another kind
(say ANTHROPIC_API_KEY beside a gateway's token, once `--kind gateway` settled it) is left out
and named too.  Empty values count as unset and are skipped.

Sources and the fields read from each:

  dotenv      python-dotenv's parser (`dotenv_values(interpolate=False)` for the values,
              `dotenv.parser.parse_stream` to find unreadable lines and comments).  `${VAR}` is
              expanded only from variables defined earlier in the same file, never from the
              process environment, and not inside single quotes.  A file that starts with
              ccswitch's export header (`# ccswitch export: route NAME (kind KIND)`) also gives
              the kind, `# VAR: SOURCE` secret references and `# apiKeyHelper: COMMAND`.
  env         the current process environment, relevant variables only (never the whole env).
  settings    a Claude Code settings file (~/.claude/settings.json, or
              $CLAUDE_CONFIG_DIR/settings.json): the `env` object and `apiKeyHelper`; every
              other key is left alone.  An `env` value {"secret": SOURCE} (ccswitch's JSON
              export) is a secret reference; `ccswitch.kind` (also from the export) gives the kind.
  toml        ccswitch's TOML export: `[routes.NAME]` tables exactly as in routes.toml, plus an
              optional `[secret_values.NAME]` table of keyring values (written by --reveal).
  cc-switch   farion1231/cc-switch (read in its repository: src-tauri/src/provider.rs for
              `Provider` and `ProviderManager`, src-tauri/src/app_config.rs for `MultiAppConfig`
              and its v1 detection, src-tauri/src/database/schema.rs for the `providers` table):
                * ~/.cc-switch/cc-switch.db (SQLite, newer versions): table `providers`, rows with
                  app_type = 'claude', columns id, name, settings_config (JSON text: a Claude
                  settings object, its `env` and `apiKeyHelper` are read), is_current, sort_index;
                * ~/.cc-switch/config.json v2: {"version": 2, "claude": {"providers": {ID:
                  PROVIDER}, "current": ID}, "codex": …}; v1: {"providers": {…}, "current": ID}.
                  PROVIDER is {"id", "name", "settingsConfig": {"env": {…}}, …}.
              Only Claude providers are read (codex, gemini… are other programs).  The database is
              opened read-only.
  ccs         kaitranntt/ccs (read in its repository: src/config/schemas/auth.ts and
              unified-config.ts for config.yaml's `profiles: {NAME: {type: api, settings: PATH}}`,
              .claude/skills/ccs/references/profile-setup.md for profiles/NAME/settings.json, and
              the README of its earlier releases, as kept in forks such as tqa24/ccs, for
              ~/.ccs/config.json): profile
              settings files `~/.ccs/NAME.settings.json` holding a Claude settings object
              (`env` block), listed in ~/.ccs/config.json as {"profiles": {NAME: PATH}} (the
              YAML config.yaml of newer versions points at the same `*.settings.json` files as
              `profiles.NAME.settings`; ccswitch finds them by their file name instead of
              parsing YAML), and the older layout ~/.ccs/profiles/NAME/settings.json.  A profile
              whose file is Claude's own settings.json ("default") is skipped: that is
              `ccswitch import claude-settings`.

Peer imports bring every provider/profile in one command (`--all`): route names come from the
peer's names, lower-cased and reduced to letters, digits, '.', '_' and '-', made unique within
the batch; a name that exists in the store already is skipped and reported, as is an entry with
no credential (the peer's "official login" entry: ccswitch has `login` built in), with a
placeholder credential ("YOUR_GLM_API_KEY_HERE"; `secretsense.is_placeholder`, the rule `guard`
uses too) or one that does not make a valid route.  Every source refuses a placeholder secret.
"""

import io
import json
import os
import re
import sys

from . import commands, kinds
from . import routes as model
from .claudevars import OWN_PREFIX, is_route_var, is_secret_var, looks_like_secret_value
from .errors import CCSwitchError, UsageError
from .files import read_text  # raises files.Unreadable, a UsageError naming the file
from .secretsense import is_placeholder

# ----------------------------------------------------------------------------- inference

# What each kind unit says about itself: its provider switch, its own credential, the general
# variables it accepts along, and the variables that stand in for a missing field.
PROVIDER_FLAGS = {k.switch: k.name for k in kinds.PROVIDERS}
CREDENTIALS = {k.secret: k.name for k in kinds.FIRST_PARTY if k.secret}
KIND_GENERAL = {k.name: k.general for k in kinds.KINDS.values() if k.general}
FIELD_FALLBACKS = {k.name: k.fallbacks for k in kinds.KINDS.values() if k.fallbacks}
# The kind a settings file's apiKeyHelper makes (the unit whose route lives in settings).
HELPER_KIND = next(k.name for k in kinds.KINDS.values() if k.settings({"command": "x"}) == {"apiKeyHelper": "x"})
# The client's per-user folder: its settings.json runs hooks, so only a folder the user named
# on the command line (--allow-var CLAUDE_CONFIG_DIR, `import claude-dir PATH`) is taken.
CONFIG_DIR = "CLAUDE_CONFIG_DIR"
NETWORK_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "NODE_EXTRA_CA_CERTS")
_TRUE = ("1", "true", "yes", "on")


class Plan:
    """A route about to be created: kind, fields, `--set` variables, secrets and their values."""

    def __init__(self, kind, source):
        self.kind = kind
        self.source = source
        self.fields = {}
        self.env = {}
        self.secrets = {}  # var -> source ("keyring", "env:…", "cmd:…")
        self.values = {}  # var -> value, for keyring secrets the source held
        self.skipped = []  # (var, reason)
        self.notes = []

    def summary(self):
        """What the route sets, by variable name (never a value)."""
        k = model.KINDS[self.kind]
        parts = []
        plain = list(k.fixed)
        plain += [k.fields.get(f) or model.COMMON_FIELDS.get(f, f) for f in self.fields if f != "command"]
        plain += list(self.env)
        if plain:
            parts.append("sets " + ", ".join(plain))
        if "command" in self.fields:
            parts.append("apiKeyHelper command")
        kr = [v for v, s in self.secrets.items() if s == "keyring"]
        if kr:
            parts.append("keyring: " + ", ".join(kr))
        refs = [f"{v} from {s}" for v, s in self.secrets.items() if s != "keyring"]
        if refs:
            parts.append("references: " + ", ".join(refs))
        return "; ".join(parts) or "no variables"


is_true = kinds.flag_on  # the client's own rule, as status reads it


def infer_kind(names, *, helper=None, source="the input"):
    """The kind a set of variable names (with their flag values) describes.  `names` maps each
    variable to its value; raises UsageError naming the variables when it is ambiguous."""
    flags = [f for f in PROVIDER_FLAGS if f in names and is_true(names[f])]
    if len(flags) > 1:
        raise UsageError(
            f"{source} sets both {' and '.join(flags)}; a route takes one provider: remove one, "
            f"or choose with --kind {' / --kind '.join(PROVIDER_FLAGS[f] for f in flags)}"
        )
    if flags:
        return PROVIDER_FLAGS[flags[0]]
    creds = [c for c in CREDENTIALS if c in names]
    if len(creds) > 1:
        choices = ", ".join(f"--kind {CREDENTIALS[c]} keeps {c}" for c in creds)
        raise UsageError(f"{source} sets {' and '.join(creds)}: Claude Code would send more than one credential; choose one ({choices})")
    if creds:
        k = kinds.KINDS[CREDENTIALS[creds[0]]]
        for field in k.required:  # a gateway's token without its URL
            var = k.fields.get(field)
            if var and var not in names:
                raise UsageError(
                    f"{source} sets {creds[0]} but no {var}; a {k.name} route needs it (add it to the source, or give --kind)"
                )
        return k.name
    for k in kinds.FIRST_PARTY:  # a kind told by its other credential variables (a profile)
        if not k.secret_required and any(v in names for v in k.credential_vars):
            return k.name
    if helper:
        return HELPER_KIND
    if "ANTHROPIC_BASE_URL" in names:
        raise UsageError(
            f"{source} sets ANTHROPIC_BASE_URL but no credential (ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY); "
            f"Claude Code would send your login token to that host: add the credential, or give --kind"
        )
    raise UsageError(
        f"nothing route-like in {source}: none of {', '.join(CREDENTIALS)}, {', '.join(PROVIDER_FLAGS)} "
        f"is set; give --kind to import it anyway"
    )


def relevant(var, kind, files):
    """A variable the route may take: Claude Code's own, the kind's general ones, the network's
    from a file, and the client's folder (which `gate` takes only when named by the user)."""
    return is_route_var(var) or var in KIND_GENERAL.get(kind, ()) or (files and var in NETWORK_VARS) or var == CONFIG_DIR


def infer(variables, *, kind=None, helper=None, refs=None, source="the input", files=True, everything=False):
    """A Plan from variables {VAR: value}, secret references {VAR: source} and an apiKeyHelper.

    `files`: the source is a file the user pointed at (network variables count as relevant);
    `everything`: the source is ccswitch's own export, so every variable in it is the route's.
    Raises UsageError when the kind cannot be told; never puts a value in a message."""
    refs = dict(refs or {})
    found = {}
    skipped = []
    for var, value in variables.items():
        if value is None:
            continue
        if not model.is_env_name(var):
            skipped.append((var, "not a valid variable name"))
        elif var.startswith(OWN_PREFIX):
            skipped.append((var, "ccswitch's own"))
        elif value == "":
            skipped.append((var, "empty (counts as unset)"))
        else:
            found[var] = value
    present = dict(found)
    present.update({v: "" for v in refs})
    if kind is None:
        kind = infer_kind(present, helper=helper, source=source)
    elif kind not in model.STORED_KINDS:
        raise UsageError(f"unknown kind {kind!r}; kinds: {', '.join(model.STORED_KINDS)}")
    k = model.KINDS[kind]
    plan = Plan(kind, source)
    plan.skipped = skipped
    own = {var: field for field, var in k.fields.items() if var}
    own[model.COMMON_FIELDS["model"]] = "model"
    fallbacks = {}
    for field, names in FIELD_FALLBACKS.get(kind, {}).items():
        for name in names:
            fallbacks.setdefault(name, field)

    def place(var, value, ref=None):
        if var in PROVIDER_FLAGS:
            if var not in k.fixed:
                reason = "selects another provider" if is_true(value or "1") else "a provider flag that is off"
                plan.skipped.append((var, reason))
            return
        other = CREDENTIALS.get(var)
        if other is not None and var != k.secret:
            plan.skipped.append((var, f"the credential of {other} routes, not of a {kind} route"))
            return
        if not everything and not relevant(var, kind, files):
            plan.skipped.append((var, "not a Claude Code route variable"))
            return
        if ref is not None:
            plan.secrets[var] = model.parse_source(var, ref)
            return
        if var in own:
            plan.fields[own[var]] = value
        elif var == k.secret or is_secret_var(var) or looks_like_secret_value(value):
            plan.secrets[var] = "keyring"
            plan.values[var] = value
        elif var in fallbacks:
            pass  # decided below, once the kind's own variable is known
        else:
            plan.env[var] = value

    for var, value in found.items():
        place(var, value)
    for var, source_ref in refs.items():
        place(var, None, ref=source_ref)
    for var, field in fallbacks.items():
        if var in found and var not in plan.secrets:
            if field not in plan.fields:
                plan.fields[field] = found[var]
            else:
                plan.env[var] = found[var]
    if kind == HELPER_KIND:
        if not helper:
            raise UsageError(f"{source} has no apiKeyHelper command; a helper route needs one")
        plan.fields["command"] = helper
    elif helper:
        plan.notes.append("apiKeyHelper not imported: the route's own credential takes precedence over it in Claude Code")
    for var, value in plan.values.items():
        if is_placeholder(value):
            raise UsageError(f"{var} in {source} is a placeholder, not a credential; fill in the real value first")
    return plan


class ImportInput:
    """Keyring values for `commands.add`: those the source held; for the rest, a hidden prompt on
    a terminal (a reference-only export), else an error saying where the value could come from."""

    def __init__(self, values, source):
        self.values = values
        self.source = source

    def value(self, route, var):
        if var in self.values:
            return self.values[var]
        from . import secrets

        if sys.stdin.isatty():
            return secrets.prompt(f"secret {var} for route {route!r}")
        raise UsageError(
            f"{self.source} holds no value for secret {var} (exported without --reveal); "
            f"run the import on a terminal to be asked for it, or export with --reveal"
        )


# What the user trusted by name on this command line (--allow-var, --allow-command): nothing in
# an imported file is a key to more, the `# ccswitch export:` header included.
TRUSTED = {"vars": frozenset(), "commands": False}


def trust(allow_vars=(), allow_command=False):
    TRUSTED["vars"] = frozenset(allow_vars)
    TRUSTED["commands"] = bool(allow_command)


def gate(plan):
    """Refuse what an imported file may not bring in unasked: a secret read from a command
    (ccswitch would run it at every `use`) and a variable outside Claude Code's set."""
    commands_ = sorted(v for v, s in plan.secrets.items() if s.startswith("cmd:"))
    if commands_ and not TRUSTED["commands"]:
        raise UsageError(
            f"{plan.source}: {', '.join(commands_)} would come from a command that ccswitch runs at every use; "
            f"if you wrote that command yourself, import with --allow-command"
        )
    fields = kinds.KINDS[plan.kind].fields
    folder = plan.env.get(CONFIG_DIR) or next((plan.fields[f] for f, var in fields.items() if var == CONFIG_DIR and f in plan.fields), None)
    if folder and CONFIG_DIR not in TRUSTED["vars"]:
        raise UsageError(
            f"{plan.source} points Claude Code at the folder {folder}, whose settings.json can run commands (hooks, "
            f"apiKeyHelper) in every session: if it is your own account folder, import with --allow-var {CONFIG_DIR} "
            f"(or adopt it with `ccswitch import claude-dir`)"
        )
    foreign = [v for v in kinds.KINDS[plan.kind].outside(plan.env) if v not in NETWORK_VARS and v not in TRUSTED["vars"]]
    if foreign:
        raise UsageError(
            f"{plan.source} also sets {', '.join(foreign)}, beside Claude Code's variables; trust them by name: "
            f"{' '.join('--allow-var ' + v for v in foreign)}"
        )


def create(name, plan):
    """Create the route a plan describes, atomically with its keyring secrets."""
    gate(plan)
    return commands.add(name, plan.kind, plan.fields, plan.env, plan.secrets, None, ImportInput(plan.values, plan.source))


# ----------------------------------------------------------------------------- reading sources


_HEADER = re.compile(r"# ccswitch export: route (\S+) \(kind ([a-z-]+)\)\s*")
_SECRET_COMMENT = re.compile(r"# ([A-Za-z_][A-Za-z0-9_]*): (keyring|env:\S+|cmd:.+?)\s*")
_HELPER_COMMENT = re.compile(r"# apiKeyHelper: (.+?)\s*")
_VARIABLE = re.compile(r"\$\{(?P<name>[^}:]*)(?::-(?P<default>[^}]*))?\}")


def read_dotenv(path):
    """(variables, refs, helper, kind, notes) from a .env file, with python-dotenv."""
    from dotenv import dotenv_values
    from dotenv.parser import parse_stream

    text = read_text(path, ".env file")
    bindings = list(parse_stream(io.StringIO(text)))
    for b in bindings:
        if b.error:
            raise UsageError(f"{path}, line {b.original.line}: not a VARIABLE=value line python-dotenv can read; fix the file")
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    refs, helper, kind = {}, None, None
    comments = [b.original.string.strip() for b in bindings if b.key is None]
    header = _HEADER.fullmatch(comments[0]) if comments and bindings[0].key is None else None
    if header:
        kind = header.group(2)
        for line in comments[1:]:
            m = _HELPER_COMMENT.fullmatch(line)
            if m:
                helper = m.group(1)
                continue
            m = _SECRET_COMMENT.fullmatch(line)
            if m:
                refs[m.group(1)] = m.group(2)
    # ${VAR} from the file's own earlier variables only; single-quoted values stay literal.
    quoted = {}
    for b in bindings:
        if b.key is not None:
            rest = b.original.string.split("=", 1)[1].lstrip() if "=" in b.original.string else ""
            quoted[b.key] = rest.startswith("'")
    result, notes = {}, []

    def expand(key, m):
        value = result.get(m.group("name")) or m.group("default")
        if value is None:
            notes.append(f"{key}: ${{{m.group('name')}}} is not defined earlier in the file and was kept as written "
                         f"(ccswitch does not read your environment)")
            return m.group(0)
        return value

    for key, value in values.items():
        if value is not None and not quoted.get(key) and "${" in value:
            value = _VARIABLE.sub(lambda m, key=key: expand(key, m), value)
        result[key] = value
    return result, refs, helper, kind, notes


def read_environment(environ):
    """The route-relevant variables of a process environment: never the whole of it."""
    active = environ.get("CCSWITCH_ROUTE")
    if active:
        raise UsageError(
            f"this environment is on ccswitch route {active!r} already; `ccswitch export {active}` copies it, "
            f"or run `ccswitch reset` and set the variables to import"
        )
    general = {v for names in KIND_GENERAL.values() for v in names}
    return {k: v for k, v in environ.items() if is_route_var(k) or k in general}


def claude_settings_path(environ):
    base = environ.get("CLAUDE_CONFIG_DIR") or os.path.join(os.path.expanduser("~"), ".claude")
    return os.path.join(base, "settings.json")


def parse_json(path, text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise UsageError(f"{path}, line {e.lineno}: not valid JSON ({e.msg})") from None
    except RecursionError:
        raise UsageError(f"{path}: nested too deeply to be a settings file; not read") from None


def settings_vars(doc, source):
    """(variables, refs, helper, kind) from a settings-shaped JSON object."""
    if not isinstance(doc, dict):
        raise UsageError(f"{source} is not a JSON object")
    env = doc.get("env", {})
    if env is None:
        env = {}
    if not isinstance(env, dict):
        raise UsageError(f"{source}: `env` is not an object of VARIABLE: value")
    variables, refs = {}, {}
    from .settings import env_value  # the settings reader's own rule: booleans and numbers as text

    for var, value in env.items():
        text = env_value(value)
        if text is not None:
            variables[var] = text
        elif isinstance(value, dict) and set(value) == {"secret"} and isinstance(value["secret"], str):
            refs[var] = value["secret"]
        else:
            raise UsageError(f"{source}: env.{var} is not a string; Claude Code settings values are strings")
    helper = doc.get("apiKeyHelper")
    helper = helper.strip() if isinstance(helper, str) and helper.strip() else None
    meta = doc.get("ccswitch")
    kind = meta.get("kind") if isinstance(meta, dict) and isinstance(meta.get("kind"), str) else None
    return variables, refs, helper, kind


def read_settings(path):
    text = read_text(path, "settings file")
    return text, parse_json(path, text)


# ----------------------------------------------------------------------------- --remove-secrets


_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:Infinity|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|true|false|null|NaN")


def _skip_value(text, i):
    """The index just past the JSON value at text[i] (text already parsed as valid): strings by
    json's own scanner, containers by counting brackets, without recursion."""
    from json.decoder import scanstring

    if text[i] == '"':
        return scanstring(text, i + 1)[1]
    if text[i] not in "{[":
        return _SCALAR.match(text, i).end()
    depth = 0
    while True:
        c = text[i]
        if c == '"':
            i = scanstring(text, i + 1)[1]
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1


def _members(text, i):
    """[(key, start, value_start, end)] of the JSON object at text[i] ('{'), in file order."""
    from json.decoder import scanstring

    out = []
    i = _WS.match(text, i + 1).end()
    while text[i] != "}":
        key, after = scanstring(text, i + 1)
        value = _WS.match(text, _WS.match(text, after).end() + 1).end()  # past the ':'
        end = _skip_value(text, value)
        out.append((key, i, value, end))
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
    return out


def _drop_member(text, members, n):
    """`text` without member n of an object (its comma and the space before the next member
    with it), every other byte as it was."""
    _key, start, _value, end = members[n]
    if n + 1 < len(members):
        return text[:start] + text[members[n + 1][1]:]
    if n > 0:
        return text[:members[n - 1][3]] + text[end:]
    close = _WS.match(text, end).end()  # the only member: the object becomes {}
    opening = text.rindex("{", 0, start)
    return text[:opening + 1] + text[close:]


def without_secrets(text, doc, removed):
    """The settings text without env entries `removed` ({VAR: value}), edited in place: only
    the bytes of those entries change, so numbers such as 1e400, duplicate keys, escapes,
    spacing and line endings stay as the file had them.  A variable whose value changed
    meanwhile is kept.  Every `env` object's copies of a removed variable go, so an earlier
    duplicate cannot take over."""
    env = doc.get("env")
    gone = [var for var, value in removed.items() if isinstance(env, dict) and env.get(var) == value]
    start = _WS.match(text).end()
    for var in gone:
        while True:
            hit = None
            for key, _s, value, _e in _members(text, start):
                if key == "env" and text[value] == "{":
                    inner = _members(text, value)
                    for n, member in enumerate(inner):
                        if member[0] == var:
                            hit = inner, n
                            break
                if hit:
                    break
            if not hit:
                break
            text = _drop_member(text, *hit)
    for var in gone:
        del env[var]
    if gone and json.loads(text) != doc:  # the edit must mean exactly "these entries gone"
        raise CCSwitchError("could not remove the secrets without changing anything else; remove them by hand")
    return text, gone


def remove_secrets(path, removed):
    """Rewrite a settings file without the secret values just moved to the keyring, atomically:
    a temporary file in the same folder, same mode, renamed over the real file (through a
    symlink to its target).  The file is re-read first, so a change made meanwhile is kept;
    its bytes (a byte-order mark included) change only where a secret was."""
    import codecs

    from . import files, store

    real = os.path.realpath(path)
    try:
        raw = files.read_bytes(real, "settings file")
        text = files.decode(raw, real)
        out, gone = without_secrets(text, parse_json(real, text), removed)
        if gone:
            bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
            store.atomic_write(real, bom + out.encode("utf-8"), os.stat(real).st_mode & 0o7777)
    except CCSwitchError as e:
        raise CCSwitchError(f"the route is saved, but {e}; remove the secrets from {path} by hand") from None
    return gone


# ----------------------------------------------------------------------------- toml (ccswitch's own export)


def read_toml(path):
    """[(name, route, values)] from a ccswitch TOML export (or a routes.toml)."""
    import tomllib

    text = read_text(path, "TOML file")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise UsageError(f"{path}: nested too deeply to be a ccswitch export; not read") from None
    version = doc.get("version", 1)
    if version != 1:
        raise UsageError(f"{path}: version {version!r} is newer than this ccswitch understands")
    table = doc.get("routes")
    if not isinstance(table, dict) or not table:
        raise UsageError(f"{path} holds no [routes.NAME] table")
    revealed = doc.get("secret_values", {})
    if not isinstance(revealed, dict):
        raise UsageError(f"{path}: `secret_values` must be a table of [secret_values.NAME]")
    result = []
    for name, route in table.items():
        try:
            model.check_route_name(name)
            model.validate(name, route)
        except UsageError as e:
            raise UsageError(f"{path}: {e}") from None
        values = revealed.get(name, {})
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            raise UsageError(f"{path}: [secret_values.{name}] must hold VARIABLE = \"value\" strings")
        result.append((name, route, values))
    return result


def toml_plan(route, values, source):
    plan = Plan(route["kind"], source)
    plan.fields = {k: v for k, v in route.items() if k not in ("kind", "env", "secrets")}
    plan.env = dict(route.get("env", {}))
    plan.secrets = dict(route.get("secrets", {}))
    plan.values = {v: values[v] for v, s in plan.secrets.items() if s == "keyring" and v in values}
    return plan


# ----------------------------------------------------------------------------- peers


class Entry:
    """One provider/profile found in a peer's store."""

    def __init__(self, ident, label, doc, current=False, note=None):
        self.ident = ident
        self.label = label
        self.doc = doc  # settings-shaped JSON object, or None
        self.current = current
        self.note = note  # why it cannot be imported, when known up front
        self.name = None
        self.plan = None
        self.problem = None


def _home():
    return os.path.expanduser("~")


def cc_switch_entries(path=None):
    """Claude providers from cc-switch: its SQLite database or its config.json."""
    path = path or os.path.join(_home(), ".cc-switch")
    if os.path.isdir(path):
        db = os.path.join(path, "cc-switch.db")
        cfg = os.path.join(path, "config.json")
        if os.path.isfile(db):
            path = db
        elif os.path.isfile(cfg):
            path = cfg
        else:
            raise UsageError(f"no cc-switch store in {path} (looked for cc-switch.db and config.json)")
    from . import files

    magic = files.read_bytes(path, "cc-switch store", limit=15)  # a FIFO or device is refused, not waited on
    if magic == b"SQLite format 3\0":
        return _cc_switch_db(path)
    return _cc_switch_json(path)


def _cc_switch_db(path):
    import sqlite3
    from urllib.parse import quote

    try:
        con = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise UsageError(f"cannot open the cc-switch database {path}: {e}") from None
    try:
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM providers WHERE app_type = 'claude'").fetchall()
    except sqlite3.Error as e:
        raise UsageError(f"{path} is not a cc-switch database this ccswitch can read ({e})") from None
    finally:
        con.close()
    rows = [dict(r) for r in rows]
    rows.sort(key=lambda r: (r.get("sort_index") is None, r.get("sort_index") or 0, r.get("created_at") or 0, str(r.get("id"))))
    entries = []
    for r in rows:
        ident, label = str(r.get("id")), str(r.get("name") or r.get("id"))
        try:
            doc = json.loads(r.get("settings_config") or "{}")
            entries.append(Entry(ident, label, doc, bool(r.get("is_current"))))
        except (ValueError, TypeError, RecursionError):
            entries.append(Entry(ident, label, None, note="its settings_config is not JSON"))
    return entries


def _cc_switch_json(path):
    doc = parse_json(path, read_text(path, "cc-switch config"))
    if not isinstance(doc, dict):
        raise UsageError(f"{path} is not a cc-switch config (not a JSON object)")
    manager = doc.get("claude") if isinstance(doc.get("claude"), dict) else doc  # v2, else v1
    providers = manager.get("providers")
    if not isinstance(providers, dict):
        raise UsageError(f"{path} is not a cc-switch config: no claude providers (looked for claude.providers and providers)")
    current = manager.get("current")
    entries = []
    for ident, p in providers.items():
        if not isinstance(p, dict):
            entries.append(Entry(str(ident), str(ident), None, note="not an object"))
            continue
        label = p.get("name") if isinstance(p.get("name"), str) and p.get("name").strip() else str(ident)
        entries.append(Entry(str(p.get("id") or ident), label, p.get("settingsConfig"), ident == current))
    return entries


def ccs_entries(path=None):
    """ccs API profiles: NAME.settings.json files and ~/.ccs/config.json's `profiles`."""
    path = path or os.path.join(_home(), ".ccs")
    if os.path.isfile(path):
        base = os.path.basename(path)
        label = base[: -len(".settings.json")] if base.endswith(".settings.json") else os.path.splitext(base)[0]
        return [_ccs_entry(label, path)]
    if not os.path.isdir(path):
        raise UsageError(f"no ccs folder or profile file at {path}")
    found = {}
    cfg = os.path.join(path, "config.json")
    if os.path.isfile(cfg):
        doc = parse_json(cfg, read_text(cfg, "ccs config"))
        profiles = doc.get("profiles") if isinstance(doc, dict) else None
        if isinstance(profiles, dict):
            for label, target in profiles.items():
                if isinstance(target, dict):  # unified-config shape {type, settings}
                    target = target.get("settings")
                if isinstance(target, str):
                    target = os.path.expanduser(target)
                    found[label] = target if os.path.isabs(target) else os.path.join(path, target)
    for entry in sorted(os.listdir(path)):
        full = os.path.join(path, entry)
        if entry.endswith(".settings.json") and os.path.isfile(full):
            found.setdefault(entry[: -len(".settings.json")], full)
    profiles_dir = os.path.join(path, "profiles")
    if os.path.isdir(profiles_dir):
        for entry in sorted(os.listdir(profiles_dir)):
            full = os.path.join(profiles_dir, entry, "settings.json")
            if os.path.isfile(full):
                found.setdefault(entry, full)
    if not found:
        raise UsageError(f"no ccs profiles in {path} (looked for config.json, *.settings.json and profiles/*/settings.json)")
    claude_settings = os.path.realpath(claude_settings_path(os.environ))
    entries = []
    for label, target in found.items():
        if os.path.realpath(target) == claude_settings:
            entries.append(Entry(label, label, None, note="it is Claude Code's own settings.json; use `ccswitch import claude-settings`"))
        else:
            entries.append(_ccs_entry(label, target))
    return entries


def _ccs_entry(label, target):
    try:
        text = read_text(target, "ccs profile file")
        return Entry(label, label, parse_json(target, text))
    except UsageError as e:
        return Entry(label, label, None, note=str(e))


def derive_name(label, fallback, taken):
    """A route name from a peer's label: lower case, letters/digits/._- only, unique in `taken`."""
    base = ""
    for candidate in (label, fallback):
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", candidate or "").strip("-._").lower()[: model.NAME_MAX]
        if base:
            break
    base = base or "imported"
    if base == model.LOGIN:
        base = "login-imported"
    name, n = base, 2
    while name in taken:
        suffix = f"-{n}"
        name = base[: model.NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def plan_entries(entries, source):
    """Give each entry a route name and a plan (or the reason it cannot have one)."""
    taken = set()
    for e in entries:
        e.name = derive_name(e.label, e.ident, taken)
        if e.note:
            e.problem = e.note
            continue
        try:
            variables, refs, helper, kind = settings_vars(e.doc, f"{source} {e.label!r}")
            creds = [v for v in kinds.CREDENTIAL_OWNER if variables.get(v)]
            if not creds and not helper and not any(is_true(variables.get(f, "")) for f in PROVIDER_FLAGS):
                e.problem = "no credential (the subscription login; ccswitch has it built in as `login`)"
                continue
            e.plan = infer(variables, kind=kind, helper=helper, refs=refs, source=f"{source} {e.label!r}")
            model.validate(e.name, _route_of(e.plan))
        except UsageError as err:
            e.problem = str(err)
            e.plan = None
    return entries


def _route_of(plan):
    route = {"kind": plan.kind, **plan.fields}
    if plan.env:
        route["env"] = dict(plan.env)
    secrets_map = dict(plan.secrets)
    k = model.KINDS[plan.kind]
    if k.secret_required and k.secret not in secrets_map:
        secrets_map[k.secret] = "keyring"
    if secrets_map:
        route["secrets"] = secrets_map
    return route


def import_entries(entries, existing):
    """Create the planned routes one by one (each atomic), yielding (entry, status, detail) with
    status imported / skipped / failed.  A keyring failure stops the batch: it would fail every
    later entry the same way."""
    from .secrets import SecretError

    for e in entries:
        if e.plan is None:
            yield e, "skipped", e.problem
        elif e.name in existing:
            yield e, "skipped", f"a route named {e.name!r} exists already (import it alone with another --name)"
        else:
            try:
                create(e.name, e.plan)
            except SecretError:
                raise
            except CCSwitchError as err:
                yield e, "failed", str(err)
                continue
            existing.add(e.name)
            yield e, "imported", e.plan.summary()


def pick_entry(entries, wanted):
    """The entry whose id, label or derived route name is `wanted`."""
    for attr in ("ident", "label", "name"):
        hits = [e for e in entries if getattr(e, attr) == wanted]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UsageError(f"{wanted!r} names {len(hits)} entries; give the id instead")
    raise UsageError(f"no entry {wanted!r}; run the command without --all/--provider/--profile to list them")


def claude_dir_entries(paths, name, routes):
    """Entries for `import claude-dir`: each folder in `paths` (or each one `account.candidates`
    finds) as an account route, or the reason it cannot be one (not a Claude Code folder, a
    route has it already).  Nothing in a folder is read beyond its names."""
    from . import account

    if paths:
        found = [(os.path.basename(os.path.normpath(os.path.expanduser(p))), p) for p in paths]
    else:
        found = account.candidates()
        if not found:
            raise UsageError("no Claude Code folders found (looked for ~/.claude-*, ~/.ccs/instances/*, "
                             "~/.cc-subscription-switch/accounts/*); give the folder: ccswitch import claude-dir PATH")
    owners = {os.path.realpath(r[account.FIELD]): n for n, r in routes.items()
              if account.is_account(kinds.KINDS[r["kind"]]) and account.FIELD in r}
    taken = set(routes)
    entries = []
    for label, folder in found:
        folder = os.path.abspath(os.path.expanduser(folder))
        entry = Entry(folder, label.removeprefix(".claude-").removeprefix(".") or label, None)
        entry.name = model.check_route_name(name) if name else derive_name(entry.label, "account", taken)
        owner = owners.get(os.path.realpath(folder))
        if owner:
            entry.problem = f"route {owner!r} has this folder already"
        elif not account.looks_like_folder(folder):
            entry.problem = "not a Claude Code folder (no .claude.json, .credentials.json, settings.json or projects/)"
        else:
            entry.plan = Plan(model.LOGIN, folder)
            entry.plan.fields[account.FIELD] = folder
        entries.append(entry)
    return entries
