"""What each command does, as plain functions the CLI (and tests) call.

Functions here take their inputs as arguments (the environment included) and return data or
text; printing and exit codes belong to the CLI, the syntax of its options to `options`, and
writing a route together with its keyring secrets to `routestore`.  `use_code` is on the hot path and imports
only what the route needs.
"""

import os

from . import routes as model
from . import routestore, store, switch
from .claudevars import ROUTE_MARKER
from .errors import CCSwitchError, UsageError
from .routes import LOGIN


def active_route(env):
    return env.get(ROUTE_MARKER) or LOGIN


def get_route(name, routes=None):
    if name == "-":
        raise UsageError("'-' means the previous route for `ccswitch use -` only; name the route")
    model.check_route_name(name, allow_login=True)
    if name == LOGIN:
        return {"kind": LOGIN}
    routes = store.load() if routes is None else routes
    route = routes.get(name)
    if route is None:
        close = did_you_mean(name, [LOGIN, *routes])
        hint = f"did you mean {close!r}? " if close else ""
        raise UsageError(f"no route named {name!r}; {hint}`ccswitch list` shows the routes, `ccswitch add {name} --kind …` creates one")
    return route


def did_you_mean(word, choices):
    """The one choice close to a mistyped `word` (difflib's ratio 0.6 and up), or None."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def previous_route(env):
    """The route `use -` goes back to: the one this shell was on before (CCSWITCH_PREVIOUS, a
    name like any other, checked as one)."""
    from .claudevars import PREVIOUS_VAR

    name = env.get(PREVIOUS_VAR)
    if not name:
        raise UsageError("no previous route in this shell: `ccswitch use -` goes back after a switch")
    if not model.is_route_name(name):
        raise UsageError(f"{PREVIOUS_VAR} does not hold a route name; switch with `ccswitch use NAME`")
    return name


def route_environment(name, route):
    """The variables a route sets, with its secrets resolved (the built-in login: none)."""
    if not route.get("secrets"):
        return model.environment(name, route, None)
    from . import secrets

    return model.environment(name, route, secrets.resolve)


def switch_plan(name, env, route=None):
    """Validated plan that switches `env` to route `name` (secrets resolved)."""
    route = get_route(name) if route is None else route
    return switch.plan(env, name, route_environment(name, route)), route


def use_code(name, emitter, env, route=None):
    """Shell code that switches to `name` for the shell unit `emitter`, human notes for stderr,
    and the unit's side channel (raw stderr text that goes first).  Raises before output."""
    plan, route = switch_plan(name, env, route)
    code = emitter.render(plan)
    side = emitter.side_channel(plan, env)
    notes = list(emitter.notes(plan))
    if model.KINDS[route["kind"]].settings(route) is not None:
        notes.append(
            f"route {name!r} serves its key through apiKeyHelper, which Claude Code reads only from settings: "
            f"start Claude Code with `ccswitch exec {name} -- claude` "
            f"(or `claude --settings \"$(ccswitch claude-settings {name})\"`)"
        )
    from .settings import use_notes  # settings env blocks that would beat this route (cheap without settings files)

    notes.extend(use_notes(name, route, plan, env))
    return code, notes, side


# ----------------------------------------------------------------------------- listing


def list_rows(env, routes=None):
    routes = store.load() if routes is None else routes
    active = active_route(env)
    rows = [{"name": LOGIN, "kind": LOGIN, "active": active == LOGIN, "target": "subscription login", "model": None, "secrets": {}}]
    for name in sorted(routes):
        r = routes[name]
        rows.append(
            {
                "name": name,
                "kind": r["kind"],
                "active": active == name,
                "target": model.describe(r),
                "model": r.get("model"),
                "secrets": dict(r.get("secrets", {})),
            }
        )
    return rows


def names(routes=None):
    routes = store.load() if routes is None else routes
    return [LOGIN, *sorted(routes)]


def show_data(name):
    route = get_route(name)
    if name == LOGIN:
        return {"name": LOGIN, "kind": LOGIN, "fields": {}, "env": {}, "secrets": {}}
    placeholder = {var: None for var in route.get("secrets", {})}
    env = model.environment(name, route, lambda _n, var, _s: "")
    env.update(placeholder)
    fields = {k: v for k, v in route.items() if k not in ("kind", "env", "secrets")}
    data = {"name": name, "kind": route["kind"], "fields": fields, "env": env, "secrets": dict(route.get("secrets", {}))}
    folder = account_folder(name)
    if folder is not None:
        from . import account

        data["shares"] = account.shared(folder)
    return data


