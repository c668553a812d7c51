# The Watch soak of Invoke-Soak.ps1: Watch-KevyElectCluster over a churning lab for minutes, with this
# process's sockets, threads and memory sampled from a background runspace.

# Stated bounds: growth from the first minute after warm-up to the last minute of the soak.
$SoakBounds = [ordered]@{
    Sockets      = 16      # open socket descriptors
    Threads      = 16
    ManagedBytes = 32MB    # GC heap after a full collection
    ResidentBytes = 96MB
}

$SoakChurnScript = {
    param($Lab, [int] $DurationMs, [int] $SampleEveryMs)
    $rng = [Random]::new(20261126)
    $samples = [System.Collections.Generic.List[object]]::new()
    $actions = [System.Collections.Generic.List[string]]::new()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $nextChurn = 3000
    $nextSample = 0
    function Get-ResourceSample {
        $p = [Diagnostics.Process]::GetCurrentProcess()
        $fds = [IO.Directory]::GetFiles('/proc/self/fd')
        $sockets = 0
        foreach ($fd in $fds) {
            try { if ([IO.FileInfo]::new($fd).LinkTarget -like 'socket:*') { $sockets++ } } catch { }
        }
        [pscustomobject]@{
            AtMs = $clock.ElapsedMilliseconds; Fds = $fds.Count; Sockets = $sockets; Threads = $p.Threads.Count
            ManagedBytes = [GC]::GetTotalMemory($true); ResidentBytes = $p.WorkingSet64
        }
    }
    while ($clock.ElapsedMilliseconds -lt $DurationMs) {
        if ($clock.ElapsedMilliseconds -ge $nextSample) { $samples.Add((Get-ResourceSample)); $nextSample += $SampleEveryMs }
        if ($clock.ElapsedMilliseconds -ge $nextChurn) {
            $state = $Lab.GetState()
            $down = @($state | Where-Object { -not $_.IsRunning })
            $paused = @($state | Where-Object IsPaused)
            $isolated = @($state | Where-Object IsIsolated)
            $primary = @($state | Where-Object IsWritablePrimary | ForEach-Object NodeId)
            $replicas = @($state | Where-Object { $_.IsRunning -and -not $_.IsPaused -and -not $_.IsWritablePrimary } | ForEach-Object NodeId)
            if ($down) { $Lab.Restart($down[0].NodeId); $actions.Add('restart') }
            elseif ($paused) { $Lab.Resume($paused[0].NodeId); $actions.Add('resume') }
            elseif ($isolated) { $Lab.Heal(); $actions.Add('heal') }
            else {
                switch ($rng.Next(3)) {
                    0 { if ($primary) { $Lab.Crash($primary[0]); $actions.Add('crash primary') } }
                    1 { if ($replicas) { $Lab.Pause($replicas[$rng.Next($replicas.Count)]); $actions.Add('pause replica') } }
                    2 { if ($replicas) { $Lab.Isolate($replicas[$rng.Next($replicas.Count)]); $actions.Add('isolate replica') } }
                }
            }
            $nextChurn = $clock.ElapsedMilliseconds + 1500 + $rng.Next(1500)
        }
        [Threading.Thread]::Sleep(20)
    }
    $samples.Add((Get-ResourceSample))
    [pscustomobject]@{ Samples = $samples.ToArray(); Actions = $actions.ToArray() }
}

function Get-SocketCount {
    $n = 0
    foreach ($fd in [IO.Directory]::GetFiles('/proc/self/fd')) {
        try { if ([IO.FileInfo]::new($fd).LinkTarget -like 'socket:*') { $n++ } } catch { }
    }
    $n
}

function Invoke-WatchSoak {
    # SamplesPath: where the resource samples go as CSV.
    param([double] $Minutes, [string] $SamplesPath)
    if (-not (Test-SectionReady 'watch soak' 'Watch over a churning lab' @('Start-KevyElectLab', 'Watch-KevyElectCluster'))) { return }
    if (-not (Test-Path /proc/self/fd)) { Add-Figure 'watch soak' 'Watch over a churning lab' '-' '-' 'pending' -Note 'needs /proc (Linux)'; return }
    $socketsBefore = Get-SocketCount
    $durationMs = [int]($Minutes * 60000)
    $lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
    $kinds = @{}
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript($SoakChurnScript).AddArgument($lab).AddArgument($durationMs - 2000).AddArgument(10000)
        $handle = $ps.BeginInvoke()
        Watch-KevyElectCluster -Peers $lab.Peers -IntervalSec 0.2 -CallTimeoutSec 0.5 -DurationSec ($durationMs / 1000) |
            ForEach-Object { $kinds["$($_.Kind)"] = 1 + [int]$kinds["$($_.Kind)"] }
        $run = $ps.EndInvoke($handle) | Select-Object -First 1
        if ($ps.HadErrors) { throw "the churn runspace failed: $($ps.Streams.Error | Select-Object -First 1)" }
    } finally {
        $ps.Dispose()
        Stop-KevyElectLab -Lab $lab -Confirm:$false
    }
    [GC]::Collect(); [GC]::WaitForPendingFinalizers()
    Start-Sleep -Seconds 1
    $socketsAfter = Get-SocketCount

    $samples = @($run.Samples)
    $warm = @($samples | Where-Object { $_.AtMs -ge 30000 -and $_.AtMs -le 90000 })
    if (-not $warm) { $warm = @($samples | Select-Object -First 2) }
    $last = @($samples | Where-Object { $_.AtMs -ge ($durationMs - 2000 - 60000) })
    $eventsText = ($kinds.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
    Add-Figure 'watch soak' "Watch -IntervalSec 0.2 over a 3-node lab, $Minutes min, $($run.Actions.Count) churn actions" "$(@($kinds.Values | Measure-Object -Sum).Sum) events" `
        'crash, restart, pause, resume, isolate, heal every 1.5-3 s' 'info' -Note "events: $eventsText"
    foreach ($what in $SoakBounds.Keys) {
        $from = ($warm | Measure-Object -Property $what -Maximum).Maximum
        $to = ($last | Measure-Object -Property $what -Maximum).Maximum
        $growth = $to - $from
        $fmt = if ($what -like '*Bytes') { { param($v) Format-Bytes $v } } else { { param($v) "$v" } }
        Add-Figure 'watch soak' "$what, first minute after warm-up to last minute" ('{0} -> {1} ({2}{3})' -f (& $fmt $from), (& $fmt $to), $(if ($growth -ge 0) { '+' } else { '' }), (& $fmt $growth)) `
            ("growth <= $(& $fmt $SoakBounds[$what])") (Get-Verdict ($growth -le $SoakBounds[$what]))
    }
    Add-Figure 'watch soak' 'sockets after the watch and the lab stopped' ("$socketsBefore before, $socketsAfter after") 'no more than before' `
        (Get-Verdict ($socketsAfter -le $socketsBefore))
    $samples | Export-Csv -Path $SamplesPath -NoTypeInformation
}
