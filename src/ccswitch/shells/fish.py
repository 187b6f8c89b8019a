"""fish: `set -gx` exports a global; `set -e -g` and `set -e -U` unset.

Loaded with `ccswitch use NAME | source` (not `eval (…)`: a command substitution splits on
newlines).  In fish's single quotes only `\\` and `'` are special, each escaped by a backslash;
newlines and every other character stay literal.

A universal variable (`set -Ux`) of the same name would come back into view, exported, once the
global is erased, so unsetting erases both.  Erasing a missing variable is a silent no-op with
status 4, so the code ends with `true`: a switch that worked ends with status 0.
"""

from . import Shell


def quote(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Fish(Shell):
    load = "{cmd} | source"
    hook = "ccswitch.fish"
    init = ("~/.config/fish/config.fish", "ccswitch init fish | source")
    prompt_prefix = True
    prompt_use = "call ccswitch_prompt at the start of your fish_prompt"
    completion = "ccswitch.fish"

    def quote(self, value):
        return quote(value)

    def render(self, plan):
        # The guard (README: "Code for the wrong shell changes nothing"): a no-op here, but `(`
        # after a word is a syntax error in every POSIX shell and csh, the unmatched `)` ends
        # elvish's parse, `\)` is a SyntaxError in xonsh.
        lines = ["true (true) \\)"]
        lines += [f"set -e -g {name}; set -e -U {name}" for name in plan.unset]
        lines += [f"set -gx {name} {quote(value)}" for name, value in plan.set]
        # Erasing a missing variable is status 4, and `set -gx` passes the status on: end on 0.
        lines.append("true")
        return "\n".join(lines) + "\n"


UNIT = Fish()