def statusline(env, stdin):
    """One line for Claude Code's statusLine: the route it was started on, and its model.

    Claude Code passes session JSON on stdin; only `model.display_name` is used from it.
    """
    from . import persist

    name = active_route(env)
    found = persist.in_effect(env, env.get("CLAUDE_PROJECT_DIR") or os.getcwd())  # an IDE's session: no marker
    how = []  # what the parentheses say after the route's name
    if found:
        how.append(f"persisted in {found[1]} settings")
        if env.get(ROUTE_MARKER) and env[ROUTE_MARKER] != found[0]:
            how.append(f"over this shell's {name}")
        name = found[0]
    text = f"route: {name}"
    route = {"kind": LOGIN} if name == LOGIN else None
    if name != LOGIN:
        try:
            route = store.load().get(name)
        except CCSwitchError:
            route = None
        how = [route["kind"], *how] if route else ["not in the store"]
    if how:
        text += f" ({', '.join(how)})"
    if route is not None and name != LOGIN and not found and _changed_since_start(name, route, env):
        text += " · restart to apply the route's change"
    if route is not None and route["kind"] == LOGIN:  # which subscription: the folder's account
        from . import account
        from .text import printable

        who = (account.facts(env, keychain=False)["account"] or {}).get("email")
        if who:
            text += f" · {printable(who)}"
    if stdin is not None and not stdin.isatty():
        data = getattr(stdin, "buffer", stdin).read(1 << 20)  # session JSON is small; bytes, as sent
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        if data.strip():
            import json

            try:
                model_name = json.loads(data).get("model", {}).get("display_name")
            except (ValueError, AttributeError, RecursionError):
                model_name = None
            if isinstance(model_name, str) and model_name:
                from .text import printable

                text += f" · {printable(model_name)}"
    return text


def _changed_since_start(name, route, env):
    """Whether the stored route now sets a variable differently from the environment this
    session started with (statusline runs with it): an edit the running session does not see.
    Variables a settings file sets are left out (the client put their values in)."""
    from .resolve import drift

    found = [d for d in drift(name, route, env) if d["problem"] == "different"]
    if not found:
        return False
    from . import settings

    managed = set(settings.load(env).env_sources())
    return any(d["variable"] not in managed for d in found)


# ----------------------------------------------------------------------------- editing


class HostMove(UsageError):
    """An edit would send the route's kept secret to another host: it needs a fresh yes."""

    def __init__(self, name, old_host, new_host):
        self.old_host, self.new_host = old_host, new_host
        super().__init__(
            f"route {name!r}: its secret would now go to {new_host or 'an unknown host'} instead of "
            f"{old_host or 'an unknown host'}; give the secret again (--secret-stdin, --secret-env, --secret-cmd) "
            f"or confirm with --keep-secret"
        )


def check_plaintext(route):
    """Refuse a credential written where routes.toml would keep it in plain text: a --set value,
    a command (--secret-cmd, an apiKeyHelper) that spells the key out, a model or URL field."""
    from .secretsense import known_key

    for where, text, fix in plaintext_places(route):
        if known_key(text):
            raise UsageError(f"{where} holds a credential in plain text, which routes.toml would keep as it is; {fix}")


def plaintext_places(route):
    """(where, text, fix) for every value of a route that routes.toml keeps as written."""
    keep = "keep the credential in the keyring (--secret-stdin), and have the command read it with `ccswitch secret`"
    places = [(f"--set {var}", value, f"give it with --secret-var {var} instead") for var, value in route.get("env", {}).items()]
    places += [(f"the command of secret {var}", src[4:], keep) for var, src in route.get("secrets", {}).items() if src.startswith("cmd:")]
    places += [(model.option_name(f), v, keep if f == "command" else "a field is no place for it")
               for f, v in route.items() if isinstance(v, str) and f != "kind"]
    return places


def check_transport(route, insecure=False):
    """Refuse an endpoint reached over plain http unless it is on this machine: the route's
    credential would cross the network readable.  `insecure` (--insecure) lets it be."""
    from .kinds import host_of, insecure_url

    plain = model.plain_environment(route)
    urls = [v for k, v in plain.items() if k.endswith("_BASE_URL") and isinstance(v, str)]
    for url in urls:
        host = host_of(url)
        if insecure_url(url) and not insecure:
            raise UsageError(
                f"{url} is plain http to {host}: the route's credential would cross the network readable; "
                f"use https, or --insecure if this is what you mean"
            )


