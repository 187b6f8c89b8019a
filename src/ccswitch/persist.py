"""`ccswitch persist NAME --scope user|project|local`: a route for a Claude Code no shell reaches.

An IDE extension, a desktop launcher or a scheduled job starts Claude Code without a shell's
variables; there the settings files decide.  `persist` writes a route into one settings layer so
that the layer means exactly that route, and `unpersist` takes back exactly what it wrote.

  - The route's own non-secret variables go into the layer's `env`; every other route variable
    a lower layer sets gets "" (the client counts an empty value as unset); route variables the
    file itself holds for another route are removed.  Markers (CCSWITCH_*) are not written.
  - A secret never goes in the file.  ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY is served by an
    `apiKeyHelper` running `ccswitch secret NAME VAR --helper`, which serves it only when the
    endpoint the folder's layers decide is the route's own (commands.check_served_here); the
    client sends a helper's key as Bearer and x-api-key and runs it again on a 401.  A route
    with any other secret is refused with the reason.  A helper route writes its own command.
  - Every other byte of the file stays (jsonedit: key order, hooks, permissions, formatting); a
    file that does not parse, or that holds a credential in plain text (the backup would copy
    it), is refused.  A backup goes to the data folder first (0600), the write is atomic and
    locked, so two `persist` at once leave one whole result; the record is written first, marked
    pending, so a crash (even SIGKILL) never leaves a file persist changed without its record.
  - What was written, and what it replaced, is recorded (data folder, `persisted.json`, no
    secret: nothing secret is written).  `unpersist` removes a written value only where the file
    still holds it, puts back what it replaced, and reports any value changed by hand since.
  - `project` scope (a file meant for git) refuses a route with a secret and a private base URL
    (unless `--allow-url`); `local` scope refuses a settings.local.json git does not ignore.
"""

import json
import os
import time

from .claudevars import is_route_var, is_secret_var, looks_like_secret_value
from .errors import UsageError

SCOPES = ("user", "project", "local")
LOWER = {"user": (), "project": ("user",), "local": ("project", "user")}
HELPER_SERVED = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY")
RECORD_FILE = "persisted.json"
HELPER_KEY = "apiKeyHelper"
EXPORT_KEY = "awsCredentialExport"


# ----------------------------------------------------------------------------- where


def target(scope, env, cwd):
    """The settings file of `scope` for this folder (created if needed): the account folder's for
    user; the project's (the folder holding its .claude settings, else the repository root, else
    this folder) for project and local."""
    from . import settings

    if scope == "user":
        return os.path.join(settings.user_config_dir(env, cwd), "settings.json")
    root = settings.repo_root(cwd)
    folder = settings.project_dir(cwd, env, root) or root or os.path.abspath(cwd)
    return os.path.join(folder, ".claude", "settings.local.json" if scope == "local" else "settings.json")


def account_env(env, account, route):
    """The environment as a Claude Code started on `account`'s folder sees it (`--account`):
    "login" is the default folder (no CLAUDE_CONFIG_DIR), an account route its own folder."""
    from .account import VAR

    env = dict(env)
    if account == "login":
        env.pop(VAR, None)
    elif route is not None and route.get("config_dir"):
        env[VAR] = os.path.expanduser(route["config_dir"])
    else:
        raise UsageError(f"--account {account!r}: not an account route (a login or oauth-token route with a folder of "
                         "its own; `ccswitch list` shows them); give one, or `login` for the default folder")
    return env


