"""The shell layer: one unit per shell (or machine format), registered once in UNITS.

A unit is a module here holding everything ccswitch knows about one shell, as direnv keeps one
`shell_<name>.go` and virtualenv one activator package per shell:

* its emitter: `render(plan)` turns a validated `switch.Plan` into code the shell applies
  (raising `UsageError` before anything is printed for a value it cannot hold), `notes(plan)`;
* `load`: how a user applies `ccswitch use NAME` by hand;
* its hook (`hook`: a template in the repository's `shell/` folder), where the init line goes,
  and whether `init --prompt` can prefix its prompt;
* its completion (`completion`: a file in `completions/`, generated from the click tree);
* what its hook tells `ccswitch doctor` (`MARKER`, below): the hook's rev and what the shell
  says about Tab completion (`completion_fixes`);
* the names its process goes by (`process_names`, for detection) and its startup files.

Adding a shell is one module and one line in UNITS; `tests/test_shell_units.py` walks the
registry and checks every unit provides every part it claims.  Importing this package loads no
unit: `get(name)` imports only the one asked for (it is on the hot path of `use`).
"""

import os

from ..errors import UsageError

# unit module -> the --shell values it answers to (the unit's own name first).  Shells first,
# then the machine formats; the order is the order users see them in.
UNITS = {
    "bash": ("bash",),
    "zsh": ("zsh",),
    "sh": ("sh", "dash", "ksh"),
    "fish": ("fish",),
    "tcsh": ("tcsh", "csh"),
    "pwsh": ("pwsh", "powershell"),
    "nu": ("nu",),
    "elvish": ("elvish",),
    "xonsh": ("xonsh",),
    "cmd": ("cmd",),
    "json": ("json",),
    "dotenv": ("dotenv",),
    "gha": ("gha",),
}
# module file of a unit whose name would shadow a standard module inside this package
_MODULES = {"json": "jsonfmt", "dotenv": "dotenvfmt"}

SHELLS = {value: unit for unit, values in UNITS.items() for value in values}  # --shell value -> unit

# The program, as the hooks start it: the interpreter ccswitch is installed in, isolated (-I:
# no current folder on sys.path, no PYTHON* variables), calling main directly.  This skips the
# console-script wrapper, whose `import re` alone costs a third of a switch.
MAIN = "import sys;from ccswitch.__main__ import main;sys.exit(main())"

# The mark a hook leaves on one process: `ccswitch doctor` run through a hook gets
# CCSWITCH_HOOK='SHELL REV COMPLETION' for that run only (a prefix assignment, with-env, tmp…,
# never set in the shell), so the program can tell that a hook ran it, whether that hook is the
# text `ccswitch init SHELL` prints now (REV, see `Shell.hook_rev`), and what the shell itself
# says about Tab completion at that moment (COMPLETION, one of the unit's `completion_states`).
# The program owns every judgement; the hook only reports, with builtins.  An inherited
# variable is untrusted input: `read_marker` accepts nothing but this exact form.
MARKER = "CCSWITCH_HOOK"
REV_FIELD = "@REV@"  # where a hook template takes its rev
REV_LENGTH = 12  # hex digits of SHA-256


