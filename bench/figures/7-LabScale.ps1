# Figure 7: CPU and memory of idle labs of 3, 9 and 15 nodes at the reference timings.

function Measure-LabScaleFigures {
    if (-not (Test-SectionReady '7 lab scale' 'idle labs of 3, 9, 15 nodes' @('Start-KevyElectLab', 'Stop-KevyElectLab'))) { return }
    throw 'not measured yet'
}
