@{
    RootModule           = 'KevyElect.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5b0f3f7e-6a52-4c1e-9f0d-3e2f8c7a41d6'
    Author               = 'KevyElect contributors'
    CompanyName          = 'KevyElect'
    Copyright            = '(c) KevyElect contributors. MIT License.'
    Description          = 'Operate kevy clusters that fail over with kevy-elect: probe both planes, watch for failovers, run planned switchovers and forced takeovers safely, keep a failover history, speak the elect wire protocol, and rehearse it all on an embedded lab cluster.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    RequiredAssemblies   = @('KevyElect.dll', 'KevyElect.Lab.dll')
    FormatsToProcess     = @('KevyElect.Format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'ConvertFrom-KevyElectFrame'
        'ConvertTo-KevyElectFrame'
        'Get-KevyElectPeer'
        'Invoke-KevyFailover'
        'Get-KevyElectHistory'
        'Get-KevyElectInventory'
        'Send-KevyElectMessage'
        'Watch-KevyElectCluster'
        'Wait-KevyElectCluster'
        'Start-KevyElectLab'
        'Stop-KevyElectLab'
        'Get-KevyElectLab'
        'Get-KevyElectLabNode'
        'Stop-KevyElectLabNode'
        'Start-KevyElectLabNode'
        'Suspend-KevyElectLabNode'
        'Resume-KevyElectLabNode'
        'Disconnect-KevyElectLabNode'
        'Connect-KevyElectLabNode'
        'Start-KevyElectLabWriteLoad'
        'Stop-KevyElectLabWriteLoad'
        'Get-KevyElectLabFrame'
        'Wait-KevyElectLabPrimary'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('kevy', 'redis', 'failover', 'election', 'quorum', 'high-availability', 'operations', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://github.com/kevyelect/KevyElect/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/kevyelect/KevyElect'
        }
    }
}
