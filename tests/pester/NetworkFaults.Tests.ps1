# Every cluster cmdlet against a node whose data plane misbehaves: each ends within its timeout with a
# clear per-node error naming the node, and the healthy nodes' results are intact.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
    if (-not ('KevyElectTests.FaultServer' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'support/FaultServer.cs')
    }
    $script:lab = Start-TestLab
    $script:TimeoutMs = 600
    # Faults with the error text a row must carry.
    $script:Faults = @{
        Refused       = '*connection refused*'
        Silent        = '*no reply within*'
        ResetMidReply = '*connection reset*'
        Drip          = '*no reply within*'
        Oversize      = '*exceeds the*limit*'
        Garbage       = '*not RESP2*'
    }

    function script:New-FaultyTable([string] $Mode) {
        # The lab's three nodes plus f1, whose elect port is a healthy listener and whose client port misbehaves.
        $server = if ($Mode -eq 'Refused') { $null } else { [KevyElectTests.FaultServer]::new($Mode) }
        $clientPort = if ($server) { $server.Port } else { [KevyElectTests.FaultServer]::RefusedPort() }
        $elect = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $elect.Start()
        [pscustomobject]@{
            Peers  = "$($script:lab.Peers),f1@127.0.0.1:$($elect.LocalEndpoint.Port):$clientPort"
            Server = $server
            Elect  = $elect
        }
    }

    function script:Remove-FaultyTable($t) {
        if ($t.Server) { $t.Server.Dispose() }
        $t.Elect.Stop()
    }
}

AfterAll { Stop-TestLab $script:lab }

Describe 'Network faults' {
    Context '<_>' -ForEach @('Refused', 'Silent', 'ResetMidReply', 'Drip', 'Oversize', 'Garbage') {
        BeforeAll { $mode = $_; $t = New-FaultyTable $mode }
        AfterAll { Remove-FaultyTable $t }

        It 'Get-KevyElectPeer: the faulty row carries the error, the others are intact, within the timeout' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $rows = Get-KevyElectPeer -Peers $t.Peers -CallTimeoutSec ($script:TimeoutMs / 1000) -ErrorVariable err -ErrorAction SilentlyContinue
            $clock.Elapsed.TotalMilliseconds | Should -BeLessThan ($script:TimeoutMs * 2 + 500)
            $f1 = $rows | Where-Object NodeId -EQ f1
            $f1.Error | Should -BeLike "*: f1 at 127.0.0.1:*"
            $f1.Error | Should -BeLike $script:Faults[$mode]
            ($rows | Where-Object NodeId -NE f1 | Where-Object Reachable).Count | Should -Be 3
            $err.Count | Should -BeGreaterThan 0
            $err[0].TargetObject | Should -Be 'f1'
        }

        It 'Get-KevyElectPeer -Summary: Degraded with the fault among the reasons' {
            $s = Get-KevyElectPeer -Peers $t.Peers -Summary -CallTimeoutSec ($script:TimeoutMs / 1000)
            $s.Verdict | Should -Be 'Degraded'
            ($s.Reasons -join "`n") | Should -BeLike '*f1*'
        }

        It 'Watch-KevyElectCluster: reports the node down and keeps polling the others' {
            $events = @(Watch-KevyElectCluster -Peers $t.Peers -IntervalSec 0.1 -CallTimeoutSec ($script:TimeoutMs / 1000) -DurationSec 2)
            ($events | Where-Object { $_.Kind -eq 'NodeDown' -and $_.NodeId -eq 'f1' }) | Should -Not -BeNullOrEmpty
        }

        It 'Invoke-KevyFailover -WhatIf: plans around the faulty replica and refuses it as a target' {
            $plan = Invoke-KevyFailover -Peers $t.Peers -WhatIf -CallTimeoutSec ($script:TimeoutMs / 1000) 3>$null
            $plan.CurrentPrimaryId | Should -Not -BeNullOrEmpty
            $plan.TargetId | Should -Not -Be 'f1'
            $r = Invoke-KevyFailover -Peers $t.Peers -TargetNodeId f1 -Force -CallTimeoutSec ($script:TimeoutMs / 1000) -ErrorVariable err -ErrorAction SilentlyContinue
            $r.Outcome | Should -Be 'Refused'
            $r.Refusal.Code | Should -Be 'TargetUnreachable'
        }
    }

    It 'Send-KevyElectMessage: a refused elect port is a receipt with the error and a DeliveryFailed error' {
        $peers = "$($script:lab.Peers),f1@127.0.0.1:$([KevyElectTests.FaultServer]::RefusedPort()):$([KevyElectTests.FaultServer]::RefusedPort())"
        $receipts = Send-KevyElectMessage -Peers $peers -SenderId n1 -Role Replica -Epoch 1 -CallTimeoutSec ($script:TimeoutMs / 1000) -ErrorVariable err -ErrorAction SilentlyContinue
        ($receipts | Where-Object Target -EQ f1).Error | Should -BeLike '*refused*'
        ($receipts | Where-Object { $_.Target -ne 'f1' -and -not $_.Error }).Count | Should -Be 3
        $err[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.DeliveryFailed*'
    }
}
