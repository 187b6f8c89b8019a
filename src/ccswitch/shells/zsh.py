"""zsh: POSIX code (see _posix), the hook `shell/ccswitch.zsh`, completion `completions/_ccswitch`."""

from ._posix import Posix


class Zsh(Posix):
    hook = "ccswitch.zsh"
    init = ("~/.zshrc (after compinit)", 'eval "$(ccswitch init zsh)"')
    prompt_prefix = True
    prompt_use = "setopt prompt_subst; PROMPT='$(ccswitch_prompt)'\"$PROMPT\""
    completion = "_ccswitch"


UNIT = Zsh()
