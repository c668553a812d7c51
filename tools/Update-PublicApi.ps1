#requires -Version 7.4
<#
.SYNOPSIS
    Rewrites the PublicAPI.*.txt files of the product assemblies from their code.
.DESCRIPTION
    The public API analyzer fails the build when an assembly's public surface differs from what
    PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt list. After an intended change, this script
    regenerates the lists: Unshipped gets every public API that Shipped does not hold, and a
    *REMOVED* line for every Shipped entry that is gone. -Ship (at a release) moves everything
    into Shipped. Review the diff: it is the change to the public API.
.EXAMPLE
    dotnet pwsh tools/Update-PublicApi.ps1
.EXAMPLE
    dotnet pwsh tools/Update-PublicApi.ps1 -Ship
#>
[CmdletBinding()]
param([switch] $Ship)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$Root = Split-Path $PSScriptRoot -Parent
$Header = '#nullable enable'

function Read-Api([string] $Path) {
    @(Get-Content $Path | Where-Object { $_ -and $_ -ne $Header })
}

function Write-Api([string] $Path, [string[]] $Lines) {
    $sorted = @($Lines | Sort-Object -Unique -Culture ([Globalization.CultureInfo]::InvariantCulture))
    Set-Content -Path $Path -Value (@($Header) + $sorted) -Encoding utf8NoBOM
}

foreach ($name in 'KevyElect', 'KevyElect.Lab', 'KevyElect.PowerShell') {
    $dir = Join-Path $Root "src/$name"
    $shippedPath = Join-Path $dir 'PublicAPI.Shipped.txt'
    $unshippedPath = Join-Path $dir 'PublicAPI.Unshipped.txt'
    $shipped = Read-Api $shippedPath
    # With both lists empty, the analyzer's code fix writes the whole current surface into Unshipped.
    Write-Api $shippedPath @()
    Write-Api $unshippedPath @()
    & dotnet format analyzers (Join-Path $dir "$name.csproj") --diagnostics RS0016 --severity warn -v q
    if ($LASTEXITCODE -ne 0) { throw "dotnet format failed for $name (exit code $LASTEXITCODE)" }
    $current = Read-Api $unshippedPath
    if ($Ship) {
        Write-Api $shippedPath $current
        Write-Api $unshippedPath @()
    } else {
        Write-Api $shippedPath $shipped
        $added = @($current | Where-Object { $_ -notin $shipped })
        $removed = @($shipped | Where-Object { $_ -notin $current } | ForEach-Object { "*REMOVED*$_" })
        Write-Api $unshippedPath ($added + $removed)
    }
    Write-Information "$name public API written" -InformationAction Continue
}
