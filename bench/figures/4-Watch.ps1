# Figure 4: delay from a role change in the lab to its event in Watch-KevyElectCluster's pipeline.

function Measure-WatchFigures {
    if (-not (Test-SectionReady '4 watch' 'role change to Watch event, p95' @('Start-KevyElectLab', 'Watch-KevyElectCluster'))) { return }
    throw 'not measured yet'
}
