# The module as a package: packed with PSResourceGet (tools/New-ModulePackage.ps1, the Package task's script),
# installed from a local file repository into a temporary folder, imported by name in a fresh pwsh, and used.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:ModuleDir = Split-Path $script:ModuleManifest
}

Describe 'KevyElect as a PSResourceGet package' {
    It 'installs from a local repository and imports by name in a fresh pwsh' {
        $feed = Join-Path $TestDrive 'feed'
        $installed = Join-Path $TestDrive 'modules'
        $settings = Join-Path $TestDrive 'psresourceget'
        New-Item -ItemType Directory -Path $installed, $settings | Out-Null

        $package = Invoke-FreshPwsh -File (Join-Path $script:Root 'tools/New-ModulePackage.ps1') -ModuleDir $script:ModuleDir -OutputDir $feed | Select-Object -Last 1
        $LASTEXITCODE | Should -Be 0
        $package | Should -Exist
        $package | Should -BeLike '*KevyElect.*.nupkg'

        # Install as a user would, with PSResourceGet's repository list kept in the test's folder.
        $install = "`$env:XDG_DATA_HOME = '$settings'; `$env:LOCALAPPDATA = '$settings'; `$ErrorActionPreference = 'Stop'; " +
            "Register-PSResourceRepository -Name KevyElectTest -Uri '$feed' -Trusted; " +
            "Save-PSResource -Name KevyElect -Repository KevyElectTest -Path '$installed' -TrustRepository"
        Invoke-FreshPwsh -Command $install | Out-String | Write-Verbose
        $LASTEXITCODE | Should -Be 0
        Join-Path $installed 'KevyElect' | Should -Exist

        $use = "`$env:PSModulePath = '$installed'; `$ErrorActionPreference = 'Stop'; Import-Module KevyElect; " +
            "(Get-Module KevyElect).ModuleBase; `$lab = Start-KevyElectLab -Nodes 1 -Fast -WaitForPrimary; " +
            "try { (`$lab | Get-KevyElectPeer -Summary).Verdict.ToString() } finally { `$lab | Stop-KevyElectLab }"
        $output = @(Invoke-FreshPwsh -Command $use)
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output[0] | Should -BeLike "$installed*"
        $output[-1] | Should -Be 'Healthy'
        Join-Path $installed 'KevyElect/*/LICENSE' | Should -Exist
    }
}
