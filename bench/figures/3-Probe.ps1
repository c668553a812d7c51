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
}
