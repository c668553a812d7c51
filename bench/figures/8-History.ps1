# Figure 8: reading the failover history. A 10,000-entry journal (failovers and watch events of 20 clusters, each
# line as Invoke-KevyFailover and Watch-KevyElectCluster write them) read with Get-KevyElectHistory and a filter,
# and, beside it, what one append costs on a journal that size (the time a failover waits for its entry).

$HistoryEntries = 10000
$HistoryRuns = 7

function New-BenchHistoryEntry {
    param([int] $Index, [DateTimeOffset] $Start)
    $cluster = 'n1@10.0.{0}.1:6204:6004,n2@10.0.{0}.2:6204:6004,n3@10.0.{0}.3:6204:6004' -f ($Index % 20)
    $time = $Start.AddMinutes($Index)
    if ($Index % 4 -eq 0) {
        [KevyElect.History.HistoryEntry]@{
            Time = $time; Kind = 'Failover'; Cluster = $cluster; Peers = $cluster
            Outcome = $(if ($Index % 40 -eq 0) { 'Refused' } else { 'Succeeded' }); FailoverKind = 'Planned'; Target = 'n2'
            OldPrimary = 'n1'; NewPrimary = 'n2'; Epoch = [uint64](1796150000000 + $Index); WriteUnavailableMs = 46.5; DurationMs = 409.3; OffsetGap = 0
            Drain = 'NoLoss'; DrainDetail = 'no acknowledged write lost: shard 0: acknowledged 1234, target applied all; REPL.TOKEN on n1 once its writes had stopped, REPL.WAIT with that token on n2 answered +OK before it was promoted'
            Steps = [string[]]@('Quiesce ok 6.8 ms', 'Drain ok 19.2 ms', 'Promote ok 24.0 ms', 'Announce ok 6.9 ms', 'Release ok 39.2 ms', 'Verify ok 277.9 ms')
            Message = 'n2 is primary on both planes at epoch 1796150000000; n1 replicates from it; no acknowledged write lost (see Drain)'
            UserName = 'ops'; HostName = 'jump-1'; ProcessId = 4242
        }
    } else {
        [KevyElect.History.HistoryEntry]@{
            Time = $time; Kind = 'WatchEvent'; Cluster = $cluster; Peers = $cluster; EventKind = 'RoleChanged'; Node = 'n2'; Old = 'Replica'; New = 'Primary'
            Message = 'n2: ROLE says Primary (was Replica)'; UserName = 'ops'; HostName = 'jump-1'; ProcessId = 4242
        }
    }
}

function Measure-HistoryFigures {
    if (-not (Test-SectionReady '8 history' "read a $HistoryEntries-entry journal with a filter" @('Get-KevyElectHistory'))) { return }
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-bench-history-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    $path = Join-Path $folder 'journal.jsonl'
    try {
        $journal = [KevyElect.History.HistoryJournal]::new($path)
        $start = [DateTimeOffset]::new(2026, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
        $batch = [System.Collections.Generic.List[KevyElect.History.HistoryEntry]]::new()
        for ($i = 0; $i -lt $HistoryEntries; $i++) {
            $batch.Add((New-BenchHistoryEntry -Index $i -Start $start))
            if ($batch.Count -eq 1000) {
                $warning = $journal.TryAppend($batch)
                if ($warning) { throw $warning }
                $batch.Clear()
            }
        }
        $bytes = (Get-Item $path).Length
        # One cluster's successful failovers in a time window: every filter the cmdlet has, on every line of the file.
        $cluster = '*10.0.8.*'
        $filter = @{ JournalPath = $path; Cluster = $cluster; Kind = 'Failover'; Outcome = 'Succeeded'; After = $start.AddDays(1).UtcDateTime }
        $cold = [Diagnostics.Stopwatch]::StartNew()
        $expected = @(Get-KevyElectHistory @filter).Count
        $coldMs = $cold.Elapsed.TotalMilliseconds
        if ($expected -lt 10) { throw "the filter kept only $expected entries" }
        $times = @(for ($r = 0; $r -lt $HistoryRuns; $r++) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $n = @(Get-KevyElectHistory @filter).Count
                $clock.Elapsed.TotalMilliseconds
                if ($n -ne $expected) { throw "run $r read $n entries, not $expected" }
            })
        $median = Get-Median $times
        $worst = ($times | Measure-Object -Maximum).Maximum
        Add-Figure '8 history' "read a $HistoryEntries-entry journal with a filter (median of $HistoryRuns)" (Format-Ms $median) `
            ('< 0.5 s (worst {0}); {1} of {2} entries kept, {3}' -f (Format-Ms $worst), $expected, $HistoryEntries, (Format-Bytes $bytes)) (Get-Verdict ($median -lt 500 -and $worst -lt 500))
        Add-Figure '8 history' 'the same, first read in the session' (Format-Ms $coldMs) 'includes compiling the reader' 'info'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $last = @(Get-KevyElectHistory -JournalPath $path -Last 20).Count
        Add-Figure '8 history' "the last 20 entries of $HistoryEntries, no other filter" (Format-Ms $clock.Elapsed.TotalMilliseconds) "$last entries; the whole file is read" 'info'

        # What a failover waits for its entry: open, lock, one write, close, on the journal just read.
        $entry = New-BenchHistoryEntry -Index 0 -Start ([DateTimeOffset]::UtcNow)
        $appends = @(for ($r = 0; $r -lt 200; $r++) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $warning = $journal.TryAppend($entry)
                $clock.Elapsed.TotalMilliseconds
                if ($warning) { throw $warning }
            })
        Add-Figure '8 history' 'append one failover entry (median of 200)' ('{0:0.00} ms' -f (Get-Median $appends)) `
            ('p99 {0:0.00} ms; the lock is waited for at most {1:0} ms' -f (Get-Percentile $appends 99), [KevyElect.History.HistoryJournal]::DefaultLockTimeout.TotalMilliseconds) 'info'
    } finally {
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
    }
}