def file_key(path):
    """What a persisted file is known by (records, locks): its real path, so an account folder's
    settings.json shared by a link (`add --share settings`) is one file, not two."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.normpath(path)


def record_for(records, path):
    """The record of the settings file at `path` (a layer's path as the client reads it), or None."""
    return records.get(file_key(path)) if records else None


# ----------------------------------------------------------------------------- the plan


class Plan:
    """What `persist` will change in one file: env entries to set or remove, top-level keys."""

    def __init__(self, name, scope, path):
        self.name, self.scope, self.path = name, scope, path
        self.env_set = {}  # var -> value ("" blanks a lower layer's)
        self.env_remove = []  # route variables of another route in this very file
        self.top_set = {}  # apiKeyHelper
        self.top_remove = []
        self.notes = []


def plan(name, route, scope, env, cwd, allow_url=False, chosen=False):
    """The change for route `name` (a stored route dict, or None for the built-in login).
    `chosen`: the user folder was picked with --account (else the one this shell's
    CLAUDE_CONFIG_DIR names, which an IDE's Claude Code may not share: said in a note)."""
    from . import settings
    from .kinds import KINDS, private_host
    from .commands import AWS_KEYS
    from .launch import ccswitch_command, helper_command
    from .resolve import expected_environment

    if scope not in SCOPES:
        raise UsageError(f"--scope {scope!r}: choose one of {', '.join(SCOPES)}")
    path = target(scope, env, cwd)
    p = Plan(name, scope, path)
    if scope == "user" and not chosen and env.get("CLAUDE_CONFIG_DIR"):
        default = os.path.join(settings.user_config_dir(account_env(env, "login", None)), "settings.json")
        if file_key(path) != file_key(default):
            p.notes.append(f"this shell's CLAUDE_CONFIG_DIR names the account folder {settings.display_path(os.path.dirname(path), env)}, "
                           f"so that is where this goes; a Claude Code started without it (an IDE, a launcher) reads "
                           f"{settings.display_path(default, env)}: `--account login` writes that one, `--account NAME` an account route's")
    if os.path.islink(path):
        p.notes.append(f"{settings.display_path(path, env)} is a link to {settings.display_path(file_key(path), env)}: "
                       "the change goes there (every folder sharing it takes the route)")
    kind = KINDS[route["kind"]] if route else KINDS["login"]
    if route is None or (route["kind"] == "login"):
        if route is not None and route.get("config_dir"):
            raise UsageError(f"route {name!r} is an account in its own folder (CLAUDE_CONFIG_DIR), which a settings file "
                             "cannot choose (it lives in that folder); start Claude Code with it from a shell, or use "
                             "`ccswitch persist login --scope user` for the default account")
        plain, secrets = {}, ()
    else:
        plain, secrets = expected_environment(name, route)
    plain = {k: v for k, v in plain.items() if not k.startswith("CCSWITCH_")}
    aws_static = kind.name in ("bedrock", "mantle") and secrets and set(secrets) <= set(AWS_KEYS) \
        and "AWS_SECRET_ACCESS_KEY" in secrets and ("AWS_ACCESS_KEY_ID" in plain or "AWS_ACCESS_KEY_ID" in secrets)
    if aws_static and not ("AWS_SESSION_TOKEN" in secrets or plain.get("AWS_SESSION_TOKEN")):
        raise UsageError(f"route {name!r} keeps long-term AWS keys, and the client's awsCredentialExport takes STS output "
                         "only (with a session token; seen); keep temporary credentials in the route (AWS_SESSION_TOKEN), "
                         "or use an AWS profile (`ccswitch edit NAME --aws-profile …`), which needs no secret")
    if aws_static and scope == "project":
        raise UsageError(f"route {name!r} keeps AWS keys: the project's settings.json is meant for git, and its "
                         "awsCredentialExport would run ccswitch on every teammate's machine; use --scope local (or user)")
    if aws_static:  # the client's own awsCredentialExport command takes AWS keys (seen: it signs with them)
        for var in AWS_KEYS:  # none in the file; not blanked either ("" makes the client wait for AWS)
            plain.pop(var, None)
        p.top_set[EXPORT_KEY] = ccswitch_command("secret", name, "--aws-credential-export", "--helper")
        secrets = ()
    for var in secrets:
        if var in HELPER_SERVED and kind.name in ("gateway", "api-key") and len(secrets) == 1:
            if scope == "project":
                raise UsageError(f"route {name!r} has a secret ({var}): the project's settings.json is meant for git, "
                                 "and its apiKeyHelper would run ccswitch on every teammate's machine; persist it with "
                                 "--scope local (or user)")
            plain[var] = ""  # any lower value is blanked; the helper serves the key
            p.top_set[HELPER_KEY] = helper_command(name, var, checked=True)
        else:
            why = ("the client takes it from its environment only" if var not in HELPER_SERVED
                   else "a route may have one helper-served secret")
            if var in AWS_KEYS:
                why = "static AWS keys are served by awsCredentialExport with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY both"
            raise UsageError(f"route {name!r}: its secret {var} cannot be served without writing it in the file ({why}); "
                             f"start Claude Code from a shell with `ccswitch use {name}` or `ccswitch exec {name} -- claude`")
    helper = kind.settings(route) if route else None
    if helper:
        p.top_set.update(helper)
    if scope == "project":
        url = next((v for k, v in plain.items() if k.endswith("_BASE_URL") and v), None)
        if url and private_host(url) and not allow_url:
            raise UsageError(f"route {name!r} names a private host ({private_host(url)}) that the project's settings.json "
                             "would publish with the repository; add --allow-url if the team shares it, or use --scope local")
    if scope == "local":
        _check_ignored(path)

    layers = settings.load(env, cwd, approvals=False)
    mine = next((layer for layer in layers.layers if os.path.normpath(layer.path) == os.path.normpath(path)), None)
    if mine is None and os.path.exists(path):
        mine = settings.read_layer(scope, path)
    if mine is not None and mine.error:
        raise UsageError(f"{mine.error}; persist writes only into a file it can read: fix it first")
    if mine is not None:
        plaintext = sorted(v for v, value in mine.env.items() if value and (is_secret_var(v) or looks_like_secret_value(value)))
        if plaintext:
            raise UsageError(f"{path} holds {', '.join(plaintext)} in plain text, which a backup would copy; move it to the "
                             f"keyring first (`ccswitch import claude-settings {path} --name NAME --remove-secrets`)")
    for lower in LOWER[scope]:
        for layer in layers.scoped(lower):
            for var, value in layer.env.items():
                if aws_static and var in AWS_KEYS:
                    p.notes.append(f"{settings.display_path(layer.path, env)} sets {var}, which the client takes before "
                                   f"awsCredentialExport: remove it there")
                elif is_route_var(var) and var not in plain and value != "":
                    plain[var] = ""
    p.env_set = plain
    if mine is not None:
        p.env_remove = sorted(v for v in mine.env if is_route_var(v) and v not in plain)
        for key in (HELPER_KEY, EXPORT_KEY):
            if key in mine.data and key not in p.top_set:
                p.top_remove.append(key)
    for layer in layers.layers:
        if settings.SCOPES.index(layer.scope) < settings.SCOPES.index(scope):  # a higher layer
            beaten = sorted(v for v in layer.env if is_route_var(v) and layer.env[v] != plain.get(v))
            if beaten:
                p.notes.append(f"{settings.display_path(layer.path, env)} ({layer.scope}) sets {', '.join(beaten)} and "
                               f"outranks the {scope} layer: Claude Code will take its values")
    return p


def _check_ignored(path):
    from . import gitrun, settings

    root = settings.repo_root(os.path.dirname(os.path.dirname(path)))
    if root is None:
        return
    rel = os.path.relpath(path, root)
    done = gitrun.probe(root, "check-ignore", "-q", "--", rel)
    if done is not None and done.returncode == 1:
        raise UsageError(f"{rel} is not ignored by git, and a local scope is yours alone: add `.claude/settings.local.json` "
                         f"to {os.path.join(root, '.gitignore')} first")


# ----------------------------------------------------------------------------- applying


def render(p, text):
    """The new text of the file: `text` with the plan applied, every other byte kept."""
    from . import jsonedit

    for var in p.env_remove:
        text = jsonedit.delete_member(text, ("env",), var)
    for var, value in sorted(p.env_set.items()):
        text = jsonedit.set_member(text, ("env",), var, value)
    for key in p.top_remove:
        text = jsonedit.delete_member(text, (), key)
    for key, value in p.top_set.items():
        text = jsonedit.set_member(text, (), key, value)
    return text


def diff(path, old, new, env):
    import difflib

    from .settings import display_path

    shown = display_path(path, env)
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"{shown} (before)", f"{shown} (after)"))