def _kept_secret_moves(name, old, new, asked):
    """HostMove when the endpoint's host changes and a secret not given anew goes along."""
    kind = model.KINDS[new["kind"]]
    before, after = kind.host(model.plain_environment(old)), kind.host(model.plain_environment(new))
    kept = [v for v in new.get("secrets", {}) if v in old.get("secrets", {}) and v not in asked]
    if before != after and kept:
        raise HostMove(name, before, after)


def _checked(values):
    """Secret values refused at the door when no environment could hold them (a NUL, over the
    128 KiB of one variable): stored, they would make every later `use` fail."""
    for var, value in values.items():
        model.check_env_entry(var, value, what="secret")
    return values


def add(name, kind_name, fields, sets, secret_vars, primary, inputs, insecure=False):
    """Create a route.  Secrets go to the keyring first; if the store cannot be written they are
    removed again, so no route is left without its secret and no secret without its route."""
    model.check_route_name(name)
    kind = model.KINDS.get(kind_name)
    if kind is None:
        raise UsageError(f"unknown kind {kind_name!r}; kinds: {', '.join(model.STORED_KINDS)}")
    route = {"kind": kind_name}
    route.update({k: v for k, v in fields.items() if v is not None})
    _account_folder(name, route)
    if sets:
        route["env"] = dict(sets)
    secrets_map = dict(secret_vars)
    if primary is not None:
        if kind.secret in secrets_map:
            raise UsageError(f"{kind.secret} given twice (--secret-var and --secret-*)")
        secrets_map[kind.secret] = primary
    elif kind.secret_required and kind.secret not in secrets_map:
        secrets_map[kind.secret] = "keyring"  # asked for below
    if secrets_map:
        route["secrets"] = secrets_map
    model.validate(name, route)
    check_plaintext(route)
    check_transport(route, insecure)
    if name in store.load():
        raise UsageError(f"a route named {name!r} exists already; change it with `ccswitch edit {name}` or pick another name")
    values = _checked({var: inputs.value(name, var) for var in routestore.keyring_vars(route)})
    from . import account

    if account.is_account(kind) and account.FIELD in route:
        account.make_folder(route[account.FIELD])
    routestore.commit(name, None, route, values)
    return route


def _account_folder(name, route):
    """An account route's folder: the one given, made absolute, else ccswitch's own for it (a
    login route always has one; the built-in `login` is the default folder)."""
    from . import account

    if account.is_account(model.KINDS[route["kind"]]) and (account.FIELD in route or route["kind"] == LOGIN):
        route[account.FIELD] = account.folder_for(name, route.get(account.FIELD))


def edit(name, fields, clear, sets, unsets, secret_vars, remove_secrets, primary, inputs, insecure=False, keep_secret=False):
    model.check_route_name(name)
    old = get_route(name)
    kind = model.KINDS[old["kind"]]
    new = {k: (dict(v) if isinstance(v, dict) else v) for k, v in old.items()}
    for field in clear:
        key = field.replace("-", "_")
        if key not in kind.fields and key != "model":
            raise UsageError(f"--clear {field}: {kind.name} routes have no such field")
        if key in kind.required:
            raise UsageError(f"--clear {field}: a {kind.name} route needs it")
        new.pop(key, None)
    new.update({k: v for k, v in fields.items() if v is not None})
    if fields.get("config_dir") is not None:
        _account_folder(name, new)  # an account's folder; a profile's config_dir is another variable
    env = new.get("env", {})
    for var in unsets:
        if var not in env:
            raise UsageError(f"--unset {var}: route {name!r} does not set it")
        del env[var]
    env.update(sets)
    new["env"] = env
    secrets_map = new.get("secrets", {})
    for var in remove_secrets:
        if var not in secrets_map:
            raise UsageError(f"--rm-secret {var}: route {name!r} has no such secret")
        if var == kind.secret and kind.secret_required:
            raise UsageError(f"--rm-secret {var}: a {kind.name} route needs it; replace it with --secret-stdin instead")
        del secrets_map[var]
    secrets_map.update(secret_vars)
    if primary is not None:
        secrets_map[kind.secret] = primary
    new["secrets"] = secrets_map
    for key in ("env", "secrets"):
        if not new[key]:
            del new[key]
    model.validate(name, new)
    check_plaintext(new)
    check_transport(new, insecure)
    # New keyring values: every keyring secret whose source was named now (or that is new).
    asked = set(secret_vars) | ({kind.secret} if primary is not None else set())
    if not keep_secret:
        _kept_secret_moves(name, old, new, asked)
    values = _checked({var: inputs.value(name, var) for var in routestore.keyring_vars(new)
                       if var in asked or var not in routestore.keyring_vars(old)})
    from . import account

    if account.is_account(kind) and new.get(account.FIELD) != old.get(account.FIELD) and account.FIELD in new:
        account.make_folder(new[account.FIELD])
    return new, routestore.commit(name, old, new, values)


