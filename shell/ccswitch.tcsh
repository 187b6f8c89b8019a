# ccswitch hook for tcsh. Load it from ~/.tcshrc with:
#   eval "`ccswitch init tcsh`"             (add --prompt to prefix $prompt with the route)
# That line sets four variables (this file, the interpreter ccswitch is installed in, the
# code that starts it, the line's rev for `ccswitch doctor`), the aliases `ccswitch` and
# `ccswitch_prompt`, and chains the precmd alias; a csh alias cannot hold logic, so each of
# them sources this file with a mode word and its arguments (argv is restored afterwards).
#
# Like the bash, zsh and fish hooks it holds no logic and no state and exports nothing: it runs
# the program with its shell named, checks the exit status, and only then applies what the
# program printed. The program decides everything and keeps what it must remember in
# variables it prints itself (CCSWITCH_DIR, …).
#
# A csh cannot read code with newlines from a command substitution, so the program writes its
# code to a private temporary file (mktemp: mode 600, unpredictable name; in $XDG_RUNTIME_DIR
# when there is one), `>!` even under noclobber, which is sourced only if the program
# succeeded, then removed.
#
# Modes: `command ARGS…` (the ccswitch alias), `hook` (precmd, before each prompt), `prompt`
# (the ccswitch_prompt alias), `install 0|1` (once, from the init line).
#
# The prompt segment: the hook keeps $ccswitch_segment up to date before each prompt, running
# no program ("(cc:NAME) ", empty on the login route or with CCSWITCH_DISABLE_PROMPT=1). Put
# it in your prompt as `%${ccswitch_segment}`, which tcsh expands each time the prompt is shown
# and never interprets further (no `%` sequence, history event or command in a route name):
#   set prompt = '%${ccswitch_segment}'"$prompt"    (what `init tcsh --prompt` does)
# The braces end the name (`%$ccswitch_segmentP` would name another variable); in double
# quotes `$ccswitch_segment` would instead be copied once, when `set prompt` runs.
#
# Limits of tcsh: the hook runs from precmd, so define your own precmd before the init line
# (the hook chains it: it runs first, then yours) or add `source $_ccswitch_hook:q hook;` to
# the front of a precmd you define later. (cwdcmd is not needed: after a cd, precmd runs
# before the next prompt, like bash's PROMPT_COMMAND.) An empty argument (`ccswitch use ""`) is dropped.
# Interrupting the program (Ctrl-C) stops the sourcing: nothing is applied, and the temporary
# file (empty or holding the unapplied code) may be left in $XDG_RUNTIME_DIR or /tmp.
# `\ccswitch` runs the program from PATH, without the hook.