def apply(p, env, dry_run=False):
    """Write the plan (locked, backed up, atomic) and record it.  Returns (old text, new text)."""
    from . import jsonedit

    with _locked():
        old = _read(p.path)
        try:
            before = jsonedit.load(old) if old.strip() else {}
        except jsonedit.JsonEditError as e:
            raise UsageError(f"{p.path}: {e}; persist writes only into a file it can read: fix it first") from None
        if not isinstance(before, dict):
            raise UsageError(f"{p.path}: the top level is not a JSON object; fix it first")
        new = render(p, old)
        if dry_run or new == old:
            return old, new
        records = _records()
        previous = records.get(file_key(p.path), {})
        replaced = {}
        env_before = before.get("env") if isinstance(before.get("env"), dict) else {}
        for var in (*p.env_set, *p.env_remove):
            if var in env_before and not previous.get("written", {}).get(f"env.{var}") == env_before[var]:
                replaced[f"env.{var}"] = env_before[var]
        for key in (*p.top_set, *p.top_remove):
            if key in before and previous.get("written", {}).get(key) != before[key]:
                replaced[key] = before[key]
        kept = {k: v for k, v in previous.get("replaced", {}).items() if k not in replaced}
        backup = _backup(p.path, old)
        existed = os.path.exists(p.path)
        written = {f"env.{k}": v for k, v in p.env_set.items()}
        written.update(p.top_set)
        removed = [f"env.{k}" for k in p.env_remove] + list(p.top_remove)
        # The text before the first persist, kept while nothing but persist has touched the file
        # since: unpersist then gives it back byte for byte.
        if not previous:
            original = {"backup": backup, "existed": existed}
        elif previous.get("original") and previous.get("sha") == _sha(old):
            original = previous["original"]
        else:
            original = None
        rec = {"route": p.name, "scope": p.scope, "written": written, "removed": removed,
               "replaced": {**kept, **replaced}, "time": int(time.time()), "sha": _sha(new), "original": original}
        # The record first, marked pending with what it replaces, then the file, then the mark
        # goes: a crash at any point leaves a record that says what the file holds (_settle).
        k = file_key(p.path)
        records[k] = {**rec, "pending": {"before": _sha(old) if existed else None, "previous": previous or None}}
        _save_records(records)
        try:
            _write(p.path, new)
        except BaseException:
            _restore_record(records, k, previous)
            raise
        records[k] = rec
        _save_records(records)
        return old, new


