# Figure 9: a fleet. 1,002 nodes in 334 three-node clusters of the bench's load generator (bench/lib/FleetSim.ps1:
# recorded ROLE and INFO replies, not kevy), 50 nodes (5 %) blackholed, probed with a 1 s timeout: every row, and
# every cluster's summary; then a watch of 300 of those clusters at a 1 s interval, this process's CPU and memory.

$FleetClusters = 334
$FleetBlackholed = 50
$FleetWatchSeconds = 60

function Measure-FleetFigures {
    if (-not (Test-SectionReady '9 fleet' 'probe 1,000 nodes in 334 clusters' @('Get-KevyElectPeer', 'Watch-KevyElectCluster', 'Get-KevyElectInventory'))) { return }
    . (Join-Path $BenchDir 'lib/FleetSim.ps1')
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-bench-fleet-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $folder | Out-Null
    $inventory = Join-Path $folder 'inventory.psd1'
    $sim = Start-FleetSim -Clusters $FleetClusters -Blackholed $FleetBlackholed -InventoryPath $inventory
    try {
        $nodes = 3 * $FleetClusters
        $fleet = @{ Cluster = '*'; Inventory = $inventory; TimeoutMs = 1000; ErrorAction = 'SilentlyContinue' }
        $rows = @(Get-KevyElectPeer @fleet) # warm-up, and a check of what the load generator answers
        $bad = @($rows | Where-Object Error)
        if ($rows.Count -ne $nodes -or $bad.Count -ne $FleetBlackholed) { throw "the warm-up probe saw $($rows.Count) rows, $($bad.Count) with an error (expected $nodes and $FleetBlackholed)" }
        $times = @(1..3 | ForEach-Object { Measure-Ms { Get-KevyElectPeer @fleet } })
        $worst = ($times | Measure-Object -Maximum).Maximum
        Add-Figure '9 fleet' "probe $nodes nodes in $FleetClusters clusters, $FleetBlackholed blackholed, timeout 1 s (worst of 3)" (Format-Ms $worst) `
            ('<= 1.5 s (median {0})' -f (Format-Ms (Get-Median $times))) (Get-Verdict ($worst -le 1500)) `
            -Note 'load generator: bench/KevyElect.Bench fleet-sim, replies recorded from a real kevy quorum, not kevy itself; blackholed nodes accept and never answer'
        $summaries = @(Get-KevyElectPeer @fleet -Summary)
        $unhealthy = @($summaries | Where-Object Verdict -NE Healthy).Count
        if ($summaries.Count -ne $FleetClusters -or $unhealthy -ne $FleetBlackholed -or $summaries[0].Verdict -eq 'Healthy') {
            throw "the summaries are not as expected: $($summaries.Count) summaries, $unhealthy not Healthy, the first $($summaries[0].Verdict)"
        }
        $times = @(1..3 | ForEach-Object { Measure-Ms { Get-KevyElectPeer @fleet -Summary } })
        $worst = ($times | Measure-Object -Maximum).Maximum
        Add-Figure '9 fleet' "the $FleetClusters summaries of the same fleet, worst verdict first (worst of 3)" (Format-Ms $worst) `
            ('<= 1.5 s (median {0}); {1} not Healthy, listed first' -f (Format-Ms (Get-Median $times)), $unhealthy) (Get-Verdict ($worst -le 1500))

        $names = @((Get-KevyElectInventory -Inventory $inventory).Name | Select-Object -First 300)
        $watch = Measure-FleetWatch -Names $names -InventoryPath $inventory -Seconds $FleetWatchSeconds
        Add-Figure '9 fleet' "watch 300 clusters ($(3 * 300) nodes) at -IntervalMs 1000 for $FleetWatchSeconds s: this process's CPU" ('{0:0.0} % of one core' -f (100 * $watch.CpuShare)) `
            '<= 25 % of one core' (Get-Verdict ($watch.CpuShare -le 0.25)) -Note "events: $($watch.Events); the load generator runs in its own process; the first second of the watch (every cluster's baseline) included"
        # From the first sample after warm-up (10 s) to the last.
        $first = $watch.Samples | Where-Object AtS -GE 10 | Select-Object -First 1
        $last = $watch.Samples | Select-Object -Last 1
        if ($first -and $last -and $last.AtS -gt $first.AtS) {
            Add-Figure '9 fleet' "the same watch: memory from $($first.AtS) s to $($last.AtS) s" `
                ('managed {0} -> {1}, resident {2} -> {3}' -f (Format-Bytes $first.ManagedBytes), (Format-Bytes $last.ManagedBytes), (Format-Bytes $first.ResidentBytes), (Format-Bytes $last.ResidentBytes)) `
                'flat over 10 min: the soak (fleet watch)' 'info'
        }
    } finally {
        Stop-FleetSim $sim
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
    }
}
