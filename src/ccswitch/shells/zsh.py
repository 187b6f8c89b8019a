"""zsh: POSIX code (see _posix), the hook `shell/ccswitch.zsh`, completion `completions/_ccswitch`."""

from ._posix import Posix


class Zsh(Posix):
    hook = "ccswitch.zsh"
    init = ("~/.zshrc (after compinit)", 'eval "$(ccswitch init zsh)"')
    prompt_prefix = True
    prompt_use = "setopt prompt_subst; PROMPT='${CCSWITCH_ROUTE:+(cc:${CCSWITCH_ROUTE//\\%/%%}) }'\"$PROMPT\""
    completion = "_ccswitch"
    completion_fixes = {
        "missing": ("compinit has no entry for it (a compinit run after the hook forgets it)",
                    'load the hook after compinit in ~/.zshrc, then run `eval "$(ccswitch init zsh)"` again'),
        "nocompinit": ("zsh's completion system is not loaded (no compinit)",
                       "put `autoload -Uz compinit && compinit` before the init line in ~/.zshrc, then open a new shell"),
    }
    dotfiles = dict.fromkeys((".zshrc", ".zshenv", ".zprofile", ".zlogin"), "sh")

    def startup(self, ctx):
        import os

        zdot = self.zdotdir(ctx)
        if not ctx.env.get("ZDOTDIR"):
            yield os.path.join(ctx.home, ".zshenv"), "sh"
        for name in (".zshenv", ".zprofile", ".zshrc", ".zlogin"):
            yield os.path.join(zdot, name), "sh"
        for path in ctx.glob(ctx.env.get("ZSH_CUSTOM") or os.path.join(ctx.home, ".oh-my-zsh", "custom"), "*.zsh"):
            yield path, "sh"

    def system_startup(self, etc, ctx):
        import os

        yield os.path.join(etc, "zshenv"), "sh"
        for name in ("zshenv", "zprofile", "zshrc"):
            yield os.path.join(etc, "zsh", name), "sh"

    def dotfile(self, path):
        import os

        oh_my_zsh = os.path.basename(os.path.dirname(path)) == "custom" and path.lower().endswith(".zsh")
        return super().dotfile(path) or ("sh" if oh_my_zsh else None)

    @staticmethod
    def zdotdir(ctx):
        """zsh's ZDOTDIR: from the environment, else as ~/.zshenv sets it, else the home folder."""
        import os
        import re

        from .. import files
        from ..origins.lexer import parse_sh

        if ctx.env.get("ZDOTDIR"):
            return ctx.env["ZDOTDIR"]
        try:
            text = files.read_text(os.path.join(ctx.home, ".zshenv"), binary_ok=False, errors="replace")
        except files.Unreadable:
            text = None
        for a in parse_sh(text) if text else ():
            if a.name == "ZDOTDIR" and a.value:
                v = re.sub(r"\$\{XDG_CONFIG_HOME:-[^}]*\}|\$\{XDG_CONFIG_HOME\}|\$XDG_CONFIG_HOME", lambda _m: ctx.xdg, a.value)
                v = re.sub(r"\$\{HOME\}|\$HOME", lambda _m: ctx.home, v)
                if v.startswith("~"):
                    v = ctx.home + v[1:]
                if "$" not in v and os.path.isabs(v):
                    return v
        return ctx.home

    def complete(self, spec):
        """The completion script (`completions/_ccswitch`): one function per command of `spec`,
        `_arguments` for its options and arguments, `_describe` for a group's subcommands."""
        import re

        from ..completion import NOTE, walk

        template = """\
#compdef ccswitch
# zsh completion for ccswitch: `ccswitch init zsh` wires it in (load the hook after compinit),
# or put this file on $fpath.
# {note}
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.

_ccswitch_routes() {{
  local -a routes
  routes=(${{(f)"$(command ccswitch list --names 2>/dev/null)"}})
  _describe -t routes 'route' routes
}}

# a command line to run (exec NAME -- CMD ARGS): a leading -- is not part of it
_ccswitch_command() {{
  if [[ $words[1] == -- ]] && (( CURRENT > 1 )); then
    shift words
    (( CURRENT-- ))
  fi
  _normal
}}
{functions}
if [ "${{funcstack[1]-}}" = _ccswitch ]; then
  _ccswitch "$@"  # autoloaded from $fpath
elif (( $+functions[compdef] )); then
  compdef _ccswitch ccswitch
fi
"""
        group_template = """
_ccswitch{suffix}() {{
  local curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  _arguments -C \\
{options} \\
    ': :->command' \\
    '*:: :->argument' && ret=0
  case $state in
    command)
      local -a commands
      commands=(
{commands}
      )
      _describe -t commands {title} commands && ret=0 ;;
    argument)
      curcontext=${{curcontext%:*:*}}:{context}-$words[1]:
      case $words[1] in
{dispatch}
      esac ;;
  esac
  return ret
}}
"""

        def function(node):
            name = "_ccswitch" + ("_" + re.sub(r"[^A-Za-z0-9]+", "_", node["path"]) if node["path"] else "")
            return name

        def escape(text, chars):
            return re.sub(f"([{re.escape(chars)}])", r"\\\1", text)

        def action(value):
            kind = value["kind"]
            if kind == "choice":
                return "(" + " ".join(escape(c, "\\ ()[]:'\"$`") for c in value["choices"]) + ")"
            return {"route": "_ccswitch_routes", "path": "_files", "command": "_command_names -e"}.get(kind, " ")

        def option_specs(node):
            specs = []
            for o in node["options"]:
                names = o["names"]
                if "--help" in names or "--version" in names:
                    exclude = "(- *)"
                elif len(names) > 1:
                    exclude = "(" + " ".join(names) + ")"
                else:
                    exclude = ""
                star = "*" if o["multiple"] else ""
                desc = "[" + escape(o["help"], "\\[]") + "]"
                arg = ""
                if o["value"]:
                    arg = ":" + escape(o["value"]["name"], "\\:") + ":" + action(o["value"])
                specs += [f"{exclude}{star}{n}{desc}{arg}" for n in names]
            return specs

        def argument_specs(node):
            specs = []
            for arg in node["args"]:
                value = arg["value"]
                message = escape(value["name"], "\\:")
                if arg["nargs"] == -1 and value["kind"] == "command":
                    specs.append(f"*:::{message}:_ccswitch_command")  # words: only the command line
                elif arg["nargs"] == -1:
                    specs.append(f"*:{message}:{action(value)}")
                else:
                    specs.append(f"{'' if arg['required'] else ':'}:{message}:{action(value)}")
            return specs

        def lines(specs, indent, sep=" \\\n"):
            return sep.join(f"{indent}{self.quote(s)}" for s in specs)

        functions = []
        names = set()
        for node in walk(spec):
            name = function(node)
            assert name not in names, name
            names.add(name)
            if node["commands"]:
                commands = [escape(c["name"], "\\:") + ":" + c["help"] for c in node["commands"]]
                dispatch = "\n".join(f"        {self.quote(c['name'])}) {function(c)} && ret=0 ;;" for c in node["commands"])
                title = self.quote(f"ccswitch {node['path']} command".replace("  ", " "))
                functions.append(group_template.format(
                    suffix=name[len("_ccswitch"):], options=lines(option_specs(node), "    "),
                    commands=lines(commands, "        ", sep="\n"), title=title,
                    context="-".join(["ccswitch", *node["path"].split()]), dispatch=dispatch,
                ))
            else:
                flags = "-S" + ("" if node["interspersed"] else " -A '-*'")
                body = lines(option_specs(node) + argument_specs(node), "    ")
                functions.append(f"\n{name}() {{\n  _arguments {flags} \\\n{body}\n}}\n")
        return template.format(note=NOTE, functions="".join(functions))


UNIT = Zsh()
