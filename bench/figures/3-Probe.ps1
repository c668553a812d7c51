# Figure 3: Get-KevyElectPeer against labs of 3, 9 and 25 nodes, parallel against a sequential baseline
# measured in the same run, and with one blackholed (paused) node against its timeout.

$ProbeTimeoutMs = 1000

function Get-ProbeCluster {
    # A cluster of $Size nodes. A lab holds at most 15, so 25 is two labs probed as one table
    # (ids renamed a1.., b1.. to stay unique); each lab runs its own elections.
    param([int] $Size)
    $labs = @()
    $left = $Size
    while ($left -gt 0) {
        $n = [math]::Min($left, 15)
        $labs += Start-BenchLab -Nodes $n
        $left -= $n
    }
    if ($labs.Count -eq 1) {
        return [pscustomobject]@{ Labs = $labs; Peers = $labs[0].Peers.ToString(); Ids = @($labs[0].GetNodes().NodeId); Pausable = $labs[0] }
    }
    $specs = for ($l = 0; $l -lt $labs.Count; $l++) {
        $prefix = [char]([int][char]'a' + $l)
        foreach ($p in $labs[$l].Peers) { '{0}{1}@{2}:{3}:{4}' -f $prefix, $p.Id.Substring(1), $p.Host, $p.ElectPort, $p.ClientPort }
    }
    $ids = @($specs | ForEach-Object { ($_ -split '@')[0] })
    [pscustomobject]@{ Labs = $labs; Peers = ($specs -join ','); Ids = $ids; Pausable = $labs[-1] }
}

