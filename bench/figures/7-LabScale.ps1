# Figure 7: CPU and memory of idle labs of 3, 9 and 15 nodes at the reference timings, each in a fresh
# pwsh so one lab's garbage does not land on the next one's bill.

function Measure-LabScaleFigures {
    if (-not (Test-SectionReady '7 lab scale' 'idle labs of 3, 9, 15 nodes' @('Start-KevyElectLab', 'Stop-KevyElectLab'))) { return }
    $launch = Get-PwshLaunch
    $script = Join-Path $BenchDir 'lib/Measure-LabIdle.ps1'
    $rows = foreach ($nodes in 3, 9, 15) {
        $json = & $launch.File @($launch.Prefix + @('-File', $script, '-ModuleManifest', $ModuleManifest, '-Nodes', $nodes))
        if ($LASTEXITCODE -ne 0) { throw "measuring an idle $nodes-node lab failed (exit code $LASTEXITCODE): $json" }
        $json | Select-Object -Last 1 | ConvertFrom-Json
    }
    foreach ($r in $rows) {
        $cpu = $r.LabCpuPct - $r.BaselineCpuPct
        Add-Figure '7 lab scale' "idle $($r.Nodes)-node lab: CPU" ('{0:0.0} % of one core' -f $cpu) ('{0:0.00} % per node' -f ($cpu / $r.Nodes)) 'info'
        Add-Figure '7 lab scale' "idle $($r.Nodes)-node lab: memory" ('+{0} resident, +{1} managed' -f (Format-Bytes $r.RssBytes), (Format-Bytes $r.ManagedBytes)) `
            ('{0} resident per node; +{1} threads, +{2} descriptors' -f (Format-Bytes ($r.RssBytes / $r.Nodes)), $r.Threads, $r.Fds) 'info'
    }
    $small = $rows | Where-Object Nodes -EQ 3
    $large = $rows | Where-Object Nodes -EQ 15
    $ratio = ($large.LabCpuPct - $large.BaselineCpuPct) / [math]::Max(0.01, $small.LabCpuPct - $small.BaselineCpuPct)
    Add-Figure '7 lab scale' '15 nodes over 3 nodes, CPU' ('{0:0.0} x' -f $ratio) 'linear would be 5 x; quadratic (every pair heartbeats) 35 x' 'info'
}