def unpersist(scope, env, cwd, dry_run=False):
    """Take back what persist wrote into `scope`'s file: (path, old, new, notes)."""
    from . import jsonedit

    path = target(scope, env, cwd)
    notes = []
    with _locked():
        records = _records()
        rec = records.get(file_key(path))
        if rec is None:
            from .settings import display_path

            elsewhere = sorted(display_path(k, env) for k, r in records.items() if r.get("scope") == scope)
            raise UsageError(f"nothing was persisted into {display_path(path, env)} by ccswitch" + (
                f"; {scope} settings it was persisted into: {', '.join(elsewhere)} (the folder CLAUDE_CONFIG_DIR or "
                "--account picks)" if elsewhere else " (`ccswitch doctor` lists what was)"))
        old = _read(path)
        try:
            doc = jsonedit.load(old) if old.strip() else {}
        except jsonedit.JsonEditError as e:
            raise UsageError(f"{path}: {e}; fix it first") from None
        original = rec.get("original")
        if original and rec.get("sha") == _sha(old) and _restorable(original):
            text = _read(original["backup"]) if original["existed"] else None  # untouched since: exactly as it was
            notes.append("the file is back as it was before `persist`, byte for byte" if original["existed"]
                         else "persist had created the file: it is removed")
            if dry_run:
                return path, old, text or "", notes
            _take_back(records, path, old, text)
            return path, old, text or "", notes
        text = old
        for key, value in rec["written"].items():
            section, name = (("env",), key[4:]) if key.startswith("env.") else ((), key)
            found, current = _get(doc, section, name)
            if not found:
                continue
            if current != value:
                notes.append(f"{key} was changed by hand since `persist` ({_shown(key, current)}); left as it is")
                continue
            text = jsonedit.delete_member(text, section, name)
        for key, value in rec.get("replaced", {}).items():
            section, name = (("env",), key[4:]) if key.startswith("env.") else ((), key)
            found, current = _get(jsonedit.load(text) if text.strip() else {}, section, name)
            if not found:
                text = jsonedit.set_member(text, section, name, value)
                notes.append(f"{key}: put back the value persist had replaced")
        if dry_run:
            return path, old, text, notes
        _take_back(records, path, old, text)
        return path, old, text, notes


