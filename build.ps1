#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and demonstrates the KevyElect module.
.DESCRIPTION
    Tasks:
      Build  (default) compiles the solution and lays out an importable module in out/KevyElect/<version>/.
      Test   runs the xunit suite and the Pester suite, then prints one line "N passed, N failed".
      Demo   runs the main job on the embedded lab.
      Docs   refreshes the SYNTAX and parameter blocks of docs/*.md from the built cmdlets.
      Bench  runs the benchmarks and writes bench/results/.
      Soak   runs the long robustness checks.
      Conformance runs the conformance suite on the embedded lab and on real kevy processes (KEVY_SERVER names the
             server) and writes docs/dev/conformance.md from its results.
      Package builds, then packs the module as out/packages/KevyElect.<version>.nupkg (PSResourceGet).
      Clean  removes build output.
    Everything it needs (PowerShell as a local dotnet tool, Pester and packages from NuGet) it restores itself.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Bench', 'Soak', 'Conformance', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester filter for a quicker inner loop, e.g. -PesterPath tests/pester/ConvertFrom-KevyElectFrame.Tests.ps1
    [string[]] $PesterPath = @(),
    # xunit filter expression passed to dotnet test --filter.
    [string] $XunitFilter = '',
    # Pester processes the Test task runs side by side.
    [ValidateRange(1, 16)]
    [int] $PesterWorkers = 3
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'

$Root = $PSScriptRoot
$Manifest = Import-PowerShellDataFile (Join-Path $Root 'KevyElect.psd1')
$Version = $Manifest.ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutRoot "KevyElect/$Version"
$ResultsDir = Join-Path $OutRoot 'test-results'
. (Join-Path $Root 'tools/TestProcesses.ps1')

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Get-ChildPwshCommand {
    # A fresh pwsh like this one, as the host and its leading arguments; under 'dotnet pwsh' the host is dotnet running pwsh.dll.
    $host_ = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { @($host_, (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive') }
    else { @($host_, '-NoProfile', '-NonInteractive') }
}

function Invoke-ChildPwsh {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    $command = Get-ChildPwshCommand
    & $command[0] @($command | Select-Object -Skip 1) @Arguments
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterManifest {
    # Pester is restored from NuGet by the test project's PackageDownload.
    $path = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not restored to $path; run the Build task first." }
    return $path
}

function Invoke-Build {
    Write-Information "Building KevyElect $Version ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'KevyElect.slnx'), '-c', $Configuration, '-v', 'q', '-nologo', '--tl:off')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    $bin = Join-Path $Root "src/KevyElect.PowerShell/bin/$Configuration/netstandard2.0"
    # The cmdlet assembly, the core and their dependencies (the latter only load on Windows PowerShell).
    Get-ChildItem $bin -Filter *.dll | Where-Object Name -NE 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleDir
    Copy-Item (Join-Path $Root 'KevyElect.psd1'), (Join-Path $Root 'LICENSE') $ModuleDir
    & (Join-Path $Root 'tools/Merge-FormatFiles.ps1') -SourceFolder (Join-Path $Root 'module/formats') -Destination (Join-Path $ModuleDir 'KevyElect.Format.ps1xml')

    $helpGen = Join-Path $Root "tools/KevyElect.HelpGen/bin/$Configuration/net10.0/KevyElect.HelpGen.dll"
    if (Test-Path $helpGen) {
        Invoke-Native dotnet @($helpGen, 'build', (Join-Path $Root 'docs'), $ModuleDir)
    }
    Write-Information "Module laid out in $ModuleDir"
}

function Write-XunitFailures {
    # The console logger names a failed test but not why; CI logs need the message to be diagnosable.
    param($Run)
    foreach ($result in @($Run.Results.UnitTestResult | Where-Object outcome -EQ 'Failed')) {
        $info = $result.Output.ErrorInfo
        $stack = @(($info.StackTrace -split "`n") | Where-Object { $_.Trim() } | Select-Object -First 4)
        Write-Host "FAILED $($result.testName)"
        Write-Host ("  " + (($info.Message -split "`n") -join "`n  "))
        $stack | ForEach-Object { Write-Host "  $($_.TrimEnd())" }
    }
}

function Get-XunitArguments {
    param([string] $Filter, [string] $Trx = 'xunit.trx')
    @('test', (Join-Path $Root 'tests/KevyElect.Tests'), '-c', $Configuration, '--no-build', '-nologo',
        '--logger', "trx;LogFileName=$Trx", '--results-directory', $ResultsDir, '-v', 'q', '--filter', $Filter)
}

function Read-XunitResults {
    param([string] $Trx = 'xunit.trx')
    $file = Join-Path $ResultsDir $Trx
    if (-not (Test-Path $file)) { throw "xunit produced no results file ($file)" }
    $run = ([xml](Get-Content $file -Raw)).TestRun
    Write-XunitFailures $run
    $counters = $run.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # A skipped xunit test (a real-server test without KEVY_SERVER) is a NotExecuted result; the summary's
        # notExecuted counter stays 0, so count the results.
        Skipped = @($run.Results.UnitTestResult | Where-Object outcome -EQ 'NotExecuted').Count
    }
}

function Invoke-Xunit {
    # Tests marked [Trait("Category", "Soak")] are the long robustness checks: -Task Soak runs them.
    param([string] $Filter = $(if ($XunitFilter) { $XunitFilter } else { 'Category!=Soak' }), [string] $Trx = 'xunit.trx')
    Remove-Item (Join-Path $ResultsDir $Trx) -ErrorAction Ignore
    & dotnet @(Get-XunitArguments -Filter $Filter -Trx $Trx) | Out-Host
    Read-XunitResults -Trx $Trx
}

function Invoke-Pester5 {
    # Child pwsh processes keep the module's assemblies out of this build session.
    param([ValidateSet('Main', 'RealServer')] [string] $Stage, [int] $Workers)
    $paths = if ($PesterPath) { $PesterPath } else { @(Join-Path $Root 'tests/pester') }
    Invoke-PesterWorkers -PesterManifest (Get-PesterManifest) -ModuleManifest (Join-Path $ModuleDir 'KevyElect.psd1') -Paths $paths `
        -ResultsDir $ResultsDir -Workers $Workers -ExampleShards 6 -PwshCommand (Get-ChildPwshCommand) -Stage $Stage
}

function Invoke-Test {
    # Two stages. First xunit and the Pester workers side by side: they wait on lab timers far more than they compute.
    # Then, alone, the tests that time real kevy processes (xunit's, the conformance suite, which times both backends,
    # then Pester's, one process): a kevy node starved of the processor misses heartbeats and fails over.
    Invoke-Build
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    $quiet = 'Category=RealServer'
    $first = if ($XunitFilter) { $XunitFilter } else { 'Category!=Soak&Category!=RealServer' }
    Remove-Item (Join-Path $ResultsDir 'xunit.trx') -ErrorAction Ignore
    $xunit = Start-LoggedProcess -FilePath 'dotnet' -Arguments (Get-XunitArguments -Filter $first) -LogPath (Join-Path $ResultsDir 'xunit.log')
    try {
        $p = Invoke-Pester5 -Stage Main -Workers $PesterWorkers
        $code = Wait-LoggedProcess $xunit
        Write-Host "---- xunit, $first (exit code $code) ----"
        Get-Content $xunit.LogPath | Out-Host
    } finally {
        Stop-LoggedProcess $xunit
    }
    $results = @(Read-XunitResults)
    if (-not $XunitFilter) {
        Write-Host "---- xunit, $quiet ----"
        $results += Invoke-Xunit -Filter $quiet -Trx 'xunit-real-server.trx'
    }
    $pr = Invoke-Pester5 -Stage RealServer -Workers 1
    $p = [pscustomobject]@{ Passed = $p.Passed + $pr.Passed; Failed = $p.Failed + $pr.Failed; Skipped = $p.Skipped + $pr.Skipped
        FailedNames = @($p.FailedNames) + @($pr.FailedNames) }
    $x = [pscustomobject]@{ Passed = ($results.Passed | Measure-Object -Sum).Sum; Failed = ($results.Failed | Measure-Object -Sum).Sum
        Skipped = ($results.Skipped | Measure-Object -Sum).Sum }
    Write-Information ("xunit:  {0} passed, {1} failed, {2} skipped" -f $x.Passed, $x.Failed, $x.Skipped)
    Write-Information ("Pester: {0} passed, {1} failed, {2} skipped" -f $p.Passed, $p.Failed, $p.Skipped)
    @($p.FailedNames) | Where-Object { $_ } | ForEach-Object { Write-Host "FAILED (Pester) $_" }
    $passed = $x.Passed + $p.Passed
    $failed = $x.Failed + $p.Failed
    $skipped = $x.Skipped + $p.Skipped
    # The closing line CI reads.
    Write-Host ("{0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Conformance {
    # The table compares both backends, so it needs the real server; the Test task runs the same suite either way.
    if (-not $env:KEVY_SERVER -or -not (Test-Path $env:KEVY_SERVER -PathType Leaf)) {
        throw "the conformance table needs the real kevy server: set KEVY_SERVER to a kevy 5.x binary (it is '$env:KEVY_SERVER')"
    }
    Invoke-Build
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null
    $results = Join-Path $OutRoot 'conformance/results.json'
    if (Test-Path $results) { Remove-Item $results }
    $script:XunitFilter = 'FullyQualifiedName~KevyElect.Tests.Conformance'
    $x = Invoke-Xunit
    Write-Information ("conformance: {0} passed, {1} failed, {2} skipped" -f $x.Passed, $x.Failed, $x.Skipped)
    if (-not (Test-Path $results)) { throw "the conformance suite wrote no results ($results)" }
    # The table is written whatever the verdicts: a difference is what it is there to show.
    Invoke-ChildPwsh -File (Join-Path $Root 'tools/ConvertTo-ConformanceDoc.ps1') -ResultsPath $results -OutputPath (Join-Path $Root 'docs/dev/conformance.md')
    if ($LASTEXITCODE -ne 0) { throw "writing the conformance table failed (exit code $LASTEXITCODE)" }
    if ($x.Failed -gt 0 -or $x.Skipped -gt 0) { exit 1 }
}

function Invoke-ModuleScript {
    # Builds, then runs a script against the built module in a fresh pwsh.
    param([string] $Script, [string] $What, [string[]] $Extra = @())
    Invoke-Build
    Invoke-ChildPwsh -File (Join-Path $Root $Script) -ModuleManifest (Join-Path $ModuleDir 'KevyElect.psd1') @Extra
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Invoke-Package {
    Invoke-Build
    $packages = Join-Path $OutRoot 'packages'
    $package = Invoke-ChildPwsh -File (Join-Path $Root 'tools/New-ModulePackage.ps1') -ModuleDir $ModuleDir -OutputDir $packages
    if ($LASTEXITCODE -ne 0) { throw "packing the module failed (exit code $LASTEXITCODE)" }
    Write-Information "Package: $($package | Select-Object -Last 1)"
}

function Invoke-Clean {
    foreach ($dir in @($OutRoot) + (Get-ChildItem $Root -Recurse -Directory -Include bin, obj -ErrorAction SilentlyContinue).FullName) {
        if ($dir -and (Test-Path $dir)) { Remove-Item $dir -Recurse -Force }
    }
    Write-Information 'Cleaned.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-ModuleScript 'tools/demo.ps1' 'the demo' }
    'Docs' { Invoke-ModuleScript 'tools/Update-Docs.ps1' 'the docs refresh' @('-DocsPath', (Join-Path $Root 'docs')) }
    'Bench' { Invoke-ModuleScript 'bench/Invoke-Bench.ps1' 'the benchmarks' }
    'Soak' { Invoke-ModuleScript 'bench/Invoke-Soak.ps1' 'the soak' }
    'Conformance' { Invoke-Conformance }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