set _ccswitch_st = $status
set _ccswitch_mode = ""
if ( $#argv > 0 ) then
    set _ccswitch_mode = "$argv[1]:q"
    shift
endif
set _ccswitch_rc = 0
set _ccswitch_dir = 0
set _ccswitch_apply = ""

# The program, started the fast way: its own interpreter, isolated, main called directly;
# `ccswitch` from PATH when that interpreter is gone.
set _ccswitch_cmd = ( ccswitch )
if ( $?_ccswitch_python && $?_ccswitch_main ) then
    if ( -x "$_ccswitch_python:q" ) set _ccswitch_cmd = ( $_ccswitch_python:q -I -c $_ccswitch_main:q )
endif

if ( "$_ccswitch_mode:q" == command ) then
    # `ccswitch use NAME` / `ccswitch reset` switch this shell; `allow`/`deny` take effect at
    # once; `doctor` is told it runs through this hook. Everything else (and `use --help`,
    # `use … --shell X`) passes straight through.
    set _ccswitch_kind = pass
    if ( $#argv > 0 ) then
        if ( "$argv[1]:q" == use || "$argv[1]:q" == reset ) set _ccswitch_kind = use
        if ( "$argv[1]:q" == allow || "$argv[1]:q" == deny ) set _ccswitch_kind = trust
    endif
    if ( $_ccswitch_kind == use ) then
        foreach _ccswitch_a ( $argv:q )
            switch ( "$_ccswitch_a:q" )
            case -h:
            case --help:
            case --shell:
            case --shell=*:
                set _ccswitch_kind = pass
                breaksw
            endsw
        end
        unset _ccswitch_a
    endif
    if ( $_ccswitch_kind == use ) then
        set _ccswitch_apply = use
    else
        set _ccswitch_mark = ""
        if ( $_ccswitch_kind == pass && $#argv > 0 ) then
            if ( "$argv[1]:q" == doctor ) then
                # For that one run (env(1): tcsh has no per-command assignment), never in the
                # shell: which hook ran it, by the init line's rev (zeros: an init line older than
                # revs). tcsh gets no completion from init. The program judges.
                set _ccswitch_mark = "tcsh 000000000000 none"
                if ( $?_ccswitch_rev ) then
                    set _ccswitch_mark = "tcsh $_ccswitch_rev:q none"
                endif
            endif
        endif
        # (the status is read at once: else and endif reset it)
        if ( "$_ccswitch_mark" != "" ) then
            \env "CCSWITCH_HOOK=$_ccswitch_mark" $_ccswitch_cmd:q $argv:q
            set _ccswitch_rc = $status
        else
            $_ccswitch_cmd:q $argv:q
            set _ccswitch_rc = $status
        endif
        unset _ccswitch_mark
        if ( $_ccswitch_kind == trust && $_ccswitch_rc == 0 ) set _ccswitch_dir = force
    endif
    unset _ccswitch_kind
else if ( "$_ccswitch_mode:q" == hook ) then
    set _ccswitch_dir = 1
else if ( "$_ccswitch_mode:q" == install ) then
    # First in precmd, so a precmd of your own sees the route already; not twice.
    set _ccswitch_old = "`alias precmd`"
    if ( "$_ccswitch_old" !~ *_ccswitch_hook* ) then
        if ( "$_ccswitch_old" == "" ) then
            alias precmd 'source $_ccswitch_hook:q hook'
        else
            alias precmd 'source $_ccswitch_hook:q hook; '"$_ccswitch_old"
        endif
    endif
    unset _ccswitch_old
    # With --prompt: the segment in front of the prompt, by reference (see above).
    if ( $#argv > 0 && $?prompt ) then
        if ( "$argv[1]:q" == 1 && "$prompt:q" !~ '%${ccswitch_segment}'* ) set prompt = '%${ccswitch_segment}'"$prompt:q"
    endif
endif

# At each prompt: find the nearest .ccswitch with builtins; when it is not the one the program
# last looked at (CCSWITCH_DIR), let the program decide (enter, leave, untrusted…) and apply
# its code. CCSWITCH_DISABLE_DIR=1 turns the folder part off.
if ( $_ccswitch_dir != 0 && $?CCSWITCH_DISABLE_DIR ) then
    if ( "$CCSWITCH_DISABLE_DIR:q" != "" ) set _ccswitch_dir = 0
endif
if ( $_ccswitch_dir != 0 ) then
    set _ccswitch_d = "$cwd:q"
    if ( "$_ccswitch_d:q" == "/" ) set _ccswitch_d = ""
    set _ccswitch_f = ""
    while ( 1 )
        if ( -f "$_ccswitch_d:q/.ccswitch" ) then
            set _ccswitch_f = "$_ccswitch_d:q/.ccswitch"
            break
        endif
        if ( "$_ccswitch_d:q" == "" ) break
        set _ccswitch_d = "$_ccswitch_d:h:q"
    end
    if ( $_ccswitch_dir == force ) then
        set _ccswitch_apply = dir
    else if ( $?CCSWITCH_DIR ) then
        if ( "$_ccswitch_f:q" != "$CCSWITCH_DIR:q" ) set _ccswitch_apply = dir
    else if ( "$_ccswitch_f:q" != "" ) then
        set _ccswitch_apply = dir
    endif
    unset _ccswitch_d
endif

# Run the program into a private file; source it only if the program succeeded.
if ( "$_ccswitch_apply" != "" ) then
    set _ccswitch_tmp = ""
    # $XDG_RUNTIME_DIR when it is a plain path (a command substitution would split any other)
    if ( $?XDG_RUNTIME_DIR ) then
        if ( "$XDG_RUNTIME_DIR:q" =~ /* && "$XDG_RUNTIME_DIR:q" !~ *[^-A-Za-z0-9_./]* ) then
            if ( -d "$XDG_RUNTIME_DIR" && -w "$XDG_RUNTIME_DIR" ) set _ccswitch_tmp = "`\mktemp $XDG_RUNTIME_DIR/ccswitch.XXXXXXXX`"
        endif
    endif
    if ( "$_ccswitch_tmp" == "" ) set _ccswitch_tmp = "`\mktemp`"
    set _ccswitch_got = 1
    if ( "$_ccswitch_tmp" != "" ) then
        # (the status is read at once: else and endif reset it)
        if ( "$_ccswitch_apply" == use ) then
            $_ccswitch_cmd:q $argv:q --shell tcsh >! "$_ccswitch_tmp"
            set _ccswitch_got = $status
        else
            $_ccswitch_cmd:q dir --shell tcsh -- "$_ccswitch_f:q" >! "$_ccswitch_tmp"
            set _ccswitch_got = $status
        endif
        if ( $_ccswitch_got == 0 ) source "$_ccswitch_tmp"
        \rm -f "$_ccswitch_tmp"
    endif
    # a command's status is the program's; after allow/deny, allow's own
    if ( "$_ccswitch_apply" == use ) set _ccswitch_rc = $_ccswitch_got
    unset _ccswitch_tmp _ccswitch_got
endif
if ( $?_ccswitch_f ) unset _ccswitch_f

# The prompt segment, kept up to date for `%${ccswitch_segment}`; builtins only. `ccswitch_prompt`
# prints it (whatever CCSWITCH_DISABLE_PROMPT says).
set ccswitch_segment = ""
if ( $?CCSWITCH_ROUTE ) then
    if ( "$CCSWITCH_ROUTE:q" != "" ) set ccswitch_segment = "(cc:$CCSWITCH_ROUTE:q) "
endif
if ( "$_ccswitch_mode:q" == prompt ) echo -n "$ccswitch_segment:q"
if ( $?CCSWITCH_DISABLE_PROMPT ) then
    if ( "$CCSWITCH_DISABLE_PROMPT:q" != "" ) set ccswitch_segment = ""
endif

# The status: the program's for a command, the previous command's at a prompt.
if ( "$_ccswitch_mode:q" == hook ) set _ccswitch_rc = $_ccswitch_st
eval "unset _ccswitch_st _ccswitch_mode _ccswitch_rc _ccswitch_dir _ccswitch_apply _ccswitch_cmd; set status = $_ccswitch_rc"
