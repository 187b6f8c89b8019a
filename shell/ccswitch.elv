# ccswitch module for elvish. An `eval` would lose the functions it defines, so install it as a
# module, as direnv does, and use it from rc.elv:
#   ccswitch init elvish > ~/.config/elvish/lib/ccswitch.elv     (add --prompt to prefix the prompt)
#   # in ~/.config/elvish/rc.elv:
#   use ccswitch
# In an interactive shell the module adds the `ccswitch` command to the REPL and runs its hook
# before each prompt; in a script, call `ccswitch:ccswitch` (or `fn ccswitch {|@a| ccswitch:ccswitch $@a }`).
#
# The hook holds no logic and no state and exports nothing: it runs the program with its shell
# named, and applies what the program printed only when it succeeded (a failed program raises,
# so nothing is applied). The program decides everything and keeps what it must remember in
# variables it prints itself (CCSWITCH_DIR, …).

use path
use str

# The program, started the fast way: its own interpreter, isolated, main called directly;
# `ccswitch` from PATH when that interpreter is gone.
var -python = @PYTHON@
var -main = @MAIN@

fn -run {|@args|
  if (has-external $-python) {
    (external $-python) -I -c $-main $@args
  } else {
    e:ccswitch $@args
  }
}

# Run the program and apply its code only when it succeeded: a failed program raises before
# `eval` runs.
fn -apply {|@args|
  eval (-run $@args | slurp)
}

# Before each prompt: find the nearest .ccswitch with builtins; when it is not the one the
# program last looked at (CCSWITCH_DIR), let the program decide (enter, leave, untrusted…) and
# apply its code. CCSWITCH_DISABLE_DIR=1 turns it off. It never throws into the prompt.
fn -hook {|&force=$false|
  if (and (has-env CCSWITCH_DISABLE_DIR) (!=s (get-env CCSWITCH_DISABLE_DIR) '')) {
    return
  }
  try {
    var d = $pwd
    var f = ''
    while $true {
      var c = $d/.ccswitch
      if (eq $d /) { set c = /.ccswitch }
      if (path:is-regular &follow-symlink=$true $c) {
        set f = $c
        break
      }
      if (eq $d /) { break }
      set d = (path:dir $d)
    }
    var seen = ''
    if (has-env CCSWITCH_DIR) { set seen = (get-env CCSWITCH_DIR) }
    if (or $force (!=s $f $seen)) {
      -apply dir --shell elvish -- $f
    }
  } catch e {
    # the program has said what went wrong; the prompt goes on
  }
}

# Whether `use`/`reset` arguments ask for help or name another shell: then they pass through.
fn -passes {|args|
  for a $args {
    if (or (has-value [-h --help --shell] $a) (str:has-prefix $a --shell=)) {
      put $true
      return
    }
  }
  put $false
}

# `ccswitch doctor`, told it runs through this hook, for that one run (never in the shell):
# which hook ran it (its rev). elvish gets no completion from init. The program judges.
fn -doctor {|@args|
  tmp E:CCSWITCH_HOOK = 'elvish @REV@ none'
  -run $@args
}

# `ccswitch use NAME` / `ccswitch reset` switch this shell; `allow`/`deny` take effect at once;
# `doctor` is told it runs through this hook. Everything else (and `use --help`, `use … --shell
# X`) passes straight through. A failure raises `ccswitch exited with N`, as a failed command
# does in elvish, with nothing applied.
fn ccswitch {|@args|
  try {
    if (and (> (count $args) 0) (has-value [use reset] $args[0]) (not (-passes $args))) {
      -apply $@args --shell elvish
    } elif (and (> (count $args) 0) (has-value [allow deny] $args[0])) {
      -run $@args
      -hook &force=$true
    } elif (and (> (count $args) 0) (eq $args[0] doctor)) {
      -doctor $@args
    } else {
      -run $@args
    }
  } catch e {
    var st = ''
    try { set st = $e[reason][exit-status] } catch { }
    if (eq $st '') { fail $e }  # not an exit (a signal, an interrupt): as it came
    fail 'ccswitch exited with '$st
  }
}

# The active route as a short prompt segment, empty on the login route. Builtins only:
#   set edit:prompt = { ccswitch:prompt; put '> ' }
fn prompt {
  if (and (has-env CCSWITCH_ROUTE) (!=s (get-env CCSWITCH_ROUTE) '')) {
    put '(cc:'(get-env CCSWITCH_ROUTE)') '
  }
}

# In an interactive shell: the bare `ccswitch` command in the REPL, the hook added in front of
# the before-readline functions (the user's stay, and see the route already), and with --prompt the segment in front
# of edit:prompt (CCSWITCH_DISABLE_PROMPT=1 hides it). The editor exists only there, so it is
# reached through eval; a script that uses the module gets the functions only.
if ?(eval 'nop $edit:before-readline') {
  eval &ns=(ns [&ccswitch~=$ccswitch~ &hook~=$-hook~ &prompt~=$prompt~ &with-prompt=(eq @PROMPT@ 1)]) '
    edit:add-var ccswitch~ $ccswitch~
    set edit:before-readline = [$hook~ $@edit:before-readline]
    if $with-prompt {
      var original = $edit:prompt
      set edit:prompt = {
        if (or (not (has-env CCSWITCH_DISABLE_PROMPT)) (eq (get-env CCSWITCH_DISABLE_PROMPT) "")) { prompt }
        $original
      }
    }
  '
}
