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
        lines = [f"unset -v {name}" for name in plan.unset]
        lines += [f"export {name}={quote(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"