def _take_back(records, path, old, text):
    """Give the file `text` (None: remove it) and drop its record: the record marked first with
    the text it is to hold, so a crash between the two is settled by what the file holds."""
    k = file_key(path)
    if text != old:
        records[k] = {**records[k], "taking_back": None if text is None else _sha(text)}
        _save_records(records)
        _backup(path, old)
        if text is None:
            os.unlink(path)
        else:
            _write(path, text)
    del records[k]
    _save_records(records)


def _restore_record(records, k, previous):
    if previous:
        records[k] = previous
    else:
        records.pop(k, None)
    _save_records(records)


def _sha(text):
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _restorable(original):
    return not original["existed"] or os.path.isfile(original["backup"])


def _get(doc, section, name):
    obj = doc
    for key in section:
        obj = obj.get(key) if isinstance(obj, dict) else None
    if isinstance(obj, dict) and name in obj:
        return True, obj[name]
    return False, None


def _shown(key, value):
    name = key[4:] if key.startswith("env.") else key
    if isinstance(value, str) and (is_secret_var(name) or looks_like_secret_value(value)):
        return "a secret"
    return json.dumps(value)[:80]


# ----------------------------------------------------------------------------- records (no secret is ever in them)


def records(quiet=False):
    """{path: {route, scope, written, removed, replaced, time}} of every persisted layer.  `quiet`:
    an unreadable record reads as none (doctor is the one that reports it).  A record a crash
    left marked is settled, and saved so when no persist is running (see _settle)."""
    try:
        data = _load()
        if not _marked(data):
            return data
        try:
            with _locked(wait=False):
                return _records()
        except _Busy:  # a persist is running: its own marks, as the files say now
            return _settle(data)
    except UsageError:
        if not quiet:
            raise
        return {}


def in_effect(env, cwd):
    """The persisted route a Claude Code started in `cwd` runs on, judged from the environment
    it gives its commands (statusline's: the client puts each settings layer's env in, seen with
    2.1.197): the highest layer whose record's written variables that environment holds, as
    (route, scope), or None."""
    recs = records(quiet=True)
    if not recs:
        return None
    for scope in ("local", "project", "user"):
        rec = record_for(recs, target(scope, env, cwd))
        if rec and all(env.get(k[4:], "") == v for k, v in rec["written"].items() if k.startswith("env.")):
            return rec["route"], scope
    return None


def refusal(layers, layer, rec, routes, endpoint, env):
    """(settings key, why) when `layer`, persisted as `rec`, holds the helper in effect for this
    folder's `layers` and `secret --helper` would serve nothing here, because `endpoint` (the
    one resolve finds) is not the route's own (commands.helper_refusal); else None."""
    from .commands import helper_refusal

    route = (routes or {}).get(rec["route"])
    if route is None:
        return None
    for key in (HELPER_KEY, EXPORT_KEY):
        command, where = layers.first(key)
        if where is not layer or not isinstance(command, str) or command != rec["written"].get(key) or "--helper" not in command:
            continue
        why = helper_refusal(rec["route"], route, endpoint, env)
        if why:
            return key, why
    return None


def holding(name, env):
    """[(shown path, scope, where)] of every settings file `persist` wrote route `name` into:
    what `rm`, `rename` and `edit` of it leave behind.  `where`: "" for user scope, else the
    folder the scope's command runs in."""
    from .settings import display_path

    out = []
    for path, rec in sorted(records(quiet=True).items()):
        if rec["route"] == name:
            folder = "" if rec["scope"] == "user" else f" in {display_path(os.path.dirname(os.path.dirname(path)), env)}"
            out.append((display_path(path, env), rec["scope"], folder))
    return out


def written_env(rec):
    """The env variables a record says persist wrote."""
    return {k[4:] for k in rec["written"] if k.startswith("env.")}


