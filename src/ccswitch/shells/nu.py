"""nushell: data, not code.  Nushell cannot evaluate a string, so this emits the JSON object of
`--shell json` on one line, and nushell applies it: `hide-env` for "unset" (`load-env` cannot
unset), then `load-env` for "set".

The manual form (`load`) runs at top level.  Inside `do --env {…}` or a `def --env` command,
nushell (0.108, issue 13195) drops a `hide-env` of a variable the caller has both inherited from
its parent and reassigned since: the old inherited value comes back.  At top level `hide-env`
removes one layer at a time, hence the `while`.  A failed ccswitch prints nothing, `from json`
gives null, and nothing changes.
"""

from . import Shell
from .jsonfmt import dumps, string

LOAD = (
    "let ccsw = ({cmd} | from json); "
    "if $ccsw != null {{ for n in $ccsw.unset {{ while ($n in $env) {{ hide-env $n }} }}; load-env $ccsw.set }}"
)


class Nu(Shell):
    process_names = {"nushell": "nu"}
    load = LOAD
    hook = "ccswitch.nu"
    init_once = "ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)"
    init = ("config.nu", "source ccswitch.nu")
    prompt_use = "$env.PROMPT_COMMAND = {|| (ccswitch_prompt) + (pwd) }"

    def quote(self, value):
        return string(value)

    def render(self, plan):
        return dumps(plan) + "\n"


UNIT = Nu()
