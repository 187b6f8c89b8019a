# ccswitch module for elvish. An `eval` would lose the function it defines, so install it as a
# module, as direnv does, and define the command in rc.elv:
#   ccswitch init elvish > ~/.config/elvish/lib/ccswitch.elv
#   # in ~/.config/elvish/rc.elv:
#   use ccswitch
#   fn ccswitch {|@a| ccswitch:ccswitch $@a }
# `ccswitch use NAME` and `ccswitch reset` then switch this shell: a failing program raises,
# so nothing is applied. Everything else passes through to the program.

set-env CCSWITCH_SHELL elvish

fn ccswitch {|@args|
  if (and (> (count $args) 0) (has-value [use reset] $args[0]) (not (has-value $args --help)) (not (has-value $args -h))) {
    var code = (e:ccswitch $@args | slurp)
    eval $code
  } else {
    e:ccswitch $@args
  }
}

# The active route as a short prompt segment, empty on the login route. Builtins only:
#   set edit:prompt = { ccswitch:prompt; put '> ' }
fn prompt {
  if (and (has-env CCSWITCH_ROUTE) (!=s (get-env CCSWITCH_ROUTE) '')) {
    put '(cc:'(get-env CCSWITCH_ROUTE)') '
  }
}
