# A background runspace that watches a lab's electors every millisecond or so, recording each node's
# role as ROLE shows it (Primary, Replica; Unknown while crashed) with the instant it changed, and that
# can run a chaos schedule between samples. Used by the Watch figure and the Watch soak.

$RoleSamplerScript = {
    param($Lab, [int] $DurationMs, [string] $ChaosText, [int] $ChaosStartMs, [int] $ChaosEndMs)
    # A script block runs in the runspace that made it, so the chaos arrives as text and is made here.
    $Chaos = if ($ChaosText) { [scriptblock]::Create($ChaosText) } else { $null }
    $changes = [System.Collections.Generic.List[object]]::new()
    $last = @{}
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $state = @{ NextAt = $ChaosStartMs }
    while ($clock.ElapsedMilliseconds -lt $DurationMs) {
        foreach ($n in $Lab.GetNodes()) {
            $st = $n.ElectState
            $role = if (-not $n.IsRunning -or $null -eq $st) { 'Unknown' } elseif ($st.Role -eq 'Primary') { 'Primary' } else { 'Replica' }
            if ($last[$n.NodeId] -ne $role) {
                $changes.Add([pscustomobject]@{ NodeId = $n.NodeId; Role = $role; At = [DateTimeOffset]::UtcNow })
                $last[$n.NodeId] = $role
            }
        }
        if ($Chaos -and $clock.ElapsedMilliseconds -ge $state.NextAt -and $clock.ElapsedMilliseconds -lt $ChaosEndMs) {
            # The chaos step returns how many milliseconds to wait before the next one.
            $state.NextAt = $clock.ElapsedMilliseconds + [int](& $Chaos $Lab)
        }
        [Threading.Thread]::Sleep(1)
    }
    , $changes.ToArray()
}

function Start-RoleSampler {
    # Samples for $DurationMs; runs $Chaos (if any) from $ChaosStartMs until $ChaosEndMs.
    param($Lab, [int] $DurationMs, [scriptblock] $Chaos, [int] $ChaosStartMs = 0, [int] $ChaosEndMs = [int]::MaxValue)
    $ps = [powershell]::Create()
    $text = if ($Chaos) { $Chaos.ToString() } else { '' }
    $null = $ps.AddScript($RoleSamplerScript).AddArgument($Lab).AddArgument($DurationMs).AddArgument($text).AddArgument($ChaosStartMs).AddArgument($ChaosEndMs)
    [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
}

function Stop-RoleSampler {
    # Waits for the sampler to finish and returns its recorded changes.
    param($Sampler)
    try {
        $out = $Sampler.PowerShell.EndInvoke($Sampler.Handle)
        if ($Sampler.PowerShell.HadErrors) { throw "the role sampler failed: $($Sampler.PowerShell.Streams.Error | Select-Object -First 1)" }
        @($out | ForEach-Object { $_ })
    } finally {
        $Sampler.PowerShell.Dispose()
    }
}

function Measure-EventDelay {
    # For each RoleChanged (election view) event, the time from the sampled role change it reports to its
    # arrival: the node's last change before the arrival must be to the role the event reports.
    param([object[]] $Arrivals, [object[]] $Changes)
    foreach ($a in $Arrivals) {
        $e = $a.Event
        $change = $Changes | Where-Object { $_.NodeId -eq $e.NodeId -and $_.At -le $a.At } | Select-Object -Last 1
        if ($change -and $change.Role -ne $e.New) { $change = $null }
        [pscustomobject]@{ NodeId = $e.NodeId; Role = $e.New; Matched = [bool]$change
            DelayMs = if ($change) { ($a.At - $change.At).TotalMilliseconds } else { [double]::NaN } }
    }
}

# Chaos for the watch figure: crash the primary, then restart it once another has taken over. The
# random pause keeps the changes out of step with the watch's polls.
$CrashRestartChaos = {
    param($Lab)
    if (-not $script:rng) { $script:rng = [Random]::new(4) }
    $down = @($Lab.GetNodes() | Where-Object { -not $_.IsRunning })
    if ($down) { $Lab.Restart($down[0].NodeId); return 1200 + $script:rng.Next(600) }
    $primary = @($Lab.GetNodes() | Where-Object { $_.ElectState -and $_.ElectState.Role -eq 'Primary' })
    if ($primary.Count -eq 1) { $Lab.Crash($primary[0].NodeId); return 1200 + $script:rng.Next(600) }
    return 100
}
