# Figure 3: Get-KevyElectPeer against labs of 3, 9 and 25 nodes, parallel against a sequential baseline.

function Measure-ProbeFigures {
    if (-not (Test-SectionReady '3 probe' 'Get-KevyElectPeer on labs of 3, 9, 25 nodes' @('Start-KevyElectLab', 'Get-KevyElectPeer'))) { return }
    throw 'not measured yet'
}
