"""`ccswitch doctor`: what is wrong with this setup, each finding with its file and its fix.

Checks: the keyring backend; the store's permissions; secrets in shared or git-tracked
project settings (and in the user's settings); `.claude/settings.local.json` not ignored by
git; settings files that are not valid JSON; settings `env` blocks that pin route variables;
plain-http base URLs to non-loopback hosts (stored routes, the environment, settings);
a known-compromised LiteLLM (1.82.7, 1.82.8) in the active Python environment; every stored
route's secrets retrievable; route variables assigned in shell startup files, .env/.envrc or
devcontainer.json (the origins package), which come back in every new shell; account routes'
folders there and private, and no empty CLAUDE_CONFIG_DIR or CLAUDE_SECURESTORAGE_CONFIG_DIR;
the `ccswitch` on PATH being this install; the hook loaded in this shell and up to date, and Tab
completion working there.  No secret value is ever part of a finding.

The hook and completion checks read the mark a hook leaves on `ccswitch doctor` alone
(CCSWITCH_HOOK, see ccswitch.shells.MARKER): the hook's shell, its rev, and what the shell said
about completion.  No mark is not a problem: an IDE, CI or a script runs ccswitch as a program.

Severities: "fail" (exit status 1), "warn", "info" (worth knowing, nothing wrong), "ok".  The
JSON form is documented by docs/doctor-schema.json.
"""

import os
import stat
import sys

from . import gitrun, settings, shells, store
from .claudevars import is_route_var, is_secret_var, looks_like_secret_value
from .errors import CCSwitchError

SCHEMA_VERSION = 1
COMPROMISED_LITELLM = ("1.82.7", "1.82.8")


class Findings:
    def __init__(self):
        self.items = []

    def add(self, check, severity, message, file=None, fix=None):
        self.items.append({"check": check, "severity": severity, "message": message, "file": file, "fix": fix})

    def ok(self, check, message, file=None):
        self.add(check, "ok", message, file)

    def has(self, check, severity):
        return any(i["check"] == check and i["severity"] == severity for i in self.items)


def doctor_data(env=None, cwd=None):
    env = os.environ if env is None else env
    cwd = os.getcwd() if cwd is None else cwd
    mark = env.get(shells.MARKER)
    if env is os.environ:
        os.environ.pop(shells.MARKER, None)  # this run's alone: nothing doctor starts inherits it
    f = Findings()
    routes = _check_store(f)
    layers = settings.load(env, cwd)
    _check_keyring(f, routes)
    _check_settings_files(f, layers, env)
    _check_project_secrets(f, layers, env)
    _check_local_ignored(f, layers)
    _check_plain_http(f, routes, env, layers)
    _check_plaintext_credentials(f, routes)
    _check_private_gateways(f, layers, env)
    _check_litellm(f, env)
    _check_route_secrets(f, routes)
    _check_accounts(f, routes, env)
    _check_persisted(f, routes, env, layers)
    _check_install(f, env)
    hook = _check_hook(f, mark)
    _check_completion(f, env, hook, None if f.has("store", "fail") else routes)
    found = _check_origins(f, env, cwd)
    failed = any(i["severity"] == "fail" for i in f.items)
    return {"schema": SCHEMA_VERSION, "ok": not failed, "findings": f.items, "origins": found, "hook": hook["json"]}


# ----------------------------------------------------------------------------- store and keyring


