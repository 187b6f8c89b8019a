"""Per-directory routes: trusted `.ccswitch` files.

A `.ccswitch` file (TOML) at the top of a project either names a route of the user's store

    route = "client-a-gw"

or defines a team-shared route, without secrets, that everyone on the project uses:

    [route]
    name = "client-a"               # optional; shown as CCSWITCH_ROUTE=dir:client-a
    kind = "gateway"
    base_url = "https://llm.client-a.example/anthropic"
    model = "claude-sonnet-4-5"

Like direnv, a file does nothing until the user runs `ccswitch allow` in that folder.  Trust is
recorded by path *and* content hash (a file in $CCSWITCH_HOME/allow/ named by the hash of
both), so any edit revokes it; `ccswitch deny` revokes by hand.  A project route's secret is
bound once, at `allow` time: a new secret (prompted, or --secret-stdin) kept in the keyring
under `dir-<hash of the folder>:VAR`, or the secret of one of the user's routes
(--secret-from ROUTE) — and if that would send the route's secret to another host, `allow` says
so plainly.

The shell hooks look for the nearest `.ccswitch` with builtins only, and run `ccswitch dir`
only when the file they find is not the one the program last looked at (see `transition`).
"""

import os

from . import routes as model
from .errors import CCSwitchError, UsageError

FILE = ".ccswitch"
PREFIX = "dir:"
FOLDER_VAR = "CLAUDE_CONFIG_DIR"


