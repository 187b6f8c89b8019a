"""PowerShell (pwsh 7 and Windows PowerShell 5.1): `${env:NAME} = '…'` and
`Remove-Item -LiteralPath Env:NAME -ErrorAction SilentlyContinue`.

Loaded with `ccswitch use NAME | Out-String | Invoke-Expression`.

The output is printable ASCII, one statement per line.  PowerShell decodes a native program's
output in the console's code page (on Windows often not UTF-8) and rejoins its lines with its own
line ending, so neither a non-ASCII character nor a raw CR/LF/control character may appear in the
text.  A value is therefore written as single-quoted runs of printable ASCII plus `[char]0xHHHH`
for every other UTF-16 code unit (a character beyond U+FFFF as its surrogate pair), glued by
`-join (…)`: the array is flat, so even a long value does not nest the parser, and `-join`,
`[char]` and hex literals work the same in PowerShell 5.1 and 7.

In single quotes PowerShell takes the curly quotes U+2018, U+2019, U+201A and U+201B for `'`
too; `quote` doubles all five.  (The curly ones never reach a literal here, since they are not
ASCII, but `quote` is safe for any text.)

Refused, with nothing printed: an empty value (before PowerShell 7.5 assigning '' deletes the
variable), a lone surrogate (no text to write), and what Windows cannot hold (see winenv).
"""

from . import Shell, refuse, winenv

QUOTES = ("'", "\u2018", "\u2019", "\u201a", "\u201b")


def quote(text):
    for q in QUOTES:
        text = text.replace(q, q + q)
    return "'" + text + "'"


def _plain(value):
    return value.isascii() and value.isprintable()


def literal(value):
    """A PowerShell expression, in printable ASCII, for the string `value`."""
    if _plain(value):
        return quote(value)
    parts = []
    run = []
    for ch in value:
        code = ord(ch)
        if 0x20 <= code < 0x7F:
            run.append(ch)
            continue
        if run:
            parts.append(quote("".join(run)))
            run = []
        if code > 0xFFFF:
            code -= 0x10000
            parts.append(f"[char]0x{0xD800 + (code >> 10):04X}")
            parts.append(f"[char]0x{0xDC00 + (code & 0x3FF):04X}")
        else:
            parts.append(f"[char]0x{code:04X}")
    if run:
        parts.append(quote("".join(run)))
    return "-join (" + ", ".join(parts) + ")"


class PowerShell(Shell):
    process_names = {"pwsh-preview": "pwsh", "powershell_ise": "powershell"}
    load = "{cmd} | Out-String | Invoke-Expression"
    hook = "ccswitch.ps1"
    init = ("$PROFILE", "ccswitch init pwsh | Out-String | Invoke-Expression")
    prompt_use = "function prompt { (ccswitch_prompt) + \"PS $(Get-Location)> \" }"
    completion = "ccswitch.ps1"

    def quote(self, value):
        return quote(value)

    def render(self, plan):
        winenv.check(plan, "PowerShell")
        for name, value in plan.set:
            if not value:
                raise refuse(plan, "PowerShell", name, "it is empty, and before PowerShell 7.5 assigning '' deletes a variable")
            if not _plain(value) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
                raise refuse(plan, "PowerShell", name, "it is not valid text (a lone surrogate)")
        # The guard (README: "Code for the wrong shell changes nothing"): the call operator runs a script block that outputs
        # nothing (an empty array is enumerated to no object), but a line that starts with `&` is
        # a syntax error in every POSIX shell, fish, elvish and xonsh, `@()` in csh.
        lines = ["& { @() }"]
        lines += [f"Remove-Item -LiteralPath Env:{name} -ErrorAction SilentlyContinue" for name in plan.unset]
        lines += [f"${{env:{name}}} = {literal(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"


UNIT = PowerShell()
