"""Which shell to write for when --shell is absent.

CCSWITCH_SHELL (exported by the shell hooks: exact and free) > shellingham (the parent
process, ~15 ms) > basename of $SHELL > an error listing the --shell values.
"""

import os

from . import shells
from .errors import UsageError


def normalize(name):
    name = os.path.basename(name.strip()).lower()
    if name.endswith(".exe"):
        name = name[:-4]
    return name.lstrip("-")


def detect(env):
    explicit = env.get("CCSWITCH_SHELL")
    if explicit:
        return normalize(explicit)
    try:
        import shellingham

        name, _path = shellingham.detect_shell()
        if name and normalize(name) in shells.SHELLS:
            return normalize(name)
    except Exception:  # no /proc, unknown parent, detection failed: fall through
        pass
    login = env.get("SHELL")
    if login:
        return normalize(login)
    raise UsageError(f"cannot tell which shell this is; pass --shell with one of: {', '.join(shells.names())}")
