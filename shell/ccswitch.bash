# ccswitch hook for bash. Load it from ~/.bashrc with:
#   eval "$(ccswitch init bash)"            (add --prompt to prefix PS1 with the route)
# `ccswitch use NAME` and `ccswitch reset` then switch this shell directly: the program runs
# first, and its output is applied only when it succeeded. Everything else passes through.

export CCSWITCH_SHELL=bash

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
  if [ -n "${CCSWITCH_ROUTE-}" ]; then
    printf '(cc:%s) ' "$CCSWITCH_ROUTE"
  fi
  return 0
}
