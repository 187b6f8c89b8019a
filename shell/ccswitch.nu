# ccswitch hook for nushell. `source` needs a file, so save the hook and source it:
#   ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)
#   source ccswitch.nu          # in config.nu
# `ccswitch use NAME` and `ccswitch reset` then switch this shell: ccswitch prints JSON (nushell
# cannot eval a string), applied with hide-env and load-env only when the program succeeded.

$env.CCSWITCH_SHELL = "nu"

# Tab completion: subcommands, route names (from the fast `ccswitch list --names`), shells.
def "nu-complete ccswitch" [context: string] {
    let words = ($context | split row --regex '\s+' | skip 1)
    let route_cmds = [use show rm edit rename exec verify secret claude-settings]
    let n = ($words | length)
    if $n <= 1 {
        [add edit list show rm rename use reset current secret claude-settings exec kinds init prompt statusline status doctor verify allow deny guard]
    } else if ($words | get ($n - 2)) == "--shell" {
        [bash zsh sh dash ksh fish tcsh csh pwsh powershell nu elvish xonsh cmd json dotenv gha]
    } else if ($words | get ($n - 2)) == "--kind" {
        [api-key gateway oauth-token bedrock vertex foundry helper]
    } else if $n == 2 and ($words.0 in $route_cmds) {
        ^ccswitch list --names | lines
    } else if $n == 2 and $words.0 == "guard" {
        [check install]
    } else if $n >= 3 and $words.0 == "guard" and $words.1 == "check" and (($words | last) | str starts-with "-") {
        [--verbose]
    } else if $n == 2 and $words.0 == "init" {
        [bash zsh fish tcsh elvish xonsh nu pwsh]
    } else {
        []
    }
}

def --env --wrapped ccswitch [...args: string@"nu-complete ccswitch"] {
    let applies = (($args | length) > 0) and ($args.0 in [use reset]) and not ("--help" in $args or "-h" in $args)
    if $applies {
        let out = (^ccswitch ...$args --shell nu | complete)
        if ($out.stderr | is-not-empty) { print --stderr --no-newline $out.stderr }
        if $out.exit_code != 0 {
            error make --unspanned { msg: $"ccswitch ($args.0) failed \(exit status ($out.exit_code)\); nothing changed" }
        }
        let plan = ($out.stdout | from json)
        # A variable both inherited and set since has two layers inside `def --env`
        # (nushell #13195): hide until it is really gone, never more than a few times.
        for name in $plan.unset {
            for _ in 1..4 { if ($name in $env) { hide-env $name } }
        }
        load-env $plan.set
    } else {
        ^ccswitch ...$args
    }
}

# The active route as a short prompt segment, empty on the login route. No program is run:
#   $env.PROMPT_COMMAND = {|| (ccswitch_prompt) + (pwd) }
def ccswitch_prompt [] {
    let route = ($env.CCSWITCH_ROUTE? | default "")
    if ($route | is-empty) { "" } else { $"\(cc:($route)\) " }
}