def _check_store(f):
    path = store.store_path()
    directory = os.path.dirname(path)
    routes = None
    try:
        routes = store.load()
    except CCSwitchError as e:
        f.add("store", "fail", str(e), path, "fix the file by hand (ccswitch never overwrites a store it cannot read)")
    if not os.path.exists(path):
        f.ok("store-permissions", f"no store yet ({path})", path)
        return routes if routes is not None else {}
    if sys.platform == "win32":
        f.ok("store-permissions", "permissions are not checked on Windows", path)
        return routes if routes is not None else {}
    bad = False
    for target, want, kind in ((directory, 0o700, "folder"), (path, 0o600, "file")):
        try:
            st = os.stat(target)
        except OSError as e:
            f.add("store-permissions", "fail", f"cannot stat the store {kind} {target}: {e.strerror}", target)
            bad = True
            continue
        mode = stat.S_IMODE(st.st_mode)
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            f.add("store-permissions", "fail", f"the store {kind} {target} belongs to another user (uid {st.st_uid})", target,
                  f"chown {os.getuid()} {target}")
            bad = True
        if mode & 0o077:
            f.add("store-permissions", "fail",
                  f"the store {kind} {target} is open to other users (mode {mode:04o}); it names your routes and "
                  f"where their secrets live", target, f"chmod {want:o} {target}")
            bad = True
    if not bad:
        f.ok("store-permissions", f"store folder 0700 and file 0600 ({path})", path)
    return routes if routes is not None else {}


def _keyring_routes(routes):
    return sorted(n for n, r in routes.items() if "keyring" in r.get("secrets", {}).values())


def _check_keyring(f, routes):
    from . import secrets

    users = _keyring_routes(routes)
    try:
        kr = secrets.backend()
    except secrets.SecretError as e:
        if users:
            f.add("keyring", "fail", f"{e}; routes with keyring secrets: {', '.join(users)}", None,
                  "start and unlock a keyring (or set PYTHON_KEYRING_BACKEND), or move the secrets to --secret-env/--secret-cmd")
        else:
            f.add("keyring", "warn", f"{e} (no stored route needs it yet)", None,
                  "start and unlock a keyring before adding a route with a keyring secret")
        return
    f.ok("keyring", f"keyring backend usable: {type(kr).__module__}.{type(kr).__name__}")


def _check_route_secrets(f, routes):
    from . import secrets

    problems = 0
    checked = 0
    keyring_down = None
    for name in sorted(routes):
        for var, source in sorted(routes[name].get("secrets", {}).items()):
            checked += 1
            if source == "keyring" and keyring_down:
                continue
            try:
                if source == "keyring":
                    if not secrets.exists(name, var):
                        raise secrets.SecretError(f"secret {var} of route {name!r} is not in the keyring")
                else:
                    secrets.resolve(name, var, source)
            except CCSwitchError as e:
                if source == "keyring" and "no usable OS keyring" in str(e):
                    keyring_down = str(e)
                    f.add("route-secrets", "fail", "keyring secrets cannot be read: no usable keyring (see the keyring finding)",
                          None, "start and unlock a keyring")
                    problems += 1
                    continue
                problems += 1
                f.add("route-secrets", "fail", str(e), store.store_path(),
                      f"store it again with `ccswitch edit {name} --secret-stdin` (or fix its reference), or remove the route")
    if not problems:
        f.ok("route-secrets", f"{checked} secret{'s' if checked != 1 else ''} of {len(routes)} route{'s' if len(routes) != 1 else ''} retrievable")


# ----------------------------------------------------------------------------- settings files


def _check_settings_files(f, layers, env):
    for layer in layers.errors():
        f.add("settings-json", "fail", f"{layer.error}; Claude Code cannot use it as intended", layer.path, "fix the JSON by hand")
    for layer in layers.layers:
        for problem in layer.problems:
            f.add("settings-json", "warn", problem, layer.path, "make every env value a string")
    pinned = {}
    meant = _persisted_vars()
    for layer in layers.layers:
        if layer.error:
            continue
        for var in layer.env:
            if is_route_var(var) and var not in meant(layer.path):
                pinned.setdefault(layer.path, []).append(var)
    for path, names in pinned.items():
        scope = next(layer.scope for layer in layers.layers if layer.path == path)
        fix = ("managed policy: ask your administrator" if scope == "managed" else
               f"remove {', '.join(names)} from its env block and keep routes in ccswitch (or launch with "
               "`ccswitch exec --override-settings NAME -- claude`)")
        f.add("settings-env", "warn",
              f"{settings.display_path(path, env)} sets route variables in its env block ({', '.join(names)}): they beat every "
              f"shell export, so switching routes cannot change them", path, fix)
    if not layers.errors() and not pinned:
        f.ok("settings-env", "no settings file pins a route variable")


