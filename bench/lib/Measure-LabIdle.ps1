# Runs in its own pwsh (bench figure 7): the CPU and memory an idle lab adds to a session that has
# imported the module. Writes one JSON object.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [int] $Nodes,
    [int] $BaselineSeconds = 4,
    [int] $MeasureSeconds = 8
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Get-Sample {
    $p = [Diagnostics.Process]::GetCurrentProcess()
    $p.Refresh()
    [pscustomobject]@{
        Cpu     = $p.TotalProcessorTime.TotalMilliseconds
        Wall    = [Diagnostics.Stopwatch]::GetTimestamp()
        Rss     = $p.WorkingSet64
        Managed = [GC]::GetTotalMemory($true)
        Threads = $p.Threads.Count
        Fds     = if (Test-Path /proc/self/fd) { @(Get-ChildItem /proc/self/fd).Count } else { $p.HandleCount }
    }
}

function Get-CpuPercent($a, $b) {
    $wallMs = ($b.Wall - $a.Wall) * 1000.0 / [Diagnostics.Stopwatch]::Frequency
    100.0 * ($b.Cpu - $a.Cpu) / $wallMs
}

# The same work with and without the lab: sample, sleep, sample.
$null = Get-Sample
$b0 = Get-Sample
Start-Sleep -Seconds $BaselineSeconds
$b1 = Get-Sample

$lab = Start-KevyElectLab -Nodes $Nodes -WaitForPrimary -TimeoutSec 60
Start-Sleep -Seconds 2
$l0 = Get-Sample
Start-Sleep -Seconds $MeasureSeconds
$l1 = Get-Sample
Stop-KevyElectLab -Lab $lab -Confirm:$false

[pscustomobject]@{
    Nodes          = $Nodes
    BaselineCpuPct = Get-CpuPercent $b0 $b1
    LabCpuPct      = Get-CpuPercent $l0 $l1
    RssBytes       = $l1.Rss - $b1.Rss
    ManagedBytes   = $l1.Managed - $b1.Managed
    Threads        = $l1.Threads - $b1.Threads
    Fds            = $l1.Fds - $b1.Fds
} | ConvertTo-Json -Compress
