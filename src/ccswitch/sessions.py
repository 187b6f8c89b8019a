"""Claude Code sessions started from this shell that keep an older route.

A running client read its environment once, at start: a switch afterwards (while it is suspended
with Ctrl-Z, or running as a background job) does not reach it.  On Linux the shell's children are
in /proc, with the environment each started with; elsewhere nothing can be told, and nothing is
said.  Only names and whether values differ are compared: no value is read out of a session.
"""

import os

from .claudevars import ROUTE_MARKER, is_route_var

_CLIENT_NAMES = ("claude", "claude.exe")


def _is_client(argv):
    if not argv:
        return False
    first = os.path.basename(argv[0])
    if first in _CLIENT_NAMES:
        return True
    # an npm install run by node: node …/@anthropic-ai/claude-code/cli.js
    return first.startswith("node") and any(a.endswith(("claude-code/cli.js", "/bin/claude")) for a in argv[1:3])


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def children(parent, proc="/proc"):
    """[(pid, state, argv, environ)] of the processes whose parent is `parent` (Linux /proc)."""
    found = []
    try:
        names = os.listdir(proc)
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        stat = _read(f"{proc}/{name}/stat")
        if not stat:
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses: split at the last ')'
        rest = stat[stat.rfind(b")") + 2:].split()
        if len(rest) < 2 or int(rest[1]) != parent:
            continue
        argv = [a.decode("utf-8", "surrogateescape") for a in (_read(f"{proc}/{name}/cmdline") or b"").split(b"\0") if a]
        raw = _read(f"{proc}/{name}/environ")
        if raw is None:
            continue  # not ours to read
        environ = {}
        for item in raw.split(b"\0"):
            key, eq, value = item.partition(b"=")
            if eq:
                environ[key.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
        found.append((int(name), rest[0].decode(), argv, environ))
    return found


def stale_sessions(env, parent=None, proc="/proc"):
    """[{pid, suspended, route, changed}] of the Claude Code processes this shell started whose
    route variables differ from the shell's now (`changed`: the variable names)."""
    if not os.path.isdir(proc):
        return []
    parent = os.getppid() if parent is None else parent
    mine = {k: v for k, v in env.items() if is_route_var(k) or k == ROUTE_MARKER}
    out = []
    for pid, state, argv, environ in children(parent, proc):
        if not _is_client(argv):
            continue
        theirs = {k: v for k, v in environ.items() if is_route_var(k) or k == ROUTE_MARKER}
        changed = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
        if changed:
            out.append({"pid": pid, "suspended": state in ("T", "t"), "route": theirs.get(ROUTE_MARKER) or "login",
                        "changed": changed})
    return out
