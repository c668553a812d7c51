#requires -Version 7.4
<#
.SYNOPSIS
    Soak check: a 15-node lab with the reference timings stays stable (one primary, no elections) and cheap.
.DESCRIPTION
    Starts a lab, waits for the first primary, then watches it for -DurationSeconds: every second it
    checks that exactly one node is a writable primary and counts candidacies. At the end it reports
    the process CPU time used during the watch (as a share of one core and of all cores) and exits 1
    when the lab was not stable. Runs standalone; it is not part of the test suite.
.EXAMPLE
    dotnet pwsh ./bench/Lab-Stability.ps1
#>
param(
    [string] $ModuleManifest = '',
    [ValidateRange(1, 15)] [int] $Nodes = 15,
    [ValidateRange(1, 3600)] [int] $DurationSeconds = 60
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
if (-not $ModuleManifest) {
    $ModuleManifest = Get-ChildItem (Join-Path $PSScriptRoot '../out/KevyElect') -Filter KevyElect.psd1 -Recurse -ErrorAction SilentlyContinue |
        Select-Object -First 1 -ExpandProperty FullName
    if (-not $ModuleManifest) { throw 'Build the module first: dotnet pwsh ./build.ps1' }
}
Import-Module $ModuleManifest

$lab = Start-KevyElectLab -Nodes $Nodes
try {
    Write-Host "Lab of $Nodes nodes with the reference timings: $($lab.Peers.ToString())"
    $primary = Wait-KevyElectLabPrimary -Lab $lab -TimeoutSec 30
    Write-Host "Primary $($primary.NodeId) at epoch $($primary.Epoch) after $($lab.NowMs) ms; watching for $DurationSeconds s..."
    # Let every node learn the primary before counting elections.
    Start-Sleep -Seconds 1
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $candidaciesBefore = $lab.Candidacies
    $framesBefore = ($lab.GetState() | Measure-Object FramesReceived -Sum).Sum
    $wall = [Diagnostics.Stopwatch]::StartNew()
    $unstable = @()
    while ($wall.Elapsed.TotalSeconds -lt $DurationSeconds) {
        Start-Sleep -Seconds 1
        $states = $lab.GetState()
        $primaries = @($states | Where-Object IsWritablePrimary)
        $followers = @($states | Where-Object KnownPrimaryId -EQ $primary.NodeId)
        if ($primaries.Count -ne 1 -or $primaries[0].NodeId -ne $primary.NodeId -or $followers.Count -ne $Nodes) {
            $unstable += '{0:0}s: primaries={1} following={2}/{3}' -f $wall.Elapsed.TotalSeconds, (($primaries.NodeId) -join ','), $followers.Count, $Nodes
        }
    }
    $wall.Stop()
    $process.Refresh()
    $cpu = $process.TotalProcessorTime - $cpuBefore
    $elections = $lab.Candidacies - $candidaciesBefore
    $frames = ($lab.GetState() | Measure-Object FramesReceived -Sum).Sum - $framesBefore
    $cores = [Environment]::ProcessorCount
    [pscustomobject]@{
        Nodes             = $Nodes
        Seconds           = [math]::Round($wall.Elapsed.TotalSeconds, 1)
        Primary           = $primary.NodeId
        Candidacies       = $elections
        UnstableSeconds   = $unstable.Count
        FramesPerSecond   = [math]::Round($frames / $wall.Elapsed.TotalSeconds)
        CpuSeconds        = [math]::Round($cpu.TotalSeconds, 2)
        CpuOfOneCorePct   = [math]::Round(100 * $cpu.TotalSeconds / $wall.Elapsed.TotalSeconds, 1)
        CpuOfAllCoresPct  = [math]::Round(100 * $cpu.TotalSeconds / $wall.Elapsed.TotalSeconds / $cores, 1)
        Cores             = $cores
    } | Format-List | Out-Host
    if ($unstable) { $unstable | ForEach-Object { Write-Host "unstable at $_" } }
    if ($elections -ne 0 -or $unstable) {
        Write-Host 'UNSTABLE: the lab changed or lost its primary.'
        exit 1
    }
    Write-Host "STABLE: one primary, no elections for $DurationSeconds s."
} finally {
    $lab | Stop-KevyElectLab -Confirm:$false
}
exit 0
