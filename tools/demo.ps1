# The main job on the lab. Called by build.ps1 -Task Demo with the built module's manifest.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$vectors = Join-Path $PSScriptRoot '../tests/vectors/elect-wire-golden.jsonl'
Get-Content $vectors | ForEach-Object { ($_ | ConvertFrom-Json).hex } | ConvertFrom-KevyElectFrame | Format-Table
