"""Subscription accounts side by side: an account route's own folder (CLAUDE_CONFIG_DIR).

Where the client keeps an account's things is the login unit's knowledge (`kinds/login.py`);
this module does what ccswitch does with them:

  folder_for(name, given)   the folder of a new account route: the one given (made absolute),
                            else one per route under ccswitch's data folder, created private
  facts(env)                which account a folder holds (email, organisation, plan), where its
                            login is kept and whether it has expired: names and dates only,
                            never a token
  whoami(env, cwd)          those facts for this shell, and whether Claude Code will really use
                            that login or something else wins (status's own resolution)
  share / unshare / shared  settings, memory, agents, commands, skills, hooks, output styles of
                            the default folder shared into an account folder as symlinks
  candidates()              folders made by hand or by peers, to adopt (`import claude-dir`)

ccswitch never writes the client's credential files: `ccswitch login` runs the client's own
login in the folder.
"""

import os

from .errors import UsageError
from .kinds import login as unit

# What `--share` can link into an account folder from the default one: name -> (entry, folder?).
SHARE = {
    "settings": ("settings.json", False),
    "memory": ("CLAUDE.md", False),
    "agents": ("agents", True),
    "commands": ("commands", True),
    "skills": ("skills", True),
    "hooks": ("hooks", True),
    "output-styles": ("output-styles", True),
}
ACCOUNTS = "accounts"
FIELD = "config_dir"
VAR = "CLAUDE_CONFIG_DIR"


# .claude.json holds every project's history besides the account: it can be large.
CLAUDE_JSON_MAX = 64 * 1024 * 1024
CREDENTIALS_MAX = 1024 * 1024


def is_account(kind):
    """A kind whose routes may have a folder of their own (login, oauth-token)."""
    return kind.fields.get(FIELD) == VAR


def default_folder(name):
    from . import store

    if name in (".", ".."):  # a valid route name, but not a folder of its own
        raise UsageError(f"route {name!r} cannot have a default account folder; give it one with --config-dir PATH")
    return os.path.join(store.data_home(), ACCOUNTS, name)


def folder_for(name, given, env=None):
    """The folder of a new account route `name`: `given` (~ expanded, made absolute; otherwise
    kept as written, since the macOS Keychain item is named after the exact text), else ccswitch's
    own folder for it.  The default folder is refused: the built-in `login` route is that one."""
    env = os.environ if env is None else env
    if given is None:
        folder = default_folder(name)
    else:
        folder = os.path.expanduser(given)
        if not os.path.isabs(folder):
            folder = os.path.abspath(folder)
    default = unit.default_dir(env)
    if _same_path(folder, default):
        raise UsageError(f"{given or folder} is Claude Code's default folder, which the built-in `login` route uses already; "
                         "give an account a folder of its own")
    return folder


def _same_path(a, b):
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return os.path.normpath(a) == os.path.normpath(b)


def make_folder(folder):
    """Create an account folder private (0700) when it is not there; an existing one is left as
    it is.  Returns True when it was created."""
    if os.path.isdir(folder):
        return False
    if os.path.lexists(folder):
        raise UsageError(f"{folder} exists and is not a folder; give --config-dir another path")
    try:
        parent = os.path.dirname(os.path.abspath(folder))
        if not os.path.isdir(parent):
            os.makedirs(parent, mode=0o700)  # ccswitch's data folder and its accounts/, private too
        os.mkdir(folder, 0o700)
    except OSError as e:
        raise UsageError(f"cannot create the account folder {folder}: {e.strerror}") from None
    return True


# ----------------------------------------------------------------------------- which account


def _read_json(path, limit):
    """A JSON object from a file the client wrote, or (None, why); never raises."""
    import json

    from . import files

    try:
        raw = files.read_bytes(path, "file", limit=limit)
    except files.Unreadable as e:
        return None, ("missing" if e.reason == "missing" else "unreadable")
    if len(raw) > limit:
        return None, "too large"
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None, "not valid JSON"
    return (doc, None) if isinstance(doc, dict) else (None, "not a JSON object")


def _text(value):
    return value if isinstance(value, str) and value else None


