# Cmdlets that change a cluster act once per cluster, on the target the caller picked: a piped row's NodeId
# binds the target, several target rows or rows of two clusters are refused before anything is sent.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    function Get-FailoverCommands($Lab) {
        # Every FAILOVER that starts a handover (a switchover's first command; FAILOVER ABORT ends it).
        foreach ($node in $Lab.GetNodes()) {
            $node.Commands.Snapshot() | Where-Object { $_.Name -eq 'FAILOVER' -and $_.Args[1] -ne 'ABORT' } | ForEach-Object { "$($node.NodeId): $_" }
        }
    }

    function Get-AnnounceCount($Lab, [string] $NodeId) {
        @($Lab.Node($NodeId).FramesReceived.Snapshot() | Where-Object { "$($_.Verb)" -eq 'Announce' }).Count
    }

    function Get-MarkedFrames($Lab, [uint64] $Mark) {
        # The HBs carrying this offset each node received, as 'node' strings (one per frame).
        foreach ($node in $Lab.GetNodes()) {
            $node.FramesReceived.Snapshot() | Where-Object { $_.Message -and $_.Message.ReplOffset -eq $Mark } | ForEach-Object { $node.NodeId }
        }
    }
}

Describe 'Invoke-KevyFailover with piped rows' {
    BeforeAll { $script:Lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:Lab }

    It 'switches over to the node of the one piped row, not to the candidate rule''s choice' {
        $old = $script:Lab.WaitForSteadyAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId
        # With equal offsets the candidate rule picks the lowest id: pipe the other replica.
        $replicas = @($script:Lab.Peers.Id | Where-Object { $_ -ne $old })
        $picked = $replicas[-1]
        $failoversBefore = @(Get-FailoverCommands $script:Lab).Count
        $announcesBefore = Get-AnnounceCount $script:Lab $picked

        $r = $script:Lab | Get-KevyElectPeer | Where-Object NodeId -EQ $picked | Invoke-KevyFailover -Force -TimeoutSec 5

        $r.Outcome | Should -Be 'Succeeded'
        $r.GetPlan().TargetId | Should -Be $picked
        $r.NewPrimary | Should -Be $picked
        $r.GetPlan().TargetReason | Should -BeLike '*-TargetNodeId*'
        @(Get-FailoverCommands $script:Lab).Count - $failoversBefore | Should -Be 1 -Because 'one switchover, one FAILOVER'
        (Get-AnnounceCount $script:Lab $picked) - $announcesBefore | Should -Be 1 -Because 'one ANNOUNCE per node'
        ($script:Lab.GetState() | Where-Object IsWritablePrimary).NodeId | Should -Be $picked
    }

    It 'refuses every row of the cluster piped at once, before anything is sent' {
        $primary = $script:Lab.WaitForSteadyAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId
        $failoversBefore = @(Get-FailoverCommands $script:Lab).Count
        $rows = $script:Lab | Get-KevyElectPeer

        { $rows | Invoke-KevyFailover -Force -TimeoutSec 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.SeveralTargets,KevyElect.PowerShell.Commands.InvokeKevyFailoverCommand'

        @(Get-FailoverCommands $script:Lab).Count | Should -Be $failoversBefore
        ($script:Lab.GetState() | Where-Object IsWritablePrimary).NodeId | Should -Be $primary
    }

    It 'names every target in the refusal' {
        $rows = $script:Lab | Get-KevyElectPeer
        $err = $null
        try { $rows | Invoke-KevyFailover -WhatIf -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.Message | Should -BeLike '*3 target nodes were named (n1, n2, n3)*nothing was sent*'
    }

    It 'switches over once to -TargetNodeId when rows only name the cluster' {
        $old = $script:Lab.WaitForSteadyAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId
        $target = @($script:Lab.Peers.Id | Where-Object { $_ -ne $old })[0]
        $failoversBefore = @(Get-FailoverCommands $script:Lab).Count

        $r = @($script:Lab | Get-KevyElectPeer | Invoke-KevyFailover -TargetNodeId $target -Force -TimeoutSec 5)

        $r.Count | Should -Be 1
        $r[0].NewPrimary | Should -Be $target
        @(Get-FailoverCommands $script:Lab).Count - $failoversBefore | Should -Be 1
    }
}

Describe 'Send-KevyElectMessage with piped rows' {
    BeforeAll { $script:Lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:Lab }

    It 'sends to the node of the one piped row only' {
        $mark = [uint64]717171
        $receipts = @($script:Lab | Get-KevyElectPeer | Where-Object NodeId -EQ n2 |
            Send-KevyElectMessage -SenderId n3 -Role Replica -Epoch 1 -ReplOffset $mark)
        $receipts.Target | Should -Be @('n2')
        Wait-TestCondition { @(Get-MarkedFrames $script:Lab $mark).Count -ge 1 } -Because 'n2 to read the HB'
        Get-MarkedFrames $script:Lab $mark | Should -Be @('n2')
    }

    It 'sends each frame once to each piped row''s node: three rows, three frames' {
        $mark = [uint64]727272
        $receipts = @($script:Lab | Get-KevyElectPeer | Send-KevyElectMessage -SenderId n3 -Role Replica -Epoch 1 -ReplOffset $mark)
        $receipts.Target | Should -Be @('n1', 'n2', 'n3')
        Wait-TestCondition { @(Get-MarkedFrames $script:Lab $mark).Count -ge 2 } -Because 'n1 and n2 to read the HB'
        # n3 ignores an HB carrying its own id; the others record exactly one each.
        Get-MarkedFrames $script:Lab $mark | Where-Object { $_ -ne 'n3' } | Should -Be @('n1', 'n2')
    }

    It 'refuses -All together with piped rows, before anything is sent' {
        $mark = [uint64]737373
        { $script:Lab | Get-KevyElectPeer | Where-Object NodeId -EQ n2 |
            Send-KevyElectMessage -All -SenderId n3 -Role Replica -Epoch 1 -ReplOffset $mark -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.AllWithNodeId,KevyElect.PowerShell.Commands.SendKevyElectMessageCommand'
        Get-MarkedFrames $script:Lab $mark | Should -BeNullOrEmpty
    }
}

Describe 'Cmdlets that change a cluster refuse rows of two clusters' {
    BeforeAll {
        $script:LabA = Start-TestLab
        $script:LabB = Start-TestLab
    }
    AfterAll {
        Stop-TestLab $script:LabA
        Stop-TestLab $script:LabB
    }

    It 'Invoke-KevyFailover sends nothing' {
        $rows = @($script:LabA | Get-KevyElectPeer | Where-Object NodeId -EQ n2) + @($script:LabB | Get-KevyElectPeer | Where-Object NodeId -EQ n2)
        $before = @(Get-FailoverCommands $script:LabA).Count + @(Get-FailoverCommands $script:LabB).Count
        { $rows | Invoke-KevyFailover -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.SeveralClusters,KevyElect.PowerShell.Commands.InvokeKevyFailoverCommand'
        @(Get-FailoverCommands $script:LabA).Count + @(Get-FailoverCommands $script:LabB).Count | Should -Be $before
    }

    It 'Send-KevyElectMessage sends nothing' {
        $mark = [uint64]747474
        $rows = @($script:LabA | Get-KevyElectPeer | Where-Object NodeId -EQ n2) + @($script:LabB | Get-KevyElectPeer | Where-Object NodeId -EQ n2)
        { $rows | Send-KevyElectMessage -SenderId n3 -Role Replica -Epoch 1 -ReplOffset $mark -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.SeveralClusters,KevyElect.PowerShell.Commands.SendKevyElectMessageCommand'
        Get-MarkedFrames $script:LabA $mark | Should -BeNullOrEmpty
        Get-MarkedFrames $script:LabB $mark | Should -BeNullOrEmpty
    }
}

Describe '-Peers as an array of entries' {
    It 'takes one peer-table entry per array element' {
        $plan = Invoke-KevyFailover -Peers 'n1@127.0.0.1:1:2', 'n2@127.0.0.1:3:4' -CallTimeoutSec 0.2 -WhatIf -ErrorAction SilentlyContinue
        $plan.Nodes.NodeId | Should -Be @('n1', 'n2')
    }
}
