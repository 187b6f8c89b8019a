"""tcsh and csh: `setenv NAME 'value'` and `unsetenv NAME`.

Values go in single quotes, with `'` written `'\\''` and `!` written `\\!`: history substitution
happens even inside single quotes.  Every other character, CR and non-ASCII included, stays
literal.

A csh cannot read a newline back from a command substitution, so the code is loaded from a file
with `source` (see `load`), and values holding a newline are refused: nothing is printed.
`mktemp` makes the file private (mode 600, unpredictable name) before any secret is written to
it, `>!` writes into it even under `set noclobber`, and `&&` keeps a failed ccswitch from
sourcing anything.
"""

from . import Shell, refuse

LOAD = 'set ccsw = "`mktemp`" && {cmd} >! "$ccsw" && source "$ccsw"; rm -f "$ccsw"; unset ccsw'


def quote(value):
    return "'" + value.replace("'", "'\\''").replace("!", "\\!") + "'"


class Tcsh(Shell):
    process_names = {"bsd-csh": "csh"}
    dotfiles = dict.fromkeys((".tcshrc", ".cshrc", ".login"), "csh")
    load = LOAD
    hook = "init.tcsh"
    init = ("~/.tcshrc", 'eval "`ccswitch init tcsh`"')
    prompt_prefix = True
    prompt_use = "set prompt = '%${ccswitch_segment}'\"$prompt\" (the hook keeps it up to date, running no program)"

    def quote(self, value):
        return quote(value)

    def startup(self, ctx):
        import os

        for name in (".tcshrc", ".cshrc", ".login"):
            yield os.path.join(ctx.home, name), "csh"

    def system_startup(self, etc, ctx):
        import os

        for name in ("csh.cshrc", "csh.login"):
            yield os.path.join(etc, name), "csh"

    def hook_fields(self, python, prompt):
        """A csh alias cannot hold the hook's logic: the init line's aliases source the hook
        file `shell/ccswitch.tcsh` with arguments, so its path is filled in too."""
        import os

        from . import data_dir

        fields = super().hook_fields(python, prompt)
        fields["HOOK_PATH"] = self.quote(os.path.join(data_dir("shell"), "ccswitch.tcsh"))
        return fields

    def render(self, plan):
        for name, value in plan.set:
            if "\n" in value:
                raise refuse(plan, "tcsh/csh", name, "it contains a newline, which csh cannot read back")
        # The guard (README: "Code for the wrong shell changes nothing"): a false `if` skips its
        # command here, but `if (0) end` is a syntax error in every POSIX shell, and fish misses
        # its `end`; the unmatched `)` ends elvish's parse, `\)` is a SyntaxError in xonsh.
        lines = ["if (0) end \\)"]
        lines += [f"unsetenv {name}" for name in plan.unset]
        lines += [f"setenv {name} {quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


UNIT = Tcsh()
