#requires -Version 7.4
<#
.SYNOPSIS
    Measures every performance figure of KevyElect and writes bench/results/latest.md.
.DESCRIPTION
    Run by `./build.ps1 -Task Bench` against the freshly built module. Each figure section adds rows
    of figure | value | goal or ratio | verdict; a section whose cmdlets the module does not export
    yet reports "pending". In-process figures (codec, RESP replies) come from BenchmarkDotNet
    (bench/KevyElect.Bench); whole-command figures are timed here, each next to a baseline or a
    goal measured in the same run.
.PARAMETER ModuleManifest
    The built KevyElect.psd1.
.PARAMETER Section
    Run only these sections (default: all): Codec, Probe, Watch, Switchover, RealSwitchover, Import, LabScale, History, Fleet.
    RealSwitchover needs the real kevy server (KEVY_SERVER); without it its rows say pending.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateSet('Codec', 'Probe', 'Watch', 'Switchover', 'RealSwitchover', 'Import', 'LabScale', 'History', 'Fleet')]
    [string[]] $Section = @('Codec', 'Probe', 'Watch', 'Switchover', 'RealSwitchover', 'Import', 'LabScale', 'History', 'Fleet'),
    [int] $ImportRuns = 60
)

. (Join-Path $PSScriptRoot 'lib/Start-BenchRun.ps1')
$BenchProject = Join-Path $PSScriptRoot 'KevyElect.Bench/KevyElect.Bench.csproj'
Get-ChildItem (Join-Path $PSScriptRoot 'figures') -Filter *.ps1 | Sort-Object Name | ForEach-Object { . $_.FullName }

# Import runs first: its child pwsh starts are timed to a few milliseconds, before any lab or BenchmarkDotNet process
# has run on the machine in this session. The report lists the figures by number all the same.
$sections = [ordered]@{
    Import     = { Measure-ImportFigures }
    Codec      = { Measure-CodecFigures }
    Probe      = { Measure-ProbeFigures }
    Watch      = { Measure-WatchFigures }
    Switchover = { Measure-SwitchoverFigures }
    RealSwitchover = { Measure-RealSwitchoverFigures }
    LabScale   = { Measure-LabScaleFigures }
    History    = { Measure-HistoryFigures }
    Fleet      = { Measure-FleetFigures }
}
foreach ($name in $sections.Keys) {
    if ($name -notin $Section) { continue }
    Write-Information "== $name"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try { & $sections[$name] }
    catch {
        Add-Figure $name "$name section" 'error' '-' 'ERROR' -Note $_.Exception.Message
        Write-Warning "$name failed: $($_.Exception.Message)`n$($_.ScriptStackTrace)"
    }
    Write-Information ("   {0} done in {1:0.0} s" -f $name, $clock.Elapsed.TotalSeconds)
}

# Only a run of every section replaces the recorded results; a partial run goes beside them, untracked.
$complete = @($sections.Keys | Where-Object { $_ -notin $Section }).Count -eq 0
$reportName = if ($complete) { 'latest.md' } else { 'partial.md' }
$command = if ($complete) { 'dotnet pwsh ./build.ps1 -Task Bench' } else { 'dotnet pwsh ./bench/Invoke-Bench.ps1 -Section ' + ($Section -join ',') }
Remove-BenchJournal
$report = Write-BenchReport -Path (Join-Path $ResultsDir $reportName) -Elapsed $RunClock.Elapsed -Machine $Machine -Command $command
Write-Host ''
Write-Host $report
if ($Figures | Where-Object Verdict -EQ 'ERROR') { exit 1 }
