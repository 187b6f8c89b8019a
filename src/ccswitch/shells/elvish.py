"""elvish: `set-env NAME 'value'` and `unset-env NAME`.

Loaded with `eval (ccswitch use NAME | slurp)`.  In elvish's single quotes nothing is special
but the quote itself, written `''`; newlines and every other character stay literal.  A failed
ccswitch raises an exception in elvish, so `eval` never runs.
"""

from . import Shell


def quote(value):
    return "'" + value.replace("'", "''") + "'"


class Elvish(Shell):
    load = "eval ({cmd} | slurp)"
    hook = "ccswitch.elv"
    init_once = "ccswitch init elvish > ~/.config/elvish/lib/ccswitch.elv"
    init = ("~/.config/elvish/rc.elv", "use ccswitch")
    prompt_prefix = True
    prompt_use = "set edit:prompt = { ccswitch:prompt; put '> ' }"

    def quote(self, value):
        return quote(value)

    dotfiles = {"rc.elv": "elvish"}

    def startup(self, ctx):
        import os

        yield os.path.join(ctx.xdg, "elvish", "rc.elv"), "elvish"
        yield os.path.join(ctx.home, ".elvish", "rc.elv"), "elvish"

    def render(self, plan):
        # The guard (README: "Code for the wrong shell changes nothing"): a no-op here, but an `if`
        # that never ends in every POSIX shell and in fish, an undefined `$false` in csh, a
        # SyntaxError in xonsh.
        lines = ["if $false { }"]
        lines += [f"unset-env {name}" for name in plan.unset]
        lines += [f"set-env {name} {quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


UNIT = Elvish()
