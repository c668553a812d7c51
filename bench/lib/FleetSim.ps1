# The fleet load generator of the bench (bench/KevyElect.Bench fleet-sim): a separate process that answers ROLE and
# INFO replication from replies recorded from a real kevy quorum, for hundreds of three-node clusters on 127.0.0.1,
# with some nodes blackholed (they accept and never answer). It is not a kevy server: it only lets 1,000 nodes fit
# on a small machine, so the figures time KevyElect's side of the fleet.

function Start-FleetSim {
    param([int] $Clusters, [int] $Blackholed, [string] $InventoryPath)
    $project = Join-Path $BenchDir 'KevyElect.Bench/KevyElect.Bench.csproj'
    & dotnet build $project -c Release -v q -nologo --tl:off | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "building $project failed (exit code $LASTEXITCODE)" }
    $dll = Join-Path $BenchDir 'KevyElect.Bench/bin/Release/net10.0/KevyElect.Bench.dll'
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, 'fleet-sim', "$Clusters", "$Blackholed", $InventoryPath)) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(60000) -or $line.Result -ne 'ready') {
        $process.Kill($true)
        throw "the fleet load generator did not start (it said: $($line.Result))"
    }
    $process
}

function Stop-FleetSim {
    param($Process)
    if (-not $Process) { return }
    $Process.StandardInput.Close()
    if (-not $Process.WaitForExit(10000)) { $Process.Kill($true) }
    $Process.Dispose()
}

$FleetSamplerScript = {
    # Samples this process's memory every $EveryMs until $Stop is set (a background runspace: the watch's pipeline is busy).
    param([Threading.ManualResetEventSlim] $Stop, [int] $EveryMs)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $self = [Diagnostics.Process]::GetCurrentProcess()
    do {
        $self.Refresh()
        [pscustomobject]@{ AtS = [int]$clock.Elapsed.TotalSeconds; ManagedBytes = [GC]::GetTotalMemory($true); ResidentBytes = $self.WorkingSet64 }
    } until ($Stop.Wait($EveryMs))
}

function Measure-FleetWatch {
    # Watches $Names for $Seconds at a 1 s interval: this process's CPU over the run, and its memory every $SampleEverySec
    # (GC heap after a full collection, resident set).
    param([string[]] $Names, [string] $InventoryPath, [int] $Seconds, [int] $SampleEverySec = 10)
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $stop = [Threading.ManualResetEventSlim]::new($false)
    $sampler = [powershell]::Create()
    $null = $sampler.AddScript($FleetSamplerScript).AddArgument($stop).AddArgument(1000 * $SampleEverySec)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $cpu0 = $self.TotalProcessorTime
    $handle = $sampler.BeginInvoke()
    $kinds = @{}
    try {
        Watch-KevyElectCluster -Cluster $Names -Inventory $InventoryPath -IntervalMs 1000 -TimeoutMs 1000 -Duration ([TimeSpan]::FromSeconds($Seconds)) |
            ForEach-Object { $kinds["$($_.Kind)"] = 1 + [int]$kinds["$($_.Kind)"] }
        $self.Refresh()
        $cpu = ($self.TotalProcessorTime - $cpu0).TotalSeconds / $clock.Elapsed.TotalSeconds
        $stop.Set()
        $samples = @($sampler.EndInvoke($handle))
    } finally {
        $stop.Set()
        $sampler.Dispose()
        $stop.Dispose()
    }
    $events = ($kinds.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
    [pscustomobject]@{ CpuShare = $cpu; Events = $events; Samples = $samples; Elapsed = $clock.Elapsed }
}
