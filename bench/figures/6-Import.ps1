# Figure 6: Import-Module in a fresh pwsh over the same pwsh start without it, and (to say where the
# time goes) the same import from a copy of the module whose manifest loads no format files, and the
# floor PowerShell itself sets: the import of an empty binary module with one one-view format file (its first
# Import-Module of an assembly and the first use of its format system); beside it the same without the assembly.

function New-ModuleCopyWithoutFormats {
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-noformats-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    Copy-Item (Split-Path $ModuleManifest) $dir -Recurse
    $psd1 = Join-Path $dir (Split-Path $ModuleManifest -Leaf)
    (Get-Content $psd1) -replace '^(\s*)FormatsToProcess\s*=.*$', '$1FormatsToProcess = @()' | Set-Content $psd1
    $psd1
}

function New-ModuleCopyWithSplitFormats {
    # The module as it shipped before its views were merged into one file: one format file per area (module/formats).
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-splitformats-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    Copy-Item (Split-Path $ModuleManifest) $dir -Recurse
    Remove-Item (Join-Path $dir 'KevyElect.Format.ps1xml')
    $sources = @(Get-ChildItem (Join-Path $Root 'module/formats') -Filter *.Format.ps1xml)
    $sources | Copy-Item -Destination $dir
    $psd1 = Join-Path $dir (Split-Path $ModuleManifest -Leaf)
    $list = ($sources.Name | ForEach-Object { "'$_'" }) -join ', '
    (Get-Content $psd1) -replace '^(\s*)FormatsToProcess\s*=.*$', ('$1FormatsToProcess = @(' + $list + ')') | Set-Content $psd1
    $psd1
}

function New-FloorModule {
    # -Binary: the issue's floor, an empty binary module (an assembly with no command) with one format view; without it,
    # a manifest and the view alone. -Table: that view is a one-column table instead of a list.
    param([switch] $Binary, [switch] $Table)
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-floor-' + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $dir | Out-Null
    $control = if ($Table) {
        '<TableControl><TableHeaders><TableColumnHeader /></TableHeaders><TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem>' +
            '<PropertyName>Name</PropertyName></TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries></TableControl>'
    } else {
        '<ListControl><ListEntries><ListEntry><ListItems><ListItem><PropertyName>Name</PropertyName></ListItem></ListItems></ListEntry></ListEntries></ListControl>'
    }
    Set-Content (Join-Path $dir 'Floor.Format.ps1xml') ('<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions><View><Name>Floor</Name>' +
        '<ViewSelectedBy><TypeName>Floor.Row</TypeName></ViewSelectedBy>' + $control + '</View></ViewDefinitions></Configuration>')
    $psd1 = Join-Path $dir 'Floor.psd1'
    $root = ''
    if ($Binary) {
        Add-Type -TypeDefinition 'namespace Floor { public static class Module { } }' -OutputAssembly (Join-Path $dir 'Floor.dll') -OutputType Library
        $root = "RootModule = 'Floor.dll'; "
    }
    Set-Content $psd1 "@{ $($root)ModuleVersion = '1.0'; FormatsToProcess = @('Floor.Format.ps1xml'); FunctionsToExport = @(); CmdletsToExport = @() }"
    $psd1
}

