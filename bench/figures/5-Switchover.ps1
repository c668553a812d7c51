# Figure 5: planned switchover on a caught-up 3-node lab at the reference timings (end to end and
# write-unavailable time), and crash failover's write unavailability next to its floor.

$Switchovers = 5
$CrashFailovers = 2

function Get-OutageAround {
    # The longest gap in the write load's acknowledgements that ended within [$From, $To].
    param($Load, [DateTimeOffset] $From, [DateTimeOffset] $To)
    $gaps = @($Load.Outages([TimeSpan]::Zero) | Where-Object { $_.FirstAckAfter.AckedAt -ge $From -and $_.FirstAckAfter.AckedAt -le $To })
    if (-not $gaps) { return 0 }
    ($gaps | ForEach-Object { $_.DurationMs } | Measure-Object -Maximum).Maximum
}

function Wait-CaughtUp {
    # Until every node holds the same data offset (the write load keeps moving it, so a short settle).
    param($Lab)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ([DateTime]::UtcNow -lt $deadline) {
        $offsets = @($Lab.GetState() | ForEach-Object DataOffset | Sort-Object -Unique)
        if ($offsets.Count -eq 1) { return }
        Start-Sleep -Milliseconds 20
    }
}

function Measure-SwitchoverFigures {
    if (-not (Test-SectionReady '5 switchover' 'planned switchover on a caught-up 3-node lab' @('Start-KevyElectLab', 'Invoke-KevyFailover', 'Start-KevyElectLabWriteLoad'))) { return }
    $lab = Start-BenchLab -Nodes 3
    try {
        $load = Start-KevyElectLabWriteLoad -Lab $lab -Rate 100 -Confirm:$false
        Start-Sleep -Milliseconds 1000
        $endToEnd = @(); $reported = @(); $observed = @()
        for ($i = 0; $i -lt $Switchovers; $i++) {
            $state = $lab.GetState()
            $target = @($state | Where-Object { -not $_.IsWritablePrimary } | ForEach-Object NodeId)[$i % 2]
            Wait-CaughtUp $lab
            $from = [DateTimeOffset]::UtcNow
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-KevyFailover -Peers $lab.Peers -TargetNodeId $target -Confirm:$false
            $ms = $clock.Elapsed.TotalMilliseconds
            if ("$($result.Outcome)" -ne 'Succeeded') { throw "switchover $($i + 1) to $target ended $($result.Outcome): $($result.Message)" }
            Start-Sleep -Milliseconds 1000
            $endToEnd += $ms
            $reported += $result.WriteUnavailableMs
            $observed += Get-OutageAround $load $from ([DateTimeOffset]::UtcNow)
        }
        $worst = ($endToEnd | Measure-Object -Maximum).Maximum
        Add-Figure '5 switchover' "planned, end to end (median of $Switchovers)" (Format-Ms (Get-Median $endToEnd)) `
            ('< 1 s with the default timings (worst {0})' -f (Format-Ms $worst)) (Get-Verdict ($worst -lt 1000))
        Add-Figure '5 switchover' 'planned, write-unavailable as the cmdlet reports it (median)' (Format-Ms (Get-Median $reported)) `
            ('{0:0.00} of the end-to-end time' -f ((Get-Median $reported) / (Get-Median $endToEnd))) 'info'
        Add-Figure '5 switchover' 'planned, longest gap between acknowledged writes at 100/s (median)' (Format-Ms (Get-Median $observed)) `
            ('resolution 10 ms; worst {0}' -f (Format-Ms (($observed | Measure-Object -Maximum).Maximum))) 'info'

        # Crash failover: the primary dies; writes stop until a replica notices (down_after) and wins a round.
        $t = $lab.GetOptions().Timings
        $floor = $t.DownAfterMs + $t.HbIntervalMs
        $gaps = @()
        for ($i = 0; $i -lt $CrashFailovers; $i++) {
            $primary = ($lab.GetState() | Where-Object IsWritablePrimary | Select-Object -First 1).NodeId
            $from = [DateTimeOffset]::UtcNow
            Stop-KevyElectLabNode -Lab $lab -NodeId $primary -Confirm:$false
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @($lab.GetState() | Where-Object { $_.IsWritablePrimary -and $_.NodeId -ne $primary })) {
                if ([DateTime]::UtcNow -gt $deadline) { throw "no new writable primary within 30 s of crashing $primary" }
                Start-Sleep -Milliseconds 10
            }
            Start-Sleep -Milliseconds 1500
            $gaps += Get-OutageAround $load $from ([DateTimeOffset]::UtcNow)
            Start-KevyElectLabNode -Lab $lab -NodeId $primary -Confirm:$false
            Start-Sleep -Milliseconds 1500
        }
        $median = Get-Median $gaps
        Add-Figure '5 switchover' "crash failover, writes unavailable (median of $CrashFailovers)" (Format-Ms $median) `
            ('floor: down_after {0} ms + one election round ({1} ms heartbeat) = {2}; {3:0.00} x the floor' -f $t.DownAfterMs, $t.HbIntervalMs, (Format-Ms $floor), ($median / $floor)) 'info' `
            -Note 'replicas count the silence from the last heartbeat they received, up to one interval before the crash, so a figure a little under the floor is possible'
        Add-Figure '5 switchover' 'planned switchover over crash failover (writes unavailable)' ('{0:0.000}' -f ((Get-Median $observed) / $median)) `
            'ratio of medians' 'info'
    } finally {
        Stop-KevyElectLab -Lab $lab -Confirm:$false
    }
}
