"""What the POSIX units (bash, zsh, sh) share: quoting and the emitter.

Values go in single quotes, where nothing is special but the quote itself ('\\'' closes,
escapes and reopens).  Newlines and every other byte stay literal; `$'…'` is avoided since
dash has none.  `unset -v` so a function of the same name is never removed.
"""

from . import Shell


def quote(value):
    return "'" + value.replace("'", "'\\''") + "'"


class Posix(Shell):
    def quote(self, value):
        return quote(value)

    def render(self, plan):
        # The guard (README: "Code for the wrong shell changes nothing"): `:` ignores its arguments
        # here, while any other shell stops on this line before a variable changes: `${` is a parse
        # error in fish and elvish and an illegal variable in csh, the unmatched `)` ends elvish's
        # parse, `\)` is a SyntaxError in xonsh.
        lines = [": \\) ${-}"]
        lines += [f"unset -v {name}" for name in plan.unset]
        lines += [f"export {name}={quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"
