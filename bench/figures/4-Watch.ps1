# Figure 4: delay from a role change in the lab to its event in Watch-KevyElectCluster's pipeline.

$WatchIntervalMs = 500
$WatchSeconds = 36

function Measure-WatchFigures {
    if (-not (Test-SectionReady '4 watch' 'role change to Watch event, p95' @('Start-KevyElectLab', 'Watch-KevyElectCluster'))) { return }
    . (Join-Path $BenchDir 'lib/RoleSampler.ps1')
    $lab = Start-BenchLab -Nodes 3 -Fast
    try {
        # Chaos starts once the watch has taken its baseline poll.
        $sampler = Start-RoleSampler -Lab $lab -DurationMs (($WatchSeconds + 1) * 1000) -Chaos $CrashRestartChaos -ChaosStartMs 1500 `
            -ChaosEndMs (($WatchSeconds - 3) * 1000)
        $arrivals = [System.Collections.Generic.List[object]]::new()
        Watch-KevyElectCluster -Peers $lab.Peers -IntervalSec ($WatchIntervalMs / 1000) -DurationSec $WatchSeconds -CallTimeoutSec 1 |
            ForEach-Object {
                $at = [DateTimeOffset]::UtcNow
                if ($_.Kind -eq 'RoleChanged' -and $_.View -eq 'Election' -and -not $_.Baseline) { $arrivals.Add([pscustomobject]@{ Event = $_; At = $at }) }
            }
        $changes = Stop-RoleSampler $sampler
    } finally {
        Stop-KevyElectLab -Lab $lab -Confirm:$false
    }
    $delays = @(Measure-EventDelay -Arrivals $arrivals -Changes $changes)
    $matched = @($delays | Where-Object Matched | ForEach-Object DelayMs)
    $unmatched = @($delays | Where-Object { -not $_.Matched }).Count
    if ($matched.Count -lt 5) { throw "only $($matched.Count) role changes were seen by the watch ($($changes.Count) in the lab)" }
    $p95 = Get-Percentile $matched 95
    $goal = $WatchIntervalMs + 50
    Add-Figure '4 watch' "role change to RoleChanged event, median ($($matched.Count) changes, -IntervalSec $($WatchIntervalMs / 1000))" ('{0:0} ms' -f (Get-Median $matched)) `
        ('{0:0.00} x the interval' -f ((Get-Median $matched) / $WatchIntervalMs)) 'info'
    $note = if ($unmatched) { "$unmatched event(s) matched no sampled change" } else { '' }
    Add-Figure '4 watch' 'role change to RoleChanged event, p95' ('{0:0} ms' -f $p95) ("<= interval + 50 ms = $goal ms") (Get-Verdict ($p95 -le $goal)) -Note $note
}
