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
    prompt_use = "ccswitch_prompt  # first thing in your fish_prompt"
    completion = "ccswitch.fish"
    completion_fixes = {
        "missing": ("`complete -c ccswitch` lists nothing (a `complete -e -c ccswitch`)",
                    "run `ccswitch init fish | source` again"),
    }
    dotfiles = {"config.fish": "fish", "fish_variables": "fish-universal"}

    def startup(self, ctx):
        import os

        folder = os.path.join(ctx.xdg, "fish")
        yield os.path.join(folder, "config.fish"), "fish"
        for path in ctx.glob(folder, "conf.d", "*.fish"):
            yield path, "fish"
        yield os.path.join(folder, "fish_variables"), "fish-universal"  # universal variables (set -Ux)

    def system_startup(self, etc, ctx):
        import os

        yield os.path.join(etc, "fish", "config.fish"), "fish"
        for path in ctx.glob(etc, "fish", "conf.d", "*.fish"):
            yield path, "fish"

    def dotfile(self, path):
        return super().dotfile(path) or ("fish" if path.lower().endswith(".fish") else None)

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

    def complete(self, spec):
        """The completion script (`completions/ccswitch.fish`): `complete -c ccswitch` lines for
        every command, option and argument of `spec`, each under the condition that the command
        line is at that command (`__ccswitch_at`, which parses the line the way click does)."""
        from ..completion import NOTE, groups, leaves, slots, walk

        template = """\
# fish completion for ccswitch: `ccswitch init fish` wires it in, or put this file in
# ~/.config/fish/completions/.
# {note}
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.

complete -c ccswitch -f

# whether command $argv[1] ("" for ccswitch itself) is a group (takes a subcommand)
function __ccswitch_group
    contains -- "$argv[1]" {groups}
end

# whether option $argv[2] of command $argv[1] takes a value
function __ccswitch_takes_value
    switch "$argv[1] $argv[2]"
        case {takes_value}
            return 0
    end
    return 1
end

# whether command $argv[1] takes options only before its first argument (the rest is passed on)
function __ccswitch_sequential
    contains -- "$argv[1]" {sequential}
end

# the command at the cursor (__ccswitch_path), the index of the positional argument being
# typed (__ccswitch_index) and whether the word is an option's value (__ccswitch_pending)
function __ccswitch_state
    set -l line (commandline -pc)
    test "$line" = "$__ccswitch_line"; and return
    set -l words (commandline -opc)
    set -e words[1]
    set -l path ''
    set -l n 0
    set -l pending 0
    set -l after 0
    set -l dashes 0
    for w in $words
        if test $pending = 1
            set pending 0
            continue
        end
        if test "$w" = -- -a $dashes = 0
            set dashes 1
            set after 1
            continue
        end
        if test $after = 0
            switch $w
                case '-?*'
                    __ccswitch_takes_value "$path" "$w"; and set pending 1
                    continue
            end
        end
        if __ccswitch_group "$path"
            set path (string trim -- "$path $w")
            continue
        end
        set n (math $n + 1)
        __ccswitch_sequential "$path"; and set after 1
    end
    set -g __ccswitch_line $line
    set -g __ccswitch_path $path
    set -g __ccswitch_index $n
    set -g __ccswitch_pending $pending
end

# whether the cursor is in command $argv[1], and (given $argv[2]) at its positional argument of
# that index ("N+": N or later)
function __ccswitch_at
    __ccswitch_state
    test "$__ccswitch_path" = "$argv[1]"; or return 1
    set -q argv[2]; or return 0
    test $__ccswitch_pending = 0; or return 1
    switch $argv[2]
        case '*+'
            test $__ccswitch_index -ge (string trim -r -c + -- $argv[2])
        case '*'
            test $__ccswitch_index = $argv[2]
    end
end
{entries}
"""

        def q(text):
            return quote(text)

        def at(path, index=None):
            return q(f'__ccswitch_at "{path}"' + ("" if index is None else f" {index}"))

        def value_flags(value):
            kind = value["kind"]
            if kind == "choice":
                return f"-x -a {q(' '.join(value['choices']))}"
            if kind == "route":
                return "-x -a '(command ccswitch list --names)'"
            if kind == "path":
                return "-r -F"
            if kind == "command":
                return "-x -a '(__fish_complete_command)'"
            return "-x"

        entries = []
        for node in walk(spec):
            block = [f"\n# ccswitch {node['path']}".rstrip()]
            for c in node["commands"]:
                block.append(f"complete -c ccswitch -n {at(node['path'], 0)} -a {q(c['name'])} -d {q(c['help'])}")
            for o in node["options"]:
                names = " ".join([f"-l {n[2:]}" for n in o["long"]] + [f"-s {n[1:]}" for n in o["short"]])
                flags = f" {value_flags(o['value'])}" if o["value"] else ""
                block.append(f"complete -c ccswitch -n {at(node['path'])} {names}{flags} -d {q(o['help'])}")
            if not node["commands"]:
                for index, rest, value in slots(node):
                    if value["kind"] == "text":
                        continue
                    where = at(node["path"], f"{index}+" if rest else index)
                    if value["kind"] == "path":
                        block.append(f"complete -c ccswitch -n {where} -F")
                        continue
                    what = {"route": "'(command ccswitch list --names)'", "command": "'(__fish_complete_command)'"}
                    candidates = what.get(value["kind"]) or q(" ".join(value["choices"]))
                    desc = value["kind"] if value["kind"] in what else value["name"]
                    block.append(f"complete -c ccswitch -n {where} -a {candidates} -d {q(desc)}")
            entries.append("\n".join(block))
        takes_value = " ".join(q(f"{n['path']} {name}") for n in walk(spec) for o in n["options"] if o["value"] for name in o["names"])
        return template.format(
            note=NOTE,
            groups=" ".join(q(g["path"]) for g in groups(spec)),
            takes_value=takes_value or "''",
            sequential=" ".join(q(n["path"]) for n in leaves(spec) if not n["interspersed"]),
            entries="\n".join(entries),
        )


UNIT = Fish()
