"""Which shell to write for when --shell is absent.

The hooks always name their shell (`--shell bash`), so this runs only for a `use` typed by hand
or in a script: the shell that will read the code is the parent process (read from /proc when
it is a shell, else found by shellingham, ~15 ms), and nothing inherited can overrule it.  An inherited variable says nothing about the process
reading the code: a bash started from fish, or a script run from a hooked zsh, inherits that
shell's environment.  So CCSWITCH_SHELL (a user's own default) and the login shell's $SHELL
are only asked when the process tree cannot be read, and both must name a known shell.
"""

import os

from . import shells
from .errors import UsageError


def normalize(name):
    """A --shell value for a name a shell goes by (`-zsh`, `/bin/bash`, `pwsh.exe`, `mksh`), or
    the cleaned name itself when no shell goes by it."""
    name = os.path.basename(name.strip().replace("\\", "/")).lower()
    if name.endswith(".exe"):
        name = name[:-4]
    name = name.lstrip("-")
    if name in shells.SHELLS:
        return name
    for unit in shells.units():
        if name in unit.process_names:
            return unit.process_names[name]
    return name


def _known(name):
    return name if name in shells.SHELLS else None


def _parent_shell():
    """The parent process, when it is a shell ccswitch knows, read from /proc (Linux) without
    loading shellingham, whose imports (re, subprocess) cost as much as the rest of `use`.
    None otherwise: then shellingham walks further up (an interpreter-run xonsh, a `sudo`…)."""
    try:
        with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
            argv0 = f.read(4096).split(b"\0", 1)[0].decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
    return _known(normalize(argv0)) if argv0 else None


def detect(env):
    parent = _parent_shell()
    if parent:
        return parent
    try:
        import shellingham

        name, _path = shellingham.detect_shell()
        found = name and _known(normalize(name))
        if found:
            return found
    except Exception:  # no /proc, unknown parent, detection failed: fall through
        pass
    explicit = env.get("CCSWITCH_SHELL")
    if explicit:
        found = _known(normalize(explicit))
        if found is None:
            raise UsageError(
                f"CCSWITCH_SHELL names an unknown shell; set it to one of: {', '.join(shells.names())} (or pass --shell)"
            )
        return found
    login = env.get("SHELL")
    if login and _known(normalize(login)):
        return normalize(login)
    seen = " ($SHELL names no shell ccswitch knows)" if login else ""
    raise UsageError(f"cannot tell which shell this is{seen}; pass --shell with one of: {', '.join(shells.names())}")