def remove(name, force=False):
    """Delete a route and its keyring secrets (see routestore.remove)."""
    model.check_route_name(name)
    return routestore.remove(name, get_route(name), force=force)


def rename(old_name, new_name):
    """Rename a route; its keyring secrets move with it (see routestore.rename)."""
    model.check_route_name(old_name)
    model.check_route_name(new_name)
    route = get_route(old_name)
    if new_name in store.load():
        raise UsageError(f"a route named {new_name!r} exists already")
    return routestore.rename(old_name, new_name, route)


# ----------------------------------------------------------------------------- secrets and exec


def secret_value(name, var=None):
    route = get_route(name)
    if name == LOGIN:
        raise UsageError("the login route has no secret")
    secrets_map = route.get("secrets", {})
    if var is None:
        kind = model.KINDS[route["kind"]]
        if kind.secret in secrets_map:
            var = kind.secret
        elif len(secrets_map) == 1:
            (var,) = secrets_map
        else:
            raise UsageError(f"route {name!r} has {len(secrets_map) or 'no'} secrets; name one: {', '.join(secrets_map) or '-'}")
    if var not in secrets_map:
        raise UsageError(f"route {name!r} has no secret {var}")
    from . import secrets

    return secrets.resolve(name, var, secrets_map[var])


def check_served_here(name, env, cwd):
    """For `secret --helper` (what `persist` writes): Claude Code runs its apiKeyHelper or
    awsCredentialExport before project and local settings apply (seen with 2.1.197: the helper
    runs in the project folder with the user settings' env only), then sends what it printed to
    the endpoint every layer decides.  The secret is served only when that endpoint, resolved
    here from the same layers, is the route's own: a project file, or a layer persisted before
    the route moved, cannot redirect it."""
    from . import settings
    from .resolve import resolve

    route = get_route(name)
    why = helper_refusal(name, route, resolve(env, settings.load(env, cwd, approvals=False))["endpoint"], env)
    if why:
        raise UsageError(f"{why}; not served. `ccswitch status` in this folder shows why; "
                         f"`ccswitch persist {name} --scope …` writes the route again")


def helper_refusal(name, route, endpoint, env):
    """Why `secret --helper` serves route `name` nothing when Claude Code sends to `endpoint`
    (resolve's), or None: the endpoint's origin (scheme, host, port) is not the route's."""
    from . import settings
    from .kinds import origin_of
    from .resolve import ENVIRONMENT

    endpoint = endpoint or {}
    approved = origin_of(model.KINDS[route["kind"]].endpoint(model.plain_environment(route)))
    to = origin_of(endpoint.get("url") or "")
    if approved and to == approved:
        return None
    where = endpoint.get("origin") or ""
    where = "this environment" if where in ("", ENVIRONMENT) else settings.display_path(where, env)
    return (f"route {name!r}: its secret goes to {approved or 'its own endpoint'} only, but Claude Code here sends to "
            f"{to or 'no known host'} ({endpoint.get('variable') or 'endpoint'} from {where})")


AWS_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")


def aws_credential_export(name):
    """The JSON Claude Code's `awsCredentialExport` command prints, from route `name`'s static AWS
    keys: {"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken"?}}."""
    import json

    route = get_route(name)
    secrets_map = route.get("secrets", {})
    plain = route.get("env", {})
    if "AWS_SECRET_ACCESS_KEY" not in secrets_map:
        raise UsageError(f"route {name!r} keeps no AWS_SECRET_ACCESS_KEY; --aws-credential-export serves static AWS keys")
    from . import secrets

    def value(var):
        if var in secrets_map:
            return secrets.resolve(name, var, secrets_map[var])
        return plain.get(var)

    key_id = value("AWS_ACCESS_KEY_ID")
    if not key_id:
        raise UsageError(f"route {name!r} has no AWS_ACCESS_KEY_ID (set it with `ccswitch edit {name} --set AWS_ACCESS_KEY_ID=…`)")
    creds = {"AccessKeyId": key_id, "SecretAccessKey": value("AWS_SECRET_ACCESS_KEY")}
    token = value("AWS_SESSION_TOKEN")
    if token:
        creds["SessionToken"] = token
    return json.dumps({"Credentials": creds})


