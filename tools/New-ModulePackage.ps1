# Packs a laid-out module folder (out/KevyElect/<version>) into <OutputDir>/KevyElect.<version>.nupkg with PSResourceGet.
# PSResourceGet publishes only to a registered repository: a file repository is registered for this process alone
# (its settings go to a temporary data folder), so the user's repository list is never touched.
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $OutputDir
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$settings = Join-Path ([IO.Path]::GetTempPath()) ('kevyelect-psresource-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force -Path $settings, $OutputDir | Out-Null
$env:XDG_DATA_HOME = $settings   # where PSResourceGet keeps its repository list on Linux and macOS
$env:LOCALAPPDATA = $settings    # and on Windows
try {
    Import-Module Microsoft.PowerShell.PSResourceGet
    Register-PSResourceRepository -Name KevyElectBuild -Uri (Resolve-Path $OutputDir).Path -Trusted
    Publish-PSResource -Path $ModuleDir -Repository KevyElectBuild -SkipDependenciesCheck
    $manifest = Import-PowerShellDataFile (Join-Path $ModuleDir 'KevyElect.psd1')
    $package = Join-Path $OutputDir "KevyElect.$($manifest.ModuleVersion).nupkg"
    if (-not (Test-Path $package)) { throw "PSResourceGet wrote no $package" }
    Write-Output $package
} finally {
    Remove-Item $settings -Recurse -Force -ErrorAction SilentlyContinue
}