function Measure-ProbeFigures {
    if (-not (Test-SectionReady '3 probe' 'Get-KevyElectPeer on labs of 3, 9, 25 nodes' @('Start-KevyElectLab', 'Get-KevyElectPeer', 'Suspend-KevyElectLabNode'))) { return }
    foreach ($size in 3, 9, 25) {
        $cluster = Get-ProbeCluster -Size $size
        try {
            $peers = $cluster.Peers
            $rows = @(Get-KevyElectPeer -Peers $peers -CallTimeoutSec ($ProbeTimeoutMs / 1000)) # warm-up, and a check that every node answers
            $bad = @($rows | Where-Object Error)
            if ($rows.Count -ne $size -or $bad) { throw "the $size-node probe is not clean: $($bad.Error -join '; ')" }

            $parallel = Get-Median @(1..5 | ForEach-Object { Measure-Ms { Get-KevyElectPeer -Peers $peers -CallTimeoutSec ($ProbeTimeoutMs / 1000) } })
            $sequential = Get-Median @(1..3 | ForEach-Object {
                Measure-Ms { foreach ($id in $cluster.Ids) { Get-KevyElectPeer -Peers $peers -NodeId $id -CallTimeoutSec ($ProbeTimeoutMs / 1000) } }
            })
            Add-Figure '3 probe' "$size nodes, one node at a time (baseline)" (Format-Ms $sequential) 'median of 3' 'info'
            $how = if ($cluster.Labs.Count -gt 1) { "two labs ($((@($cluster.Labs | ForEach-Object { $_.GetNodes().Count })) -join ' + ') nodes) probed as one table" } else { '' }
            Add-Figure '3 probe' "$size nodes, parallel" (Format-Ms $parallel) ('{0:0.0} x faster than the baseline' -f ($sequential / $parallel)) `
                (Get-Verdict ($parallel -lt $sequential)) -Note $how

            # A paused node accepts connections and never answers: a blackhole for the probe.
            $victim = $cluster.Pausable.GetNodes()[-1].NodeId
            $victimId = $cluster.Ids[-1]
            Suspend-KevyElectLabNode -Lab $cluster.Pausable -NodeId $victim -Confirm:$false
            $times = @()
            $errorText = ''
            foreach ($i in 1..3) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $rows = @(Get-KevyElectPeer -Peers $peers -CallTimeoutSec ($ProbeTimeoutMs / 1000) -ErrorAction SilentlyContinue)
                $times += $clock.Elapsed.TotalMilliseconds
                $errorText = ($rows | Where-Object NodeId -EQ $victimId).Error
                if (-not $errorText) { throw "the paused node $victimId has no error in its row" }
                if (@($rows | Where-Object Error).Count -ne 1) { throw 'nodes other than the paused one failed the probe' }
            }
            Resume-KevyElectLabNode -Lab $cluster.Pausable -NodeId $victim -Confirm:$false
            $worst = ($times | Measure-Object -Maximum).Maximum
            Add-Figure '3 probe' "$size nodes, one blackholed, timeout $ProbeTimeoutMs ms (worst of 3)" (Format-Ms $worst) `
                ('<= 1.2 x the timeout ({0:0.00} x)' -f ($worst / $ProbeTimeoutMs)) (Get-Verdict ($worst -le 1.2 * $ProbeTimeoutMs)) `
                -Note "the paused node's row says: $errorText"
        } finally {
            $cluster.Labs | ForEach-Object { Stop-KevyElectLab -Lab $_ -Confirm:$false }
        }
    }
    Measure-RealProbeFigures
}

function Measure-RealProbeFigures {
    # Issue's probe latency figure, on three real kevy processes, interleaved round by round so drift in the machine's
    # load hits every row alike:
    # - the baseline: a plain script doing the same reads node after node: connect, ROLE, INFO replication, and a
    #   connect to the elect port (at most once a second per node, as the probe does: kevy's election loop stalls under
    #   faster connects, which would fail the cluster over in the middle of the figure);
    # - the core probe (all nodes at once, each node's connection kept from call to call, as in a runbook's loop);
    # - the probe's own per-node work awaited node after node (what running the nodes at once buys by itself);
    # - the cmdlet over the core probe.
    $lab = Start-RealServerLab -Section '3 probe' -Name '3 real kevy nodes, parallel against one node at a time'
    if (-not $lab) { return }
    try {
        $null = Wait-KevyElectCluster -Peers $lab.Peers -CaughtUp -TimeoutSec 30
        $table = $lab.Peers
        $timeout = [TimeSpan]::FromMilliseconds($ProbeTimeoutMs)
        $none = [Threading.CancellationToken]::None
        $options = [KevyElect.Cluster.ProbeOptions]::new()
        $options.Timeout = $timeout
        $lastElect = @{}
        $plain = {
            foreach ($p in $table) {
                $c = [KevyElect.Net.KevyConnection]::ConnectAsync($p.Host, $p.ClientPort, $timeout, $none).GetAwaiter().GetResult()
                try {
                    $null = [KevyElect.Net.KevyClient]::RoleAsync($c, $timeout, $none).GetAwaiter().GetResult()
                    $null = [KevyElect.Net.KevyClient]::InfoReplicationAsync($c, $timeout, $none).GetAwaiter().GetResult()
                } finally { $c.Dispose() }
                $last = $lastElect[$p.Id]
                if (-not $last -or $last.Elapsed.TotalSeconds -ge 1) {
                    $null = [KevyElect.Net.ElectSender]::ProbeAsync($p.Host, $p.ElectPort, $timeout, $none).GetAwaiter().GetResult()
                    $lastElect[$p.Id] = [Diagnostics.Stopwatch]::StartNew()
                }
            }
        }
        $parallel = { [KevyElect.Observe.PeerProbe]::ProbeAsync($table, $options, $none).GetAwaiter().GetResult() }
        $inTurn = { foreach ($p in $table) { [KevyElect.Observe.PeerProbe]::ProbeNodeAsync($p, $table, $timeout, $none).GetAwaiter().GetResult() } }
        $cmdlet = { Get-KevyElectPeer -Peers $table -CallTimeoutSec ($ProbeTimeoutMs / 1000) }
        $connect = { ([KevyElect.Net.KevyConnection]::ConnectAsync($table[0].Host, $table[0].ClientPort, $timeout, $none).GetAwaiter().GetResult()).Dispose() }
        $names = 'plain', 'parallel', 'inTurn', 'cmdlet', 'connect'
        $times = @{}
        foreach ($k in $names) { $times[$k] = [Collections.Generic.List[double]]::new() }
        foreach ($warm in 1..20) { foreach ($k in $names) { $null = Measure-Ms (Get-Variable $k -ValueOnly) } }
        foreach ($round in 1..5) {
            foreach ($k in $names) {
                $block = Get-Variable $k -ValueOnly
                foreach ($i in 1..30) { $times[$k].Add((Measure-Ms $block)) }
            }
        }
        $base = Get-Median $times.plain; $par = Get-Median $times.parallel; $turn = Get-Median $times.inTurn
        $cmd = Get-Median $times.cmdlet; $con = Get-Median $times.connect

        Add-Figure '3 probe' '3 real kevy nodes, a plain script node after node (baseline: connect, ROLE, INFO replication, elect port)' ('{0:0.00} ms' -f $base) 'median of 150' 'info' `
            -Note ('a TCP connect to a node takes {0:0.00} ms here; the elect port is connected at most once a second per node, as the probe does' -f $con)
        Add-Figure '3 probe' '3 real kevy nodes, all at once (the core probe)' ('{0:0.00} ms' -f $par) '<= 0.5 x the baseline' `
            (Get-Verdict ($par -le 0.5 * $base)) -Note ('{0:0.00} x the baseline: each node''s connection is kept from call to call (ROLE and INFO replication in one write, one round trip), and the nodes are asked at once' -f ($par / $base))
        Add-Figure '3 probe' '3 real kevy nodes, the probe''s per-node work node after node (diagnostic)' ('{0:0.00} ms' -f $turn) `
            ('asking the nodes at once takes {0:0.00} x this' -f ($par / $turn)) 'info' -Note "$([Environment]::ProcessorCount) cores: the three kevy processes and this one share them"
        Add-Figure '3 probe' '3 real kevy nodes, Get-KevyElectPeer' ('{0:0.00} ms' -f $cmd) ('the cmdlet adds {0:0.00} ms to the core probe' -f ($cmd - $par)) 'info' `
            -Note 'parameter binding, the peer table, three rows written to the pipeline'
    } finally {
        Stop-KevyElectLab -Lab $lab -Confirm:$false
    }
}
