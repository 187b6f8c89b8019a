"""bash: POSIX code (see _posix), the hook `shell/ccswitch.bash`, completion `completions/ccswitch.bash`."""

from ._posix import Posix


class Bash(Posix):
    hook = "ccswitch.bash"
    init = ("~/.bashrc", 'eval "$(ccswitch init bash)"')
    prompt_prefix = True
    prompt_use = "PS1='${CCSWITCH_ROUTE:+(cc:$CCSWITCH_ROUTE) }'\"$PS1\""
    completion = "ccswitch.bash"
    completion_fixes = {
        "missing": ("`complete -p ccswitch` finds nothing (a `complete -r ccswitch`, or a script loaded after the hook)",
                    'run `eval "$(ccswitch init bash)"` again; if it disappears again, something after that line in ~/.bashrc '
                    "removes it"),
    }
    dotfiles = dict.fromkeys((".bashrc", ".bash_profile", ".bash_login", ".bash_aliases"), "sh")

    def startup(self, ctx):
        import os

        for name in (".bash_profile", ".bash_login", ".bashrc", ".bash_aliases"):
            yield os.path.join(ctx.home, name), "sh"
        for path in ctx.glob(ctx.home, ".bashrc.d", "*"):
            yield path, "sh"

    def system_startup(self, etc, ctx):
        import os

        for name in ("bash.bashrc", "bashrc"):
            yield os.path.join(etc, name), "sh"

    def dotfile(self, path):
        import os

        return super().dotfile(path) or ("sh" if os.path.basename(os.path.dirname(path)) == ".bashrc.d" else None)

    def complete(self, spec):
        """The completion script (`completions/ccswitch.bash`): the command tree of `spec` as
        case tables, and `_ccswitch_complete`, which walks COMP_WORDS the way click parses them."""
        from ..completion import NOTE, groups, leaves, option_names, slots, walk

        template = """\
# bash completion for ccswitch: `ccswitch init bash` wires it in, or source this file.
# {note}
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.

# the subcommands of group $1 ("" for ccswitch itself) -> subs
_ccswitch_subcommands() {{
  case "$1" in
{subcommands}
  esac
}}

# the option names of command $1 -> opts
_ccswitch_options() {{
  case "$1" in
{options}
  esac
}}

# what option $2 of command $1 takes -> kind (flag, text, choice, route, path) and choices
_ccswitch_option() {{
  choices=''
  case "$1 $2" in
{option}
  esac
}}

# what positional argument $2 (from 0) of command $1 takes -> kind (none, text, choice, route,
# path, command) and choices
_ccswitch_argument() {{
  choices=''
  case "$1 $2" in
{argument}
  esac
}}

# whether command $1 takes options only before its first argument (the rest is passed on)
_ccswitch_sequential() {{
  case "$1" in
{sequential}
  esac
  return 1
}}

# complete $cur as a value of kind $1 (choices $2)
_ccswitch_value() {{
  case "$1" in
    choice) COMPREPLY=($(compgen -W "$2" -- "$cur")) ;;
    route)
      local IFS=$'\\n'
      COMPREPLY=($(compgen -W "$(command ccswitch list --names 2>/dev/null)" -- "$cur")) ;;
    path)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur")) ;;
    command) COMPREPLY=($(compgen -c -- "$cur")) ;;
  esac
}}

_ccswitch_complete() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" path="" n=0 after=0 dashes=0 pending="" pchoices="" i w
  local subs="" opts="" kind="" choices=""
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${{COMP_WORDS[i]}}"
    if [ -n "$pending" ]; then
      # the value of the option before (bash splits --opt=value into --opt, =, value)
      [ "$w" = "=" ] || pending=""
      continue
    fi
    if [ "$w" = -- ] && [ "$dashes" = 0 ]; then
      dashes=1; after=1  # the rest are arguments (exec NAME -- CMD: even after NAME)
      continue
    fi
    if [ "$after" = 0 ]; then
      case "$w" in
        -?*)
          _ccswitch_option "$path" "$w"
          [ "$kind" = flag ] || {{ pending=$kind; pchoices=$choices; }}
          continue ;;
      esac
    fi
    _ccswitch_subcommands "$path"
    if [ -n "$subs" ]; then
      path="${{path:+$path }}$w"
      continue
    fi
    n=$((n + 1))
    _ccswitch_sequential "$path" && after=1
  done
  if [ -n "$pending" ]; then
    [ "$cur" = "=" ] && cur=""
    _ccswitch_value "$pending" "$pchoices"
    return 0
  fi
  case "$after$cur" in
    0-*)
      _ccswitch_options "$path"
      COMPREPLY=($(compgen -W "$opts" -- "$cur"))
      return 0 ;;
  esac
  _ccswitch_subcommands "$path"
  if [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    return 0
  fi
  _ccswitch_argument "$path" "$n"
  _ccswitch_value "$kind" "$choices"
  return 0
}}
complete -F _ccswitch_complete ccswitch
"""

        def value(v):
            if v is None:
                return "kind=flag"
            if v["kind"] == "choice":
                return f"kind=choice; choices={self.quote(' '.join(v['choices']))}"
            return f"kind={self.quote(v['kind'])}"

        def cases(rows, default=None):
            """`case` branches: rows of (pattern, body), those with the same body joined, in order."""
            merged = {}
            for key, body in rows:
                merged.setdefault(body, []).append(key)
            out = [f"    {'|'.join(keys)}) {body} ;;" for body, keys in merged.items()]
            return "\n".join(out + ([f"    *) {default} ;;"] if default else []))

        subcommands = cases([(f'"{g["path"]}"', f"subs={self.quote(' '.join(c['name'] for c in g['commands']))}")
                             for g in groups(spec)], "subs=''")
        options = cases([(f'"{n["path"]}"', f"opts={self.quote(' '.join(option_names(n)))}") for n in walk(spec)], "opts=''")
        option = cases([(f'"{n["path"]} {name}"', value(o["value"]))
                        for n in walk(spec) for o in n["options"] if o["value"] for name in o["names"]], "kind=flag")
        exact = [(f'"{n["path"]} {i}"', value(v)) for n in leaves(spec) for i, rest, v in slots(n) if not rest]
        rests = [(f'"{n["path"]} "*', value(v)) for n in leaves(spec) for i, rest, v in slots(n) if rest]
        argument = "\n".join(filter(None, [cases(exact), cases(rests, "kind=none")]))  # exact indexes first
        sequential = cases([(f'"{n["path"]}"', "return 0") for n in leaves(spec) if not n["interspersed"]])
        return template.format(
            note=NOTE, subcommands=subcommands, options=options, option=option, argument=argument, sequential=sequential,
        )


UNIT = Bash()
