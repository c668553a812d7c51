# Dot-sourced by Invoke-Bench.ps1 and Invoke-Soak.ps1 after their param block: the run state both share
# ($BenchDir, $Root, $ResultsDir, $Figures, $RunClock, $Machine), the helpers, and the module under test.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'

$BenchDir = Split-Path $PSScriptRoot -Parent
$Root = Split-Path $BenchDir -Parent
$ResultsDir = Join-Path $BenchDir 'results'
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$Figures = [System.Collections.Generic.List[object]]::new()
$RunClock = [Diagnostics.Stopwatch]::StartNew()
New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null

. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
Import-Module $ModuleManifest -Force
$Machine = Get-MachineLine

# The failovers the figures run are journaled (child processes too): into a journal of this run, not the user's own.
$BenchJournal = Join-Path ([IO.Path]::GetTempPath()) ("kevyelect-bench-journal-" + [Guid]::NewGuid().ToString('N'))
$env:KEVYELECT_JOURNAL_PATH = Join-Path $BenchJournal 'journal.jsonl'
function Remove-BenchJournal { Remove-Item $BenchJournal -Recurse -Force -ErrorAction Ignore }
