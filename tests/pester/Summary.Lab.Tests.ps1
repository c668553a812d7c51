# Get-KevyElectPeer -Summary verdicts on a lab over real sockets: each verdict produced the way an
# operator would meet it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
}

Describe 'Get-KevyElectPeer -Summary verdicts on a lab' {
    BeforeEach { $lab = Start-TestLab }
    AfterEach { Stop-TestLab $lab }

    It 'is Healthy when every node is up and both views agree' {
        $s = $lab | Get-KevyElectPeer -Summary
        $s.Verdict | Should -Be 'Healthy'
        $s.Reasons | Should -BeNullOrEmpty
    }

    It 'is Degraded with one replica down' {
        $replica = ($lab | Get-KevyElectLabNode | Where-Object Role -EQ Replica | Select-Object -First 1).NodeId
        $lab | Stop-KevyElectLabNode -NodeId $replica -Confirm:$false
        $s = $lab | Get-KevyElectPeer -Summary -CallTimeoutSec 1
        $s.Verdict | Should -Be 'Degraded'
        $s.Reasons -join "`n" | Should -BeLike "*$replica*"
    }

    It 'is NoQuorum with two of three nodes down' {
        $lab | Get-KevyElectLabNode | Select-Object -First 2 | ForEach-Object { $lab | Stop-KevyElectLabNode -NodeId $_.NodeId -Confirm:$false }
        $s = $lab | Get-KevyElectPeer -Summary -CallTimeoutSec 1
        $s.Verdict | Should -Be 'NoQuorum'
        $s.HasQuorum | Should -BeFalse
    }

    It 'is SplitBrain when an ANNOUNCE sent with Send-KevyElectMessage makes a cut-off replica a second primary' {
        $primary = ($lab | Get-KevyElectLabNode | Where-Object Role -EQ Primary).NodeId
        $rogue = ($lab | Get-KevyElectLabNode | Where-Object Role -EQ Replica | Select-Object -First 1)
        # Cut the rogue off from its peers so nothing reconciles it; the operator's host still reaches it.
        $lab | Disconnect-KevyElectLabNode -NodeId $rogue.NodeId -Confirm:$false
        $receipt = $lab | Send-KevyElectMessage -NodeId $rogue.NodeId -NewPrimaryId $rogue.NodeId `
            -NewPrimaryAddress "127.0.0.1:$($rogue.ClientPort)" -Epoch 999999 -Confirm:$false
        $receipt.Error | Should -BeNullOrEmpty
        Wait-TestCondition { ($lab | Get-KevyElectLabNode -NodeId $rogue.NodeId).Role -eq 'Primary' } -Because "$($rogue.NodeId) to take the ANNOUNCE"
        $s = $lab | Get-KevyElectPeer -Summary
        $s.Verdict | Should -Be 'SplitBrain'
        $s.SplitBrain | Should -BeTrue
        $s.ElectorPrimaryIds | Should -Contain $primary
        $s.ElectorPrimaryIds | Should -Contain $rogue.NodeId
    }

    It 'is Inconsistent after a bare FAILOVER verb moved only the data plane' {
        $primary = $lab | Get-KevyElectLabNode | Where-Object Role -EQ Primary
        $target = $lab | Get-KevyElectLabNode | Where-Object Role -EQ Replica | Select-Object -First 1
        (Invoke-LabCommand -Node $primary -Arguments 'FAILOVER', '127.0.0.1', "$($target.ClientPort)").Text | Should -Be 'OK'
        # The other nodes resync from the target and answer -LOADING for a moment, as kevy does: judge a probe that
        # reached every node, none of them loading, after the data plane moved.
        Wait-TestCondition -Because 'the data plane to move and every node to answer' {
            $script:s = $lab | Get-KevyElectPeer -Summary
            $script:s.DataPrimary -eq $target.NodeId -and $script:s.ReachableCount -eq $script:s.Members.Count -and
                -not ($script:s.GetRows() | Where-Object IsLoading)
        }
        $s = $script:s
        $s.Verdict | Should -Be 'Inconsistent'
        $s.ElectorPrimary | Should -Be $primary.NodeId
        $s.DataPrimary | Should -Be $target.NodeId
    }
}
