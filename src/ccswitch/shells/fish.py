"""fish: `set -gx` exports a global; `set -e -g` and `set -e -U` unset.

Loaded with `ccswitch use NAME | source` (not `eval (…)`: a command substitution splits on
newlines).  In fish's single quotes only `\\` and `'` are special, each escaped by a backslash;
newlines and every other character stay literal.

A universal variable (`set -Ux`) of the same name would come back into view, exported, once the
global is erased, so unsetting erases both.  Erasing a missing variable is a silent no-op
(status 4).
"""

from . import Emitter


def quote(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Emitter):
    name = "fish"
    load = "{cmd} | source"

    def render(self, plan):
        lines = [f"set -e -g {name}; set -e -U {name}" for name in plan.unset]
        lines += [f"set -gx {name} {quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


EMITTER = Fish()
