# ccswitch hook for PowerShell (pwsh 7 and Windows PowerShell 5.1). Load it from $PROFILE with:
#   ccswitch init pwsh | Out-String | Invoke-Expression     (add --prompt to prefix the prompt with the route)
# after your own `prompt` function or prompt theme: the hook runs from `prompt`, wrapping it.
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed. The program decides everything
# and keeps what it must remember in variables it prints itself (CCSWITCH_DIR, …).
# (PowerShell keeps a bare -- from the commands it calls: write '--' to pass one to the program.)

# The program, started the fast way: its own interpreter, isolated, main called directly.
# Pipeline input, when there is any, is its stdin.
function global:_ccswitch_run {
    $python = @PYTHON@
    if (Test-Path -LiteralPath $python -PathType Leaf) {
        $program = $python
        $first = @('-I', '-c', @MAIN@)
    } else {
        $program = Get-Command -Name ccswitch -CommandType Application -ErrorAction Stop | Select-Object -First 1
        $first = @()
    }
    if ($MyInvocation.ExpectingInput) {
        $input | & $program @first @args
    } else {
        & $program @first @args
    }
}

# Run the program and apply its code, only when it succeeded; a failure leaves its own message
# and its exit status in $LASTEXITCODE, and nothing is applied.
function global:_ccswitch_apply {
    $code = _ccswitch_run @args
    if ($LASTEXITCODE -ne 0) {
        return
    }
    $code | Out-String | Invoke-Expression
}

# `ccswitch use NAME` / `ccswitch reset` switch this session; `allow`/`deny` take effect at once;
# `doctor` is told it runs through this hook. Everything else (and `use --help`, `use … --shell
# X`) passes straight through.
function global:ccswitch {
    $passed = @($args | Where-Object { @('-h', '--help', '--shell') -contains $_ -or "$_" -like '--shell=*' }).Count -gt 0
    if ($args.Count -gt 0 -and @('use', 'reset') -contains $args[0] -and -not $passed) {
        _ccswitch_apply @args --shell pwsh
    } elseif ($args.Count -gt 0 -and @('allow', 'deny') -contains $args[0]) {
        _ccswitch_run @args
        if ($LASTEXITCODE -eq 0) {
            _ccswitch_hook 'force'
        }
    } elseif ($args.Count -gt 0 -and $args[0] -eq 'doctor') {
        # For that one run, then restored: which hook ran it (its rev) and whether PowerShell's
        # own TabExpansion2 completes a ccswitch subcommand. The program judges.
        $completion = 'missing'
        try {
            $offered = (TabExpansion2 -inputScript 'ccswitch ' -cursorColumn 9).CompletionMatches
            if (@($offered | Where-Object { $_.CompletionText -eq 'use' }).Count -gt 0) { $completion = 'registered' }
        } catch { }
        $saved = $env:CCSWITCH_HOOK
        $env:CCSWITCH_HOOK = "pwsh @REV@ $completion"
        try { _ccswitch_run @args } finally { $env:CCSWITCH_HOOK = $saved }
    } elseif ($MyInvocation.ExpectingInput) {
        $input | _ccswitch_run @args
    } else {
        _ccswitch_run @args
    }
}

# The active route as a short prompt segment, empty on the login route. No program is run:
#   function prompt { (ccswitch_prompt) + "PS $(Get-Location)> " }
function global:ccswitch_prompt {
    if ($env:CCSWITCH_ROUTE) { "(cc:$($env:CCSWITCH_ROUTE)) " } else { '' }
}

# At each prompt: find the nearest .ccswitch without starting a process; when it is not the one
# the program last looked at (CCSWITCH_DIR), let the program decide (enter, leave, untrusted…)
# and apply its code. A Set-Location is seen at the next prompt. CCSWITCH_DISABLE_DIR=1 turns
# it off.
function global:_ccswitch_hook {
    param([string]$How = '')
    if ($env:CCSWITCH_DISABLE_DIR) {
        return
    }
    $d = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
    $f = ''
    while ($d) {
        $candidate = [System.IO.Path]::Combine($d, '.ccswitch')
        if ([System.IO.File]::Exists($candidate)) {
            $f = $candidate
            break
        }
        $d = [System.IO.Path]::GetDirectoryName($d)  # null above the root
    }
    if ($How -eq 'force' -or $f -ne "$env:CCSWITCH_DIR") {
        $file = $f
        $v = $PSVersionTable.PSVersion
        if (-not $file -and ($v.Major -lt 7 -or ($v.Major -eq 7 -and $v.Minor -lt 3) -or $PSNativeCommandArgumentPassing -eq 'Legacy')) {
            $file = '""'  # before 7.3, PowerShell drops an empty argument to a program
        }
        _ccswitch_apply dir --shell pwsh '--' $file
    }
}

# The prompt runs the directory hook first, then the user's own prompt, kept and called (with
# --prompt, the route in front of it; CCSWITCH_DISABLE_PROMPT=1 hides it). The exit status of
# the user's last command is kept for that prompt. Loading the hook again keeps the first copy.
if (-not (Test-Path -LiteralPath Function:\_ccswitch_original_prompt)) {
    if (Test-Path -LiteralPath Function:\prompt) {
        Set-Item -Path Function:\global:_ccswitch_original_prompt -Value $function:prompt
    } else {
        function global:_ccswitch_original_prompt { "PS $($ExecutionContext.SessionState.Path.CurrentLocation)> " }
    }
}
function global:prompt {
    $status = $global:LASTEXITCODE
    $null = _ccswitch_hook  # its messages are on stderr; nothing of it joins the prompt text
    $global:LASTEXITCODE = $status
    $text = _ccswitch_original_prompt
    if (@PROMPT@ -eq 1 -and -not $env:CCSWITCH_DISABLE_PROMPT) {
        (ccswitch_prompt) + $text
    } else {
        $text
    }
}
