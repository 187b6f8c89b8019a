# fish completion for ccswitch (wired in by `ccswitch init fish`, or put in
# ~/.config/fish/completions/). Route names come from `ccswitch list --names` (a fast path).
complete -c ccswitch -f
set -l __ccswitch_cmds add edit list show rm rename use reset current secret claude-settings exec kinds init prompt statusline status doctor verify allow deny import export guard
set -l __ccswitch_route_cmds use show rm edit rename exec verify secret claude-settings export

function __ccswitch_needs_route
    set -l words (commandline -opc)
    set -e words[1]
    set -l positional
    set -l skip 0
    for w in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $w
            case --shell --kind --base-url --region --aws-profile --project --resource --command --model --set --secret-env --secret-cmd --secret-var --unset --clear --rm-secret --timeout --format --output -o
                set skip 1
            case '-*'
            case '*'
                set -a positional $w
        end
    end
    test (count $positional) -eq 1
end

complete -c ccswitch -n "not __fish_seen_subcommand_from $__ccswitch_cmds" -a "$__ccswitch_cmds"
complete -c ccswitch -n "__fish_seen_subcommand_from $__ccswitch_route_cmds; and __ccswitch_needs_route" -a '(command ccswitch list --names 2>/dev/null)' -d route
complete -c ccswitch -n "__fish_seen_subcommand_from use reset" -l shell -x -a 'bash zsh sh dash ksh fish tcsh csh pwsh powershell nu elvish xonsh cmd json dotenv gha'
complete -c ccswitch -n "__fish_seen_subcommand_from add" -l kind -x -a 'api-key gateway oauth-token bedrock vertex foundry helper'
for opt in base-url region aws-profile project resource command model set secret-env secret-cmd secret-var
    complete -c ccswitch -n "__fish_seen_subcommand_from add edit" -l $opt -x
end
complete -c ccswitch -n "__fish_seen_subcommand_from add edit" -l secret-stdin
complete -c ccswitch -n "__fish_seen_subcommand_from edit" -l unset -x
complete -c ccswitch -n "__fish_seen_subcommand_from edit" -l clear -x
complete -c ccswitch -n "__fish_seen_subcommand_from edit" -l rm-secret -x
complete -c ccswitch -n "__fish_seen_subcommand_from list" -l names
complete -c ccswitch -n "__fish_seen_subcommand_from list show status doctor" -l json
complete -c ccswitch -n "__fish_seen_subcommand_from rm" -l force
complete -c ccswitch -n "__fish_seen_subcommand_from secret" -l reveal
complete -c ccswitch -n "__fish_seen_subcommand_from verify" -l spend
complete -c ccswitch -n "__fish_seen_subcommand_from verify" -l timeout -x
complete -c ccswitch -n "__fish_seen_subcommand_from exec" -l override-settings
complete -c ccswitch -n "__fish_seen_subcommand_from init" -l prompt
complete -c ccswitch -n "__fish_seen_subcommand_from init" -a 'bash zsh fish tcsh elvish xonsh nu pwsh'
complete -c ccswitch -n "__fish_seen_subcommand_from allow" -l secret-stdin
complete -c ccswitch -n "__fish_seen_subcommand_from allow" -l secret-from -x -a '(command ccswitch list --names 2>/dev/null)'
complete -c ccswitch -n "__fish_seen_subcommand_from allow deny" -F
complete -c ccswitch -n "__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from dotenv env claude-settings toml cc-switch ccs" -a 'dotenv env claude-settings toml cc-switch ccs'
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l name -x
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l kind -x -a 'api-key gateway oauth-token bedrock vertex foundry helper'
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l remove-secrets
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l all
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l provider -x
complete -c ccswitch -n "__fish_seen_subcommand_from import" -l profile -x
complete -c ccswitch -n "__fish_seen_subcommand_from dotenv claude-settings toml cc-switch ccs" -F
complete -c ccswitch -n "__fish_seen_subcommand_from export" -l format -x -a 'dotenv json toml'
complete -c ccswitch -n "__fish_seen_subcommand_from export" -l reveal
complete -c ccswitch -n "__fish_seen_subcommand_from export" -s o -l output -r -F
complete -c ccswitch -n "__fish_seen_subcommand_from guard; and not __fish_seen_subcommand_from check install" -a 'check install'
complete -c ccswitch -n "__fish_seen_subcommand_from guard; and __fish_seen_subcommand_from check" -s v -l verbose
complete -c ccswitch -n "__fish_seen_subcommand_from guard; and __fish_seen_subcommand_from check" -F
