# The Watch soak of Invoke-Soak.ps1: Watch-KevyElectCluster over a churning lab, resources sampled.

function Invoke-WatchSoak {
    param([double] $Minutes)
    if (-not (Test-SectionReady 'watch soak' 'Watch over a churning lab' @('Start-KevyElectLab', 'Watch-KevyElectCluster'))) { return }
    throw 'not implemented yet'
}
