"""The subscription login, and subscription accounts side by side.

The built-in route `login` sets nothing: the client uses the credentials `/login` stored in its
per-user folder.  A stored login route is an *account*: it sets CLAUDE_CONFIG_DIR to a folder of
its own, which moves the client's whole per-user state (settings.json, .claude.json, the login's
credentials) there, so two subscriptions can be open in two terminals at once.  (An account that prefers a
long-lived `claude setup-token` becomes an oauth-token route with the same folder: the client
takes that token before the folder's login, and the kind says so.)

Where the client keeps things (read from the pinned client, 2.1.197):

  folder        $CLAUDE_CONFIG_DIR (taken as it is, even when empty: then paths are relative to
                the current folder), else ~/.claude; NFC-normalised
  settings      FOLDER/settings.json
  .claude.json  $CLAUDE_CONFIG_DIR/.claude.json when it is set and not empty, else ~/.claude.json
                (FOLDER/.config.json instead, when that legacy file exists); `oauthAccount` there
                names the account (email, organisation)
  login         Linux and Windows: SECURE/.credentials.json, `claudeAiOauth` (accessToken,
                refreshToken, expiresAt in ms, subscriptionType, rateLimitTier, scopes);
                macOS: the Keychain item of service "Claude Code-credentials" with, unless the
                folder is the default, "-" and the first 8 hex digits of SHA-256 of the folder
                appended, account $USER (or the login name; "claude-code-user" when it is not
                made of letters, digits, '.', '_', '-').  SECURE is
                $CLAUDE_SECURESTORAGE_CONFIG_DIR when set (empty: ~/.claude), else the folder.

Only names, dates and the plan are ever read out of the credentials: never a token.
"""

from . import Kind

SERVICE = "Claude Code-credentials"
_ACCOUNT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def _path(platform):
    import ntpath
    import posixpath

    return ntpath if platform == "win32" else posixpath


def _platform(platform):
    import sys

    return sys.platform if platform is None else platform


def _home(env, platform):
    import os

    if platform == "win32":  # Node's os.homedir(): USERPROFILE
        return env.get("USERPROFILE") or env.get("HOME") or os.path.expanduser("~")
    return env.get("HOME") or os.path.expanduser("~")


def config_dir(env, platform=None):
    """The client's per-user folder for `env`, exactly as it computes it."""
    import unicodedata

    platform = _platform(platform)
    explicit = env.get("CLAUDE_CONFIG_DIR")
    folder = explicit if explicit is not None else _path(platform).join(_home(env, platform), ".claude")
    return unicodedata.normalize("NFC", folder)


def default_dir(env, platform=None):
    platform = _platform(platform)
    return _path(platform).join(_home(env, platform), ".claude")


def secure_dir(env, platform=None):
    """The folder the login's credentials are kept for (the file's folder, the Keychain item's hash)."""
    import unicodedata

    platform = _platform(platform)
    override = env.get("CLAUDE_SECURESTORAGE_CONFIG_DIR")
    if override is not None:
        return unicodedata.normalize("NFC", override or default_dir(env, platform))
    return config_dir(env, platform)


def credentials_path(env, platform=None):
    """Where the client keeps the login on Linux and Windows."""
    platform = _platform(platform)
    return _path(platform).join(secure_dir(env, platform), ".credentials.json")


