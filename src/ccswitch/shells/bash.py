"""bash: POSIX code (see _posix), the hook `shell/ccswitch.bash`, completion `completions/ccswitch.bash`."""

from ._posix import Posix


class Bash(Posix):
    hook = "ccswitch.bash"
    init = ("~/.bashrc", 'eval "$(ccswitch init bash)"')
    prompt_prefix = True
    prompt_use = "PS1='$(ccswitch_prompt)'\"$PS1\""
    completion = "ccswitch.bash"


UNIT = Bash()
