# ccswitch hook for nushell. `source` needs a file, so save the hook and source it:
#   ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)
#   source ccswitch.nu          # in config.nu
# `ccswitch use NAME` and `ccswitch reset` then switch this shell: ccswitch prints JSON (nushell
# cannot eval a string), applied with hide-env and load-env only when the program succeeded.

$env.CCSWITCH_SHELL = "nu"

def --env --wrapped ccswitch [...args] {
    let applies = (($args | length) > 0) and ($args.0 in [use reset]) and not ("--help" in $args or "-h" in $args)
    if $applies {
        let out = (^ccswitch ...$args --shell nu | complete)
        if ($out.stderr | is-not-empty) { print --stderr --no-newline $out.stderr }
        if $out.exit_code != 0 {
            error make --unspanned { msg: $"ccswitch ($args.0) failed \(exit status ($out.exit_code)\); nothing changed" }
        }
        let plan = ($out.stdout | from json)
        hide-env --ignore-errors ...$plan.unset
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