def keychain_item(env, platform=None):
    """(service, account) of the macOS Keychain item holding the login for `env`."""
    import getpass
    from hashlib import sha256

    override = env.get("CLAUDE_SECURESTORAGE_CONFIG_DIR")
    is_default = not override if override is not None else not env.get("CLAUDE_CONFIG_DIR")
    suffix = "" if is_default else "-" + sha256(secure_dir(env, platform).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    try:
        user = env.get("USER") or getpass.getuser()
    except (OSError, KeyError):
        user = "claude-code-user"
    if not user or not _ACCOUNT_CHARS.issuperset(user):
        user = "claude-code-user"
    return SERVICE + suffix, user


def claude_json_path(env, platform=None):
    """The client's .claude.json for `env` (where `oauthAccount` names the account)."""
    import os

    platform = _platform(platform)
    p = _path(platform)
    legacy = p.join(config_dir(env, platform), ".config.json")
    if platform == _platform(None) and os.path.isfile(legacy):
        return legacy
    return p.join(env.get("CLAUDE_CONFIG_DIR") or _home(env, platform), ".claude.json")


def check_folder(name, route):
    """A route's --config-dir: absolute, since the client takes a relative one from whatever
    folder it starts in."""
    import os

    from ..errors import UsageError

    folder = route.get("config_dir")
    if folder is not None and not os.path.isabs(folder):
        raise UsageError(f"route {name!r}: --config-dir {folder!r} must be an absolute path "
                         "(Claude Code would take a relative one from whatever folder it starts in)")


class Login(Kind):
    name = "login"
    summary = "the subscription login (built in); stored: an account in its own CLAUDE_CONFIG_DIR"
    example = {}  # the folder defaults to one of ccswitch's own
    fields = {"config_dir": "CLAUDE_CONFIG_DIR"}
    field_help = {"config_dir": "CLAUDE_CONFIG_DIR: the account's own folder (default: one per route in ccswitch's data folder)"}
    required = ("config_dir",)  # of a stored route: `add` fills in the default folder
    rank = 90
    credential_vars = ("CLAUDE_CONFIG_DIR",)  # whose login: the folder's

    def active(self, eff, layers):
        return True  # the bottom rung

    def credentials_path(self, env):
        return credentials_path(env)

    def check(self, name, route):
        check_folder(name, route)

    def gateway_session(self, env):
        """The URL of a Cloud gateway session `/login` stored (`enterpriseGateway` in the login
        credentials), which the client takes before every route; None when there is none.
        Only the URL is read out of the file: the rest is credentials."""
        import os

        from ..settings import read_json

        path = credentials_path(env)
        if not os.path.isfile(path):
            return None
        doc, error = read_json(path)
        session = doc.get("enterpriseGateway") if not error and isinstance(doc, dict) else None
        url = session.get("url") if isinstance(session, dict) else None
        return url if isinstance(url, str) and url else None

    def status(self, eff, layers):
        import sys

        endpoint = eff.endpoint("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
        if sys.platform == "darwin":
            service, account = keychain_item(eff.shell)
            return endpoint, {"source": "login", "origin": f"macOS Keychain ({service!r}, account {account!r})",
                              "header": "Authorization: Bearer", "masked": None}
        import os

        path = credentials_path(eff.shell)
        return endpoint, {"source": "login", "origin": path, "header": "Authorization: Bearer", "masked": None,
                          "missing": not os.path.isfile(path)}

    def describe(self, route):
        folder = route.get("config_dir")
        if folder is None:
            return "subscription"
        import os

        home = os.path.expanduser("~")
        if folder.startswith(home.rstrip(os.sep) + os.sep):
            folder = "~" + folder[len(home.rstrip(os.sep)):]
        return f"subscription in {folder}"

    def verify_offline(self, report, route_env, resolve_env, env):
        import sys

        from ..verify import Outcome

        folder_env = dict(env)
        if "CLAUDE_CONFIG_DIR" in route_env:
            folder_env["CLAUDE_CONFIG_DIR"] = route_env["CLAUDE_CONFIG_DIR"]
            folder_env.pop("CLAUDE_SECURESTORAGE_CONFIG_DIR", None)
        if sys.platform == "darwin":
            service, _account = keychain_item(folder_env)
            report.not_checked.append(f"the login in the macOS Keychain item {service!r}")
            report.outcome, report.message = "offline-ok", "nothing to verify for a login in the Keychain without Claude Code"
            return
        from .. import account

        facts = account.facts(folder_env)
        path = credentials_path(folder_env)
        if not facts["credentials"]["exists"]:
            how = f"ccswitch login {report.name}" if "CLAUDE_CONFIG_DIR" in route_env else "claude, then /login"
            raise Outcome("config", f"no login found ({path}); run `{how}`")
        report.checked.append(f"a login exists ({path})")
        if facts["credentials"].get("expired"):
            renew = " (Claude Code renews it with its refresh token)" if facts["credentials"].get("renewable") else ""
            report.notes.append(f"the access token expired at {facts['credentials']['expires_at']}{renew}")
        report.not_checked.append("whether the login is still valid: verify never sends subscription credentials")
        report.outcome, report.message = "offline-ok", "a login exists; it was not sent anywhere"


KIND = Login()
