# Runs the Pester suite in its own process (build.ps1 -Task Test) and writes a JSON summary.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $Path,  # comma-separated
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ModuleManifest
)
$ErrorActionPreference = 'Stop'
$env:KEVYELECT_MODULE = $ModuleManifest
Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
$config.Run.Path = @($Path -split ",")
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
$result = Invoke-Pester -Configuration $config
@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
} | ConvertTo-Json | Set-Content $SummaryPath
