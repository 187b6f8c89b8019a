"""nushell: data, not code.  Nushell cannot evaluate a string, so this emits the JSON object of
`--shell json` on one line (`$` and backquote as `\\u` escapes), and nushell applies it: `hide-env` for "unset" (`load-env` cannot
unset), then `load-env` for "set".

The manual form (`load`) runs at top level.  Inside `do --env {…}` or a `def --env` command,
nushell (0.108, issue 13195) drops a `hide-env` of a variable the caller has both inherited from
its parent and reassigned since: the old inherited value comes back.  At top level `hide-env`
removes one layer at a time, hence the `while`.  A failed ccswitch prints nothing, `from json`
gives null, and nothing changes.
"""

from . import Shell
from .jsonfmt import dumps, string

LOAD = (
    "let ccsw = ({cmd} | from json); "
    "if $ccsw != null {{ for n in $ccsw.unset {{ while ($n in $env) {{ hide-env $n }} }}; load-env $ccsw.set }}"
)


def raw(text):
    """A nushell raw string, `r#'…'#`, with as many `#` as it takes that the text cannot end it."""
    hashes = "#"
    while "'" + hashes in text:
        hashes += "#"
    return f"r{hashes}'{text}'{hashes}"


class Nu(Shell):
    process_names = {"nushell": "nu"}
    load = LOAD
    hook = "ccswitch.nu"
    init_once = "ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)"
    init = ("config.nu", "source ccswitch.nu")
    prompt_use = "$env.PROMPT_COMMAND = {|| (ccswitch_prompt) + (pwd) }"
    completion = "ccswitch.nu"
    completion_fixes = {
        "missing": ("its completer, `nu-complete ccswitch`, is not defined here",
                    "run `ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)`, then open a new shell"),
    }

    def hook_fields(self, python, prompt):
        """The interpreter and MAIN as raw strings: nushell reads no JSON string escapes (its
        `\\u` takes braces), and a raw string has none to get wrong."""
        import sys

        from . import MAIN

        return {"PYTHON": raw(python or sys.executable), "MAIN": raw(MAIN), "PROMPT": "1" if prompt else "0"}

    dotfiles = {"env.nu": "nu", "config.nu": "nu"}

    def startup(self, ctx):
        import os

        if ctx.platform == "win32":
            folder = os.path.join(ctx.env.get("APPDATA") or os.path.join(ctx.home, "AppData", "Roaming"), "nushell")
        elif ctx.platform == "darwin":
            folder = os.path.join(ctx.home, "Library", "Application Support", "nushell")
        else:
            folder = os.path.join(ctx.xdg, "nushell")
        for d in dict.fromkeys((folder, os.path.join(ctx.xdg, "nushell"))):
            for name in ("env.nu", "config.nu"):
                yield os.path.join(d, name), "nu"

    def quote(self, value):
        return string(value)

    def render(self, plan):
        # `$` and backquote are written as JSON escapes (the same data): a POSIX shell that
        # evaluates this line by mistake expands no command substitution inside a value.
        return dumps(plan).replace("$", "\\u0024").replace("`", "\\u0060") + "\n"

    def complete(self, spec):
        """The completion script (`completions/ccswitch.nu`): the completer that the hook's
        `ccswitch` wrapper names, `nu-complete ccswitch`, with the command tree of `spec` as
        records and tables.  It returns every candidate for the word (nushell filters them), or
        null where nushell's own file completion should answer."""
        from ..completion import NOTE, groups, leaves, slots, walk

        template = """\
# nushell completion for ccswitch: `ccswitch init nu` includes it, and the hook's `ccswitch`
# wrapper (`...args: string@"nu-complete ccswitch"`) completes with it.
# {note}
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.

# Candidates for the command line `context` (up to the cursor).
def "nu-complete ccswitch" [context: string] {{
    # group -> its subcommands
    let subcommands = {{
{subcommands}
    }}
    # command -> its options: what each takes (flag, text, route, path, choice) and its choices
    let options = {{
{options}
    }}
    # command -> what its positional arguments take, by index (rest: this one and all later ones)
    let arguments = {{
{arguments}
    }}
    # commands that take options only before their first argument (the rest is passed on)
    let sequential = [{sequential}]

    let words = ($context | split row --regex '\\s+')
    if ($words | length) < 2 {{ return [] }}
    let current = ($words | last)
    mut path = "ccswitch"
    mut n = 0
    mut pending = null
    mut after = false
    mut dashes = false
    for w in ($words | skip 1 | drop 1) {{
        if $pending != null {{ $pending = null; continue }}
        if $w == "--" and not $dashes {{ $dashes = true; $after = true; continue }}
        if (not $after) and ($w | str starts-with "-") and ($w | str length) > 1 {{
            let found = ($options | get -o $path | default [] | where value == $w)
            if ($found | is-not-empty) and ($found.0.kind != "flag") {{ $pending = $found.0 }}
            continue
        }}
        if $path in ($subcommands | columns) {{ $path = $"($path) ($w)"; continue }}
        $n += 1
        if $path in $sequential {{ $after = true }}
    }}
    let at = $path
    let index = $n
    let value = if $pending != null {{
        $pending
    }} else if (not $after) and ($current | str starts-with "-") {{
        return ($options | get -o $at | default [] | select value description)
    }} else if $at in ($subcommands | columns) {{
        return ($subcommands | get $at)
    }} else {{
        let found = ($arguments | get -o $at | default [] | where {{|s| $s.index == $index or ($s.rest and $s.index < $index) }})
        if ($found | is-empty) {{ return [] }}
        $found | first
    }}
    match $value.kind {{
        "choice" => ($value.choices | each {{|c| {{value: $c, description: $value.description}} }})
        "route" => (try {{ ^ccswitch list --names | lines }} catch {{ [] }} | each {{|r| {{value: $r, description: "route"}} }})
        "path" | "command" => null
        _ => []
    }}
}}
"""

        def q(text):
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        def key(path):
            return q(f"ccswitch {path}".strip())

        def what(value):
            return ("flag", []) if value is None else (value["kind"], value["choices"])

        def row(*cells):
            return "[" + " ".join(q(c) if isinstance(c, str) else "[" + " ".join(q(x) for x in c) + "]" if isinstance(c, list)
                                  else str(c).lower() for c in cells) + "]"

        def table(columns, rows):
            return "[[" + " ".join(columns) + "];\n" + "\n".join(f"            {r}" for r in rows) + "\n        ]"

        subcommands = [f"        {key(g['path'])}: " + table(["value", "description"], [row(c["name"], c["help"]) for c in g["commands"]])
                       for g in groups(spec)]
        options = []
        for node in walk(spec):
            rows = [row(name, *what(o["value"]), o["help"] or name) for o in node["options"] for name in o["names"]]
            options.append(f"        {key(node['path'])}: " + table(["value", "kind", "choices", "description"], rows))
        arguments = []
        for node in leaves(spec):
            rows = [row(index, rest, value["kind"], value["choices"], value["name"]) for index, rest, value in slots(node)]
            if rows:
                arguments.append(f"        {key(node['path'])}: " + table(["index", "rest", "kind", "choices", "description"], rows))
        return template.format(
            note=NOTE, subcommands="\n".join(subcommands), options="\n".join(options), arguments="\n".join(arguments),
            sequential=" ".join(key(n["path"]) for n in leaves(spec) if not n["interspersed"]),
        )


UNIT = Nu()
