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
        printf '%s' "$code" | source
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
