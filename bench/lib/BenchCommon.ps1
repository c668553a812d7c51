# Helpers shared by the figure sections of Invoke-Bench.ps1 and by Invoke-Soak.ps1.
# They expect $Figures (a List[object]), $Root and $ResultsDir in the caller's scope.

function Add-Figure {
    # One row of the results table. Verdict: pass, MISS, info, pending or ERROR.
    param(
        [Parameter(Mandatory)] [string] $Section,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Value,
        [Parameter(Mandatory)] [string] $Goal,
        [Parameter(Mandatory)] [ValidateSet('pass', 'MISS', 'info', 'pending', 'ERROR')] [string] $Verdict,
        [string] $Note = ''
    )
    $Figures.Add([pscustomobject]@{ Section = $Section; Figure = $Name; Value = $Value; Goal = $Goal; Verdict = $Verdict; Note = $Note })
}

function Get-Verdict([bool] $Met) { if ($Met) { 'pass' } else { 'MISS' } }

function Get-MissingCommand {
    # The names among $Name that the imported KevyElect module does not export.
    param([string[]] $Name)
    @($Name | Where-Object { -not (Get-Command $_ -Module KevyElect -ErrorAction SilentlyContinue) })
}

function Test-SectionReady {
    # True when every command exists; otherwise adds a pending row naming what is missing.
    param([string] $Section, [string] $Figure, [string[]] $Command)
    $missing = @(Get-MissingCommand $Command)
    if ($missing.Count -eq 0) { return $true }
    Add-Figure $Section $Figure '-' '-' 'pending' -Note ("needs " + ($missing -join ', '))
    return $false
}

function Get-PwshLaunch {
    # How to start a fresh pwsh like this one: under 'dotnet pwsh' the host is dotnet running pwsh.dll.
    $hostPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
        return [pscustomobject]@{ File = $hostPath; Prefix = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive') }
    }
    [pscustomobject]@{ File = $hostPath; Prefix = @('-NoProfile', '-NonInteractive') }
}

function Get-MedianInterval([double[]] $Values) {
    # A 95 % confidence interval of the median that assumes no distribution: the order statistics n/2 -/+ 0.98 sqrt(n)
    # (the binomial's normal approximation), so a verdict near its goal says how sure it is.
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -lt 6) { return [pscustomobject]@{ Low = [double]::NaN; High = [double]::NaN } }
    $half = 0.98 * [math]::Sqrt($n)
    $low = [math]::Max(0, [int][math]::Floor($n / 2 - $half) - 1)
    $high = [math]::Min($n - 1, [int][math]::Ceiling($n / 2 + $half))
    [pscustomobject]@{ Low = $sorted[$low]; High = $sorted[$high] }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $mid = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$mid] }
    ($sorted[$mid - 1] + $sorted[$mid]) / 2
}

function Get-Percentile([double[]] $Values, [double] $P) {
    # Nearest-rank percentile.
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $rank = [int][math]::Ceiling($P / 100 * $sorted.Count)
    $sorted[[math]::Max(0, $rank - 1)]
}

function Format-Ns([double] $Ns) {
    if ($Ns -ge 1e6) { return '{0:0.00} ms' -f ($Ns / 1e6) }
    if ($Ns -ge 1e3) { return '{0:0.00} µs' -f ($Ns / 1e3) }
    '{0:0.0} ns' -f $Ns
}

function Format-Ms([double] $Ms) {
    if ($Ms -ge 10000) { return '{0:0.0} s' -f ($Ms / 1000) }
    if ($Ms -ge 1000) { return '{0:0.00} s' -f ($Ms / 1000) }
    '{0:0} ms' -f $Ms
}

function Format-Bytes([double] $Bytes) {
    if ($Bytes -ge 1MB) { return '{0:0.0} MiB' -f ($Bytes / 1MB) }
    if ($Bytes -ge 10KB) { return '{0:0} KiB' -f ($Bytes / 1KB) }
    '{0:0} B' -f $Bytes
}

