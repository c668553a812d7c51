BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'KevyElect module' {
    It 'exports exactly the cmdlets listed in the manifest' {
        $manifest = Import-PowerShellDataFile $script:ModuleManifest
        $exported = Get-Command -Module KevyElect | Select-Object -ExpandProperty Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'declares both editions and no wildcard exports' {
        $manifest = Import-PowerShellDataFile $script:ModuleManifest
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.FunctionsToExport.Count | Should -Be 0
    }

    It 'imports in a fresh pwsh process' {
        $names = Invoke-FreshPwsh -Command "Import-Module '$script:ModuleManifest'; (Get-Command -Module KevyElect).Count"
        $LASTEXITCODE | Should -Be 0
        [int]($names | Select-Object -Last 1) | Should -Be (Import-PowerShellDataFile $script:ModuleManifest).CmdletsToExport.Count
    }
}
