# Figure 5: planned switchover end to end and write-unavailable time; crash failover next to its floor.

function Measure-SwitchoverFigures {
    if (-not (Test-SectionReady '5 switchover' 'planned switchover on a caught-up 3-node lab' @('Start-KevyElectLab', 'Invoke-KevyFailover'))) { return }
    throw 'not measured yet'
}