class Shell:
    """Interface of every unit's `UNIT`.  Class attributes are the unit's facts."""

    name = ""  # set from UNITS: the unit's name
    names = ()  # set from UNITS: every --shell value it answers to
    #: other names its process or $SHELL goes by (as shellingham reports them or distributions
    #: install them) -> the --shell value each stands for
    process_names = {}
    #: how a user applies `ccswitch use NAME` by hand ({cmd} is the ccswitch command)
    load = 'eval "$({cmd})"'
    #: the hook template in shell/ (None: no `ccswitch init` for this unit)
    hook = None
    #: why a shell has no hook (what `ccswitch doctor` says when it runs from one)
    no_hook = None
    #: (file, line): where the hook is loaded from and the line that loads it
    init = None
    #: a one-time step before the init line works (hooks saved to a file), or None
    init_once = None
    #: `init --prompt` prefixes the shell's prompt with the route
    prompt_prefix = False
    #: how to put the prompt segment into a prompt of your own
    prompt_use = None
    #: the completion script in completions/ (None: none for this unit)
    completion = None
    #: what the hook may report about Tab completion (its mark's last word) when the shell does
    #: not have it -> (why, in words; the fix).  "registered" means it does; a unit without a
    #: completion script reports "none".
    completion_fixes = {}
    #: a machine format rather than a shell
    is_format = False
    #: what else a reader of the README's --shell table should know (None: nothing)
    about = None

    def quote(self, value):  # pragma: no cover - interface
        """A string literal of this shell for `value`."""
        raise NotImplementedError

    def render(self, plan):  # pragma: no cover - interface
        raise NotImplementedError

    def notes(self, plan):
        """Things the user should know about this output (for stderr), e.g. what it cannot express."""
        return []

    def side_channel(self, plan, env):
        """Text for stderr as it is, ahead of the code (a CI runner's workflow commands); ''."""
        return ""

    # --------------------------------------------------------------------- the hook

    def setup_text(self):
        """How to load the hook, in one line: the one-time step, then the init line and its file.
        The one source for `init --help`, the README's table and the hint of `use` on a terminal."""
        rc, line = self.init
        once = f"once: {self.init_once}; then " if self.init_once else ""
        return f"{once}{line}   in {rc}"

    def hook_fields(self, python, prompt):
        """Values for the @NAME@ fields of this unit's hook template."""
        import sys

        python = python or sys.executable
        return {"PYTHON": self.quote(python), "MAIN": self.quote(MAIN), "PROMPT": "1" if prompt else "0"}

    def init_script(self, prompt=False, python=None):
        """The text of `ccswitch init SHELL`: the hook, then its completion, its rev filled in."""
        return self._init_text(prompt, python).replace(REV_FIELD, self.hook_rev(python))

    def hook_rev(self, python=None):
        """What identifies the hook `ccswitch init SHELL` prints for this interpreter: the first
        hex digits of the SHA-256 of that text with the rev itself left out (and `--prompt`'s
        field at its default, which only switches the prefix on).  The hook puts it in its
        marker; doctor compares it with this."""
        import hashlib

        text = self._init_text(False, python)
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:REV_LENGTH]

    @property
    def completion_states(self):
        """Every word the hook's marker may say about Tab completion."""
        return ("registered", *self.completion_fixes) if self.completion else ("none",)

    def completion_finding(self, state):
        """(severity, message, fix) for what this shell's hook reported about Tab completion."""
        if state == "none":
            wired = ", ".join(u.name for u in units() if u.hook and u.completion)
            return "info", f"`ccswitch init {self.name}` wires no Tab completion in {self.name} (it does in {wired})", None
        if state == "registered":
            return "ok", f"Tab completion for ccswitch is registered in this {self.name} shell", None
        why, fix = self.completion_fixes[state]
        return "warn", f"Tab completion for ccswitch is not registered in this {self.name} shell: {why}", fix

    def reload_text(self):
        """How to put the hook `ccswitch init SHELL` prints now into a shell that has another."""
        if self.init_once:
            return f"run `{self.init_once}`, then open a new shell"
        return f"open a new shell, or run `{self.init[1]}` again"

    def _init_text(self, prompt, python):
        if self.hook is None:
            raise UsageError(f"no hook for {self.name!r}; `ccswitch init` knows: {', '.join(hooked())}")
        if prompt and not self.prompt_prefix:
            raise UsageError(
                f"--prompt prefixes the prompt in {', '.join(u.name for u in units() if u.prompt_prefix)}; "
                f"in {self.name} {self.prompt_use}"
            )
        text = read_data("shell", self.hook)
        for field, value in self.hook_fields(python, prompt).items():
            text = text.replace(f"@{field}@", value)
        parts = [text]
        if self.completion:
            parts.append(read_data("completions", self.completion))
        return "\n".join(parts)

    # --------------------------------------------------------------------- completion

    def complete(self, spec):  # pragma: no cover - interface
        """The completion script for the command tree `spec` (see ccswitch.completion)."""
        raise NotImplementedError

    # --------------------------------------------------------------------- startup files

    #: startup file names -> the dialect they are read in (`guard` checks such files in a
    #: repository by name; `origins` reads them where `startup` says they are)
    dotfiles = {}

    def startup(self, ctx):
        """The user's startup files of this shell that may export variables, existing or not:
        (path, dialect) or (path, dialect, shell) (see ccswitch.origins.discovery.StartupContext)."""
        return ()

    def system_startup(self, etc, ctx):
        """The same for the system-wide files under `etc` (POSIX systems only)."""
        return ()

    def dotfile(self, path):
        """The dialect a file in a repository is read in when it is one of this shell's startup
        files (by its name, or its folder's), else None."""
        return self.dotfiles.get(os.path.basename(path))


def refuse(plan, shell, name, problem):
    """The error for a value `shell` cannot hold.  It names the variable, never the value (a secret)."""
    return UsageError(
        f"{shell} cannot hold the value of {name}: {problem}; "
        f"run the program with `ccswitch exec {plan.route} -- CMD` instead, or pick another --shell"
    )


_loaded = {}


def unit(name):
    """The unit called `name` (a key of UNITS)."""
    found = _loaded.get(name)
    if found is None:
        module = _MODULES.get(name, name)
        found = __import__(f"{__name__}.{module}", fromlist=["UNIT"]).UNIT
        found.name, found.names = name, UNITS[name]
        _loaded[name] = found
    return found


def get(name):
    """The unit that writes for the --shell value `name`."""
    owner = SHELLS.get(name)
    if owner is None:
        import difflib

        close = difflib.get_close_matches(str(name), list(SHELLS), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(f"unknown shell {name!r}; {hint}--shell takes one of: {', '.join(SHELLS)}")
    return unit(owner)


def names():
    """Every --shell value."""
    return tuple(SHELLS)


def units():
    """Every unit, in registry order."""
    return [unit(name) for name in UNITS]


def hooked():
    """The names of the units with a hook (`ccswitch init` takes these and their other names)."""
    return tuple(u.name for u in units() if u.hook)


def init_names():
    """Every name `ccswitch init` takes: each hooked unit's --shell values."""
    return tuple(v for u in units() if u.hook for v in u.names)


def read_marker(value):
    """(unit, rev, completion state) from a MARKER value, or None unless it is exactly what a hook
    writes: a hooked unit's name, REV_LENGTH lowercase hex digits and one of that unit's
    completion states, one space apart.  The value comes from outside: never show one this rejects."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    parts = value.split(" ")
    if len(parts) != 3:
        return None
    name, rev, state = parts
    if name not in UNITS or len(rev) != REV_LENGTH or rev.strip("0123456789abcdef"):
        return None
    found = unit(name)
    if not found.hook or state not in found.completion_states:
        return None
    return found, rev, state


def render(name, plan):
    """Render with the emitter of `name`, always as UTF-8 text."""
    return get(name).render(plan)


def data_dir(kind):
    """Folder of `shell` (hook templates) or `completions` files, installed or in the source tree.

    In a wheel they sit in ccswitch/data/; in a source checkout (editable install) at the top of
    the repository."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = os.path.join(here, "data", kind)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(here)), kind)


def read_data(kind, name):
    with open(os.path.join(data_dir(kind), name), encoding="utf-8") as f:
        return f.read()
