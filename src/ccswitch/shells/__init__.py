"""Emitters: one small module per shell, each behind the same interface.

An emitter turns a validated `switch.Plan` into text its shell (or machine format) applies.
It raises `UsageError` for a value its shell cannot represent, before anything is printed.
Adding a shell is one module here and one line in SHELLS.
"""

import importlib

from ..errors import UsageError


class Emitter:
    """Interface of every emitter module's `EMITTER`."""

    name = ""
    #: how a user loads `ccswitch use NAME` by hand in this shell ({cmd} is the ccswitch command)
    load = "eval \"$({cmd})\""

    def render(self, plan):  # pragma: no cover - interface
        raise NotImplementedError

    def notes(self, plan):
        """Things the user should know about this output (for stderr), e.g. what it cannot express."""
        return []


def refuse(plan, shell, name, problem):
    """The error for a value `shell` cannot hold.  It names the variable, never the value (a secret)."""
    return UsageError(
        f"{shell} cannot hold the value of {name}: {problem}; "
        f"run the program with `ccswitch exec {plan.route} -- CMD` instead, or pick another --shell"
    )


# --shell value -> module under ccswitch.shells
SHELLS = {
    "bash": "posix",
    "zsh": "posix",
    "sh": "posix",
    "dash": "posix",
    "ksh": "posix",
    "fish": "fish",
    "tcsh": "csh",
    "csh": "csh",
    "pwsh": "powershell",
    "powershell": "powershell",
    "nu": "nu",
    "elvish": "elvish",
    "xonsh": "xonsh",
    "cmd": "cmd",
    # machine formats
    "json": "jsonfmt",
    "dotenv": "dotenvfmt",
    "gha": "gha",
}


def names():
    return tuple(SHELLS)


def get(name):
    module = SHELLS.get(name)
    if module is None:
        raise UsageError(f"unknown shell {name!r}; --shell takes one of: {', '.join(SHELLS)}")
    return importlib.import_module(f"{__name__}.{module}").EMITTER


def render(name, plan):
    """Render with the emitter of `name`, always as UTF-8 text."""
    return get(name).render(plan)
