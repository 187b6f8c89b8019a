"""Which shell to write for when --shell is absent.

CCSWITCH_SHELL (exported by the shell hooks: exact and free) > shellingham (the parent
process, ~15 ms) > basename of $SHELL > an error listing the --shell values.
"""

import os

from . import shells
from .errors import UsageError


# Names a shell goes by (as a process, in $SHELL, or what shellingham reports) that are not
# themselves --shell values.  shellingham reports sh bash dash ash csh tcsh ksh zsh fish cmd
# powershell pwsh elvish xonsh nu.
ALIASES = {
    "ash": "sh",
    "busybox": "sh",
    "mksh": "ksh",
    "ksh93": "ksh",
    "pdksh": "ksh",
    "oksh": "ksh",
    "bsd-csh": "csh",
    "pwsh-preview": "pwsh",
    "powershell_ise": "powershell",
    "nushell": "nu",
}


def normalize(name):
    name = os.path.basename(name.strip().replace("\\", "/")).lower()
    if name.endswith(".exe"):
        name = name[:-4]
    name = name.lstrip("-")
    return ALIASES.get(name, name)


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
    if login and normalize(login) in shells.SHELLS:
        return normalize(login)
    seen = f" ($SHELL is {login!r})" if login else ""
    raise UsageError(f"cannot tell which shell this is{seen}; pass --shell with one of: {', '.join(shells.names())}")
