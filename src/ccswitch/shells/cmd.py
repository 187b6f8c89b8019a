"""cmd.exe: `set "NAME=value"` sets, `set "NAME="` unsets.

Loaded with `for /f "delims=" %i in ('ccswitch use NAME --shell cmd') do @%i` (`%%i` in a batch
file; the `@` keeps cmd from echoing each line, secrets included, to the terminal).

Inside `"NAME=value"` the quotes protect `& | < > ^ ( )`.  What cmd.exe cannot hold on such a
line is refused, with nothing printed, and the error points to `ccswitch exec`:
`"` (ends the quoting), `%` (expanded in a batch file, no escape on the command line), `!`
(expanded under delayed expansion), CR and LF (end the line), any other control or non-ASCII
character (cmd reads the text in the console's code page, rarely UTF-8), an empty value (`set
"NAME="` deletes), a line over cmd's 8,191 characters, and what Windows cannot hold (winenv).
"""

from . import Shell, refuse, winenv

LINE_MAX = 8191
FORBIDDEN = {
    '"': 'a double quote (")',
    "%": "a percent sign (%), which cmd expands",
    "!": "an exclamation mark (!), which cmd expands under delayed expansion",
    "\r": "a carriage return",
    "\n": "a newline",
}


def problem(value):
    if not value:
        return 'it is empty, and `set "NAME="` deletes a variable'
    for ch in value:
        if ch in FORBIDDEN:
            return "it contains " + FORBIDDEN[ch]
        if not (" " <= ch <= "~" or ch == "\t"):
            return f"it contains U+{ord(ch):04X}; cmd.exe reads only printable ASCII reliably"
    return None


class Cmd(Shell):
    load = "for /f \"delims=\" %i in ('{cmd}') do @%i"
    no_hook = "cmd.exe has no prompt hook to run one from, nor functions to wrap ccswitch in"
    about = '`%%i` in a batch file'

    def render(self, plan):
        winenv.check(plan, "cmd.exe")
        for name, value in plan.set:
            why = problem(value)
            if why is None and len(name) + len(value) + 7 > LINE_MAX:
                why = f"cmd.exe takes at most {LINE_MAX} characters on one line"
            if why:
                raise refuse(plan, "cmd.exe", name, why)
        # The guard (README: "Code for the wrong shell changes nothing"): `for /f` skips a line
        # that starts with `;` (its default eol), but a leading `;` or a lone `)` is a syntax error
        # in every POSIX shell, fish, csh, elvish and xonsh.
        lines = [";)"]
        lines += [f'set "{name}="' for name in plan.unset]
        lines += [f'set "{name}={value}"' for name, value in plan.set]
        return "\r\n".join(lines) + "\r\n"


UNIT = Cmd()
