# ccswitch hook for nushell. `source` needs a file, so save the hook and source it:
#   ccswitch init nu | save -f ($nu.default-config-dir | path join ccswitch.nu)
#   source ccswitch.nu          # in config.nu
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed (JSON: nushell cannot eval a
# string). The program decides everything and keeps what it must remember in variables it
# prints itself (CCSWITCH_DIR, …). For the prompt: $env.PROMPT_COMMAND = {|| (ccswitch_prompt) + (pwd) }

# Tab completion: `nu-complete ccswitch` is generated from the click command tree into
# completions/ccswitch.nu, which `ccswitch init nu` appends to this hook.

# The program, started the fast way: its own interpreter, isolated, main called directly. A
# failure is an error like any external command's (its message is the program's own, and nushell
# shows no more unless $env.config.display_errors.exit_code is set).
def --wrapped _ccswitch_run [...args] {
    let python = @PYTHON@
    if ($python | path exists) {
        ^$python -I -c @MAIN@ ...$args
    } else {
        ^ccswitch ...$args
    }
}

# Run the program and apply its JSON, only when it succeeded: `hide-env` for "unset", then
# `load-env` for "set".
def --env --wrapped _ccswitch_apply [...args] {
    let code = (_ccswitch_run ...$args)  # a failure ends the command here: nothing is applied
    let plan = ($code | from json)
    for name in $plan.unset {
        if ($name in $env) {
            hide-env $name
            # Still there: the caller has the variable twice, inherited and assigned since, in
            # one evaluation (a line, a script), and leaving a `def --env` nushell 0.108 removes
            # only one of the two (issue 13195): the inherited value would come back. Set to
            # null instead, it is passed to no program (nushell exports strings only).
            if ($name in $env) { load-env {($name): null} }
        }
    }
    load-env $plan.set
}

# `ccswitch use NAME` / `ccswitch reset` switch this shell; `allow`/`deny` take effect at once;
# `doctor` is told it runs through this hook. Everything else (and `use --help`, `use … --shell
# X`) passes straight through.
def --env --wrapped ccswitch [...args: string@"nu-complete ccswitch"] {
    let passed = ($args | any {|a| $a in ["-h" "--help" "--shell"] or ($a | str starts-with "--shell=") })
    if ($args | is-not-empty) and ($args.0 in ["use" "reset"]) and not $passed {
        _ccswitch_apply ...$args --shell nu
    } else if ($args | is-not-empty) and ($args.0 in ["allow" "deny"]) {
        _ccswitch_run ...$args
        _ccswitch_hook "force"
    } else if ($args | is-not-empty) and ($args.0 == "doctor") {
        # For that one run, never in the shell: which hook ran it (its rev) and whether its
        # completer is defined. The program judges.
        let completion = if (scope commands | any {|c| $c.name == "nu-complete ccswitch" }) { "registered" } else { "missing" }
        with-env {CCSWITCH_HOOK: $"nu @REV@ ($completion)"} { _ccswitch_run ...$args }
    } else {
        _ccswitch_run ...$args
    }
}

# The active route as a short prompt segment, empty on the login route. No program is run:
#   $env.PROMPT_COMMAND = {|| (ccswitch_prompt) + (pwd) }
def ccswitch_prompt [] {
    let route = ($env.CCSWITCH_ROUTE? | default "")
    if ($route | is-empty) { "" } else { $"\(cc:($route)\) " }
}

# Before each prompt and when PWD changes: find the nearest .ccswitch with builtins; when it is
# not the one the program last looked at (CCSWITCH_DIR), let the program decide (enter, leave,
# untrusted…) and apply its code. CCSWITCH_DISABLE_DIR=1 turns it off. The exit status of the
# user's last command is kept for the prompt.
def --env _ccswitch_hook [how: string = ""] {
    if ($env.CCSWITCH_DISABLE_DIR? | default "" | is-not-empty) { return }
    let status = ($env.LAST_EXIT_CODE? | default 0)
    mut d = $env.PWD
    mut f = ""
    loop {
        let candidate = ($d | path join .ccswitch)
        if ($candidate | path type) == "file" { $f = $candidate; break }
        let up = ($d | path dirname)
        if $up == $d { break }
        $d = $up
    }
    if $how == "force" or $f != ($env.CCSWITCH_DIR? | default "") {
        try { _ccswitch_apply dir --shell nu -- $f }
    }
    $env.LAST_EXIT_CODE = $status
}

# Appended to the user's hooks, never replacing them. pre_prompt runs before the prompt is
# drawn, so the prompt shows the route the shell has.
$env.config.hooks.pre_prompt = ($env.config.hooks.pre_prompt? | default [] | append {|| _ccswitch_hook })
$env.config.hooks.env_change.PWD = ($env.config.hooks.env_change.PWD? | default [] | append {|before, after| _ccswitch_hook })
