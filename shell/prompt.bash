# ccswitch: prefix PS1 with the active route, as virtualenv does; CCSWITCH_DISABLE_PROMPT=1
# turns it off. PS1 refers to _CCSWITCH_PS1 in single quotes: the route name is never spliced
# into PS1 itself, and the segment is computed by a function at each prompt (no program run).
_ccswitch_ps1() {
  if [ -n "${CCSWITCH_ROUTE-}" ] && [ -z "${CCSWITCH_DISABLE_PROMPT-}" ]; then
    _CCSWITCH_PS1="(cc:${CCSWITCH_ROUTE}) "
  else
    _CCSWITCH_PS1=""
  fi
}
if [ -z "${_CCSWITCH_PS1_INSTALLED-}" ]; then
  _CCSWITCH_PS1_INSTALLED=1
  _ccswitch_prompt_command _ccswitch_ps1
  PS1='${_CCSWITCH_PS1}'"${PS1-}"
fi
