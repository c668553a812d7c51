BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    function Get-ChangingCommands($Lab) {
        foreach ($node in $Lab.GetNodes()) {
            $node.Commands.Snapshot() | Where-Object { $_.Name -in 'FAILOVER', 'REPLICAOF', 'SLAVEOF', 'SET', 'DEL' } | ForEach-Object { "$($node.NodeId): $_" }
        }
    }

    function Get-FrameFingerprint($Lab) {
        # Frames an operations tool could have sent: ANNOUNCEs, senders outside the table, dropped connections.
        $ids = $Lab.Peers.Id
        ($Lab.GetNodes() | ForEach-Object {
            $f = $_.FramesReceived.Snapshot()
            '{0}: announce={1} foreign={2} dropped={3}' -f $_.NodeId,
                @($f | Where-Object { "$($_.Verb)" -eq 'Announce' }).Count,
                @($f | Where-Object { $_.SenderId -and $_.SenderId -notin $ids }).Count,
                @($f | Where-Object { -not $_.Message }).Count
        }) -join '; '
    }

    function Get-PrimaryId($Lab) { $Lab.WaitForPrimaryAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId }
}

Describe 'Invoke-KevyFailover planned switchover' {
    BeforeAll { $script:Lab = Start-SettledTestLab }
    AfterAll { $script:Lab.Dispose() }

    It '-WhatIf runs the pre-flight, writes the plan and changes nothing' {
        $before = Get-FrameFingerprint $script:Lab
        $primary = Get-PrimaryId $script:Lab
        $plan = $script:Lab | Invoke-KevyFailover -WhatIf
        $plan | Should -BeOfType KevyElect.Failover.FailoverPlan
        $plan.Kind | Should -Be 'Planned'
        $plan.CurrentPrimaryId | Should -Be $primary
        $plan.TargetId | Should -Not -Be $primary
        $plan.TargetReason | Should -BeLike 'candidate rule: highest offset*'
        $plan.Steps.Count | Should -Be 6
        $plan.DrainUnprovable | Should -BeNullOrEmpty
        $plan.ExpectedLossFrames | Should -Be 0
        $plan.Epoch | Should -BeGreaterThan 1600000000000
        $plan.Refusal | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 200
        Get-FrameFingerprint $script:Lab | Should -Be $before
        Get-ChangingCommands $script:Lab | Should -BeNullOrEmpty
        Get-PrimaryId $script:Lab | Should -Be $primary
    }

    It 'demands confirmation (ConfirmImpact High) and changes nothing when it cannot ask' {
        { Invoke-KevyFailover -Peers $script:Lab.Peers -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidOperation,KevyElect.PowerShell.Commands.InvokeKevyFailoverCommand' # no host to ask
        Get-ChangingCommands $script:Lab | Should -BeNullOrEmpty
    }

    It 'refuses -StandInVoter without -Takeover, before anything is sent' {
        { Invoke-KevyFailover -Peers $script:Lab.Peers -StandInVoter -Force } | Should -Throw -ErrorId 'KevyElect.TakeoverOnlySwitch*'
        Get-ChangingCommands $script:Lab | Should -BeNullOrEmpty
    }

    It 'refuses a takeover while the primary is up, as a non-terminating error with the reason code' {
        $r = Invoke-KevyFailover -Peers $script:Lab.Peers -Takeover -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Refused'
        $r.Refusal.Code | Should -Be 'PrimaryReachable_UseSwitchover'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.FailoverRefused.PrimaryReachable_UseSwitchover*'
        Get-ChangingCommands $script:Lab | Should -BeNullOrEmpty
    }

    It 'refuses a target outside the table' {
        $r = Invoke-KevyFailover -Peers $script:Lab.Peers -TargetNodeId n9 -Force -ErrorAction SilentlyContinue
        $r.Refusal.Code | Should -Be 'TargetUnknown'
    }

    It 'switches over under write load with -Force, loses no acknowledged write and leaves both planes consistent' {
        $load = $script:Lab.StartWriteLoad(100)
        Wait-TestCondition -Because 'ten writes acknowledged before the switchover' -Condition { $load.AckCount -ge 10 }
        $old = Get-PrimaryId $script:Lab
        $target = ($script:Lab.Peers.Id | Where-Object { $_ -ne $old } | Select-Object -Last 1)
        $r = Invoke-KevyFailover -Peers $script:Lab.Peers -TargetNodeId $target -Force -TimeoutSec 5 -CallTimeoutSec 1
        Wait-TestCondition -Because "ten writes acknowledged by $target" -Condition { @($load.GetAcks() | Where-Object NodeId -EQ $target).Count -ge 10 }
        $load.Stop()

        $r | Should -BeOfType KevyElect.Failover.FailoverResult
        $r.Outcome | Should -Be 'Succeeded'
        $r.OldPrimary | Should -Be $old
        $r.NewPrimary | Should -Be $target
        $r.OffsetGap | Should -Be 0
        $r.WriteUnavailableMs | Should -BeGreaterOrEqual 0
        $r.Steps.Name | Should -Be @('Quiesce', 'Drain', 'Promote', 'Announce', 'Release', 'Verify')
        $r.Drain.Verdict | Should -Be 'NoLoss'
        $r.Drain.MissingFrames | Should -Be 0
        $r.Drain.Shards.Confirmed | Should -Not -Contain $false
        $r.Steps | ForEach-Object { $_.DurationMs | Should -BeOfType [double]; $_.GetDuration() | Should -BeOfType [timespan] }

        $peer = $script:Lab.Peers.Find($target)
        $connection = [KevyElect.Net.KevyConnection]::ConnectAsync($peer.Host, $peer.ClientPort, [timespan]::FromSeconds(2), [Threading.CancellationToken]::None).GetAwaiter().GetResult()
        try {
            foreach ($ack in $load.GetAcks()) {
                $reply = $connection.ExecuteAsync([timespan]::FromSeconds(2), [Threading.CancellationToken]::None, [string[]]@('GET', $ack.Key)).GetAwaiter().GetResult()
                $reply.Text | Should -Be $ack.Value -Because "write $($ack.Key) was acknowledged by $($ack.NodeId)"
            }
        } finally { $connection.Dispose() }

        $states = $script:Lab.GetState()
        ($states | Where-Object NodeId -EQ $target).Role | Should -Be 'Primary'
        $states | Where-Object NodeId -NE $target | ForEach-Object {
            $_.KnownPrimaryId | Should -Be $target
            $_.DataSourceId | Should -Be $target
        }
        $states.Epoch | Sort-Object -Unique | Should -Be $r.Epoch
    }

    It 'takes -Epoch as the announced epoch' {
        $old = Get-PrimaryId $script:Lab
        $epoch = [uint64]([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() + 1000)
        $r = Invoke-KevyFailover -Peers $script:Lab.Peers -Epoch $epoch -Confirm:$false -TimeoutSec 5
        $r.Outcome | Should -Be 'Succeeded'
        $r.Epoch | Should -Be $epoch
        $r.NewPrimary | Should -Not -Be $old
        $r.GetPlan().EpochSource | Should -Be '-Epoch'
    }
}

Describe 'Invoke-KevyFailover refusals' {
    It 'names TargetLagging for a lagging target' {
        $lab = Start-SettledTestLab -ApplyDelay ([timespan]::FromSeconds(3))
        try {
            $primary = Get-PrimaryId $lab
            $target = $lab.Peers.Id | Where-Object { $_ -ne $primary } | Select-Object -First 1
            $load = $lab.StartWriteLoad(50)
            # The lag gauge moves with the replication heartbeat: wait until it shows the target behind.
            $deadline = [Diagnostics.Stopwatch]::StartNew()
            while ($lab.Node($target).DataPlane.GetStatus().LagFrames -eq 0 -and $deadline.Elapsed.TotalSeconds -lt 5) { Start-Sleep -Milliseconds 20 }
            $r = Invoke-KevyFailover -Peers $lab.Peers -TargetNodeId $target -MaxLagFrames 0 -Force -ErrorVariable failures -ErrorAction SilentlyContinue
            $load.Stop()
            $r.Outcome | Should -Be 'Refused'
            $r.Refusal.Code | Should -Be 'TargetLagging'
            $r.Refusal.Message | Should -Match "'$target' lags \d+ frames"
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.FailoverRefused.TargetLagging*'
            ($lab.GetNodes() | ForEach-Object { $_.Commands.Snapshot() } | Where-Object Name -EQ 'FAILOVER') | Should -BeNullOrEmpty
        } finally { $lab.Dispose() }
    }

    It 'refuses with NoQuorum when no node answers' {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop()
        $r = Invoke-KevyFailover -Peers "n1@127.0.0.1:$($p):$p" -Force -CallTimeoutSec 0.3 -ErrorVariable failures -ErrorAction SilentlyContinue
        $r.Refusal.Code | Should -Be 'NoQuorum'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.FailoverRefused.NoQuorum*'
    }
}

Describe 'Invoke-KevyFailover forced takeover' {
    BeforeAll {
        $script:Two = Start-SettledTestLab -Nodes 2
        $script:Crashed = Get-PrimaryId $script:Two
        $script:Survivor = $script:Two.Peers.Id | Where-Object { $_ -ne $script:Crashed }
        $script:Two.Crash($script:Crashed)
        # The takeover's refusals below depend on the survivor having seen the crashed node go DOWN.
        Wait-TestCondition -Because "$script:Survivor to see $script:Crashed down" -Condition {
            $survivor = $script:Two.GetState() | Where-Object NodeId -EQ $script:Survivor
            $survivor.LivePeers -notcontains $script:Crashed
        }
    }
    AfterAll { $script:Two.Dispose() }

    It 'needs -AcceptDataLoss when writes may be lost, even with -Force' {
        $r = Invoke-KevyFailover -Peers $script:Two.Peers -Takeover -StandInVoter -Force -ErrorAction SilentlyContinue
        $r.Refusal.Code | Should -Be 'TakeoverNotAcknowledged'
    }

    It 'needs -StandInVoter when the target cannot see a majority' {
        $r = Invoke-KevyFailover -Peers $script:Two.Peers -Takeover -AcceptDataLoss -Force -ErrorAction SilentlyContinue
        $r.Refusal.Code | Should -Be 'StandInVoterRequired'
        $r.GetPlan().StandInVotersNeeded | Should -Be 1
    }

    It '-WhatIf shows the takeover plan with the expected loss and sends nothing' {
        $before = Get-FrameFingerprint $script:Two
        $plan = Invoke-KevyFailover -Peers $script:Two.Peers -Takeover -AcceptDataLoss -StandInVoter -WhatIf
        $plan.Kind | Should -Be 'Takeover'
        $plan.TargetId | Should -Be $script:Survivor
        $plan.ExpectedLossFrames | Should -Be 0
        $plan.LossBounded | Should -BeFalse
        Start-Sleep -Milliseconds 200
        Get-FrameFingerprint $script:Two | Should -Be $before
    }

    It 'restores a writable primary with N=2 and one node down, and reports the gap' {
        $r = Invoke-KevyFailover -Peers $script:Two.Peers -Takeover -AcceptDataLoss -StandInVoter -Force -TimeoutSec 5 -WarningVariable warnings -WarningAction SilentlyContinue
        try {
            $r.Outcome | Should -Be 'Succeeded'
            $r.Kind | Should -Be 'Takeover'
            $r.NewPrimary | Should -Be $script:Survivor
            $r.OffsetGap | Should -Be 0
            $r.Message | Should -Match 'offset gap at least 0 frames'
            $r.StandIn.IsRunning | Should -BeTrue
            $warnings -join ' ' | Should -Match 'Stand-in voter'
            ($script:Two.GetState() | Where-Object NodeId -EQ $script:Survivor).IsWritablePrimary | Should -BeTrue
        } finally { if ($r.StandIn) { $r.StandIn.Stop() } }
    }
}
