"""elvish: `set-env NAME 'value'` and `unset-env NAME`.

Loaded with `eval (ccswitch use NAME | slurp)`.  In elvish's single quotes nothing is special
but the quote itself, written `''`; newlines and every other character stay literal.  A failed
ccswitch raises an exception in elvish, so `eval` never runs.
"""

from . import Emitter


def quote(value):
    return "'" + value.replace("'", "''") + "'"


class Elvish(Emitter):
    name = "elvish"
    load = "eval ({cmd} | slurp)"

    def render(self, plan):
        lines = [f"unset-env {name}" for name in plan.unset]
        lines += [f"set-env {name} {quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


EMITTER = Elvish()
