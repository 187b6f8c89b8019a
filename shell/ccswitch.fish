# ccswitch hook for fish. Load it from ~/.config/fish/config.fish with:
#   ccswitch init fish | source             (add --prompt to prefix fish_prompt with the route)
# `ccswitch use NAME` and `ccswitch reset` then switch this shell directly: the program runs
# first, and its output is applied only when it succeeded. Everything else passes through.

set -gx CCSWITCH_SHELL fish

function ccswitch --description 'Switch Claude Code between its routes'
    if contains -- "$argv[1]" use reset; and not contains -- --help $argv; and not contains -- -h $argv
        # One string, newlines kept: a command substitution would split the code on them.
        set -l code (command ccswitch $argv | string collect --no-trim-newlines)
        set -l st $pipestatus[1]
        if test "$st" -ne 0
            return $st
        end
        # `set -e -U` of a missing universal returns 4 inside the code; the switch still happened.
        printf '%s' "$code" | source
        return 0
    else
        command ccswitch $argv
    end
end

# The active route as a short prompt segment, empty on the login route. Builtins only.
function ccswitch_prompt --description 'The active ccswitch route, for prompts'
    if set -q CCSWITCH_ROUTE; and test -n "$CCSWITCH_ROUTE"
        printf '(cc:%s) ' "$CCSWITCH_ROUTE"
    end
    return 0
end

# Per-directory routes: the nearest trusted .ccswitch file picks the route (`ccswitch allow`);
# leaving its folder puts back the route from before. It runs when PWD changes (nothing at a
# prompt), looks for .ccswitch with builtins, and the program runs only when the file it finds
# is another one (or none is found any more). CCSWITCH_DISABLE_DIR=1 turns it off.
function _ccswitch_dir --on-variable PWD
    if set -q CCSWITCH_DISABLE_DIR; and test -n "$CCSWITCH_DISABLE_DIR"
        return 0
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
    if set -q _ccswitch_dir_file; and test "$f" = "$_ccswitch_dir_file"
        return 0
    end
    set -g _ccswitch_dir_file $f
    set -l code ""
    if test -n "$f"
        set code (command ccswitch dir-enter $f | string collect --no-trim-newlines)
        test $pipestatus[1] -eq 0; or set code ""
    end
    if test -n "$code"
        if not set -q _ccswitch_dir_route; or test -z "$_ccswitch_dir_route"
            if set -q CCSWITCH_ROUTE; and test -n "$CCSWITCH_ROUTE"
                set -g _ccswitch_dir_prev $CCSWITCH_ROUTE
            else
                set -g _ccswitch_dir_prev login
            end
        end
        printf '%s' "$code" | source
        set -g _ccswitch_dir_route "$CCSWITCH_ROUTE"
    else if set -q _ccswitch_dir_route; and test -n "$_ccswitch_dir_route"
        if set -q CCSWITCH_ROUTE; and test "$CCSWITCH_ROUTE" = "$_ccswitch_dir_route"
            ccswitch use $_ccswitch_dir_prev; or ccswitch reset
        end
        set -g _ccswitch_dir_route ""
        set -g _ccswitch_dir_prev ""
    end
end
_ccswitch_dir
