# Runs Pester in its own process and writes a JSON summary: either the files of -Path (comma-separated), or, as one
# worker of tools/Invoke-PesterWorkers.ps1, the items of a shared queue it claims one at a time.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [string] $Path,         # comma-separated test files
    [string] $QueueFolder   # holds queue.json; an item is taken by creating claim-<index> first
)
$ErrorActionPreference = 'Stop'
$env:KEVYELECT_MODULE = $ModuleManifest
# Failovers the tests run are journaled; this keeps them (and every child process's) out of the user's own journal.
$journalFolder = Join-Path ([IO.Path]::GetTempPath()) ("kevyelect-pester-" + [Guid]::NewGuid().ToString('N'))
$env:KEVYELECT_JOURNAL_PATH = Join-Path $journalFolder 'journal.jsonl'
Import-Module $PesterManifest -Force

function Invoke-PesterItem {
    param([Parameter(Mandatory)] $Container, [string[]] $Tag, [string[]] $ExcludeTag)
    $config = New-PesterConfiguration
    $config.Run.Container = $Container
    if ($Tag) { $config.Filter.Tag = $Tag }
    if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    if ([Console]::IsOutputRedirected) { $config.Output.RenderMode = 'Plaintext' }
    Invoke-Pester -Configuration $config
}

function Test-Claim([string] $Folder, [int] $Index) {
    # Creating the file is atomic across processes: exactly one worker wins each item.
    try { [IO.File]::Open((Join-Path $Folder "claim-$Index"), 'CreateNew').Dispose(); $true }
    catch [IO.IOException] { $false }
}

$totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = @(); Items = @() }
try {
    $items = if ($QueueFolder) {
        Get-Content (Join-Path $QueueFolder 'queue.json') -Raw | ConvertFrom-Json
    } else {
        $files = foreach ($p in $Path -split ',') {
            if (Test-Path -LiteralPath $p -PathType Container) { (Get-ChildItem -LiteralPath $p -Filter *.Tests.ps1 -Recurse | Sort-Object FullName).FullName } else { $p }
        }
        @($files | ForEach-Object { [pscustomobject]@{ Name = (Split-Path $_ -Leaf); Path = $_; Data = $null; Tag = $null; ExcludeTag = $null } })
    }
    for ($i = 0; $i -lt @($items).Count; $i++) {
        if ($QueueFolder -and -not (Test-Claim $QueueFolder $i)) { continue }
        $item = @($items)[$i]
        $data = @{}
        if ($item.Data) { foreach ($p in $item.Data.PSObject.Properties) { $data[$p.Name] = $p.Value } }
        $container = New-PesterContainer -Path $item.Path -Data $data
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Invoke-PesterItem $container -Tag @($item.Tag | Where-Object { $_ }) -ExcludeTag @($item.ExcludeTag | Where-Object { $_ })
        $totals.Passed += $result.PassedCount
        $totals.Skipped += $result.SkippedCount
        $totals.Failed += $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        $totals.FailedNames += @($result.Failed | ForEach-Object ExpandedPath) + @($result.FailedBlocks | ForEach-Object ExpandedPath) +
            @($result.FailedContainers | ForEach-Object { "$($_.Item)" })
        $totals.Items += '{0} {1:0.0} s' -f $item.Name, $clock.Elapsed.TotalSeconds
    }
} finally {
    Remove-Item $journalFolder -Recurse -Force -ErrorAction Ignore
}
$totals | ConvertTo-Json | Set-Content $SummaryPath
