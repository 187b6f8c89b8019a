# PowerShell completion for ccswitch (wired in by `ccswitch init pwsh`).
# Route names come from `ccswitch list --names`, which runs on ccswitch's fast path.
Register-ArgumentCompleter -Native -CommandName ccswitch -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $commands = @('add', 'edit', 'list', 'show', 'rm', 'rename', 'use', 'reset', 'current', 'secret',
        'claude-settings', 'exec', 'kinds', 'init', 'prompt', 'statusline', 'status', 'doctor', 'verify', 'allow', 'deny', 'import', 'export', 'guard')
    $routeCommands = @('use', 'show', 'rm', 'edit', 'rename', 'exec', 'verify', 'secret', 'claude-settings', 'export')
    $shells = @('bash', 'zsh', 'sh', 'dash', 'ksh', 'fish', 'tcsh', 'csh', 'pwsh', 'powershell', 'nu', 'elvish', 'xonsh', 'cmd', 'json', 'dotenv', 'gha')
    $kinds = @('api-key', 'gateway', 'oauth-token', 'bedrock', 'vertex', 'foundry', 'helper')
    $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '') { $words = $words[0..($words.Count - 2)] }
    $candidates = @()
    if ($words.Count -le 1) {
        $candidates = $commands
    } elseif ($words[-1] -eq '--shell') {
        $candidates = $shells
    } elseif ($words[-1] -eq '--kind') {
        $candidates = $kinds
    } elseif ($words[-1] -eq '--format') {
        $candidates = @('dotenv', 'json', 'toml')
    } elseif ($wordToComplete.StartsWith('-')) {
        $candidates = switch ($words[1]) {
            'add' { @('--kind', '--base-url', '--region', '--aws-profile', '--project', '--resource', '--command', '--model', '--set', '--secret-stdin', '--secret-env', '--secret-cmd', '--secret-var') }
            'edit' { @('--base-url', '--region', '--aws-profile', '--project', '--resource', '--command', '--model', '--set', '--secret-stdin', '--secret-env', '--secret-cmd', '--secret-var', '--unset', '--clear', '--rm-secret') }
            'list' { @('--names', '--json') }
            { $_ -in 'show', 'status', 'doctor' } { @('--json') }
            { $_ -in 'use', 'reset' } { @('--shell') }
            'rm' { @('--force') }
            'secret' { @('--reveal') }
            'init' { @('--prompt') }
            'verify' { @('--spend', '--timeout') }
            'exec' { @('--override-settings') }
            'allow' { @('--secret-stdin', '--secret-from') }
            'import' { @('--name', '--kind', '--remove-secrets', '--all', '--provider', '--profile') }
            'export' { @('--format', '--reveal', '--output') }
            'guard' { if ($words.Count -ge 3 -and $words[2] -eq 'check') { @('--verbose') } else { @() } }
            default { @() }
        }
    } elseif ($words.Count -eq 2 -and $routeCommands -contains $words[1]) {
        $candidates = @(& (Get-Command -Name ccswitch -CommandType Application | Select-Object -First 1) list --names 2>$null)
    } elseif ($words.Count -eq 2 -and $words[1] -eq 'import') {
        $candidates = @('dotenv', 'env', 'claude-settings', 'toml', 'cc-switch', 'ccs')
    } elseif ($words.Count -eq 2 -and $words[1] -eq 'guard') {
        $candidates = @('check', 'install')
    } elseif ($words.Count -eq 2 -and $words[1] -eq 'init') {
        $candidates = @('bash', 'zsh', 'fish', 'tcsh', 'elvish', 'xonsh', 'nu', 'pwsh')
    }
    $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
