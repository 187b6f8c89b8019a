# ccswitch hook for zsh. Load it from ~/.zshrc with:
#   eval "$(ccswitch init zsh)"             (add --prompt to prefix PROMPT with the route)
# `ccswitch use NAME` and `ccswitch reset` then switch this shell directly: the program runs
# first, and its output is applied only when it succeeded. Everything else passes through.

export CCSWITCH_SHELL=zsh

ccswitch() {
  case "${1-}" in
    use|reset)
      local _ccswitch_a
      for _ccswitch_a in "$@"; do
        case "$_ccswitch_a" in -h|--help) command ccswitch "$@"; return ;; esac
      done
      local _ccswitch_code
      _ccswitch_code="$(command ccswitch "$@")" || return
      eval "$_ccswitch_code"
      ;;
    *)
      command ccswitch "$@"
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

# Per-directory routes: the nearest trusted .ccswitch file picks the route (`ccswitch allow`);
# leaving its folder puts back the route from before. It runs on chpwd only (nothing at a
# prompt), looks for .ccswitch with builtins, and the program runs only when the file it finds
# is another one (or none is found any more). CCSWITCH_DISABLE_DIR=1 turns it off.
_ccswitch_dir() {
  [[ -n "${CCSWITCH_DISABLE_DIR-}" ]] && return 0
  [[ "$PWD" == "${_CCSWITCH_DIR_PWD-}" ]] && return 0
  _CCSWITCH_DIR_PWD=$PWD
  local d=$PWD f=""
  while :; do
    if [[ -f "$d/.ccswitch" ]]; then f=$d/.ccswitch; break; fi
    [[ -z "$d" ]] && break
    d=${d%/*}
  done
  [[ "$f" == "${_CCSWITCH_DIR_FILE-}" ]] && return 0
  _CCSWITCH_DIR_FILE=$f
  local code=""
  if [[ -n "$f" ]]; then
    code="$(command ccswitch dir-enter "$f")" || code=""
  fi
  if [[ -n "$code" ]]; then
    [[ -z "${_CCSWITCH_DIR_ROUTE-}" ]] && _CCSWITCH_DIR_PREV=${CCSWITCH_ROUTE:-login}
    eval "$code"
    _CCSWITCH_DIR_ROUTE=${CCSWITCH_ROUTE-}
  elif [[ -n "${_CCSWITCH_DIR_ROUTE-}" ]]; then
    if [[ "${CCSWITCH_ROUTE-}" == "$_CCSWITCH_DIR_ROUTE" ]]; then
      ccswitch use "${_CCSWITCH_DIR_PREV:-login}" || ccswitch reset
    fi
    _CCSWITCH_DIR_ROUTE=""
    _CCSWITCH_DIR_PREV=""
  fi
  return 0
}
autoload -Uz add-zsh-hook
add-zsh-hook chpwd _ccswitch_dir
_ccswitch_dir
