# Figure 8: planned switchovers on real kevy processes under 200 writes/s: acknowledged writes lost, write
# unavailability per switchover and end-to-end time, for Invoke-KevyFailover and, as the anchor, for the server's
# bare FAILOVER followed by an ANNOUNCE to every node (the hand-made switchover). Needs KEVY_SERVER.

$RealSwitchovers = 20
$BareSwitchovers = 20
$RealWriteRate = 200

function Get-LostAcks {
    # Acknowledged writes whose value the final primary does not hold.
    param($Lab, $Load)
    $primary = $Lab.WaitForSteadyPrimaryAsync([timespan]::FromSeconds(30)).GetAwaiter().GetResult()
    $peer = $Lab.Peers.Find($primary.NodeId)
    $call = [timespan]::FromSeconds(2)
    $c = [KevyElect.Net.KevyConnection]::ConnectAsync($peer.Host, $peer.ClientPort, $call, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try {
        @($Load.GetAcks() | Where-Object {
                $reply = $c.ExecuteAsync($call, [Threading.CancellationToken]::None, [string[]]@('GET', $_.Key)).GetAwaiter().GetResult()
                $reply.Text -ne $_.Value
            }).Count
    } finally { $c.Dispose() }
}

function Invoke-BareSwitchover {
    # FAILOVER <target> on the primary, wait for the target's data plane, then ANNOUNCE it to every node.
    param($Lab, [string] $Target)
    $state = $Lab.GetState()
    $primary = ($state | Where-Object IsWritablePrimary | Select-Object -First 1).NodeId
    $p = $Lab.Peers.Find($primary); $t = $Lab.Peers.Find($Target)
    $call = [timespan]::FromSeconds(2)
    $c = [KevyElect.Net.KevyConnection]::ConnectAsync($p.Host, $p.ClientPort, $call, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try { $null = $c.ExecuteAsync($call, [Threading.CancellationToken]::None, [string[]]@('FAILOVER', $t.Host, "$($t.ClientPort)", 'TIMEOUT', '10000')).GetAwaiter().GetResult() }
    finally { $c.Dispose() }
    $deadline = [Diagnostics.Stopwatch]::StartNew()
    while (($Lab.GetState() | Where-Object NodeId -EQ $Target).DataRole -ne 'master') {
        if ($deadline.Elapsed.TotalSeconds -gt 15) { throw "bare FAILOVER to $Target did not move the data plane" }
        Start-Sleep -Milliseconds 5
    }
    $epoch = [uint64][DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $null = Send-KevyElectMessage -Peers $Lab.Peers -NewPrimaryId $Target -NewPrimaryAddress $t.ClientAddress -Epoch $epoch -Confirm:$false
}

function Measure-RealSwitchoverFigures {
    $lab = Start-RealServerLab -Section '8 real switchover' -Name 'planned switchovers on real kevy processes'
    if (-not $lab) { return }
    try {
        # Invoke-KevyFailover, switchover after switchover.
        $load = Start-KevyElectLabWriteLoad -Lab $lab -Rate $RealWriteRate -Confirm:$false
        $endToEnd = @(); $unavailable = @()
        for ($i = 0; $i -lt $RealSwitchovers; $i++) {
            $null = Wait-KevyElectCluster -Peers $lab.Peers -CaughtUp -TimeoutSec 30
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-KevyFailover -Peers $lab.Peers -Confirm:$false
            $endToEnd += $clock.Elapsed.TotalMilliseconds
            if ("$($result.Outcome)" -ne 'Succeeded') { throw "switchover $($i + 1) ended $($result.Outcome): $($result.Message)" }
            $unavailable += $result.WriteUnavailableMs
        }
        $null = Wait-KevyElectCluster -Peers $lab.Peers -CaughtUp -TimeoutSec 30
        $load | Stop-KevyElectLabWriteLoad -Confirm:$false
        $lost = Get-LostAcks $lab $load
        Add-Figure '8 real switchover' "Invoke-KevyFailover, acknowledged writes lost ($RealSwitchovers switchovers, $RealWriteRate writes/s, $($load.AckCount) acknowledged)" "$lost" '0' (Get-Verdict ($lost -eq 0))
        $median = Get-Median $unavailable
        Add-Figure '8 real switchover' 'Invoke-KevyFailover, writes unavailable per switchover (median)' (Format-Ms $median) '< 100 ms' (Get-Verdict ($median -lt 100))
        Add-Figure '8 real switchover' 'Invoke-KevyFailover, writes unavailable per switchover (p95)' (Format-Ms (Get-Percentile $unavailable 95)) 'info' 'info'
        Add-Figure '8 real switchover' 'Invoke-KevyFailover, end to end (median)' (Format-Ms (Get-Median $endToEnd)) ('p95 {0}' -f (Format-Ms (Get-Percentile $endToEnd 95))) 'info'

        # The anchor: the server's own FAILOVER, then an ANNOUNCE, as by hand.
        $load = Start-KevyElectLabWriteLoad -Lab $lab -Rate $RealWriteRate -Confirm:$false
        $bareEnd = @(); $bareGap = @()
        for ($i = 0; $i -lt $BareSwitchovers; $i++) {
            $null = Wait-KevyElectCluster -Peers $lab.Peers -CaughtUp -TimeoutSec 30
            $target = @($lab.GetState() | Where-Object { -not $_.IsWritablePrimary } | ForEach-Object NodeId)[$i % 2]
            $from = [DateTimeOffset]::UtcNow
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Invoke-BareSwitchover $lab $target
            $null = Wait-KevyElectCluster -Peers $lab.Peers -WritablePrimary $target -TimeoutSec 30
            $bareEnd += $clock.Elapsed.TotalMilliseconds
            $gaps = @($load.Outages([TimeSpan]::Zero) | Where-Object { $_.FirstAckAfter.AckedAt -ge $from })
            $bareGap += $(if ($gaps) { ($gaps | ForEach-Object { $_.DurationMs } | Measure-Object -Maximum).Maximum } else { 0 })
        }
        $null = Wait-KevyElectCluster -Peers $lab.Peers -CaughtUp -TimeoutSec 30
        $load | Stop-KevyElectLabWriteLoad -Confirm:$false
        $bareLost = Get-LostAcks $lab $load
        Add-Figure '8 real switchover' "bare FAILOVER + ANNOUNCE (anchor), acknowledged writes lost ($BareSwitchovers switchovers, $($load.AckCount) acknowledged)" "$bareLost" 'the hazard the module avoids' 'info'
        Add-Figure '8 real switchover' 'bare FAILOVER + ANNOUNCE (anchor), longest gap between acknowledged writes (median)' (Format-Ms (Get-Median $bareGap)) 'info' 'info'
        Add-Figure '8 real switchover' 'bare FAILOVER + ANNOUNCE (anchor), end to end (median)' (Format-Ms (Get-Median $bareEnd)) 'info' 'info'
    } finally {
        Stop-KevyElectLab -Lab $lab -Confirm:$false
    }
}