def claude_settings(name):
    """The per-launch settings that make Claude Code take a helper route."""
    import json

    route = get_route(name)
    settings = model.KINDS[route["kind"]].settings(route)
    if settings is None:
        raise UsageError(f"route {name!r} is a {route['kind']} route; only helper routes need settings (use `ccswitch use {name}`)")
    return json.dumps(settings)


def preview_environment(name, env):
    """`env` as route `name` would leave it, its secrets stood in for (never read from the
    keyring): for reading what the route means (whoami NAME), not for running anything."""
    route = get_route(name)
    return switch.plan(env, name, model.environment(name, route, lambda *_: "(secret)")).applied_to(env)


def exec_environment(name, env):
    """The environment for `ccswitch exec`: `env` switched to the route, nothing of others left."""
    plan, route = switch_plan(name, env)
    return plan.applied_to(env), route


def exec_argv(name, route, argv):
    """For helper routes, `claude …` gets --settings with the apiKeyHelper."""
    if model.KINDS[route["kind"]].settings(route) is not None and argv and os.path.basename(argv[0]) in ("claude", "claude.exe"):
        return [argv[0], "--settings", claude_settings(name), *argv[1:]]
    return list(argv)


# ----------------------------------------------------------------------------- accounts


def account_folder(name):
    """The folder of account route `name` (None for any other route)."""
    from . import account

    route = get_route(name)
    if name == LOGIN or not account.is_account(model.KINDS[route["kind"]]):
        return None
    return route.get(account.FIELD)


def _account_route(name, action):
    route = get_route(name)
    if name == LOGIN:
        return route, None
    folder = account_folder(name)
    if folder is None:
        raise UsageError(f"route {name!r} is a {route['kind']} route; `ccswitch {action}` is for subscription accounts "
                         f"(add one with `ccswitch add NAME --kind login`)")
    return route, folder


def _claude(env):
    import shutil

    found = shutil.which("claude", path=env.get("PATH"))
    if found is None:
        raise UsageError("Claude Code (`claude`) is not on PATH; install it (npm install -g @anthropic-ai/claude-code)")
    return found


def login_launch(name, args, env=None):
    """(argv, environment) of Claude Code's own login for account route `name`: its folder, and
    nothing of any other route."""
    from . import account

    env = os.environ if env is None else env
    route, folder = _account_route(name, "login")
    if route["kind"] != LOGIN:
        raise UsageError(f"route {name!r} uses a long-lived token ({route['kind']}); renew it with "
                         f"`ccswitch login {name} --setup-token`")
    if folder is not None:
        account.make_folder(folder)
    switched = exec_environment(name, env)[0]
    return [_claude(switched), "auth", "login", *args], switched


def setup_token(name, args, from_stdin, say, env=None, run=None):
    """Make account route `name` use a long-lived token: run `claude setup-token` in its folder
    (unless the token comes on stdin), ask for the token it printed, and keep it as the route's
    secret; the route becomes an oauth-token route with the same folder."""
    import subprocess

    from . import account, secrets
    from .kinds import KINDS

    env = os.environ if env is None else env
    if name == LOGIN:
        raise UsageError("the built-in login route holds no token; add an account route (`ccswitch add NAME --kind login`)")
    old, folder = _account_route(name, "login --setup-token")
    account.make_folder(folder)
    if from_stdin:
        if args:
            raise UsageError("with --secret-stdin nothing is run; drop the arguments after --")
        token = secrets.read_stdin()
    else:
        switched = exec_environment(name, env)[0]
        argv = [_claude(switched), "setup-token", *args]
        say(f"running `claude setup-token` for route {name!r} ({folder})")
        try:
            done = (run or subprocess.run)(argv, env=switched)
        except OSError as e:
            raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None
        if done.returncode != 0:
            raise CCSwitchError(f"`claude setup-token` failed (exit {done.returncode}); route {name!r} not changed")
        token = secrets.prompt(f"paste the token `claude setup-token` printed, for route {name!r}")
    token = token.strip()
    model.check_env_entry("CLAUDE_CODE_OAUTH_TOKEN", token, what="secret")
    kind = KINDS["oauth-token"]
    if not token.startswith("sk-ant-oat"):
        say("note: that does not look like a token from `claude setup-token` (sk-ant-oat…); kept all the same")
    new = {k: (dict(v) if isinstance(v, dict) else v) for k, v in old.items()}
    new["kind"] = kind.name
    new.setdefault("secrets", {})[kind.secret] = "keyring"
    model.validate(name, new)
    routestore.commit(name, old, new, {kind.secret: token})
    say(f"route {name!r} now uses its long-lived token (an oauth-token route, the token in the keyring) in {folder}")
    return new
