# The main job on the lab: a crash failover with measured write unavailability, then the old
# primary's return as a replica. Called by build.ps1 -Task Demo with the built module's manifest.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModuleManifest

$clock = [Diagnostics.Stopwatch]::StartNew()
function Say([string] $Text) { Write-Host ('[{0,5:0.0}s] {1}' -f $clock.Elapsed.TotalSeconds, $Text) }
function Show-Nodes($Lab) { $Lab | Get-KevyElectLabNode | Format-Table | Out-String | Write-Host }
function Wait-Until([scriptblock] $Condition, [string] $What, [int] $TimeoutMs = 20000) {
    $deadline = [DateTime]::UtcNow.AddMilliseconds($TimeoutMs)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "timed out waiting for $What" }
        Start-Sleep -Milliseconds 20
    }
}
function Send-Command($Node, [string[]] $Arguments) {
    $timeout = [TimeSpan]::FromSeconds(2)
    $c = [KevyElect.Net.KevyConnection]::ConnectAsync('127.0.0.1', $Node.ClientPort, $timeout, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try { $c.ExecuteAsync($timeout, [Threading.CancellationToken]::None, $Arguments).GetAwaiter().GetResult() } finally { $c.Dispose() }
}

$lab = $null
try {
    Say 'Starting a 3-node kevy-elect lab on 127.0.0.1 with the reference timings (HB 200 ms, DOWN after 5 s, election timeout 3 s).'
    $lab = Start-KevyElectLab -Nodes 3
    Say "Peer table: $($lab.Peers.ToString())"
    Say 'Cold start: every node boots read-only and waits one down_after grace window before the first election...'
    $primary = Wait-KevyElectLabPrimary -Lab $lab -TimeoutSec 20
    Say "$($primary.NodeId) won the election (epoch $($primary.Epoch)); writes are open."
    Show-Nodes $lab

    Say 'Starting a steady write load of 20 SETs a second through the client ports.'
    $load = $lab | Start-KevyElectLabWriteLoad -Rate 20
    Wait-Until { $load.AckCount -ge 20 } 'twenty acknowledged writes'

    Say "Crashing the primary $($primary.NodeId) (sockets closed, memory lost, elect.meta kept)..."
    $lab | Stop-KevyElectLabNode -NodeId $primary.NodeId -Confirm:$false
    $next = Wait-KevyElectLabPrimary -Lab $lab -TimeoutSec 20
    Wait-Until { $load.LastAck -and $load.LastAck.NodeId -eq $next.NodeId } "a write acknowledged by $($next.NodeId)"
    $outage = $load.Outages([TimeSpan]::Zero) |
        Where-Object { $_.FromNodeId -eq $primary.NodeId -and $_.ToNodeId -eq $next.NodeId } |
        Sort-Object Duration -Descending | Select-Object -First 1
    Say "$($next.NodeId) is the new primary (epoch $($next.Epoch))."
    Say ('Writes were unavailable for {0:0.00} s: last ack on {1} at {2:HH:mm:ss.fff}, first ack on {3} at {4:HH:mm:ss.fff} (reference: 4.8 to 5.0 s after the kill).' -f
        ($outage.DurationMs / 1000), $outage.FromNodeId, $outage.LastAckBefore.AckedAt.ToLocalTime(), $outage.ToNodeId, $outage.FirstAckAfter.AckedAt.ToLocalTime())
    Say "Note the disagreement the reference shows too: the elector of $($next.NodeId) says primary while its data plane (INFO) may still say slave for a moment."
    Show-Nodes $lab

    Say "Restarting the old primary $($primary.NodeId) on its old ports..."
    $lab | Start-KevyElectLabNode -NodeId $primary.NodeId -Confirm:$false
    Wait-Until {
        $s = Get-KevyElectLabNode -Lab $lab -NodeId $primary.NodeId
        $s.Role -eq 'Replica' -and $s.KnownPrimaryId -eq $next.NodeId -and $s.DataSourceId -eq $next.NodeId
    } "$($primary.NodeId) to rejoin as a replica"
    $reply = Send-Command (Get-KevyElectLabNode -Lab $lab -NodeId $primary.NodeId) @('SET', 'demo', 'x')
    Say "$($primary.NodeId) rejoined as a replica of $($next.NodeId); a write sent to it answers: -$($reply.Text)"
    Show-Nodes $lab

    $load | Stop-KevyElectLabWriteLoad
    $newPrimary = Get-KevyElectLabNode -Lab $lab -NodeId $next.NodeId
    $missing = @($load.GetAcks() | Where-Object { (Send-Command $newPrimary @('GET', $_.Key)).Text -ne $_.Value }).Count
    Say ("Write load: {0} writes acknowledged, {1} of them missing on {2}, {3} failed attempts while no primary was writable." -f
        $load.AckCount, $missing, $next.NodeId, $load.Errors)
} finally {
    if ($lab) { $lab | Stop-KevyElectLab -Confirm:$false }
}
Say 'Lab stopped; every listener closed.'
exit 0