def _records_path():
    from .store import data_home

    return os.path.join(data_home(), RECORD_FILE)


def _settle(data):
    """Records as the files say, after a crash between a record and its file (apply,
    _take_back): a pending persist stands if the file holds its text, else its previous record
    does; a pending take-back is done if the file holds what it was to hold, else undone."""
    for k, rec in list(data.items()):
        if not isinstance(rec, dict) or ("pending" not in rec and "taking_back" not in rec):
            continue
        try:
            now = _sha(_read(k)) if os.path.exists(k) else None
        except UsageError:  # unreadable now: left for doctor to report
            continue
        if "pending" in rec:
            pending = rec.pop("pending") or {}
            if now != rec.get("sha") and now == pending.get("before"):
                if pending.get("previous"):
                    data[k] = pending["previous"]
                else:
                    del data[k]
        else:
            to = rec.pop("taking_back")
            if now == to:
                del data[k]
    return data


def _load():
    path = _records_path()
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as e:
        raise UsageError(f"{path}: cannot read ccswitch's record of persisted routes ({e}); move it aside") from None
    if not isinstance(data, dict) or not all(
            isinstance(rec, dict) and isinstance(rec.get("route"), str) and rec.get("scope") in SCOPES
            and isinstance(rec.get("written"), dict) and isinstance(rec.get("replaced", {}), dict) for rec in data.values()):
        raise UsageError(f"{path}: ccswitch's record of persisted routes is not as ccswitch writes it (edited by hand?); "
                         "move it aside")
    return data


def _marked(data):
    return any(isinstance(rec, dict) and ("pending" in rec or "taking_back" in rec) for rec in data.values())


def _records():
    """The records, under the lock: any a crash left marked settled for good (a mark kept would
    be judged again against a file edited since)."""
    data = _load()
    if _marked(data):
        data = _settle(data)
        _save_records(data)
    return data


def _save_records(data):
    from .store import _ensure_dir, atomic_write

    path = _records_path()
    _ensure_dir(os.path.dirname(path))
    atomic_write(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def matches(rec, layer_env, top):
    """Whether a persisted file (its env block and top-level keys) still holds what `rec` says
    was written."""
    return all((layer_env.get(key[4:]) if key.startswith("env.") else top.get(key)) == value
               for key, value in rec["written"].items())


# ----------------------------------------------------------------------------- files


class _Busy(Exception):
    pass


class _locked:
    """One lock for persist's state, in the data folder: the records file and every settings
    file persist writes are read, changed and written under it, so two at once take turns (and
    two persists of different files cannot lose each other's record).  `wait=False`: raise
    _Busy at once when another holds it."""

    def __init__(self, wait=True):
        from .store import data_home

        self.lockfile = os.path.join(data_home(), "locks", "persist")
        self.wait = wait

    def __enter__(self):
        from filelock import FileLock, Timeout

        from .store import _ensure_dir

        _ensure_dir(os.path.dirname(self.lockfile))
        self.lock = FileLock(self.lockfile, timeout=30 if self.wait else 0, mode=0o600)
        try:
            self.lock.acquire()
        except Timeout:
            if not self.wait:
                raise _Busy() from None
            raise UsageError("another ccswitch is persisting a route (waited 30 s); try again") from None
        return self

    def __exit__(self, *exc):
        self.lock.release()
        return False


def _read(path):
    from . import files

    if not os.path.exists(path):
        return ""
    return files.read_text(path, "settings file")


def _backup(path, text):
    from .store import _ensure_dir, atomic_write, data_home

    folder = os.path.join(data_home(), "backups")
    _ensure_dir(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{stamp}-{os.getpid()}-{_sha(path)[:8]}-{os.path.basename(path)}"
    target = os.path.join(folder, name)
    atomic_write(target, text.encode("utf-8"))
    return target


def _write(path, text):
    from .store import atomic_write

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create {os.path.dirname(path)}: {e.strerror}") from None
    try:
        mode = os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644 & ~_umask()
    atomic_write(os.path.realpath(path) if os.path.islink(path) else path, text.encode("utf-8"), mode=mode)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
