# Figure 6: Import-Module in a fresh pwsh over the same pwsh start without it.

function Measure-ImportFigures {
    $launch = Get-PwshLaunch
    $bare = [System.Collections.Generic.List[double]]::new()
    $import = [System.Collections.Generic.List[double]]::new()
    $importCommand = "Import-Module '$($ModuleManifest -replace "'", "''")' -ErrorAction Stop"
    # One unmeasured start of each warms the disk cache; then the two alternate so drift hits both alike.
    & $launch.File @($launch.Prefix + @('-Command', 'exit')) | Out-Null
    & $launch.File @($launch.Prefix + @('-Command', $importCommand)) | Out-Null
    for ($i = 0; $i -lt $ImportRuns; $i++) {
        foreach ($case in @(@($bare, 'exit'), @($import, $importCommand))) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            & $launch.File @($launch.Prefix + @('-Command', $case[1])) | Out-Null
            $elapsed = $clock.Elapsed.TotalMilliseconds
            if ($LASTEXITCODE -ne 0) { throw "pwsh -Command `"$($case[1])`" exited with $LASTEXITCODE" }
            $case[0].Add($elapsed)
        }
    }
    $bareMs = Get-Median $bare
    $importMs = Get-Median $import
    $costMs = $importMs - $bareMs
    Add-Figure '6 import' 'pwsh start without the module (baseline)' (Format-Ms $bareMs) "median of $ImportRuns" 'info'
    Add-Figure '6 import' 'pwsh start with Import-Module KevyElect' (Format-Ms $importMs) ('{0:0.00} x the baseline' -f ($importMs / $bareMs)) 'info'
    Add-Figure '6 import' 'Import-Module cost (difference of medians)' ('{0:0} ms' -f $costMs) '< 150 ms' (Get-Verdict ($costMs -lt 150))
}
