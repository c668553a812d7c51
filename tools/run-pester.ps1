# Runs the Pester suite in its own process (build.ps1 -Task Test) and writes a JSON summary.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $Path,  # comma-separated
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ModuleManifest
)
$ErrorActionPreference = 'Stop'
$env:KEVYELECT_MODULE = $ModuleManifest
# Failovers the tests run are journaled; this keeps them (and every child process's) out of the user's own journal.
$journalFolder = Join-Path ([IO.Path]::GetTempPath()) ("kevyelect-pester-" + [Guid]::NewGuid().ToString('N'))
$env:KEVYELECT_JOURNAL_PATH = Join-Path $journalFolder 'journal.jsonl'
Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
$config.Run.Path = @($Path -split ",")
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
try { $result = Invoke-Pester -Configuration $config }
finally { Remove-Item $journalFolder -Recurse -Force -ErrorAction Ignore }
@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $SummaryPath
