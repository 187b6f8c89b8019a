"""`ccswitch exec NAME -- claude …`: make the route hold against settings `env` blocks.

A settings file's `env` block beats the process environment (reference, section 3), so a
route given to `claude` through the environment alone loses to `~/.claude/settings.json`,
`.claude/settings.json` or `.claude/settings.local.json` whenever they set one of its
variables.  `claude --settings …` overrides those three for one launch (not managed policy).

With --override-settings, `exec` adds one `--settings` JSON whose `env` holds exactly the
shadowed variables: the route's value where the route sets the variable, "" (which Claude
Code counts as unset) where a file sets a route variable the route does not use.

A secret never goes into that JSON: argv is visible to every user (`ps`), and the real client
refuses anything but a regular file for --settings (a memfd or a FIFO is "not found" or read
as empty, both seen with claude 2.1.197), so the only other way would be a file holding the
secret, which ccswitch never writes.  Instead, a shadowed route credential
(ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY) is set to "" in the override and served by an
`apiKeyHelper` that runs `ccswitch secret NAME VAR` — Claude Code runs it when it needs the
key, so the value goes from the keyring (or env:/cmd: source) straight into claude's memory.
A helper's key is sent as both `Authorization: Bearer` and `x-api-key`, to the route's own
endpoint.  Any other shadowed secret (ANTHROPIC_CUSTOM_HEADERS, a Foundry or Bedrock key…) is
refused with the fix: take it out of the settings file.
"""

import json
import os
import sys

from . import resolve, settings
from .claudevars import is_secret_var, looks_like_secret_value
from .errors import UsageError
from .kinds import KINDS

CLAUDE_NAMES = ("claude", "claude.exe")
OVERRIDABLE = ("local", "project", "user")
# Route credentials Claude Code can take from an apiKeyHelper instead of the environment.
HELPER_SERVED = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY")


def is_claude(argv):
    return bool(argv) and os.path.basename(argv[0]).lower() in CLAUDE_NAMES


def route_variables(name, route, env):
    """The variables route `name` sets, with their values as they are in the switched `env`."""
    plain, secret = resolve.expected_environment(name, route)
    return {var: env[var] for var in (*plain, *secret) if var in env}


class Launch:
    """What to run: argv, environment, and notes for stderr."""

    def __init__(self, argv, env, notes=()):
        self.argv = list(argv)
        self.env = env
        self.notes = list(notes)


def prepare(name, route, env, argv, override=False, cwd=None):
    """Check `claude` launches for shadowing settings; with `override`, add the --settings."""
    if not is_claude(argv):
        if override:
            raise UsageError("--override-settings applies to `claude` only: ccswitch exec --override-settings NAME -- claude …")
        return Launch(argv, env)
    served_by_settings = KINDS[route["kind"]].settings(route) is not None  # commands.exec_argv added --settings
    if override and "--settings" in argv[1:] and not (served_by_settings and argv[1] == "--settings"):
        raise UsageError("--override-settings adds claude's --settings, and the command already has one; merge them by hand")
    layers = settings.load(env, cwd, approvals=False)
    route_env = route_variables(name, route, env)
    found = resolve.shadows(route_env, layers)
    notes = resolve.shadow_messages(name, route["kind"], found, layers, env, exec_hint=False)
    fixable = [s for s in found if s["scope"] in OVERRIDABLE]
    if not override:
        if fixable:
            notes.append(f"add --override-settings to make route {name!r} hold for this launch: "
                         f"`ccswitch exec --override-settings {name} -- {' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(argv))}`")
        return Launch(argv, env, notes)
    if not fixable:
        notes.append("--override-settings: no user, project or local settings shadow this route; nothing to override")
        return Launch(argv, env, notes)

    payload = {}
    rest = list(argv[1:])
    if served_by_settings and rest[:1] == ["--settings"]:  # added by commands.exec_argv
        payload.update(json.loads(rest[1]))
        rest = rest[2:]
    payload_env = {}
    served = []
    for s in fixable:
        var = s["variable"]
        value = route_env.get(var, "")
        if var in route_env and (is_secret_var(var) or looks_like_secret_value(value)):
            if var not in HELPER_SERVED or var not in route.get("secrets", {}) or "apiKeyHelper" in payload:
                raise UsageError(
                    f"{settings.display_path(s['path'], env)} sets {var}, a secret of route {name!r}; ccswitch "
                    f"will not put a secret in claude's argv or in a file: remove {var} from that file "
                    f"(`ccswitch import claude-settings FILE --name NAME --remove-secrets` keeps it in the keyring)"
                )
            value = ""
            served.append(var)
        payload_env[var] = value
    if served:
        payload["apiKeyHelper"] = helper_command(name, served[0])
    payload["env"] = payload_env
    text = json.dumps(payload, sort_keys=True)
    names = ", ".join(sorted(payload_env))
    notes.append(f"--override-settings: claude --settings sets {names} for this launch")
    if served:
        notes.append(
            f"--override-settings: {served[0]} is served to claude by apiKeyHelper `ccswitch secret {name} {served[0]}` "
            "(never in argv or a file); claude sends it as both Bearer and x-api-key to the route's endpoint"
        )
    return Launch([argv[0], "--settings", text, *rest], env, notes)


def helper_command(name, var, checked=False):
    """A shell command Claude Code can run to get the route's secret: this ccswitch, exactly.
    `checked`: with --helper (serves only when the endpoint there is the route's own host)."""
    return ccswitch_command("secret", name, var, *(("--helper",) if checked else ()))


def ccswitch_command(*args, platform=None):
    """A command line that runs this ccswitch (its interpreter, exactly) with `args`, as Claude
    Code runs a settings command: through /bin/sh, or cmd.exe on Windows (Node's `shell: true`)."""
    argv = [sys.executable, "-m", "ccswitch", *args]
    if (platform or sys.platform) == "win32":
        from .errors import UsageError
        from .shells.cmd import command_line

        try:
            return command_line(argv)
        except ValueError as e:
            raise UsageError(f"cannot write a command cmd.exe runs as given: {e}; install ccswitch where its "
                             "path has none (e.g. `pipx install ccswitch`)") from None
    import shlex

    return " ".join(shlex.quote(a) for a in argv)


def run(launch):
    """Exec into the command (POSIX); on Windows run it and return its exit status."""
    return _exec(launch.argv, launch.env)


def _exec(argv, env):
    from .errors import CCSwitchError

    if sys.platform == "win32":
        import subprocess

        try:
            return subprocess.run(argv, env=env).returncode
        except OSError as e:
            raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as e:
        raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None


def exit_like(status):
    """The exit status of a command run as a child (Windows)."""
    return status or 0
