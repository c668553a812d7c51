BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
}

Describe 'Start-KevyElectLab and Stop-KevyElectLab' {
    It 'starts a lab whose object carries the peer table and elects a primary' {
        $lab = Start-TestLab
        try {
            $lab | Should -BeOfType ([KevyElect.Lab.LabCluster])
            $lab.Peers.GetType() | Should -Be ([KevyElect.Cluster.PeerTable])
            $lab.Peers.Count | Should -Be 3
            $lab.Peers.ToString() | Should -Match '^n1@127\.0\.0\.1:\d+:\d+,n2@127\.0\.0\.1:\d+:\d+,n3@127\.0\.0\.1:\d+:\d+$'
            @(Get-KevyElectLab) | Should -Contain $lab
            $nodes = Get-KevyElectLabNode -Lab $lab
            $primary = @($nodes | Where-Object IsWritablePrimary)
            $primary.Count | Should -Be 1
            # -WaitForPrimary returns only once the others follow it on both planes.
            foreach ($n in $nodes | Where-Object NodeId -NE $primary[0].NodeId) {
                $n.KnownPrimaryId | Should -Be $primary[0].NodeId
                $n.DataSourceId | Should -Be $primary[0].NodeId
                $n.DataLinkUp | Should -BeTrue
            }
        } finally { Stop-TestLab $lab }
        $lab.IsDisposed | Should -BeTrue
        @(Get-KevyElectLab).Count | Should -Be 0
    }

    It 'closes every port when stopped through the pipeline' {
        $lab = Start-TestLab -Nodes 1
        $port = $lab.GetNodes()[0].Peer.ClientPort
        $lab | Stop-KevyElectLab
        { [Net.Sockets.TcpClient]::new('127.0.0.1', $port) } | Should -Throw -ErrorId 'SocketException'
    }

    It 'refuses a node count outside 1..15' {
        { Start-KevyElectLab -Nodes 16 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,KevyElect.PowerShell.Commands.StartKevyElectLabCommand'
    }

    It 'takes custom timings' {
        $lab = Start-KevyElectLab -Nodes 1 -HeartbeatIntervalSec 0.04 -DownAfterSec 0.4 -ElectionTimeoutSec 0.3 -BackoffBaseSec 0.05 -BackoffJitterMaxSec 0.05
        try {
            $lab.GetOptions().Timings.HbIntervalMs | Should -Be 40
            $lab.GetOptions().Timings.DownAfterMs | Should -Be 400
            (Wait-KevyElectLabPrimary -Lab $lab -TimeoutSec 5).NodeId | Should -Be 'n1'
        } finally { Stop-TestLab $lab }
    }

    It 'with -Wait runs in the foreground until stopped, then stops the lab' {
        $out = Invoke-FreshPwsh -Command @"
Import-Module '$script:ModuleManifest'
`$ps = [PowerShell]::Create()
`$null = `$ps.AddCommand('Import-Module').AddArgument('$script:ModuleManifest').AddStatement().AddCommand('Start-KevyElectLab').AddParameter('Fast').AddParameter('Nodes', 1).AddParameter('Wait')
`$h = `$ps.BeginInvoke()
`$deadline = [DateTime]::UtcNow.AddSeconds(20)
while ([KevyElect.Lab.LabCluster]::Running.Count -eq 0 -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 50 }
`$running = [KevyElect.Lab.LabCluster]::Running.Count
Start-Sleep -Milliseconds 300
`$ps.Stop()
"running=`$running completed=`$(`$h.AsyncWaitHandle.WaitOne(5000)) after=`$([KevyElect.Lab.LabCluster]::Running.Count)"
"@
        ($out | Select-Object -Last 1) | Should -Be 'running=1 completed=True after=0'
    }
}

Describe 'Lab node cmdlets' {
    BeforeAll { $script:lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:lab }

    It 'Get-KevyElectLabNode shows every node, or the named ones' {
        $rows = $script:lab | Get-KevyElectLabNode
        $rows.NodeId | Should -Be @('n1', 'n2', 'n3')
        $rows | ForEach-Object { $_ | Should -BeOfType ([KevyElect.Lab.LabNodeState]) }
        (Get-KevyElectLabNode -Lab $script:lab -NodeId n2).NodeId | Should -Be 'n2'
        ($script:lab | Get-KevyElectLabNode n3).ElectPort | Should -Be $script:lab.Peers[2].ElectPort
    }

    It 'uses the latest lab when -Lab is omitted' {
        (Get-KevyElectLabNode).Count | Should -Be 3
    }

    It 'reports unknown node ids as non-terminating errors naming the lab nodes' {
        $rows = Get-KevyElectLabNode -Lab $script:lab -NodeId n9, n1 -ErrorVariable err -ErrorAction SilentlyContinue
        $rows.NodeId | Should -Be 'n1'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Match '^KevyElect\.UnknownLabNode'
        $err[0].Exception.Message | Should -Be "node 'n9' is not in this lab (nodes: n1, n2, n3)"
        Stop-KevyElectLabNode -Lab $script:lab -NodeId n9 -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Match '^KevyElect\.UnknownLabNode'
    }

    It 'changes nothing under -WhatIf' {
        $primary = Wait-KevyElectLabPrimary -Lab $script:lab
        $script:lab | Stop-KevyElectLabNode -NodeId $primary.NodeId -WhatIf
        $script:lab | Suspend-KevyElectLabNode -NodeId $primary.NodeId -WhatIf
        $script:lab | Disconnect-KevyElectLabNode -NodeId $primary.NodeId -WhatIf
        $script:lab | Disconnect-KevyElectLabNode -Group 'n1', 'n2,n3' -WhatIf
        $script:lab | Stop-KevyElectLab -WhatIf
        $state = Get-KevyElectLabNode -Lab $script:lab -NodeId $primary.NodeId
        $state.IsRunning | Should -BeTrue
        $state.IsPaused | Should -BeFalse
        $state.IsIsolated | Should -BeFalse
        $script:lab.IsDisposed | Should -BeFalse
        $script:lab.GetConnectivity().ReachableFrom('n1').Count | Should -Be 2
    }

    It 'runs a write load that lands on the primary' {
        $primary = Wait-KevyElectLabPrimary -Lab $script:lab -TimeoutSec 10
        $load = $script:lab | Start-KevyElectLabWriteLoad -Rate 50
        Wait-TestCondition -Because 'ten acked writes' { $load.AckCount -ge 10 }
        $stopped = $load | Stop-KevyElectLabWriteLoad -PassThru
        $stopped.IsRunning | Should -BeFalse
        ($load.GetAcks().NodeId | Select-Object -Unique) | Should -Be $primary.NodeId
        (Invoke-LabCommand -Node $primary -Arguments 'GET', $load.GetAcks()[0].Key).Text | Should -Be $load.GetAcks()[0].Value
    }

    It 'a Ctrl+C while the write load is written out stops it; Select-Object -First 1 keeps it running' {
        $ps = [PowerShell]::Create()
        $signal = [Threading.ManualResetEventSlim]::new($false)
        try {
            $ps.Runspace.SessionStateProxy.SetVariable('lab', $script:lab)
            $ps.Runspace.SessionStateProxy.SetVariable('signal', $signal)
            # The downstream command holds the pipeline inside the cmdlet's WriteObject call until it is stopped.
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Start-KevyElectLabWriteLoad -Lab `$lab -Rate 20 | ForEach-Object { `$global:load = `$_; `$signal.Set(); Start-Sleep -Seconds 60 }")
            $async = $ps.BeginInvoke()
            $signal.Wait([timespan]::FromSeconds(10)) | Should -BeTrue -Because 'the load to reach the downstream command'
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            $ps.Runspace.SessionStateProxy.GetVariable('load').IsRunning | Should -BeFalse -Because 'a cancelled command stops the load nobody was given'
        } finally {
            $ps.Dispose()
            $signal.Dispose()
        }

        $kept = $script:lab | Start-KevyElectLabWriteLoad -Rate 20 | Select-Object -First 1
        try {
            $kept.IsRunning | Should -BeTrue -Because 'Select-Object took the load: it stops the cmdlet upstream, not the load'
        } finally {
            $kept | Stop-KevyElectLabWriteLoad
        }
    }

    It 'crashes the primary and restarts it as a replica' {
        $old = Wait-KevyElectLabPrimary -Lab $script:lab
        $crashed = $script:lab | Stop-KevyElectLabNode -NodeId $old.NodeId -PassThru -Confirm:$false
        $crashed.IsRunning | Should -BeFalse
        $next = Wait-KevyElectLabPrimary -Lab $script:lab -TimeoutSec 10
        $next.NodeId | Should -Not -Be $old.NodeId
        $script:lab | Start-KevyElectLabNode -NodeId $old.NodeId -Confirm:$false
        Wait-TestCondition -Because 'the old primary to follow the new one' {
            $s = Get-KevyElectLabNode -Lab $script:lab -NodeId $old.NodeId
            $s.Role -eq 'Replica' -and $s.KnownPrimaryId -eq $next.NodeId
        }
    }

    It 'reports restarting a running node as a non-terminating error' {
        $script:lab | Start-KevyElectLabNode -NodeId n1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Match '^KevyElect\.LabActionFailed'
        $err[0].Exception.Message | Should -Match "already running"
    }

    It 'pauses and resumes a node taken from a Get-KevyElectLabNode row' {
        $row = Get-KevyElectLabNode -Lab $script:lab -NodeId n3
        ($row | Suspend-KevyElectLabNode -PassThru -Confirm:$false).IsPaused | Should -BeTrue
        ($row | Resume-KevyElectLabNode -PassThru -Confirm:$false).IsPaused | Should -BeFalse
    }

    It 'isolates a node and heals it' {
        $s = $script:lab | Disconnect-KevyElectLabNode -NodeId n2 -PassThru -Confirm:$false
        $s.IsIsolated | Should -BeTrue
        $script:lab.GetConnectivity().CanReach('n1', 'n2') | Should -BeFalse
        $script:lab | Connect-KevyElectLabNode -NodeId n2 -Confirm:$false
        (Get-KevyElectLabNode -Lab $script:lab -NodeId n2).IsIsolated | Should -BeFalse
    }

    It 'splits the lab into groups and heals every cut' {
        $script:lab | Disconnect-KevyElectLabNode -Group 'n1', 'n2,n3' -Confirm:$false
        $script:lab.GetConnectivity().CanReach('n1', 'n2') | Should -BeFalse
        $script:lab.GetConnectivity().CanReach('n2', 'n3') | Should -BeTrue
        $script:lab | Connect-KevyElectLabNode -Confirm:$false
        $script:lab.GetConnectivity().CanReach('n1', 'n2') | Should -BeTrue
    }

    It 'refuses groups that leave a node out' {
        $script:lab | Disconnect-KevyElectLabNode -Group 'n1', 'n2' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Match '^KevyElect\.BadLabGroups'
        $err[0].Exception.Message | Should -Match 'n3'
    }

    It 'shows the frames a node received' {
        $frames = $script:lab | Get-KevyElectLabFrame -NodeId n1 -Verb Hb -Last 5
        $frames.Count | Should -Be 5
        $frames | ForEach-Object { $_.Verb | Should -Be 'Hb'; $_.NodeId | Should -Be 'n1'; $_.Direction | Should -Be 'Received' }
        @($script:lab | Get-KevyElectLabFrame -NodeId n1 -Direction Sent -Last 3).Direction | Should -Be @('Sent', 'Sent', 'Sent')
        @($script:lab | Get-KevyElectLabFrame -NodeId n1 -SenderId n2 -Last 2).SenderId | Should -Be @('n2', 'n2')
    }

    It 'Wait-KevyElectLabPrimary shows progress while the lab elects' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; `$lab = Start-KevyElectLab -Nodes 3 -Fast -DownAfterSec 1.5; try { Wait-KevyElectLabPrimary -Lab `$lab -TimeoutSec 10 } finally { `$lab | Stop-KevyElectLab }")
            $primary = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $primary.IsWritablePrimary | Should -BeTrue
            $records = @($ps.Streams.Progress)
            # The cold-start grace (1.5 s) outlasts several 250 ms progress steps.
            @($records | Where-Object { $_.RecordType -eq 'Processing' }).Count | Should -BeGreaterThan 2
            $records[-1].RecordType | Should -Be 'Completed'
            $records[0].Activity | Should -Be 'Waiting for a writable primary'
        } finally { $ps.Dispose() }
    }
}
