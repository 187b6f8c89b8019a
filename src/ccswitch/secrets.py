"""Secrets: the OS keyring (service "ccswitch"), or a reference resolved when a route is used.

Sources, as written in a route's `secrets` table:
  keyring        the value sits in the OS keyring under service "ccswitch", user "ROUTE:VAR"
  env:NAME       the value of another environment variable at `use` time
  cmd:COMMAND    the stdout of COMMAND at `use` time (`op read …`, `pass show …`),
                 one trailing newline stripped

`keyring` is imported only here, and only when a secret is really needed: importing it costs
several times the interpreter's start-up.  No message built here ever contains a value.
"""

import os
import sys

from .errors import CCSwitchError, UsageError

SERVICE = "ccswitch"
COMMAND_TIMEOUT = 120

NO_BACKEND_HELP = (
    "no usable OS keyring: start and unlock one (Linux: gnome-keyring or KWallet in a D-Bus session; "
    "macOS Keychain and Windows Credential Manager need nothing), or pick one with PYTHON_KEYRING_BACKEND, "
    "or keep a reference instead of a value (--secret-env VAR or --secret-cmd 'pass show …')"
)


class SecretError(CCSwitchError):
    pass


def entry(route, var):
    """The keyring user name of one secret."""
    return f"{route}:{var}"


_backend = None


def backend():
    """The keyring backend, or SecretError explaining how to get one."""
    global _backend
    if _backend is not None:
        return _backend
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - a dependency
        raise SecretError("the Python package 'keyring' is missing; reinstall ccswitch") from None
    try:
        kr = keyring.get_keyring()
    except Exception as e:  # a broken backend configuration
        raise SecretError(f"keyring backend failed to load ({type(e).__name__}); {NO_BACKEND_HELP}") from None
    if isinstance(kr, fail.Keyring) or getattr(kr, "priority", 1) <= 0:
        raise SecretError(NO_BACKEND_HELP)
    _backend = kr
    return kr


def _fail(action, route, var, e, value=None):
    detail = str(e).replace(value, "***") if value else str(e)
    detail = detail.splitlines()[0][:200] if detail else ""
    name = type(e).__name__
    if name == "KeyringLocked":
        return SecretError(f"cannot {action} secret {var} of route {route!r}: the keyring is locked; unlock it and try again")
    return SecretError(f"cannot {action} secret {var} of route {route!r}: {name}{': ' + detail if detail else ''}")


def get(route, var):
    try:
        value = backend().get_password(SERVICE, entry(route, var))
    except SecretError:
        raise
    except Exception as e:
        raise _fail("read", route, var, e) from None
    if value is None:
        raise SecretError(
            f"secret {var} of route {route!r} is not in the keyring; store it again with "
            f"`ccswitch edit {route} --secret-stdin` (or remove the route)"
        )
    return value


def exists(route, var):
    try:
        return backend().get_password(SERVICE, entry(route, var)) is not None
    except SecretError:
        raise
    except Exception as e:
        raise _fail("read", route, var, e) from None


def put(route, var, value):
    try:
        backend().set_password(SERVICE, entry(route, var), value)
    except SecretError:
        raise
    except Exception as e:
        raise _fail("store", route, var, e, value) from None


def delete(route, var):
    """Delete one secret; a secret already gone is not an error."""
    kr = backend()
    try:
        if kr.get_password(SERVICE, entry(route, var)) is None:
            return
        kr.delete_password(SERVICE, entry(route, var))
    except Exception as e:
        raise _fail("delete", route, var, e) from None


def resolve(route, var, source):
    """The value of one secret of a route, from wherever its source says."""
    if source == "keyring":
        return get(route, var)
    if source.startswith("env:"):
        name = source[4:]
        value = os.environ.get(name)
        if value is None:
            raise SecretError(f"route {route!r} reads {var} from ${name}, which is not set in this environment")
        if not value:
            raise SecretError(f"route {route!r} reads {var} from ${name}, which is empty")
        return value
    if source.startswith("cmd:"):
        return run_command(source[4:], f"the command for {var} of route {route!r}")
    raise UsageError(f"route {route!r}: unknown secret source for {var}")


def run_command(command, what, *, timeout=COMMAND_TIMEOUT, quiet=False, trim=False):
    """The secret a shell command prints: a `cmd:` source, or an apiKeyHelper (`verify`).

    Its stdout as UTF-8 text, one trailing newline stripped (`trim`: every blank around it, as
    Claude Code takes a helper's output); its stderr goes to ours (`quiet`: nowhere).  SecretError,
    naming the command as `what`, when it cannot start, runs past `timeout` seconds, fails,
    prints bytes that are not UTF-8 or prints nothing.  No message holds anything it printed,
    nor the command itself: either may be a secret."""
    import subprocess

    try:
        done = subprocess.run(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SecretError(f"{what} did not finish in {timeout} s") from None
    except OSError as e:
        raise SecretError(f"cannot run {what}: {e.strerror}") from None
    if done.returncode != 0:
        raise SecretError(f"{what} failed with exit status {done.returncode}")
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretError(f"{what} printed bytes that are not UTF-8") from None
    value = text.strip() if trim else strip_newline(text)
    if not value:
        raise SecretError(f"{what} printed nothing")
    return value


def strip_newline(text):
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text


def read_stdin():
    """One secret from standard input; one trailing newline stripped."""
    data = sys.stdin.buffer.read()
    try:
        value = strip_newline(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError("the secret on standard input is not UTF-8 text") from None
    if not value:
        raise UsageError("standard input held no secret (it was empty)")
    return value


def prompt(label):
    """Ask for a secret on the terminal without echoing it."""
    if not sys.stdin.isatty():
        raise UsageError(f"{label}: no terminal to ask on; pipe the secret with --secret-stdin or use a reference")
    import getpass

    try:
        value = getpass.getpass(f"{label} (input hidden): ", stream=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        raise UsageError("no secret entered") from None
    if not value:
        raise UsageError("no secret entered (empty)")
    return value
