"""`ccswitch init SHELL`: the hook scripts in shell/ and completion scripts in completions/.

In a wheel they sit in ccswitch/data/; in a source checkout (editable install) at the top of
the repository.  A hook defines a `ccswitch` function that applies `use`/`reset` output in the
current shell only after the program succeeded, exports CCSWITCH_SHELL, defines the prompt
segment and wires in completion.
"""

import os

from .errors import UsageError

# shell -> (hook file in shell/, completion file in completions/ or None)
HOOKS = {
    "bash": ("ccswitch.bash", "ccswitch.bash"),
    "zsh": ("ccswitch.zsh", "_ccswitch"),
    "fish": ("ccswitch.fish", "ccswitch.fish"),
    "tcsh": ("init.tcsh", None),
    "elvish": ("ccswitch.elv", None),
    "xonsh": ("ccswitch.xsh", None),
    "nu": ("ccswitch.nu", None),
    "pwsh": ("ccswitch.ps1", "ccswitch.ps1"),
}
ALIASES = {"csh": "tcsh", "powershell": "pwsh"}
PROMPT_PREFIX = ("bash", "zsh", "fish")


def data_dir(kind):
    """Folder of `shell` or `completions` files, installed or in the source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "data", kind)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(here)), kind)


def read(kind, name):
    with open(os.path.join(data_dir(kind), name), encoding="utf-8") as f:
        return f.read()


def init_script(shell, prompt=False):
    shell = ALIASES.get(shell, shell)
    if shell not in HOOKS:
        raise UsageError(f"no hook for {shell!r}; `ccswitch init` knows: {', '.join(HOOKS)}")
    hook, completion = HOOKS[shell]
    text = read("shell", hook)
    if shell == "tcsh":  # tcsh aliases cannot hold the logic: they source the hook file with arguments
        text = text.replace("@HOOK_PATH@", os.path.join(data_dir("shell"), "ccswitch.tcsh"))
    parts = [text]
    if completion:
        parts.append(read("completions", completion))
    if prompt:
        if shell not in PROMPT_PREFIX:
            raise UsageError(
                f"--prompt prefixes the prompt in {', '.join(PROMPT_PREFIX)}; in {shell} put the hook's prompt segment in your prompt"
            )
        parts.append(read("shell", f"prompt.{shell}"))
    return "\n".join(parts)
