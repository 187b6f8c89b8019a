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


def command_line(argv):
    """One command line cmd.exe runs as given (`cmd /d /s /c "LINE"`, how Node's `shell: true`
    starts Claude Code's apiKeyHelper on Windows) and the program splits back into `argv` (the
    MSVC rules).  The program, and each word with anything but [A-Za-z0-9_.:/\\=+,@-], is
    quoted, so cmd's `& | < > ^ ( )` and spaces stay inside quotes; backslashes before a closing
    quote are doubled.  What cmd expands or ends a line on (`"`, `%`, `!`, CR, LF) cannot be
    carried: ValueError naming it.  Non-ASCII is fine here (CreateProcessW hands cmd the line in
    UTF-16; no code page on the way)."""
    import re  # here: the emitters stay light on the `use` path

    words = []
    for i, arg in enumerate(argv):
        bad = next((FORBIDDEN[ch] for ch in arg if ch in FORBIDDEN), None) or ("a NUL" if "\0" in arg else None)
        if bad:
            raise ValueError(f"{arg!r} contains {bad}")
        if i and arg and re.fullmatch(r"[A-Za-z0-9_.:/\\=+,@-]+", arg):
            words.append(arg)
        else:
            words.append('"' + re.sub(r"(\\+)$", r"\1\1", arg) + '"')
    return " ".join(words)


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
