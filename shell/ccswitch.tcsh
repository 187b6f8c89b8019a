# ccswitch hook for tcsh, sourced with the command's arguments by the `ccswitch` alias that
# `eval "`ccswitch init tcsh`"` (in ~/.tcshrc) defines. For `use` and `reset` the program
# writes tcsh code to a private temporary file (mktemp: mode 600; in $XDG_RUNTIME_DIR when
# there is one), which is sourced only if the program succeeded, then removed. `\ccswitch`
# bypasses the alias. Everything else passes straight through.
set _ccswitch_apply = 0
if ( $#argv > 0 ) then
    if ( "$argv[1]" == "use" || "$argv[1]" == "reset" ) set _ccswitch_apply = 1
    foreach _ccswitch_a ( $argv:q )
        if ( "$_ccswitch_a" == "-h" || "$_ccswitch_a" == "--help" ) set _ccswitch_apply = 0
    end
    unset _ccswitch_a
endif
if ( $_ccswitch_apply == 1 ) then
    if ( $?XDG_RUNTIME_DIR ) then
        set _ccswitch_tmp = "`mktemp -p $XDG_RUNTIME_DIR:q ccswitch.XXXXXXXX`"
    else
        set _ccswitch_tmp = "`mktemp`"
    endif
    \ccswitch $argv:q >! "$_ccswitch_tmp"
    if ( $status == 0 ) then
        source "$_ccswitch_tmp"
        set _ccswitch_rc = 0
    else
        set _ccswitch_rc = 1
    endif
    rm -f "$_ccswitch_tmp"
    unset _ccswitch_tmp
else
    \ccswitch $argv:q
    set _ccswitch_rc = $status
endif
unset _ccswitch_apply
( exit $_ccswitch_rc )
