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
    prompt_prefix = True  # the hook wraps `prompt` anyway; `init --prompt` puts the route in front
    prompt_use = "function prompt { (ccswitch_prompt) + \"PS $(Get-Location)> \" } (defined before the init line: the hook wraps it)"
    completion = "ccswitch.ps1"
    completion_fixes = {
        "missing": ("PowerShell's TabExpansion2 offers no ccswitch command after `ccswitch ` (another completer, "
                    "registered later, may have replaced it)",
                    "load the hook last in $PROFILE: `ccswitch init pwsh | Out-String | Invoke-Expression`"),
    }

    def startup(self, ctx):
        import os

        if ctx.platform != "win32":
            yield from ((path, "pwsh") for path in ctx.glob(ctx.xdg, "powershell", "*profile.ps1"))
            return
        docs = [os.path.join(ctx.home, "Documents")]
        if ctx.env.get("OneDrive"):
            docs.append(os.path.join(ctx.env["OneDrive"], "Documents"))
        for d in docs:
            for sub in ("PowerShell", "WindowsPowerShell"):
                yield from ((path, "pwsh") for path in ctx.glob(d, sub, "*profile.ps1"))

    def dotfile(self, path):
        return "pwsh" if path.lower().endswith("profile.ps1") else None

    def quote(self, value):
        return quote(value)

    def render(self, plan):
        winenv.check(plan, "PowerShell")
        for name, value in plan.set:
            if not value:
                raise refuse(plan, "PowerShell", name, "it is empty, and before PowerShell 7.5 assigning '' deletes a variable")
            if not _plain(value) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
                raise refuse(plan, "PowerShell", name, "it is not valid text (a lone surrogate)")
        # The guard (README: "Code for the wrong shell changes nothing"): the call operator runs a
        # script block that outputs nothing (an empty array is enumerated to no object), but a line
        # that starts with `&` is a syntax error in every POSIX shell, fish, elvish and xonsh,
        # `@()` in csh.
        lines = ["& { @() }"]
        lines += [f"Remove-Item -LiteralPath Env:{name} -ErrorAction SilentlyContinue" for name in plan.unset]
        lines += [f"${{env:{name}}} = {literal(value)}" for name, value in plan.set]
        return "\n".join(lines) + "\n"

    def complete(self, spec):
        """The completion script (`completions/ccswitch.ps1`): the command tree of `spec` as
        hashtables, and a native argument completer that walks the command line the way click
        parses it.  Printable ASCII only, like everything ccswitch prints for PowerShell."""
        from ..completion import NOTE, groups, leaves, slots, walk

        template = """\
# PowerShell completion for ccswitch: `ccswitch init pwsh` wires it in, or dot-source this file.
# {note}
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.
Register-ArgumentCompleter -Native -CommandName ccswitch -ScriptBlock {{
    param($wordToComplete, $commandAst, $cursorPosition)
    # group ('' for ccswitch itself) -> its subcommands -> their help
    $subcommands = @{{
{subcommands}
    }}
    # command -> its options -> (what the option takes, its help); what: flag, text, route, path,
    # or 'choice' and the values
    $options = @{{
{options}
    }}
    # command -> what its positional arguments take, in order ('*': this one and all later ones)
    $arguments = @{{
{arguments}
    }}
    # commands that take options only before their first argument (the rest is passed on)
    $sequential = @({sequential})

    $words = @($commandAst.CommandElements | Where-Object {{ $_.Extent.EndOffset -lt $cursorPosition }} |
        ForEach-Object {{ $_.ToString() }})
    $path = ''
    $n = 0
    $pending = $null
    $after = $false
    $dashes = $false
    foreach ($w in @($words | Select-Object -Skip 1)) {{
        if ($null -ne $pending) {{ $pending = $null; continue }}
        if ($w -eq '--' -and -not $dashes) {{ $dashes = $true; $after = $true; continue }}
        if (-not $after -and $w.Length -gt 1 -and $w.StartsWith('-')) {{
            $known = $options[$path]
            if ($known -and $known.Contains($w) -and $known[$w][0] -ne 'flag') {{ $pending = $known[$w][0] }}
            continue
        }}
        if ($subcommands.ContainsKey($path)) {{ $path = "$path $w".Trim(); continue }}
        $n++
        if ($sequential -contains $path) {{ $after = $true }}
    }}

    if ($null -ne $pending) {{
        $what = $pending
    }} elseif (-not $after -and $wordToComplete.StartsWith('-')) {{
        $known = $options[$path]
        if ($known) {{
            foreach ($name in $known.Keys) {{
                if ($name -like "$wordToComplete*") {{
                    [System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterName', $known[$name][1])
                }}
            }}
        }}
        return
    }} elseif ($subcommands.ContainsKey($path)) {{
        $known = $subcommands[$path]
        foreach ($name in $known.Keys) {{
            if ($name -like "$wordToComplete*") {{
                [System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterValue', $known[$name])
            }}
        }}
        return
    }} else {{
        $what = 'text'
        if ($arguments.ContainsKey($path)) {{
            $known = @($arguments[$path])
            if ($n -lt $known.Count) {{ $what = $known[$n] }} elseif ($known[-1].StartsWith('*')) {{ $what = $known[-1] }}
        }}
        $what = $what.TrimStart('*')
    }}
    $kind, $choices = $what -split ' '
    switch ($kind) {{
        'choice' {{ $candidates = @($choices) }}
        'route' {{
            $program = Get-Command -Name ccswitch -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            $candidates = @(if ($program) {{ & $program list --names 2>$null }})
        }}
        'path' {{ return [System.Management.Automation.CompletionCompleters]::CompleteFilename($wordToComplete) }}
        'command' {{ return [System.Management.Automation.CompletionCompleters]::CompleteCommand($wordToComplete) }}
        default {{ return }}
    }}
    foreach ($candidate in $candidates) {{
        if ($candidate -and $candidate -like "$wordToComplete*") {{
            [System.Management.Automation.CompletionResult]::new($candidate, $candidate, 'ParameterValue', $candidate)
        }}
    }}
}}
"""

        def q(text):
            text = text.replace("\u2026", "...").replace("\u2018", "'").replace("\u2019", "'")
            return quote(text.encode("ascii", "replace").decode("ascii"))

        def what(value):
            if value is None:
                return "flag"
            if value["kind"] == "choice":
                return " ".join(["choice", *value["choices"]])
            return value["kind"]

        def table(rows, indent="        "):
            return "\n".join(f"{indent}{row}" for row in rows)

        subcommands = []
        for g in groups(spec):
            subcommands.append(f"{q(g['path'])} = [ordered]@{{")
            subcommands += [f"    {q(c['name'])} = {q(c['help'] or c['name'])}" for c in g["commands"]]
            subcommands.append("}")
        options = []
        for node in walk(spec):
            options.append(f"{q(node['path'])} = [ordered]@{{")
            options += [f"    {q(name)} = @({q(what(o['value']))}, {q(o['help'] or name)})" for o in node["options"] for name in o["names"]]
            options.append("}")
        arguments = []
        for node in leaves(spec):
            takes = [("*" if rest else "") + what(value) for _index, rest, value in slots(node)]
            if takes:
                arguments.append(f"{q(node['path'])} = @({', '.join(q(t) for t in takes)})")
        return template.format(
            note=NOTE, subcommands=table(subcommands), options=table(options), arguments=table(arguments),
            sequential=", ".join(q(n["path"]) for n in leaves(spec) if not n["interspersed"]),
        )


UNIT = PowerShell()
