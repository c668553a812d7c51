# Dot-sourced by every Pester file: imports the built module under test.
$script:ModuleManifest = if ($env:KEVYELECT_MODULE) { $env:KEVYELECT_MODULE } else {
    $root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    Get-ChildItem (Join-Path $root 'out/KevyElect') -Filter KevyElect.psd1 -Recurse | Select-Object -First 1 -ExpandProperty FullName
}
if (-not $script:ModuleManifest) { throw 'Build the module first: dotnet pwsh ./build.ps1' }
Import-Module $script:ModuleManifest -Force
# Failovers the tests run are journaled: never into the user's own journal, also when a file runs on its own
# (tools/run-pester.ps1 sets a fresh one per run).
if (-not $env:KEVYELECT_JOURNAL_PATH) { $env:KEVYELECT_JOURNAL_PATH = Join-Path ([IO.Path]::GetTempPath()) 'kevyelect-pester-journal.jsonl' }
$script:VectorsPath = Join-Path (Split-Path $PSScriptRoot -Parent) 'vectors'

function script:Invoke-FreshPwsh {
    # A new pwsh process like this one (under 'dotnet pwsh' the host is dotnet running pwsh.dll).
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $hostPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
        & $hostPath (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive @Arguments
    } else {
        & $hostPath -NoProfile -NonInteractive @Arguments
    }
}