function Measure-ImportFigures {
    $launch = Get-PwshLaunch
    # Each import also prints how long Import-Module took inside its process, for the in-process diagnostic row.
    $quote = { param($p) "`$c = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$($p -replace "'", "''")' -ErrorAction Stop; [Console]::Out.Write(`$c.Elapsed.TotalMilliseconds)" }
    $lean = New-ModuleCopyWithoutFormats
    $split = New-ModuleCopyWithSplitFormats
    $floor = New-FloorModule -Binary
    $tableFloor = New-FloorModule -Binary -Table
    $manifestFloor = New-FloorModule
    $cases = [ordered]@{ bare = 'exit'; import = (& $quote $ModuleManifest); lean = (& $quote $lean); split = (& $quote $split); floor = (& $quote $floor)
        tableFloor = (& $quote $tableFloor); manifestFloor = (& $quote $manifestFloor) }
    $times = @{}
    $inside = @{}
    foreach ($k in $cases.Keys) { $times[$k] = [System.Collections.Generic.List[double]]::new(); $inside[$k] = [System.Collections.Generic.List[double]]::new() }
    # Every round runs the cases in a new order. With a fixed order, a start right after the bare one was 12 to 25 ms
    # slower than the same start after an import, and the figure charged that to whichever case came next (the import).
    $rng = [Random]::new(6)
    try {
        # One unmeasured start of each warms the disk cache.
        foreach ($k in $cases.Keys) { & $launch.File @($launch.Prefix + @('-Command', $cases[$k])) | Out-Null }
        for ($i = 0; $i -lt $ImportRuns; $i++) {
            foreach ($k in @($cases.Keys | Sort-Object { $rng.Next() })) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $printed = & $launch.File @($launch.Prefix + @('-Command', $cases[$k]))
                $elapsed = $clock.Elapsed.TotalMilliseconds
                if ($LASTEXITCODE -ne 0) { throw "pwsh -Command `"$($cases[$k])`" exited with $LASTEXITCODE" }
                $times[$k].Add($elapsed)
                if ($k -ne 'bare') { $inside[$k].Add([double] "$printed") }
            }
        }
    } finally {
        Remove-Item (Split-Path $lean), (Split-Path $split), (Split-Path $floor), (Split-Path $tableFloor), (Split-Path $manifestFloor) -Recurse -Force
    }
    $bareMs = Get-Median $times.bare
    $importMs = Get-Median $times.import
    # Each import run against the bare run of the same round: drift in the machine's load cancels out.
    $costMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.import[$i] - $times.bare[$i] })
    $leanMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.lean[$i] - $times.bare[$i] })
    $splitMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.split[$i] - $times.bare[$i] })
    $floorMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.floor[$i] - $times.bare[$i] })
    $manifestFloorMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.manifestFloor[$i] - $times.bare[$i] })
    # Each import against the floor run of the same round: what KevyElect adds over PowerShell's own format-system start.
    $aboveFloor = @(for ($i = 0; $i -lt $ImportRuns; $i++) { $times.import[$i] - $times.floor[$i] })
    $aboveFloorMs = Get-Median $aboveFloor
    $aboveFloorRange = Get-MedianInterval $aboveFloor
    Add-Figure '6 import' 'pwsh start without the module (baseline)' (Format-Ms $bareMs) "median of $ImportRuns" 'info'
    Add-Figure '6 import' 'pwsh start with Import-Module KevyElect' (Format-Ms $importMs) ('{0:0.00} x the baseline' -f ($importMs / $bareMs)) 'info'
    Add-Figure '6 import' 'Import-Module cost (median of paired differences)' ('{0:0} ms' -f $costMs) '< 150 ms' (Get-Verdict ($costMs -lt 150)) `
        -Note ('difference of the medians: {0:0} ms; the floor alone (an empty binary module with one view) costs {1:0} ms over the bare start here, so no module with a format view meets this goal on this machine: issue 13 set the goal against the floor, the row "above the floor"' -f ($importMs - $bareMs), $floorMs)
    Add-Figure '6 import' 'the same without its format files (diagnostic)' ('{0:0} ms' -f $leanMs) `
        ('the format files take {0:0} ms, {1:0} % of the cost' -f ($costMs - $leanMs), (100 * ($costMs - $leanMs) / [math]::Max(1, $costMs))) 'info'
    Add-Figure '6 import' 'the same with its views in four format files, as before they were merged (diagnostic)' ('{0:0} ms' -f $splitMs) `
        ('merging them into one file bought {0:0} ms' -f ($splitMs - $costMs)) 'info'
    Add-Figure '6 import' 'PowerShell floor: an empty binary module with one format view (diagnostic)' ('{0:0} ms' -f $floorMs) 'the floor' 'info'
    Add-Figure '6 import' 'the same floor without its assembly: a manifest and one format view (diagnostic)' ('{0:0} ms' -f $manifestFloorMs) `
        ('loading a binary module costs PowerShell {0:0} ms of the floor' -f ($floorMs - $manifestFloorMs)) 'info'
    # The same pairs timed inside each process: Import-Module alone, without pwsh's start and exit around it.
    $insideAboveFloor = @(for ($i = 0; $i -lt $ImportRuns; $i++) { $inside.import[$i] - $inside.floor[$i] })
    $insideAboveFloorMs = Get-Median $insideAboveFloor
    $insideRange = Get-MedianInterval $insideAboveFloor
    $insideLeanAboveFloorMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $inside.lean[$i] - $inside.floor[$i] })
    Add-Figure '6 import' 'KevyElect above the floor (median of paired differences)' ('{0:0} ms' -f $aboveFloorMs) '<= 25 ms' (Get-Verdict ($aboveFloorMs -le 25)) `
        -Note ('95 % interval of the median: {1:0} to {2:0} ms; each of the {0} rounds starts the seven cases in a new random order; in a fixed order the start right after the bare one paid 12 to 25 ms more, and that start was the import (42 to 49 ms above the floor in earlier runs)' -f $ImportRuns, $aboveFloorRange.Low, $aboveFloorRange.High)
    Add-Figure '6 import' 'the same timed inside each process: Import-Module alone (diagnostic)' ('{0:0} ms' -f $insideAboveFloorMs) `
        ('{0:0} ms of it without the format files: the floor''s one view starts the format system, which the lean copy skips; 95 % interval of the median {1:0} to {2:0} ms' -f $insideLeanAboveFloorMs, $insideRange.Low, $insideRange.High) 'info'
    # Most of KevyElect's views are tables, the floor's one view a list: the same floor with a table says what the first
    # table view of any module costs PowerShell, and what KevyElect adds beyond that.
    $insideTableMs = Get-Median @(for ($i = 0; $i -lt $ImportRuns; $i++) { $inside.tableFloor[$i] - $inside.floor[$i] })
    $aboveTable = @(for ($i = 0; $i -lt $ImportRuns; $i++) { $inside.import[$i] - $inside.tableFloor[$i] })
    $aboveTableRange = Get-MedianInterval $aboveTable
    Add-Figure '6 import' 'the floor with a one-column table instead of its list view, timed inside each process (diagnostic)' ('{0:0} ms' -f $insideTableMs) `
        'over the floor with the list: what the first table view of any module adds (the format loader''s table code runs for the first time)' 'info'
    Add-Figure '6 import' 'KevyElect above that table floor, timed inside each process (diagnostic)' ('{0:0} ms' -f (Get-Median $aboveTable)) `
        ('95 % interval of the median {0:0} to {1:0} ms: its 14 views (11 tables, 3 lists, 26 script blocks), 3 assemblies and its manifest' -f $aboveTableRange.Low, $aboveTableRange.High) 'info'
}