def _iso(ms):
    import datetime

    if isinstance(ms, bool) or not isinstance(ms, (int, float)) or ms <= 0:
        return None
    try:
        return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def facts(env, platform=None, now=None, keychain=True):
    """What the client keeps for the folder of `env`: {folder, default, account, credentials}.
    Only names, dates and the plan: no token is ever read out."""
    import sys
    import time

    platform = sys.platform if platform is None else platform
    folder = unit.config_dir(env, platform)
    data = {"folder": folder, "default": not env.get("CLAUDE_CONFIG_DIR"), "account": None, "credentials": None}
    doc, _why = _read_json(unit.claude_json_path(env, platform), CLAUDE_JSON_MAX)
    acct = doc.get("oauthAccount") if doc else None
    if isinstance(acct, dict):
        data["account"] = {
            "email": _text(acct.get("emailAddress")),
            "organization": _text(acct.get("organizationName")),
            "organization_id": _text(acct.get("organizationUuid")),
            "name": _text(acct.get("displayName")),
            "billing": _text(acct.get("billingType")),
        }
    if platform == "darwin":
        service, account = unit.keychain_item(env, platform)
        data["credentials"] = {"store": "keychain", "service": service, "account": account,
                               "exists": keychain_has(service, account) if keychain else None}
        return data
    path = unit.credentials_path(env, platform)
    creds = {"store": "file", "path": path, "exists": False}
    doc, why = _read_json(path, CREDENTIALS_MAX)
    if why != "missing":
        creds["exists"] = True
    if why not in (None, "missing"):
        creds["problem"] = why
    oauth = doc.get("claudeAiOauth") if doc else None
    if isinstance(oauth, dict):
        creds["subscription"] = _text(oauth.get("subscriptionType"))
        creds["rate_limit_tier"] = _text(oauth.get("rateLimitTier"))
        expires = oauth.get("expiresAt")
        creds["expires_at"] = _iso(expires)
        now_ms = (time.time() if now is None else now) * 1000
        creds["expired"] = creds["expires_at"] is not None and expires <= now_ms
        creds["renewable"] = bool(_text(oauth.get("refreshToken")))
        creds["logged_in"] = bool(_text(oauth.get("accessToken")))
    elif doc is not None:
        creds["logged_in"] = False
    data["credentials"] = creds
    return data


