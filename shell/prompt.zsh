# ccswitch: prefix PROMPT with the active route, as virtualenv does; CCSWITCH_DISABLE_PROMPT=1
# turns it off. A precmd hook swaps the segment at each prompt (no program run); `%` in it is
# doubled so the prompt never interprets it, and PROMPT_SUBST is not needed.
_ccswitch_ps1() {
  local segment=""
  if [[ -n "${CCSWITCH_ROUTE-}" && -z "${CCSWITCH_DISABLE_PROMPT-}" ]]; then
    segment="(cc:${CCSWITCH_ROUTE//\%/%%}) "
  fi
  if [[ -n "${_CCSWITCH_PS1-}" && "$PS1" == "$_CCSWITCH_PS1"* ]]; then
    PS1="${PS1#"$_CCSWITCH_PS1"}"
  fi
  PS1="${segment}${PS1}"
  _CCSWITCH_PS1="$segment"
}
autoload -Uz add-zsh-hook
add-zsh-hook precmd _ccswitch_ps1