def _persisted_vars():
    """path -> the variables `ccswitch persist` wrote there: meant, not stray."""
    from . import persist

    records = persist.records(quiet=True)
    return lambda path: persist.written_env(rec) if (rec := persist.record_for(records, path)) else ()


def _secret_entries(layer):
    """Names (never values) of env entries in a layer that hold a credential."""
    found = [var for var, value in layer.env.items() if value and (is_secret_var(var) or looks_like_secret_value(value))]
    return sorted(found)


def _tracked_settings(root):
    """Paths of every git-tracked Claude Code settings file in the repository, or None when git cannot tell."""
    done = gitrun.probe(root, "ls-files", "-z", "--full-name", "--", ":(glob)**/.claude/settings.json",
                        ":(glob)**/.claude/settings.local.json")
    if done is None or done.returncode != 0:
        return None
    return {os.path.normpath(os.path.join(root, p)) for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def _check_project_secrets(f, layers, env):
    clean = True
    tracked = None
    if layers.repo_root:
        tracked = _tracked_settings(layers.repo_root)
        if tracked is None:
            f.add("project-secrets", "warn", "git could not list the project's tracked files", layers.repo_root,
                  "install git, or check .claude/ by hand")
    for layer in layers.layers:
        if layer.error:
            continue
        names = _secret_entries(layer)
        if not names:
            continue
        where = settings.display_path(layer.path, env)
        is_tracked = tracked is not None and os.path.normpath(layer.path) in tracked
        listed = ", ".join(names)
        if layer.scope == "project" or is_tracked:
            why = "is tracked by git" if is_tracked else "is the shared project settings file, meant to be committed"
            f.add("project-secrets", "fail",
                  f"{where} holds a secret in its env block ({listed}) and {why}: everyone with the repository gets it",
                  layer.path,
                  f"remove {listed} from {where}, rotate the credential, and keep it in a ccswitch route "
                  f"(`ccswitch add NAME … --secret-stdin`)" + (f"; `git rm --cached {layer.path}` if it should not be tracked" if is_tracked and layer.scope == 'local' else ""))
            clean = False
        elif layer.scope in ("user", "local"):
            f.add("settings-secrets", "warn",
                  f"{where} holds a secret in plain text ({listed}); it also beats every route for that variable",
                  layer.path, f"move {listed} into a ccswitch route (keyring) and remove it from {where}")
    # git-tracked settings files Claude Code does not read as a layer here (other folders' .claude/)
    if tracked:
        read = {os.path.normpath(layer.path) for layer in layers.layers}
        for path in sorted(tracked):
            if path in read or not path.endswith(".json"):
                continue
            layer = settings.read_layer("project", path)
            names = _secret_entries(layer) if not layer.error else []
            if names:
                f.add("project-secrets", "fail", f"{path} is tracked by git and holds a secret ({', '.join(names)})", path,
                      f"remove {', '.join(names)} from it and rotate the credential")
                clean = False
    if clean:
        f.ok("project-secrets", "no secret in shared or tracked project settings")


def _check_local_ignored(f, layers):
    if not layers.project_dir:
        f.ok("local-ignored", "no project settings here")
        return
    local = os.path.join(layers.project_dir, ".claude", "settings.local.json")
    if not layers.repo_root:
        f.ok("local-ignored", "the project is not a git repository")
        return
    if not os.path.exists(local):
        f.ok("local-ignored", "no .claude/settings.local.json in this project")
        return
    rel = os.path.relpath(local, layers.repo_root)
    done = gitrun.probe(layers.repo_root, "check-ignore", "-q", "--", rel)
    if done is None or done.returncode not in (0, 1):
        f.add("local-ignored", "warn", "git could not tell whether .claude/settings.local.json is ignored", local,
              "install git, or check .gitignore by hand")
    elif done.returncode == 1:
        tracked = gitrun.probe(layers.repo_root, "ls-files", "--error-unmatch", "--", rel)
        is_tracked = tracked is not None and tracked.returncode == 0
        f.add("local-ignored", "fail",
              f"{local} is {'tracked by git' if is_tracked else 'not ignored by git'}: your personal settings "
              f"(and any secret in them) can be committed", local,
              (f"git rm --cached {rel} && " if is_tracked else "") + f"echo '.claude/settings.local.json' >> {os.path.join(layers.repo_root, '.gitignore')}")
    else:
        f.ok("local-ignored", ".claude/settings.local.json is ignored by git", local)


# ----------------------------------------------------------------------------- where variables come from


def _check_accounts(f, routes, env):
    """Account routes' folders: there, and private when they hold a login; this shell's folder
    variables: never set but empty, and no secure-storage override merging the accounts' logins."""
    from . import account
    from .kinds import KINDS

    if env.get("CLAUDE_CONFIG_DIR") == "":
        f.add("accounts", "fail", "CLAUDE_CONFIG_DIR is set but empty: Claude Code takes settings.json and .credentials.json "
              "from whatever folder it starts in, a repository's own settings.json (hooks included) as your user settings",
              None, "unset CLAUDE_CONFIG_DIR (any `ccswitch use` or `reset` does)")
    if env.get("CLAUDE_SECURESTORAGE_CONFIG_DIR") is not None:
        f.add("accounts", "warn", "CLAUDE_SECURESTORAGE_CONFIG_DIR is set: Claude Code keeps the login there whatever "
              "CLAUDE_CONFIG_DIR says, so every account route would use that one login", None,
              "unset CLAUDE_SECURESTORAGE_CONFIG_DIR (any `ccswitch use` or `reset` does)")
    count = 0
    for name, route in sorted((routes or {}).items()):
        if not account.is_account(KINDS[route["kind"]]) or account.FIELD not in route:
            continue
        count += 1
        folder = route[account.FIELD]
        if not os.path.isdir(folder):
            f.add("accounts", "warn", f"the folder of account route {name!r} is gone ({folder})", folder,
                  f"`ccswitch login {name}` makes it again and logs the account in")
            continue
        if sys.platform == "win32":
            continue
        try:
            mode = stat.S_IMODE(os.stat(folder).st_mode)
        except OSError:
            continue
        if mode & 0o077 and os.path.exists(os.path.join(folder, ".credentials.json")):
            f.add("accounts", "fail", f"the folder of account route {name!r} holds its login and other users may enter it "
                  f"(mode {mode:03o})", folder, f"chmod 700 '{folder}'")
    if count:
        f.ok("accounts", f"{count} account folder{'s' if count != 1 else ''} there, private where they hold a login")


def _check_persisted(f, routes, env, layers):
    """Every settings layer `ccswitch persist` wrote: still there, still what was written, its
    route still in the store (its apiKeyHelper asks the store), and, for this folder's layers,
    its helper serving here (not where this folder's settings send the session elsewhere)."""
    from . import persist

    try:
        records = persist.records()
    except CCSwitchError as e:
        f.add("persisted", "warn", str(e))
        return
    if not records:
        f.ok("persisted", "no route persisted into a settings file")
        return
    endpoint = []  # this folder's, resolved once when a persisted layer of it needs it

    for path, rec in sorted(records.items()):
        shown, name, scope = settings.display_path(path, env), rec["route"], rec["scope"]
        layer = settings.read_layer(scope, path) if os.path.exists(path) else None
        if layer is None or layer.error:
            f.add("persisted", "warn", f"{shown} held route {name!r} (persisted, {scope}) but " +
                  ("is gone" if layer is None else "no longer parses"), path,
                  f"`ccswitch persist {name} --scope {scope}` in that folder writes it again")
            continue
        if routes is not None and name != "login" and name not in routes:
            f.add("persisted", "fail", f"{shown} holds route {name!r} (persisted, {scope}), which is no longer in the store: "
                  "its apiKeyHelper fails", path, f"`ccswitch unpersist --scope {scope}` in that folder")
        elif not persist.matches(rec, layer.env, layer.data):
            f.add("persisted", "warn", f"{shown} holds route {name!r} (persisted, {scope}) but was edited since", path,
                  f"`ccswitch persist {name} --scope {scope}` writes it again; `ccswitch unpersist --scope {scope}` takes it back")
        elif (refused := _persisted_refusal(layers, path, rec, routes, env, endpoint)) is not None:
            f.add("persisted", "fail", f"{shown} holds route {name!r} (persisted, {scope}), but its {refused[0]} serves nothing "
                  f"in this folder: {refused[1]}", path, "`ccswitch status` here names the file that sends the session "
                  f"elsewhere; remove that, or `ccswitch persist {name} --scope {scope}` if the route moved")
        else:
            f.ok("persisted", f"{shown} holds route {name!r} as persisted ({scope})", path)


def _persisted_refusal(layers, path, rec, routes, env, endpoint):
    """persist.refusal for the layer at `path` when it is one of this folder's; `endpoint` is a
    one-item cache of resolve's endpoint here (filled on first need)."""
    from . import persist
    from .resolve import resolve

    layer = next((x for x in layers.layers if persist.file_key(x.path) == path), None)
    if layer is None:
        return None  # not one of this folder's layers
    if not endpoint:
        endpoint.append(resolve(env, layers)["endpoint"])
    return persist.refusal(layers, layer, rec, routes, endpoint[0], env)


def _check_install(f, env, this=None):
    """The `ccswitch` a shell (and an apiKeyHelper command, a new terminal) finds on PATH is this
    install: an older one elsewhere on PATH would switch with other rules."""
    import shutil

    this = this or os.path.join(os.path.dirname(sys.executable), "ccswitch" + (".exe" if sys.platform == "win32" else ""))
    found = shutil.which("ccswitch", path=env.get("PATH"))
    if found is None:
        f.add("install", "warn", "`ccswitch` is not on PATH: new shells, hooks started from PATH and apiKeyHelper commands "
              "will not find it", None, f"put {os.path.dirname(this)} on PATH (or install with pipx)")
        return
    try:
        same = os.path.samefile(found, this)
    except OSError:
        same = os.path.realpath(found) == os.path.realpath(this)
    if not same:
        f.add("install", "warn", f"`ccswitch` on PATH is another install ({found}); this one is {this}", found,
              "remove the other install, or put this one first on PATH")
    else:
        f.ok("install", f"`ccswitch` on PATH is this install ({found})", found)


# ----------------------------------------------------------------------------- the hook and completion


def _check_hook(f, raw):
    """Whether this `ccswitch doctor` runs through a hook in this shell, and whether that hook is
    the text `ccswitch init SHELL` prints now, from the mark the hook leaves on this one run
    (`raw`, the value of shells.MARKER, or None).

    Returns {"unit", "state" (what the shell said about completion), "json" (the `hook` object
    of the JSON)}; unit and state are None without a mark."""
    parent = _parent_shell()
    facts = {"shell": None, "status": "absent", "rev": None, "expected": None, "completion": None}
    marker = _read_mark(f, raw, parent) if raw else None
    if marker is not None:
        unit, rev, state = marker
        expected = unit.hook_rev()
        facts.update(shell=unit.name, rev=rev, expected=expected, completion=state)
        if rev == expected:
            facts["status"] = "current"
            f.ok("hook", f"the {unit.name} hook is loaded in this shell and is what `ccswitch init {unit.name}` prints now")
        else:
            facts["status"] = "outdated"
            f.add("hook", "warn", f"the {unit.name} hook in this shell is not what `ccswitch init {unit.name}` prints now "
                  f"(rev {rev}, now {expected}): it was loaded from an older ccswitch or another install", None,
                  unit.reload_text())
        return {"unit": unit, "state": state, "json": facts}
    if raw:
        facts["status"] = "ignored"
    shell = shells.get(parent) if parent else _ancestor_shell() if parent is None else None
    hooked = shell if shell is not None and shell.hook else None
    if sys.flags.isolated and sys.argv[:1] == ["-c"]:
        # started the way every hook starts the program, yet without the mark: a hook from before it
        facts["status"], facts["shell"] = "outdated", hooked and hooked.name
        f.add("hook", "warn", f"{f'the {hooked.name} hook' if hooked else 'a hook'} in this shell is from an older "
              "ccswitch (it does not say which it is)", None,
              hooked.reload_text() if hooked else "load the hook again (`ccswitch init --help` gives each shell's line)")
    elif hooked:
        rc, line = hooked.init
        once = f"once: `{hooked.init_once}`; then " if hooked.init_once else ""
        f.add("hook", "info", f"ccswitch ran from {parent or hooked.name} as a program, not through its hook (the hook is not "
              "loaded in this shell, or this was `command ccswitch`, `\\ccswitch` or a script)", None,
              f"{once}add `{line}` to {rc} and open a new shell")
    elif shell is not None:
        f.add("hook", "info", f"{parent or shell.name} has no ccswitch hook: {shell.no_hook}", None,
              f"switch it with `{shell.load.format(cmd='ccswitch use NAME')}`, or use a shell with a hook "
              f"({', '.join(shells.hooked())})")
    else:
        f.add("hook", "info", "ccswitch ran as a program, not from a shell (an IDE, CI, a script): no hook to check", None,
              "in a terminal, load the hook (`ccswitch init --help` gives each shell's line)")
    return {"unit": None, "state": None, "json": facts}


def _read_mark(f, raw, parent):
    """The hook's mark, (unit, rev, completion state), or None with a warning: the variable is
    inherited input, so only the exact form a hook writes counts, and only when this process's
    parent is that hook's shell (a hook starts the program itself; tcsh's and xonsh's through
    env(1), which becomes it).  The value is never shown."""
    marker = shells.read_marker(raw)
    why = "is not a mark a ccswitch hook leaves"
    if marker is not None and parent is not None and (not parent or shells.get(parent) is not marker[0]):
        # (None: no /proc to tell)
        why = f"says the {marker[0].name} hook ran this, but {parent or 'a program that is no shell'} did: an inherited mark"
        marker = None
    if marker is None:
        f.add("hook", "warn", f"{shells.MARKER} is set and {why}; ignored (its value is not shown)", None,
              f"unset {shells.MARKER}: a hook sets it for one run of `ccswitch doctor`, never in the environment")
    return marker


def _parent_shell():
    """The --shell value of the shell that started this process; "" when that is no shell ccswitch
    knows; None when it cannot be told (no /proc).  An xonsh is a Python running xonsh (its
    script, or `-m xonsh`)."""
    from .detect import normalize

    try:
        with open(f"/proc/{os.getppid()}/cmdline", "rb") as fh:
            argv = fh.read(4096).split(b"\0")
    except (OSError, ValueError):
        return None
    words = [normalize(a.decode("utf-8", "replace")) for a in argv[:3] if a]
    if words and words[0] in shells.SHELLS:
        return words[0]
    if words and words[0].startswith("python") and "xonsh" in words[1:]:
        return "xonsh"
    return ""


def _ancestor_shell():
    """Without /proc (macOS, Windows): the nearest shell among this process's ancestors, as
    shellingham finds it (cmd.exe, PowerShell…), or None."""
    from .detect import normalize

    try:
        import shellingham

        name, _path = shellingham.detect_shell()
    except Exception:
        return None
    name = normalize(name or "")
    return shells.get(name) if name in shells.SHELLS else None


def _check_completion(f, env, hook, routes):
    """Tab completion: what the hook's shell said about it, whether the script it loaded lists
    this ccswitch's commands, and whether what Tab runs for route names answers (every
    completion script runs `ccswitch list --names` from PATH).  `routes`: None when the store
    did not load (its own finding says why)."""
    unit, state = hook["unit"], hook["state"]
    if unit is not None:
        severity, message, fix = unit.completion_finding(state)
        if severity != "ok":
            f.add("completion", severity, message, None, fix)
            if severity == "info":
                return
        elif _stale_script(unit):
            f.add("completion", "warn", f"the {unit.name} completion script of this install does not list this "
                  "ccswitch's commands and options", None,
                  "reinstall ccswitch (in a source checkout: `python -m ccswitch.completion --write`)")
            return
    problem = _route_names_answer(env, routes)
    if problem:
        f.add("completion", "warn", *problem)
    elif unit is not None and state == "registered":
        f.ok("completion", f"{message}; route names come from `ccswitch list --names`, which answers")
    elif unit is None:
        f.ok("completion", "`ccswitch list --names`, which Tab completion runs for route names, answers (whether a shell "
             "has completion is checked when doctor runs through its hook)")


def _stale_script(unit):
    """Whether `unit`'s completion script, as installed, is not what this CLI generates."""
    from . import completion

    try:
        return shells.read_data("completions", unit.completion) != unit.complete(completion.spec())
    except OSError:
        return True


def _route_names_answer(env, routes):
    """None when `ccswitch list --names` from PATH lists this store's routes, as every completion
    script runs it; else (message, file, fix)."""
    import shutil
    import subprocess

    from .commands import names

    found = shutil.which("ccswitch", path=env.get("PATH"))
    if found is None:
        return ("Tab completion lists route names with `ccswitch list --names`, and no ccswitch is on PATH", None,
                f"put {os.path.dirname(sys.executable)} on PATH (see the install finding)")
    child = {k: v for k, v in env.items() if k != shells.MARKER}
    try:
        done = subprocess.run([found, "list", "--names"], env=child, stdin=subprocess.DEVNULL, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return (f"`{found} list --names`, which Tab completion runs for route names, did not answer within 20 s", found,
                "run `ccswitch list --names` to see what it waits for")
    except OSError as e:
        return (f"`{found} list --names`, which Tab completion runs for route names, cannot start: {e.strerror}", found,
                "reinstall ccswitch, or remove that file from PATH")
    if done.returncode != 0:
        return (f"`{found} list --names`, which Tab completion runs for route names, exits with status {done.returncode}",
                found, "run `ccswitch list --names` to see why")
    listed = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if routes is not None and listed != names(routes):
        return (f"`{found} list --names`, which Tab completion runs for route names, lists other routes than this "
                "ccswitch reads (another install, or another store)", found,
                "remove the other install, or put this one first on PATH (see the install finding)")
    return None


def _check_origins(f, env, cwd):
    """Every file and line that assigns a route variable; a startup file's export returns in every new shell."""
    from . import origins

    found = origins.find(env, cwd)
    for severity, message, file, fix in origins.doctor_findings(found, env):
        f.add("origins", severity, message, file, fix)
    return found


# ----------------------------------------------------------------------------- URLs


def _safe_url(url):
    """scheme://host:port/path of a URL: never its user information or query (they may carry a secret)."""
    from .verify import split_url

    try:
        scheme, host, port, path = split_url(url)
    except ValueError:
        return "(not a URL)"
    return f"{scheme}://{host}:{port}{path}"


def _check_plain_http(f, routes, env, layers):
    from .kinds import insecure_url

    bad = False
    for name in sorted(routes):
        route = routes[name]
        candidates = [("--base-url", route.get("base_url"))] + [(var, v) for var, v in route.get("env", {}).items() if var.endswith("_BASE_URL")]
        for what, url in candidates:
            if url and insecure_url(url):
                bad = True
                f.add("plain-http", "fail",
                      f"route {name!r}: {what} {url} is plain http to a non-loopback host: its credential would cross the "
                      f"network in clear text", store.store_path(),
                      f"ccswitch edit {name} {'--base-url https://…' if what == '--base-url' else '--set ' + what + '=https://…'}")
    for var in sorted(env):
        if var.endswith("_BASE_URL") and insecure_url(env[var]):
            bad = True
            f.add("plain-http", "fail", f"{var}={_safe_url(env[var])} in this shell is plain http to a non-loopback host", None,
                  f"switch to a route with an https URL (`ccswitch use NAME`) or unset {var}")
    for layer in layers.layers:
        for var, value in layer.env.items():
            if var.endswith("_BASE_URL") and insecure_url(value):
                bad = True
                where = settings.display_path(layer.path, env)
                f.add("plain-http", "fail", f"{where} sets {var}={_safe_url(value)}: plain http to a non-loopback host", layer.path,
                      f"use https in {where}, or remove {var} from it")
    if not bad:
        f.ok("plain-http", "every base URL is https or loopback")


def _check_private_gateways(f, layers, env):
    """A private gateway's address in the shared project settings (meant to be committed):
    a warning, as the configuration guide advises keeping it out of shared files."""
    from .kinds import private_host

    shared = False
    for layer in layers.layers:
        if layer.error or layer.scope != "project":
            continue
        for var, value in sorted(layer.env.items()):
            host = var.endswith("_BASE_URL") and private_host(value)
            if host:
                shared = True
                where = settings.display_path(layer.path, env)
                f.add("private-gateway", "warn", f"{where} is shared with the repository and names a private gateway "
                      f"({var}: {host})", layer.path,
                      "keep the gateway in a route (`ccswitch add NAME --kind gateway --base-url …`) or in the untracked "
                      ".claude/settings.local.json")
    if not shared:
        f.ok("private-gateway", "no private gateway address in shared settings")


def _check_plaintext_credentials(f, routes):
    """A credential already stored in plain text (from before `add` refused it): never printed."""
    from .commands import plaintext_places
    from .secretsense import known_key

    from .claudevars import is_secret_var

    bad = False
    for name in sorted(routes):
        for where, text, fix in plaintext_places(routes[name]):
            var = where[len("--set "):] if where.startswith("--set ") else None
            if known_key(text) or (var and is_secret_var(var)):
                bad = True
                f.add("plaintext-credential", "fail", f"route {name!r}: {where} holds a credential in plain text in the store",
                      store.store_path(), f"move it to the keyring: {fix} (`ccswitch edit {name}`), then rotate it")
    if not bad:
        f.ok("plaintext-credential", "no stored route spells a credential out")


# ----------------------------------------------------------------------------- python environment


def _site_dirs(env):
    """Where to look for installed distributions: this interpreter's path and $VIRTUAL_ENV's."""
    dirs = [p for p in sys.path if p and os.path.isdir(p)]
    venv = env.get("VIRTUAL_ENV")
    if venv and os.path.isdir(venv):
        import glob

        dirs += glob.glob(os.path.join(venv, "lib", "python*", "site-packages"))
        dirs += glob.glob(os.path.join(venv, "Lib", "site-packages"))
    seen, out = set(), []
    for d in dirs:
        real = os.path.realpath(d)
        if real not in seen:
            seen.add(real)
            out.append(d)
    return out


def _check_litellm(f, env):
    from importlib import metadata

    bad = False
    for dist in metadata.distributions(path=_site_dirs(env)):
        try:
            name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        except Exception:
            continue
        if name != "litellm":
            continue
        version = dist.version
        where = str(getattr(dist, "_path", "") or "")
        if version in COMPROMISED_LITELLM:
            bad = True
            f.add("litellm", "fail",
                  f"litellm {version} is installed ({where}): versions {' and '.join(COMPROMISED_LITELLM)} were published "
                  f"compromised", where or None,
                  "uninstall it now (pip uninstall litellm), install a later release, and rotate every credential this "
                  "environment could read")
    if not bad:
        f.ok("litellm", "no compromised litellm in the active Python environment")


_PAINT = {"ok": ("green",), "info": ("cyan",), "warn": ("yellow", "bold"), "fail": ("red", "bold")}


def render(data, colour=False):
    from .text import paint

    lines = []
    for item in data["findings"]:
        tag = paint({"ok": "ok  ", "info": "info", "warn": "WARN", "fail": "FAIL"}[item["severity"]], *_PAINT[item["severity"]],
                    on=colour)
        lines.append(f"{tag}  {item['check']:<17} {item['message']}")
        if item["severity"] != "ok" and item.get("fix"):
            lines.append(f"      {'':<17} fix: {item['fix']}")
    fails = sum(1 for i in data["findings"] if i["severity"] == "fail")
    warns = sum(1 for i in data["findings"] if i["severity"] == "warn")
    lines.append("")
    lines.append("no problems found" if not fails and not warns else f"{fails} problem{'s' if fails != 1 else ''}, {warns} warning{'s' if warns != 1 else ''}")
    return "\n".join(lines)
