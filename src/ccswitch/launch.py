"""`ccswitch exec NAME -- claude …`: make the route hold against settings `env` blocks.

A settings file's `env` block beats the process environment (reference, section 3), so a
route given to `claude` through the environment alone loses to `~/.claude/settings.json`,
`.claude/settings.json` or `.claude/settings.local.json` whenever they set one of its
variables.  `claude --settings …` overrides those three for one launch (not managed policy).

With --override-settings, `exec` adds one `--settings` whose `env` holds exactly the
shadowed variables: the route's value where the route sets the variable, "" (which Claude
Code counts as unset) where a file sets a route variable the route does not use.

Where that payload goes, so that no secret ever reaches argv (which `ps` shows to every user):

* no secret in the payload: inline JSON in argv, visible and reproducible;
* a secret in it, on Linux: an anonymous memory file (memfd) passed as `--settings
  /dev/fd/N`.  Nothing touches the disk, the fd is inherited across exec, claude can open it
  as often as it likes, and it vanishes with the process; it is as private as the process's
  environment, which holds the same secret already.  ccswitch still execs into claude, so
  signals and the exit status stay claude's own;
* a secret in it, elsewhere (no memfd): a 0600 file in a private 0700 temporary folder, with
  claude run as a child instead of exec'd, so the file can be deleted when claude exits;
  ccswitch forwards SIGTERM/SIGHUP to it (SIGINT/SIGQUIT reach it from the terminal
  directly) and exits with its status, or dies of the same signal.
"""

import json
import os
import sys

from . import resolve, settings
from .claudevars import is_secret_var, looks_like_secret_value
from .errors import UsageError

CLAUDE_NAMES = ("claude", "claude.exe")
OVERRIDABLE = ("local", "project", "user")


def is_claude(argv):
    return bool(argv) and os.path.basename(argv[0]).lower() in CLAUDE_NAMES


def route_variables(name, route, env):
    """The variables route `name` sets, with their values as they are in the switched `env`."""
    plain, secret = resolve.expected_environment(name, route)
    return {var: env[var] for var in (*plain, *secret) if var in env}


class Launch:
    """What to run: argv, environment, notes for stderr, and a settings payload with a secret."""

    def __init__(self, argv, env, notes=(), private_settings=None):
        self.argv = list(argv)
        self.env = env
        self.notes = list(notes)
        self.private_settings = private_settings  # JSON text to pass through a private file, or None


def prepare(name, route, env, argv, override=False, cwd=None):
    """Check `claude` launches for shadowing settings; with `override`, add the --settings."""
    if not is_claude(argv):
        if override:
            raise UsageError("--override-settings applies to `claude` only: ccswitch exec --override-settings NAME -- claude …")
        return Launch(argv, env)
    if override and "--settings" in argv[1:] and not (route["kind"] == "helper" and argv[1] == "--settings"):
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
    if route["kind"] == "helper" and rest[:1] == ["--settings"]:  # added by commands.exec_argv
        payload.update(json.loads(rest[1]))
        rest = rest[2:]
    payload_env = {}
    secret = False
    for s in fixable:
        var = s["variable"]
        payload_env[var] = route_env.get(var, "")
        if var in route_env and (is_secret_var(var) or looks_like_secret_value(route_env[var])):
            secret = True
    payload["env"] = payload_env
    text = json.dumps(payload, sort_keys=True)
    names = ", ".join(sorted(payload_env))
    if secret:
        notes.append(f"--override-settings: {names} given to claude through a private --settings file (a secret never goes into argv)")
        return Launch([argv[0], "--settings", None, *rest], env, notes, private_settings=text)
    notes.append(f"--override-settings: claude --settings sets {names} for this launch")
    return Launch([argv[0], "--settings", text, *rest], env, notes)


def run(launch):
    """Run the launch: exec where possible; returns an exit status only when not exec'd."""
    argv = launch.argv
    if launch.private_settings is not None:
        if hasattr(os, "memfd_create") and sys.platform.startswith("linux"):
            fd = memfd(launch.private_settings)
            argv = [a if a is not None else f"/dev/fd/{fd}" for a in argv]
            return _exec(argv, launch.env, keep_fd=fd)
        return run_with_file(argv, launch.env, launch.private_settings)
    return _exec(argv, launch.env)


def memfd(text):
    """An inheritable anonymous memory file holding `text` (Linux)."""
    fd = os.memfd_create("ccswitch-settings", 0)  # no MFD_CLOEXEC: claude inherits it
    data = text.encode("utf-8")
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return fd


def _exec(argv, env, keep_fd=None):
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
        if keep_fd is not None:
            os.close(keep_fd)
        raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None


def run_with_file(argv, env, text):
    """Run argv as a child with the settings in a private temporary file, deleted afterwards.

    Returns the child's exit status as subprocess reports it (negative: killed by that signal).
    """
    import shutil
    import signal
    import subprocess
    import tempfile

    from .errors import CCSwitchError

    folder = tempfile.mkdtemp(prefix="ccswitch-")  # 0700
    try:
        path = os.path.join(folder, "settings.json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        argv = [a if a is not None else path for a in argv]
        try:
            child = subprocess.Popen(argv, env=env)
        except OSError as e:
            raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None
        forwarded = [s for s in ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2") if hasattr(signal, s)]
        ignored = [s for s in ("SIGINT", "SIGQUIT") if hasattr(signal, s)]
        old = {}
        for s in forwarded:
            sig = getattr(signal, s)
            old[sig] = signal.signal(sig, lambda num, _frame: child.send_signal(num))
        for s in ignored:
            sig = getattr(signal, s)
            old[sig] = signal.signal(sig, signal.SIG_IGN)
        try:
            return child.wait()
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def exit_like(status):
    """Leave this process the way the child left: its exit status, or the same signal."""
    if status is not None and status < 0 and sys.platform != "win32":
        import signal

        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        return 128 - status
    return status or 0
