# ccswitch hook for bash. Load it from ~/.bashrc with:
#   eval "$(ccswitch init bash)"            (add --prompt to prefix PS1 with the route)
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed. The program decides everything
# and keeps what it must remember in variables it prints itself (CCSWITCH_DIR, …).

# Loaded with --prompt: the hook keeps the segment in front of PS1.
_ccswitch_prompt_prefix=@PROMPT@

# The program, started the fast way: its own interpreter, isolated, main called directly.
_ccswitch_run() {
  if [ -x @PYTHON@ ]; then
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
      _ccswitch_code="$(_ccswitch_run "$@" --shell bash)" || return
      eval "$_ccswitch_code"
      ;;
    allow|deny)
      _ccswitch_run "$@" || return
      _ccswitch_hook force
      ;;
    doctor)
      # For that one run, never in the shell: which hook ran it (its rev) and whether bash has
      # completion for ccswitch. The program judges.
      _ccswitch_code=missing
      complete -p ccswitch >/dev/null 2>&1 && _ccswitch_code=registered
      CCSWITCH_HOOK="bash @REV@ $_ccswitch_code" _ccswitch_run "$@"
      ;;
    *)
      _ccswitch_run "$@"
      ;;
  esac
}

# The active route as a short prompt segment, empty on the login route. Builtins only.
ccswitch_prompt() {
  if [ -n "${CCSWITCH_ROUTE-}" ]; then
    printf '(cc:%s) ' "$CCSWITCH_ROUTE"
  fi
  return 0
}

# At each prompt: find the nearest .ccswitch with builtins; when it is not the one the program
# last looked at (CCSWITCH_DIR), let the program decide (enter, leave, untrusted…) and apply
# its code. Then the prompt segment, so the prompt shows the route the shell has now.
# CCSWITCH_DISABLE_DIR=1 turns the folder part off.
_ccswitch_hook() {
  local _ccswitch_rc=$? _ccswitch_d=$PWD _ccswitch_f="" _ccswitch_code
  if [ -z "${CCSWITCH_DISABLE_DIR-}" ]; then
    while :; do
      if [ -f "$_ccswitch_d/.ccswitch" ]; then _ccswitch_f=$_ccswitch_d/.ccswitch; break; fi
      [ -z "$_ccswitch_d" ] && break
      _ccswitch_d=${_ccswitch_d%/*}
    done
    if [ "${1-}" = force ] || [ "$_ccswitch_f" != "${CCSWITCH_DIR-}" ]; then
      _ccswitch_code="$(_ccswitch_run dir --shell bash -- "$_ccswitch_f")" && eval "$_ccswitch_code"
    fi
  fi
  if [ "$_ccswitch_prompt_prefix" = 1 ]; then
    if [ -n "${CCSWITCH_ROUTE-}" ] && [ -z "${CCSWITCH_DISABLE_PROMPT-}" ]; then
      _CCSWITCH_PS1="(cc:${CCSWITCH_ROUTE}) "
    else
      _CCSWITCH_PS1=""
    fi
  fi
  return $_ccswitch_rc
}

# Run the hook first at each prompt, whether PROMPT_COMMAND is a string or (bash 5.1) an array.
if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  case " ${PROMPT_COMMAND[*]} " in *" _ccswitch_hook "*) ;; *) PROMPT_COMMAND=(_ccswitch_hook "${PROMPT_COMMAND[@]}") ;; esac
else
  # shellcheck disable=SC2128,SC2178  # this branch is the plain-string form of PROMPT_COMMAND
  case ";${PROMPT_COMMAND-};" in *";_ccswitch_hook;"*) ;; *) PROMPT_COMMAND="_ccswitch_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;; esac
fi
# With --prompt: PS1 refers to _CCSWITCH_PS1 in single quotes, so a route name is never spliced
# into PS1 itself; the hook recomputes it at each prompt, running no program.
if [ "$_ccswitch_prompt_prefix" = 1 ] && [ -z "${_CCSWITCH_PS1_INSTALLED-}" ]; then
  _CCSWITCH_PS1_INSTALLED=1
  PS1='${_CCSWITCH_PS1}'"${PS1-}"
fi
