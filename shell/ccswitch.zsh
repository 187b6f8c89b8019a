# ccswitch hook for zsh. Load it from ~/.zshrc (after compinit) with:
#   eval "$(ccswitch init zsh)"             (add --prompt to prefix PROMPT with the route)
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed. The program decides everything
# and keeps what it must remember in variables it prints itself (CCSWITCH_DIR, …).

# Loaded with --prompt: the hook keeps the segment in front of PROMPT.
_ccswitch_prompt_prefix=@PROMPT@

# The program, started the fast way: its own interpreter, isolated, main called directly.
_ccswitch_run() {
  if [[ -x @PYTHON@ ]]; then
    @PYTHON@ -I -c @MAIN@ "$@"
  else
    command ccswitch "$@"
  fi
}

# `ccswitch use NAME` / `ccswitch reset` switch this shell; `allow`/`deny` take effect at once;
# `doctor` is told it runs through this hook. Everything else (and `use --help`, `use … --shell
# X`) passes straight through.
ccswitch() {
  local _ccswitch_a _ccswitch_code
  case "${1-}" in
    use|reset)
      for _ccswitch_a in "$@"; do
        case "$_ccswitch_a" in -h|--help|--shell|--shell=*) _ccswitch_run "$@"; return ;; esac
      done
      _ccswitch_code="$(_ccswitch_run "$@" --shell zsh)" || return
      eval "$_ccswitch_code"
      ;;
    allow|deny)
      _ccswitch_run "$@" || return
      _ccswitch_hook force
      ;;
    doctor)
      # For that one run, never in the shell: which hook ran it (its rev) and whether zsh has
      # completion for ccswitch (compinit loaded at all). The program judges.
      _ccswitch_code=missing
      if (( $+_comps[ccswitch] )); then
        _ccswitch_code=registered
      elif (( ! $+functions[compdef] )); then
        _ccswitch_code=nocompinit
      fi
      CCSWITCH_HOOK="zsh @REV@ $_ccswitch_code" _ccswitch_run "$@"
      ;;
    *)
      _ccswitch_run "$@"
      ;;
  esac
}

# The active route as a short prompt segment, empty on the login route. Builtins only.
ccswitch_prompt() {
  if [[ -n "${CCSWITCH_ROUTE-}" ]]; then
    print -rn -- "(cc:${CCSWITCH_ROUTE}) "
  fi
  return 0
}

# Before each prompt: find the nearest .ccswitch with builtins; when it is not the one the
# program last looked at (CCSWITCH_DIR), let the program decide (enter, leave, untrusted…) and
# apply its code. Then the prompt segment, so the prompt shows the route the shell has now.
# CCSWITCH_DISABLE_DIR=1 turns the folder part off.
_ccswitch_hook() {
  local _ccswitch_d=$PWD _ccswitch_f="" _ccswitch_code _ccswitch_segment=""
  if [[ -z "${CCSWITCH_DISABLE_DIR-}" ]]; then
    while :; do
      if [[ -f "$_ccswitch_d/.ccswitch" ]]; then _ccswitch_f=$_ccswitch_d/.ccswitch; break; fi
      [[ -z "$_ccswitch_d" ]] && break
      _ccswitch_d=${_ccswitch_d%/*}
    done
    if [[ "${1-}" == force || "$_ccswitch_f" != "${CCSWITCH_DIR-}" ]]; then
      _ccswitch_code="$(_ccswitch_run dir --shell zsh -- "$_ccswitch_f")" && eval "$_ccswitch_code"
    fi
  fi
  if [[ "$_ccswitch_prompt_prefix" == 1 ]]; then
    # The segment is swapped in front of PROMPT with `%` doubled, so the prompt never
    # interprets the route name, and PROMPT_SUBST is not needed.
    if [[ -n "${CCSWITCH_ROUTE-}" && -z "${CCSWITCH_DISABLE_PROMPT-}" ]]; then
      _ccswitch_segment="(cc:${CCSWITCH_ROUTE//\%/%%}) "
    fi
    if [[ -n "${_CCSWITCH_PS1-}" && "$PS1" == "$_CCSWITCH_PS1"* ]]; then
      PS1="${PS1#"$_CCSWITCH_PS1"}"
    fi
    PS1="${_ccswitch_segment}${PS1}"
    _CCSWITCH_PS1="$_ccswitch_segment"
  fi
  return 0
}
# First among the precmd functions, so a prompt theme's own precmd sees the route already.
typeset -ga precmd_functions
precmd_functions=(_ccswitch_hook ${precmd_functions:#_ccswitch_hook})