function Get-MachineLine {
    $os = if ($IsLinux -and (Test-Path /etc/os-release)) {
        ((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', '')
    } else { [Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $cpu = if ($IsLinux -and (Test-Path /proc/cpuinfo)) {
        # The clock and the vector width too: hosts named alike differ in both, and the codec ratios move with them.
        $info = Get-Content /proc/cpuinfo
        $field = { param($name) (($info -match "^$name\s*:" | Select-Object -First 1) -replace '^[^:]*:\s*', '') }
        $model = & $field 'model name'
        $mhz = & $field 'cpu MHz'
        $flags = ' ' + (& $field 'flags') + ' '
        $vector = if ($flags.Contains(' avx512f ')) { 'AVX-512' } elseif ($flags.Contains(' avx2 ')) { 'AVX2, no AVX-512' } else { 'no AVX2' }
        if ($mhz) { '{0} at {1:0} MHz ({2})' -f $model, [double]::Parse($mhz, [Globalization.CultureInfo]::InvariantCulture), $vector } else { "$model ($vector)" }
    } else { '' }
    # Other work on the machine skews every figure: the load average says how much there was.
    $load = if (Test-Path /proc/loadavg) { '; load average {0} at the start' -f ((Get-Content /proc/loadavg) -split ' ')[0] } else { '' }
    '{0}; {1}; {2} logical cores; .NET {3}; PowerShell {4}{5}' -f $os, $cpu, [Environment]::ProcessorCount,
        [Environment]::Version, $PSVersionTable.PSVersion, $load
}

function ConvertTo-MarkdownCell([string] $Text) { ($Text -replace '\|', '\|') -replace "`r?`n", ' ' }

function Write-BenchReport {
    # Writes the figures table (and the BenchmarkDotNet table, when there is one) and returns the text.
    param([string] $Path, [TimeSpan] $Elapsed, [string] $Machine, [string] $Command = 'dotnet pwsh ./build.ps1 -Task Bench')
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('# KevyElect benchmark results')
    $lines.Add('')
    $lines.Add(('Last run: {0:yyyy-MM-dd HH:mm} UTC, `{2}`, {1:0} s in all.' -f [DateTime]::UtcNow, $Elapsed.TotalSeconds, $Command))
    $lines.Add('')
    $lines.Add("Machine: $Machine.")
    $lines.Add('')
    $lines.Add('| # | figure | value | goal / ratio | verdict |')
    $lines.Add('| --- | --- | --- | --- | --- |')
    $notes = [System.Collections.Generic.List[string]]::new()
    # By figure number (the section's leading digits), in the order each section added its rows.
    $ordered = @($Figures | Sort-Object -Stable { [int] (($_.Section -split ' ')[0] -replace '\D', '0') })
    foreach ($f in $ordered) {
        $verdict = if ($f.Note) { $notes.Add("- $($f.Section) / $($f.Figure): $($f.Note)"); "$($f.Verdict) *" } else { $f.Verdict }
        $lines.Add(('| {0} | {1} | {2} | {3} | {4} |' -f (ConvertTo-MarkdownCell $f.Section), (ConvertTo-MarkdownCell $f.Figure),
            (ConvertTo-MarkdownCell $f.Value), (ConvertTo-MarkdownCell $f.Goal), $verdict))
    }
    if ($notes.Count) {
        $lines.Add('')
        $lines.Add('Notes (rows marked *):')
        $lines.Add('')
        $notes | ForEach-Object { $lines.Add((ConvertTo-MarkdownCell $_)) }
    }
    $micro = Join-Path (Split-Path $Path) 'micro.md'
    if (Test-Path $micro) {
        $lines.Add('')
        $lines.Add('## BenchmarkDotNet (codec and RESP replies)')
        $lines.Add('')
        $lines.Add('Full reports: `micro.md`, `micro.csv`, `micro.json` beside this file.')
        $lines.Add('')
        Get-Content $micro | Where-Object { $_ -like '|*' } | ForEach-Object { $lines.Add($_) }
    }
    $text = $lines -join "`n"
    Set-Content -Path $Path -Value $text -Encoding utf8NoBOM
    $text
}

function Measure-Ms {
    # Wall time of one run of $Block, in milliseconds (its output is discarded).
    param([scriptblock] $Block)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $Block | Out-Null
    $clock.Elapsed.TotalMilliseconds
}

function Start-RealServerLab {
    # A 3-node lab of real kevy processes (KEVY_SERVER), or $null after a 'pending' row saying the server is needed.
    param([Parameter(Mandatory)] [string] $Section, [Parameter(Mandatory)] [string] $Name)
    $server = $env:KEVY_SERVER
    if (-not $server -or -not (Test-Path $server)) {
        Add-Figure $Section $Name '-' '-' 'pending' -Note 'needs the real kevy server: set KEVY_SERVER'
        return $null
    }
    Start-KevyElectLab -Server $server -Nodes 3 -WaitForPrimary -TimeoutSec 60
}

function Start-BenchLab {
    # A lab that already has a writable primary; reference timings unless -Fast.
    param([int] $Nodes, [switch] $Fast)
    Start-KevyElectLab -Nodes $Nodes -Fast:$Fast -WaitForPrimary -TimeoutSec 60
}
