# Dot-sourced before every runnable example of docs/*.md, in the runspace that runs it, with the module imported and
# the current location set to a copy of docs/. The documented cmdlets work offline; the lab examples start their own
# lab with Start-KevyElectLab, as a reader would, and stop it at the end.
#
# Labs live in the process, not in the runspace, so a lab an example leaves behind (because it failed half way, or
# timed out) would still be running during the next example. The runner calls ExampleTeardown after every example,
# whatever its outcome: it stops each lab started since this fixture ran, and only those.

$script:LabsBeforeExample = @([KevyElect.Lab.LabCluster]::Running)

function ExampleTeardown {
    foreach ($lab in [KevyElect.Lab.LabCluster]::Running) {
        if ($script:LabsBeforeExample -notcontains $lab) { $lab | Stop-KevyElectLab -Confirm:$false }
    }
}
