# bash completion for ccswitch (wired in by `ccswitch init bash`; or source this file).
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.
_ccswitch_complete() {
  local cur prev sub i
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
  sub=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in -*) ;; *) sub="${COMP_WORDS[i]}"; break ;; esac
  done
  COMPREPLY=()
  if [ -z "$sub" ]; then
    COMPREPLY=($(compgen -W "add edit list show rm rename use reset current secret claude-settings exec kinds init prompt statusline status doctor verify allow deny import export guard --version --help" -- "$cur"))
    return 0
  fi
  case "$prev" in
    --shell)
      COMPREPLY=($(compgen -W "bash zsh sh dash ksh fish tcsh csh pwsh powershell nu elvish xonsh cmd json dotenv gha" -- "$cur"))
      return 0 ;;
    --secret-from)
      local IFS=$'\n'
      COMPREPLY=($(compgen -W "$(command ccswitch list --names 2>/dev/null)" -- "$cur"))
      return 0 ;;
    --kind)
      COMPREPLY=($(compgen -W "api-key gateway oauth-token bedrock vertex foundry helper" -- "$cur"))
      return 0 ;;
    --format)
      COMPREPLY=($(compgen -W "dotenv json toml" -- "$cur"))
      return 0 ;;
    --output|-o)
      COMPREPLY=($(compgen -f -- "$cur"))
      return 0 ;;
    --name|--provider|--profile)
      return 0 ;;
    --base-url|--region|--aws-profile|--project|--resource|--command|--model|--set|--secret-env|--secret-cmd|--secret-var|--unset|--clear|--rm-secret|--timeout)
      return 0 ;;
  esac
  local opts="" guardcmd=""
  case "$sub" in
    add) opts="--kind --base-url --region --aws-profile --project --resource --command --model --set --secret-stdin --secret-env --secret-cmd --secret-var" ;;
    edit) opts="--base-url --region --aws-profile --project --resource --command --model --set --secret-stdin --secret-env --secret-cmd --secret-var --unset --clear --rm-secret" ;;
    list) opts="--names --json" ;;
    show|status|doctor) opts="--json" ;;
    rm) opts="--force" ;;
    use|reset) opts="--shell" ;;
    secret) opts="--reveal" ;;
    init) opts="--prompt" ;;
    verify) opts="--spend --timeout" ;;
    exec) opts="--override-settings" ;;
    allow) opts="--secret-stdin --secret-from" ;;
    import)
      if [ $((i + 1)) -eq "$COMP_CWORD" ]; then
        COMPREPLY=($(compgen -W "dotenv env claude-settings toml cc-switch ccs" -- "$cur"))
        return 0
      fi
      case "${COMP_WORDS[i+1]}" in
        dotenv|env) opts="--name --kind" ;;
        claude-settings) opts="--name --kind --remove-secrets" ;;
        toml) opts="--name" ;;
        cc-switch) opts="--all --provider --name" ;;
        ccs) opts="--all --profile --name" ;;
      esac ;;
    export) opts="--format --reveal --output" ;;
    guard)
      if [ $((i + 1)) -eq "$COMP_CWORD" ]; then
        COMPREPLY=($(compgen -W "check install" -- "$cur"))
        return 0
      fi
      guardcmd="${COMP_WORDS[i+1]}"
      [ "$guardcmd" = check ] && opts="--verbose" ;;
  esac
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$opts --help" -- "$cur")); return 0 ;;
  esac
  # the first positional argument after the subcommand
  local n=0
  for ((i = i + 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      --shell|--kind|--base-url|--region|--aws-profile|--project|--resource|--command|--model|--set|--secret-env|--secret-cmd|--secret-var|--unset|--clear|--rm-secret|--timeout|--secret-from|--format|--output|-o|--name|--provider|--profile) i=$((i + 1)) ;;
      -*) ;;
      *) n=$((n + 1)) ;;
    esac
  done
  case "$sub" in
    use|show|rm|edit|rename|exec|verify|secret|claude-settings|export)
      if [ "$n" -eq 0 ]; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$(command ccswitch list --names 2>/dev/null)" -- "$cur"))
      fi ;;
    init)
      [ "$n" -eq 0 ] && COMPREPLY=($(compgen -W "bash zsh fish tcsh elvish xonsh nu pwsh" -- "$cur")) ;;
    allow|deny)
      [ "$n" -eq 0 ] && COMPREPLY=($(compgen -f -- "$cur")) ;;
    import)
      [ "$n" -eq 1 ] && COMPREPLY=($(compgen -f -- "$cur")) ;;
    guard)
      [ "$n" -ge 1 ] && [ "$guardcmd" = check ] && COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
  return 0
}
complete -F _ccswitch_complete ccswitch