def keychain_has(service, account, run=None):
    """Whether the macOS Keychain has the item (attributes only: `security` is not asked for the
    secret, so nothing is shown and no access prompt appears); None when it cannot be told."""
    import subprocess

    run = subprocess.run if run is None else run
    try:
        done = run(keychain_query(service, account), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return {0: True, 44: False}.get(done.returncode)


def keychain_query(service, account):
    return ["security", "find-generic-password", "-s", service, "-a", account]


def logged_in(f):
    creds = f["credentials"] or {}
    if creds.get("store") == "keychain":
        return bool(creds.get("exists"))
    return bool(creds.get("logged_in"))


def whoami(env=None, cwd=None):
    """The account this shell's Claude Code is on, and whether its login is what the client takes."""
    from . import status as status_mod

    env = os.environ if env is None else env
    f = facts(env)  # read once: .claude.json may be many MB
    st = status_mod.status_data(env, cwd, account_facts=f)
    taken = st["kind"] == "login" and st["provider"] == "anthropic"
    cred = st.get("credential") or {}
    return {
        "schema": 1,
        "route": st["route"]["name"],
        **f,
        "used": taken and logged_in(f),
        "taken": {"kind": st["kind"], "provider": st["provider"], "source": cred.get("source"), "origin": cred.get("origin")},
    }


def render(data, env):
    """whoami as text: one fact a line (what the client stored is printed with control
    characters escaped: an email or organisation is text from a file)."""
    from .settings import display_path
    from .text import printable

    d = lambda p: printable(display_path(p, env))  # noqa: E731
    a = data["account"] or {}
    creds = data["credentials"] or {}
    who = a.get("email") or a.get("name") or "an unknown account (no oauthAccount in .claude.json yet)"
    bits = [x for x in (a.get("organization"), creds.get("subscription")) if x]
    lines = [printable(f"account     {who}" + (f" ({', '.join(bits)})" if bits else ""))]
    lines.append(f"folder      {d(data['folder'])}" + (" (the default)" if data["default"] else " (CLAUDE_CONFIG_DIR)"))
    if creds.get("store") == "keychain":
        state = {True: "present", False: "missing", None: "not checked"}[creds.get("exists")]
        lines.append(f"login       macOS Keychain item {creds['service']!r}, account {creds['account']!r}: {state}")
    else:
        if not creds.get("exists"):
            state = "not logged in"
        elif creds.get("problem"):
            state = creds["problem"]
        elif not creds.get("logged_in"):
            state = "not logged in"
        elif creds.get("expired"):
            state = f"expired {creds['expires_at']}" + (" (Claude Code renews it with its refresh token)" if creds.get("renewable") else "")
        else:
            state = f"valid until {creds['expires_at']}" if creds.get("expires_at") else "logged in"
        lines.append(f"login       {d(creds['path'])}: {state}")
    t = data["taken"]
    if data["used"]:
        lines.append("used        yes: Claude Code takes this login")
    elif t["kind"] == "login" and t["provider"] == "anthropic":
        fix = "`claude` and /login" if data["route"] == "login" else f"`ccswitch login {data['route']}`"
        lines.append(f"used        no: there is no login to take; run {fix}")
    else:
        via = f"{t['source']} from {d(t['origin']) if t['origin'] and os.path.isabs(t['origin']) else t['origin']}" if t["source"] else t["kind"]
        lines.append(f"used        no: Claude Code takes the {t['kind']} route ({via}), not this login")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- sharing


def _share_items(items):
    names = []
    for raw in items:
        for item in (x.strip() for x in raw.split(",")):
            if not item:
                continue
            if item not in SHARE:
                raise UsageError(f"--share {item!r}: can share {', '.join(SHARE)}")
            names.append(item)
    return list(dict.fromkeys(names))


def share(folder, items, env=None, check_only=False):
    """Link each item of the default folder into `folder` (made in the default folder when it is
    not there).  An item the account folder has of its own is never replaced: move it first.
    `check_only`: raise what would be refused, change nothing."""
    env = os.environ if env is None else env
    default = unit.default_dir(env)
    made = []
    plan = []
    for item in _share_items(items):
        entry, is_dir = SHARE[item]
        link, target = os.path.join(folder, entry), os.path.join(default, entry)
        if os.path.islink(link):
            if os.readlink(link) == target:
                continue
            raise UsageError(f"{link} already links to {os.readlink(link)}; remove the link to share {item}")
        if os.path.lexists(link):
            raise UsageError(f"{link} is the account's own {item}; move it away (or merge it into {target}) to share {item}")
        plan.append((item, link, target, is_dir))
    if check_only:
        return []
    for item, link, target, is_dir in plan:
        _make_target(target, is_dir)
        try:
            os.symlink(target, link, target_is_directory=is_dir)
        except OSError as e:
            raise UsageError(f"cannot link {link} to {target}: {e.strerror}"
                             + (" (Windows: turn on Developer Mode to allow symbolic links)" if os.name == "nt" else "")) from None
        made.append(item)
    return made


def _make_target(target, is_dir):
    if os.path.lexists(target):
        return
    os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
    if is_dir:
        os.makedirs(target, mode=0o700)
    elif target.endswith(".json"):
        from .store import atomic_write

        atomic_write(target, b"{}\n", 0o600)
    else:
        from .store import atomic_write

        atomic_write(target, b"", 0o600)


def unshare(folder, items, env=None, check_only=False):
    """Remove the links `share` made (only links into the default folder)."""
    env = os.environ if env is None else env
    default = unit.default_dir(env)
    gone = []
    for item in _share_items(items):
        entry, _is_dir = SHARE[item]
        link = os.path.join(folder, entry)
        if not os.path.islink(link):
            raise UsageError(f"{item} is not shared into {folder}")
        if os.readlink(link) != os.path.join(default, entry):
            raise UsageError(f"{link} links elsewhere ({os.readlink(link)}); ccswitch removes only its own links")
        gone.append(link)
    if check_only:
        return []
    for link in gone:
        os.unlink(link)
    return _share_items(items)


def shared(folder, env=None):
    """The items of `folder` that are links into the default folder."""
    env = os.environ if env is None else env
    default = unit.default_dir(env)
    out = []
    for item, (entry, _is_dir) in SHARE.items():
        link = os.path.join(folder, entry)
        try:
            if os.path.islink(link) and os.readlink(link) == os.path.join(default, entry):
                out.append(item)
        except OSError:
            continue
    return out


# ----------------------------------------------------------------------------- adopting folders

# Where per-account folders are found: made by hand beside ~/.claude, and by peers (ccs v3
# instances, cc-subscription-switch accounts), each a CLAUDE_CONFIG_DIR.
PEER_FOLDERS = ((".ccs", "instances"), (".cc-subscription-switch", "accounts"))
_MARKS = (".claude.json", ".credentials.json", "settings.json", "projects")


def looks_like_folder(path):
    return os.path.isdir(path) and any(os.path.lexists(os.path.join(path, m)) for m in _MARKS)


def candidates(env=None):
    """(label, folder) of Claude Code folders found beside ~/.claude and in peers' stores."""
    env = os.environ if env is None else env
    home = env.get("HOME") or os.path.expanduser("~")
    found = []
    try:
        names = sorted(os.listdir(home))
    except OSError:
        names = []
    for entry in names:
        if entry.startswith(".claude-") and entry != ".claude-code":
            path = os.path.join(home, entry)
            if looks_like_folder(path):
                found.append((entry[len(".claude-"):], path))
    for parts in PEER_FOLDERS:
        base = os.path.join(home, *parts)
        try:
            entries = sorted(os.listdir(base))
        except OSError:
            continue
        for entry in entries:
            path = os.path.join(base, entry)
            if looks_like_folder(path):
                found.append((entry, path))
    return found
