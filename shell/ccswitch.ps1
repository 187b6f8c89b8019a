# ccswitch hook for PowerShell (pwsh 7 and Windows PowerShell 5.1). Load it from $PROFILE with:
#   ccswitch init pwsh | Out-String | Invoke-Expression
# `ccswitch use NAME` and `ccswitch reset` then switch this session: the program runs first,
# and its output is applied only when it succeeded. Everything else passes through.

$env:CCSWITCH_SHELL = 'pwsh'

function ccswitch {
    $program = Get-Command -Name ccswitch -CommandType Application -ErrorAction Stop | Select-Object -First 1
    $applies = ($args.Count -gt 0) -and (@('use', 'reset') -contains $args[0]) -and -not ($args -contains '--help' -or $args -contains '-h')
    if ($applies) {
        $code = & $program @args --shell pwsh
        if ($LASTEXITCODE -ne 0) {
            $global:LASTEXITCODE = $LASTEXITCODE
            return
        }
        $code | Out-String | Invoke-Expression
    } else {
        & $program @args
    }
}

# The active route as a short prompt segment, empty on the login route. No program is run:
#   function prompt { (ccswitch_prompt) + "PS $($executionContext.SessionState.Path.CurrentLocation)> " }
function ccswitch_prompt {
    if ($env:CCSWITCH_ROUTE) { "(cc:$($env:CCSWITCH_ROUTE)) " } else { '' }
}
