# The fleet part of Invoke-Soak.ps1: Watch-KevyElectCluster over 300 clusters of the bench's fleet load generator
# (bench/lib/FleetSim.ps1, recorded replies, 5 % of the nodes blackholed) at a 1 s interval for minutes.

$FleetSoakBounds = [ordered]@{
    ManagedBytes  = 16MB   # GC heap after a full collection
    ResidentBytes = 64MB
}

function Invoke-FleetSoak {
    param([double] $Minutes)
    if (-not (Test-SectionReady 'fleet soak' 'Watch over 300 clusters' @('Watch-KevyElectCluster', 'Get-KevyElectInventory'))) { return }
    . (Join-Path $BenchDir 'lib/FleetSim.ps1')
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-soak-fleet-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $folder | Out-Null
    $inventory = Join-Path $folder 'inventory.psd1'
    $sim = Start-FleetSim -Clusters 300 -Blackholed 45 -InventoryPath $inventory
    try {
        $watch = Measure-FleetWatch -Names '*' -InventoryPath $inventory -Seconds ([int]($Minutes * 60)) -SampleEverySec 15
    } finally {
        Stop-FleetSim $sim
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
    }
    $seconds = [int]($Minutes * 60)
    Add-Figure 'fleet soak' "Watch -IntervalMs 1000 over 300 clusters (900 nodes, 45 blackholed), $Minutes min: this process's CPU" ('{0:0.0} % of one core' -f (100 * $watch.CpuShare)) `
        '<= 25 % of one core' (Get-Verdict ($watch.CpuShare -le 0.25)) -Note "events: $($watch.Events); load generator: bench/KevyElect.Bench fleet-sim (recorded replies, not kevy), in its own process"
    $samples = @($watch.Samples)
    $warm = @($samples | Where-Object { $_.AtS -ge 30 -and $_.AtS -le 90 })
    $last = @($samples | Where-Object { $_.AtS -ge ($seconds - 60) })
    if (-not $warm -or -not $last) { throw "too few memory samples ($($samples.Count))" }
    foreach ($what in $FleetSoakBounds.Keys) {
        $from = ($warm | Measure-Object -Property $what -Maximum).Maximum
        $to = ($last | Measure-Object -Property $what -Maximum).Maximum
        $growth = $to - $from
        Add-Figure 'fleet soak' "$what, first minute after warm-up to last minute" ('{0} -> {1} ({2}{3})' -f (Format-Bytes $from), (Format-Bytes $to), $(if ($growth -ge 0) { '+' } else { '-' }), (Format-Bytes ([math]::Abs($growth)))) `
            ("growth <= $(Format-Bytes $FleetSoakBounds[$what])") (Get-Verdict ($growth -le $FleetSoakBounds[$what]))
    }
}
