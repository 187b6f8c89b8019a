# ccswitch hook for fish. Load it from ~/.config/fish/config.fish with:
#   ccswitch init fish | source             (add --prompt to prefix fish_prompt with the route)
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed. The program decides everything
# and keeps what it must remember in variables it prints itself (CCSWITCH_DIR, …).

# The program, started the fast way: its own interpreter, isolated, main called directly.
function _ccswitch_run
    if test -x @PYTHON@
        @PYTHON@ -I -c @MAIN@ $argv
    else
        command ccswitch $argv
    end
end

# Run the program and apply its code only when it succeeded. One string, newlines kept: a
# command substitution would split the code on them.
function _ccswitch_apply
    set -l code (_ccswitch_run $argv | string collect --no-trim-newlines)
    set -l st $pipestatus[1]
    test $st -eq 0; or return $st
    printf '%s' "$code" | source
end

# `ccswitch use NAME` / `ccswitch reset` switch this shell; `allow`/`deny` take effect at once;
# `doctor` is told it runs through this hook. Everything else (and `use --help`, `use … --shell
# X`) passes straight through.
function ccswitch --description 'Switch Claude Code between its routes'
    if contains -- "$argv[1]" use reset; and not string match -q -r -- '^(-h|--help|--shell(=.*)?)$' $argv
        _ccswitch_apply $argv --shell fish
    else if contains -- "$argv[1]" allow deny
        _ccswitch_run $argv; or return
        _ccswitch_hook force
    else if test "$argv[1]" = doctor
        # For that one run, never in the shell: which hook ran it (its rev) and whether fish
        # has completion for ccswitch. The program judges.
        set -l completion missing
        complete -c ccswitch | string length -q; and set completion registered
        CCSWITCH_HOOK="fish @REV@ $completion" _ccswitch_run $argv
    else
        _ccswitch_run $argv
    end
end

# The active route as a short prompt segment, empty on the login route. Builtins only.
function ccswitch_prompt --description 'The active ccswitch route, for prompts'
    if set -q CCSWITCH_ROUTE; and test -n "$CCSWITCH_ROUTE"
        printf '(cc:%s) ' "$CCSWITCH_ROUTE"
    end
    return 0
end

# Before each prompt and when PWD changes: find the nearest .ccswitch with builtins; when it is
# not the one the program last looked at (CCSWITCH_DIR), let the program decide (enter, leave,
# untrusted…) and apply its code. CCSWITCH_DISABLE_DIR=1 turns it off.
function _ccswitch_hook --on-event fish_prompt --on-variable PWD
    set -l st $status
    if set -q CCSWITCH_DISABLE_DIR; and test -n "$CCSWITCH_DISABLE_DIR"
        return $st
    end
    set -l d $PWD
    set -l f ""
    while true
        if test -f "$d/.ccswitch"
            set f "$d/.ccswitch"
            break
        end
        test -z "$d"; and break
        set d (string replace -r '/[^/]*$' '' -- $d)
    end
    set -l seen ""
    set -q CCSWITCH_DIR; and set seen $CCSWITCH_DIR
    if test "$argv[1]" = force; or test "$f" != "$seen"
        _ccswitch_apply dir --shell fish -- $f
    end
    return $st
end

if test @PROMPT@ = 1; and not functions -q _ccswitch_original_fish_prompt
    # With --prompt: fish_prompt shows the segment first (CCSWITCH_DISABLE_PROMPT=1 hides it);
    # the original prompt is kept and called. fish_prompt events run before fish_prompt.
    functions -c fish_prompt _ccswitch_original_fish_prompt
    function fish_prompt
        if not set -q CCSWITCH_DISABLE_PROMPT; or test -z "$CCSWITCH_DISABLE_PROMPT"
            ccswitch_prompt
        end
        _ccswitch_original_fish_prompt
    end
end
