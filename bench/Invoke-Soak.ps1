#requires -Version 7.4
<#
.SYNOPSIS
    The long robustness checks: a million-frame decoder fuzz and a Watch-over-lab soak with churn.
.DESCRIPTION
    Run by `./build.ps1 -Task Soak` against the freshly built module; writes the outcome to
    bench/results/soak-latest.md (a partial or shortened run: soak-partial.md and soak-partial-resources.csv, untracked) and exits
    non-zero when a check fails.
    1. The xunit tests marked Category=Soak: a million hostile frames through the elect decoder and
       through the RESP reply reader (seeded), 20 rounds of lab chaos with planned switchovers, and a
       primary restarted before the others call it down.
    2. Watch soak: Watch-KevyElectCluster over a 3-node lab for -WatchMinutes while the lab churns
       (crash, restart, pause, isolate, planned switchover); this process's open descriptors (sockets),
       threads and managed and resident memory are sampled at the start and the end and must stay within
       the stated bounds.
.PARAMETER ModuleManifest
    The built KevyElect.psd1.
.PARAMETER WatchMinutes
    Length of the Watch soak (default 10).
.PARAMETER Part
    Which parts to run (default all): Tests (the Category=Soak xunit tests), Watch, Fleet (Watch-KevyElectCluster over 300
    clusters of the bench's fleet load generator at a 1 s interval for -WatchMinutes: CPU, and memory flat from the first
    minute after warm-up to the last).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [double] $WatchMinutes = 10,
    [ValidateSet('Tests', 'Watch', 'Fleet')]
    [string[]] $Part = @('Tests', 'Watch', 'Fleet')
)

. (Join-Path $PSScriptRoot 'lib/Start-BenchRun.ps1')
. (Join-Path $PSScriptRoot 'lib/SoakWatch.ps1')
. (Join-Path $PSScriptRoot 'lib/SoakFleet.ps1')

function Invoke-SoakTests {
    $trxDir = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-soak-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        & dotnet test (Join-Path $Root 'tests/KevyElect.Tests') -c Release -nologo -v q --filter 'Category=Soak' `
            --logger 'trx;LogFileName=soak.trx' --results-directory $trxDir | Out-Host
        $trx = Join-Path $trxDir 'soak.trx'
        if (-not (Test-Path $trx)) { throw "the soak tests wrote no results ($trx)" }
        $run = [xml](Get-Content $trx -Raw)
        foreach ($r in $run.TestRun.Results.UnitTestResult) {
            $name = ($r.testName -split '\.')[-1] -replace '_', ' '
            $verdict = if ($r.outcome -eq 'Passed') { 'pass' } else { 'MISS' }
            $note = if ($r.outcome -ne 'Passed') { [string]$r.Output.ErrorInfo.Message } else { '' }
            $part, $goal = if ($name -like '*chaos*') {
                'lab chaos', '20 rounds on 5 nodes: one writable primary per epoch, no acknowledged write missing after a planned switchover'
            } elseif ($name -like '*restarted*') {
                'quick restart', 'a writable primary within 10 down_after periods of the restart'
            } else {
                'decoder fuzz', 'one of the five verdicts, failures allocate 0 B, successes <= 256 B + 4 B per frame byte'
            }
            Add-Figure $part $name ("{0:0.0} s" -f ([TimeSpan]::Parse($r.duration)).TotalSeconds) $goal $verdict -Note $note
        }
        if (-not $run.TestRun.Results.UnitTestResult) { throw 'no test is marked Category=Soak' }
    } finally {
        if (Test-Path $trxDir) { Remove-Item $trxDir -Recurse -Force }
    }
    Write-Information ("   fuzz done in {0:0} s" -f $clock.Elapsed.TotalSeconds)
}

# Only the full soak (both parts, the whole ten minutes) replaces the recorded result; a shorter run goes
# beside it, untracked.
$complete = 'Tests' -in $Part -and 'Watch' -in $Part -and 'Fleet' -in $Part -and $WatchMinutes -ge 10
$reportName, $samplesName = if ($complete) { 'soak-latest.md', 'soak-resources.csv' } else { 'soak-partial.md', 'soak-partial-resources.csv' }

if ('Tests' -in $Part) {
    Write-Information '== long xunit checks (Category=Soak: decoder fuzz, lab chaos)'
    try { Invoke-SoakTests } catch { Add-Figure 'xunit soak' 'Category=Soak tests' 'error' '-' 'ERROR' -Note $_.Exception.Message }
}
if ('Watch' -in $Part) {
    Write-Information "== Watch soak ($WatchMinutes min with churn)"
    try { Invoke-WatchSoak -Minutes $WatchMinutes -SamplesPath (Join-Path $ResultsDir $samplesName) } catch { Add-Figure 'watch soak' 'Watch over a churning lab' 'error' '-' 'ERROR' -Note $_.Exception.Message }
}

if ('Fleet' -in $Part) {
    Write-Information "== Fleet watch soak ($WatchMinutes min, 300 clusters)"
    try { Invoke-FleetSoak -Minutes $WatchMinutes } catch { Add-Figure 'fleet soak' 'Watch over 300 clusters' 'error' '-' 'ERROR' -Note $_.Exception.Message }
}

$command = if ($complete) { 'dotnet pwsh ./build.ps1 -Task Soak' } else {
    "dotnet pwsh ./bench/Invoke-Soak.ps1 -Part $($Part -join ',') -WatchMinutes $WatchMinutes"
}
$lines = @(
    '# KevyElect soak results'
    ''
    ('Last run: {0:yyyy-MM-dd HH:mm} UTC, `{1}`, {2:0} s in all.' -f [DateTime]::UtcNow, $command, $RunClock.Elapsed.TotalSeconds)
    ''
    "Machine: $Machine."
    ''
    '| part | check | value | bound | verdict |'
    '| --- | --- | --- | --- | --- |'
)
$notes = @()
foreach ($f in $Figures) {
    $v = if ($f.Note) { $notes += "- $($f.Section) / $($f.Figure): $($f.Note)"; "$($f.Verdict) *" } else { $f.Verdict }
    $lines += ('| {0} | {1} | {2} | {3} | {4} |' -f $f.Section, (ConvertTo-MarkdownCell $f.Figure), (ConvertTo-MarkdownCell $f.Value), (ConvertTo-MarkdownCell $f.Goal), $v)
}
if ($notes) { $lines += @('', 'Notes (rows marked *):', '') + ($notes | ForEach-Object { ConvertTo-MarkdownCell $_ }) }
Remove-BenchJournal
$text = $lines -join "`n"
Set-Content -Path (Join-Path $ResultsDir $reportName) -Value $text -Encoding utf8NoBOM
Write-Host ''
Write-Host $text
if ($Figures | Where-Object { $_.Verdict -in 'MISS', 'ERROR' }) { exit 1 }
