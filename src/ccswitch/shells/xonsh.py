"""xonsh: Python statements.  `$NAME = <literal>` sets, `${...}.pop('NAME', None)` unsets (a
`del $NAME` that does not fail when NAME is absent).

Loaded with `execx($(ccswitch use NAME --shell xonsh))`.  Values are Python string literals made
by `ascii()`, so the code is pure ASCII whatever xonsh's encoding settings, and a Python literal
is never expanded (`$X`, `@(…)` and `$(…)` inside it stay text).  A failed ccswitch prints
nothing on stdout, and recent xonsh makes its `$(…)` raise, so nothing is applied.
"""

from . import Shell


class Xonsh(Shell):
    load = "execx($({cmd}))"
    hook = "ccswitch.xsh"
    init = ("~/.xonshrc", "execx($(ccswitch init xonsh))")
    prompt_prefix = True  # `init --prompt` puts {ccswitch} in front of $PROMPT
    prompt_use = "put {ccswitch} in $PROMPT"

    dotfiles = {".xonshrc": "xonsh", "rc.xsh": "xonsh"}

    def startup(self, ctx):
        import os

        yield os.path.join(ctx.home, ".xonshrc"), "xonsh"
        yield os.path.join(ctx.xdg, "xonsh", "rc.xsh"), "xonsh"

    def quote(self, value):
        return ascii(value)

    def render(self, plan):
        # The guard (README: "Code for the wrong shell changes nothing"): a no-op test here (`')`
        # is not a variable), but a shell without Python's `\'` ends the string early: `)` is a
        # syntax error in every POSIX shell and csh and ends elvish's parse; `${` is a parse error
        # in fish.
        lines = ["'\\')' in ${...}"]
        lines += [f"${{...}}.pop({name!r}, None)" for name in plan.unset]
        lines += [f"${name} = {ascii(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


UNIT = Xonsh()