def find(start):
    """The nearest .ccswitch from `start` upwards, or None."""
    d = os.path.abspath(start)
    while True:
        candidate = os.path.join(d, FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def locate(path):
    """A .ccswitch file from a path argument (the file, its folder, or a folder below it)."""
    path = os.path.abspath(path or ".")
    if os.path.isfile(path):
        return path
    found = find(path)
    if found is None:
        raise UsageError(f"no {FILE} file in {path} or any folder above it")
    return found


def _allow_dir():
    from . import store

    return os.path.join(store.home(), "allow")


def _sha256(data):
    """SHA-256 from the interpreter's built-in module: `hashlib` loads OpenSSL first, which costs
    more than the rest of `ccswitch dir` (the hooks run it on entering a project)."""
    try:
        from _sha2 import sha256  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # a build without them
            from hashlib import sha256
    return sha256(data).hexdigest()


def _digest(path, data):
    return _sha256(os.path.abspath(path).encode("utf-8", "surrogateescape") + b"\0" + data)


def folder_key(path):
    return _sha256(os.path.dirname(os.path.abspath(path)).encode("utf-8", "surrogateescape"))[:16]


# A .ccswitch file holds a route name or one small table: anything larger is not one.
FILE_MAX = 64 * 1024


def read(path):
    """The bytes of a project file (untrusted: capped, and a FIFO or device is never waited on)."""
    from .files import Refused, read_bytes

    data = read_bytes(path, f"{FILE} file", limit=FILE_MAX)
    if len(data) > FILE_MAX:
        raise Refused(f"{path}: larger than {FILE_MAX // 1024} KiB; not a {FILE} file", path, "large")
    return data


_TOML_SPACE = " \t"


def _named_route(data):
    """The route of a file holding only `route = "NAME"` (with comments and blank lines), read
    without loading the TOML parser; None for anything else, which goes to tomllib.  Only text
    that tomllib reads the same way is accepted (tests/test_projects.py checks it by property)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.endswith("\r") and i < len(lines) - 1:  # CR LF; a CR anywhere else is invalid
            line = line[:-1]
        if "\r" in line:
            return None
        body, hash_, comment = line.partition("#")
        if hash_ and not all(c == "\t" or " " <= c != "\x7f" for c in comment):
            return None  # control characters are invalid in a TOML comment
        body = body.strip(_TOML_SPACE)
        if not body:
            continue
        key, eq, value = body.partition("=")
        value = value.strip(_TOML_SPACE)
        if found is not None or key.rstrip(_TOML_SPACE) != "route" or not eq or len(value) < 3:
            return None
        if value[0] != '"' or value[-1] != '"' or not model.is_route_name(value[1:-1]):
            return None
        found = value[1:-1]
    return found


def parse(path, data):
    """{'route': NAME} or {'project': route dict, 'name': display name}; errors name the file."""
    name = _named_route(data)
    if name is not None:
        return {"route": name}
    import tomllib

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise UsageError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise UsageError(f"{path}: nested too deeply to be a {FILE} file") from None
    extra = set(doc) - {"route"}
    if extra:
        raise UsageError(f"{path}: unknown key {sorted(extra)[0]!r}; a {FILE} file holds `route = \"NAME\"` or a [route] table")
    value = doc.get("route")
    if isinstance(value, str):
        model.check_route_name(value, allow_login=True)
        return {"route": value}
    if isinstance(value, dict):
        route = dict(value)
        name = route.pop("name", None) or os.path.basename(os.path.dirname(os.path.abspath(path)))
        name = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)[: model.NAME_MAX] or "project"
        if "secrets" in route:
            raise UsageError(f"{path}: secrets never go in a {FILE} file; each user binds the route's secret with `ccswitch allow`")
        kind = model.KINDS.get(route.get("kind")) if isinstance(route.get("kind"), str) else None
        env_ = route.get("env")
        folder_kind = kind is not None and kind.fields.get("config_dir") == FOLDER_VAR  # login, oauth-token
        if (folder_kind and ("config_dir" in route or kind.name == model.LOGIN)) or (isinstance(env_, dict) and FOLDER_VAR in env_):
            raise UsageError(f"{path}: a {FILE} file cannot choose Claude Code's folder ({FOLDER_VAR}): a folder is each user's "
                             f"own, and one named by a project would run that project's hooks as user settings; name your "
                             f"account route instead: route = \"NAME\"")
        check = dict(route)
        if kind is not None and kind.secret_required:  # bound by each user at `allow` time
            check["secrets"] = {kind.secret: "keyring"}
        try:
            model.validate(PREFIX + name, check)
        except UsageError as e:
            raise UsageError(f"{path}: {e}") from None
        return {"project": route, "name": name}
    raise UsageError(f"{path}: a {FILE} file needs `route = \"NAME\"` or a [route] table")


def _record_path(path, data):
    return os.path.join(_allow_dir(), _digest(path, data))


def _records_for(path):
    """(record file, record) for every allow record of `path`, whatever content it trusted."""
    import json

    directory = _allow_dir()
    result = []
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return result
    for name in names:
        full = os.path.join(directory, name)
        try:
            with open(full, encoding="utf-8") as f:
                record = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and record.get("path") == os.path.abspath(path):
            result.append((full, record))
    return result


def is_trusted(path, data):
    """Whether this content at this path was allowed.  The record's file name is the digest of
    both, written only by `allow`, so its existence is the answer."""
    return os.path.isfile(_record_path(path, data))


def trusted_record(path, data):
    import json

    try:
        with open(_record_path(path, data), encoding="utf-8") as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("path") == os.path.abspath(path) else None


def allow(path, secret_stdin=None, secret_from=None, prompt=None, allow_vars=()):
    """Trust a .ccswitch file (this content, at this path); bind a project route's secret.
    A variable outside Claude Code's set is trusted only when named in `allow_vars`.

    Returns human lines to print (what the file does, and any plain warning)."""
    from . import store

    data = read(path)
    spec = parse(path, data)
    if "project" in spec:
        route = spec["project"]
        missing = [v for v in model.KINDS[route["kind"]].outside(route.get("env", {})) if v not in allow_vars]
        if missing:
            raise UsageError(
                f"{path} also sets {', '.join(missing)}, beside Claude Code's variables; trust them by name: "
                f"ccswitch allow {' '.join('--allow-var ' + v for v in missing)}"
            )
    lines = []
    binding = None
    host = None
    records = [rec for _f, rec in _records_for(path) if rec.get("binding")]
    previous = [rec["binding"] for rec in records]
    if "route" in spec:
        if spec["route"] != model.LOGIN and spec["route"] not in store.load():
            lines.append(f"note: route {spec['route']!r} is not in your store yet; the folder keeps your current route until you add it")
        lines.append(f"allowed {path}: switches to route {spec['route']!r}")
    else:
        route = spec["project"]
        kind = model.KINDS[route["kind"]]
        target = model.describe(route)
        host = kind.host(model.plain_environment(route))  # where the bound secret will go
        url = route.get("base_url")
        from .kinds import host_of, insecure_url

        if url and insecure_url(url):  # the one plain-http rule
            lines.append(f"warning: {path} sends requests over plain http to {host_of(url)}")
        if kind.secret:
            if secret_from:
                routes = store.load()
                source_route = routes.get(secret_from)
                if source_route is None:
                    raise UsageError(f"--secret-from {secret_from!r}: no such route")
                var = model.KINDS[source_route["kind"]].secret
                if var not in source_route.get("secrets", {}):
                    raise UsageError(f"--secret-from {secret_from!r}: that route has no {var} secret")
                binding = {"from": secret_from, "var": var}
                # Each kind knows where it sends requests, default endpoints included.
                theirs = model.KINDS[source_route["kind"]].host(model.plain_environment(source_route))
                ours = host
                if theirs != ours:
                    lines.append(
                        f"WARNING: the secret of your route {secret_from!r} will be sent to {ours or 'an endpoint not known yet'}, "
                        f"a different host from the one {secret_from!r} uses ({theirs or 'an endpoint not known yet'})"
                    )
            elif secret_stdin is None and previous and records[-1].get("host") != host:
                # The file now sends requests elsewhere: the secret bound before needs a fresh yes.
                before = records[-1].get("host") or "a host not recorded"
                if prompt is None:
                    raise UsageError(
                        f"{path} changed where its requests go: {before} -> {host or 'an unknown host'}; the secret bound "
                        f"before is not sent there without a fresh yes: run `ccswitch allow` on a terminal to type it "
                        f"again, or give it with --secret-stdin or --secret-from ROUTE"
                    )
                value = prompt(f"{path} changed where its requests go ({before} -> {host or 'an unknown host'}); "
                               f"type the secret {kind.secret} again to send it there")
                lines.append(f"{path} changed where its requests go: {before} -> {host or 'an unknown host'}; a new secret is bound")
                from . import secrets

                model.check_env_entry(kind.secret, value, what="secret")
                secrets.put(f"dir-{folder_key(path)}", kind.secret, value)
                binding = {"keyring": kind.secret}
            elif secret_stdin is not None or not previous:
                if prompt is None and secret_stdin is None:
                    raise UsageError(f"{path} needs its secret {kind.secret}: run `ccswitch allow` on a terminal, or with --secret-stdin or --secret-from ROUTE")
                value = secret_stdin if secret_stdin is not None else prompt(f"secret {kind.secret} for {path}")
                from . import secrets

                model.check_env_entry(kind.secret, value, what="secret")
                secrets.put(f"dir-{folder_key(path)}", kind.secret, value)
                binding = {"keyring": kind.secret}
            else:
                binding = previous[-1]
        lines.append(f"allowed {path}: switches to a {kind.name} route for {target} (CCSWITCH_ROUTE={PREFIX}{spec['name']})")
    for f, _rec in _records_for(path):  # an older content of the same file is no longer trusted
        os.unlink(f)
    record = {"path": os.path.abspath(path), "binding": binding, "host": host}
    os.makedirs(_allow_dir(), mode=0o700, exist_ok=True)
    import json

    store.atomic_write(_record_path(path, data), json.dumps(record).encode())
    return lines


def naming(route_name):
    """The allowed .ccswitch files that name route `route_name` (`route = "NAME"`) or take its
    secret (`allow --secret-from NAME`): what `rm` and `rename` would break.  Only files whose
    current content is still allowed count."""
    import json

    directory = _allow_dir()
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    found = []
    for name in names:
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                record = json.load(f)
            path = record["path"]
            data = read(path)
        except (OSError, ValueError, KeyError, TypeError, CCSwitchError):
            continue
        if not is_trusted(path, data):
            continue
        try:
            spec = parse(path, data)
        except UsageError:
            continue
        binding = record.get("binding") or {}
        if spec.get("route") == route_name or (isinstance(binding, dict) and binding.get("from") == route_name):
            found.append(path)
    return sorted(set(found))


def deny(path):
    removed = 0
    for f, _rec in _records_for(path):
        os.unlink(f)
        removed += 1
    return removed


def team_route(path, name):
    """The team route `dir:NAME` of the .ccswitch file at `path` as a route record (its bound
    secret by name only, never read), or (None, why) when the file no longer gives it."""
    try:
        data = read(path)
    except CCSwitchError:
        return None, f"{path} is gone"
    record = trusted_record(path, data) if is_trusted(path, data) else None
    if record is None:
        return None, f"{path} changed since it was allowed"
    try:
        spec = parse(path, data)
    except UsageError as e:
        return None, str(e)
    if "project" not in spec or PREFIX + spec["name"] != name:
        return None, f"{path} no longer gives route {name!r}"
    route = dict(spec["project"])
    kind = model.KINDS[route["kind"]]
    if kind.secret and record.get("binding"):
        route["secrets"] = {kind.secret: "keyring"}
    return route, None


def project_route(path):
    """The route a .ccswitch file gives: ("route", name, environment), ("untrusted", None,
    None) for a new or edited file, ("unknown", name, None) for a route not in the store, or
    ("gone", None, None) when the file went away between the hook's look and ours."""
    from . import commands

    try:
        data = read(path)
    except CCSwitchError:
        return "gone", None, None
    if not is_trusted(path, data):
        return "untrusted", None, None
    spec = parse(path, data)
    if "route" in spec:
        name = spec["route"]
        try:
            route = commands.get_route(name)
        except UsageError:
            return "unknown", name, None
        return "route", name, commands.route_environment(name, route)
    route = dict(spec["project"])
    kind = model.KINDS[route["kind"]]
    name = PREFIX + spec["name"]
    record = trusted_record(path, data)
    if record is None:
        return "untrusted", None, None
    binding = record.get("binding")
    if kind.secret and binding:
        from . import secrets

        if "from" in binding:
            source_route = commands.get_route(binding["from"])
            source = source_route["secrets"][binding["var"]]
            env_ = model.environment(name, route, None)
            env_[kind.secret] = secrets.resolve(binding["from"], binding["var"], source)
            return "route", name, env_
        route["secrets"] = {kind.secret: "keyring"}
        return "route", name, model.environment(f"dir-{folder_key(path)}", route, secrets.resolve)
    return "route", name, model.environment(name, route, None)


# ----------------------------------------------------------------------------- the hooks' state

# The hooks find the nearest .ccswitch with builtins at each prompt and compare it with
# CCSWITCH_DIR; only when they differ (or after `allow`/`deny`) do they run `ccswitch dir`,
# which decides everything and carries its state in two variables it emits itself, as direnv
# carries DIRENV_DIR and DIRENV_DIFF, so no hook keeps any:
#
#   CCSWITCH_DIR        the .ccswitch file last looked at (trusted or not); unset when none
#   CCSWITCH_DIR_STATE  "1;APPLIED;BEFORE": the route that file switched to, and the route the
#                       shell had before the project (put back on leaving); unset when no
#                       project route was applied
#
# Both are inherited by child shells, whose hooks then carry on from the same state.  Both
# are untrusted input: a malformed value is ignored, and route names are checked.
from .claudevars import DIR_STATE_VAR, DIR_VAR, ROUTE_MARKER  # noqa: E402

_STATE_VERSION = "1"


def _route_name_ok(name):
    if name.startswith(PREFIX):
        name = name[len(PREFIX):]
    try:
        model.check_route_name(name, allow_login=True)
    except UsageError:
        return False
    return True


def read_state(env):
    """(applied route, route before the project) from CCSWITCH_DIR_STATE, or (None, None)."""
    parts = (env.get(DIR_STATE_VAR) or "").split(";")
    if len(parts) != 3 or parts[0] != _STATE_VERSION or not all(_route_name_ok(p) for p in parts[1:]):
        return None, None
    return parts[1], parts[2]


class Transition:
    """What the hook applies at a prompt: a route to switch to (or None), the state variables
    to set and unset, and lines for stderr (`info` ones are silenced by CCSWITCH_QUIET)."""

    def __init__(self):
        self.route = None  # (name, environment)
        self.set = {}
        self.unset = []
        self.info = []
        self.warnings = []


def transition(path, env):
    """The change for a shell whose nearest .ccswitch is `path` ("" for none)."""
    t = Transition()
    applied, before = read_state(env)
    current = env.get(ROUTE_MARKER) or model.LOGIN
    active = applied is not None and current == applied  # not switched by hand since
    back = before if active else current  # the route outside any project

    def leave(why):
        target = back if active else None
        if target is not None:
            t.route = _restore(target, t)
            t.info.append(f"{why}; back on {t.route[0]}")

    try:
        status, name, route_env = project_route(path) if path else ("none", None, None)
    except CCSwitchError as e:  # a route whose secret cannot be had now (a locked keyring…)
        status, name, route_env = "error", None, None
        t.warnings.append(f"{path}: {e}; staying on {back!r}")
    if status == "route":
        if not (active and applied == name and env.get(DIR_VAR) == path):  # else: on it already
            t.route = (name, route_env)
            t.info.append(f"project route {name}; back to {back} on leave")
        t.set[DIR_STATE_VAR] = ";".join((_STATE_VERSION, name, back))
    else:
        if status == "untrusted":
            t.warnings.append(f"{path} is not trusted (new or changed); review it, then run `ccswitch allow` to use its route")
        elif status == "unknown":
            t.warnings.append(f"{path} names route {name!r}, which is not in your store; staying on {back!r}")
        if active:
            leave("left the project" if status in ("none", "gone") else "project route off")
        if env.get(DIR_STATE_VAR) is not None:
            t.unset.append(DIR_STATE_VAR)
    if path and status != "gone":
        t.set[DIR_VAR] = path
    elif env.get(DIR_VAR) is not None:
        t.unset.append(DIR_VAR)
    return t


def _restore(name, t):
    """(name, environment) of the route to go back to; login when it is gone."""
    from . import commands

    if name.startswith(PREFIX):
        why = "was a project's route"
    else:
        try:
            return name, commands.route_environment(name, commands.get_route(name))
        except UsageError:
            why = "is gone"
        except CCSwitchError as e:  # its secret cannot be had now: no half route, login instead
            why = f"cannot be used now ({e})"
    t.warnings.append(f"route {name!r} {why}; back on login instead")
    return model.LOGIN, {}
