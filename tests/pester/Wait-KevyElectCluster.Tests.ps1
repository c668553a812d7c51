BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    function script:Get-OpenConnection($Lab) {
        # Established connections from this process to any client or elect port of the lab: the lab's own elect
        # connections between its nodes are among them, so tests compare with the count before. The connections
        # one-shot probes keep for the next one (Get-KevyElectPeer's) are closed first: they are not the wait's.
        [KevyElect.Observe.PeerProbe]::CloseIdleConnections()
        $ports = @($Lab.Peers | ForEach-Object { $_.ClientPort; $_.ElectPort })
        @([Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections() |
                Where-Object { $_.State -eq 'Established' -and $_.RemoteEndPoint.Port -in $ports }).Count
    }

    function script:Assert-ConnectionsBackTo([int] $Before) {
        # The wait's sockets are closed when it returns; the count is read until it is back (the kernel and the lab's
        # own elect mesh settle within moments).
        Wait-TestCondition -TimeoutMs 5000 -Because "the lab's established connections from this process back to $Before" -Condition {
            (Get-OpenConnection $script:Lab) -eq $Before
        }
    }

    function script:Start-Background([string] $Script, [object[]] $Arguments) {
        # Runs $Script in another runspace with the module imported, so this one can wait while it changes the lab.
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; $Script")
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
}

Describe 'Wait-KevyElectCluster' {
    BeforeAll { $script:Lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:Lab }

    BeforeEach {
        # Every test starts from a lab whose nodes all run and agree.
        foreach ($n in Get-KevyElectLabNode -Lab $script:Lab | Where-Object { -not $_.IsRunning }) { $script:Lab | Start-KevyElectLabNode -NodeId $n.NodeId -Confirm:$false }
        $script:Primary = ($script:Lab | Wait-KevyElectCluster -CaughtUp -TimeoutSec 20).WritablePrimary
        $script:Replica = @($script:Lab.Peers.Id | Where-Object { $_ -ne $script:Primary })[0]
    }

    It 'writes the summary at once for a cluster already Healthy, which pipes on by its Peers' {
        $before = Get-OpenConnection $script:Lab
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $s = $script:Lab | Wait-KevyElectCluster
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
        $s | Should -BeOfType ([KevyElect.Cluster.ClusterSummary])
        $s.Verdict | Should -Be 'Healthy'
        $s.Peers | Should -Be $script:Lab.Peers.ToString()
        $rows = $s | Get-KevyElectPeer
        $rows | Should -HaveCount 3
        Assert-ConnectionsBackTo $before
    }

    It 'waits through a node restart until every replica has caught up' {
        $script:Lab | Stop-KevyElectLabNode -NodeId $script:Replica -Confirm:$false
        $restart = Start-Background 'Start-Sleep -Milliseconds 600; $args[0] | Start-KevyElectLabNode -NodeId $args[1] -Confirm:$false' @($script:Lab, $script:Replica)
        try {
            $out = @($script:Lab | Wait-KevyElectCluster -CaughtUp -IntervalSec 0.05 -TimeoutSec 20 -Verbose 4>&1)
            $null = $restart.PowerShell.EndInvoke($restart.Handle)
        } finally { $restart.PowerShell.Dispose() }
        $verbose = @($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
        $s = @($out | Where-Object { $_ -is [KevyElect.Cluster.ClusterSummary] })
        $s | Should -HaveCount 1
        $s[0].Verdict | Should -Be 'Healthy'
        foreach ($row in $s[0].GetRows() | Where-Object NodeId -NE $s[0].WritablePrimary) {
            $row.LagFrames | Should -Be 0
            $row.MasterLinkUp | Should -BeTrue
        }
        # It saw the node down first and said why it kept waiting.
        $verbose[1].Message | Should -Match "^poll 1: Degraded, primary $($script:Primary), 2/3 reachable; not yet: the verdict is Degraded, not Healthy: connection refused .*: $($script:Replica) at 127\.0\.0\.1:"
        $verbose[-1].Message | Should -Match "; reached$"
    }

    It 'waits for a given writable primary while a switchover runs elsewhere' {
        $switch = Start-Background 'Start-Sleep -Milliseconds 400; Invoke-KevyFailover -Peers $args[0] -TargetNodeId $args[1] -Force' @($script:Lab.Peers.ToString(), $script:Replica)
        try {
            $s = $script:Lab | Wait-KevyElectCluster -WritablePrimary $script:Replica -IntervalSec 0.05 -TimeoutSec 20
            $result = $switch.PowerShell.EndInvoke($switch.Handle)
        } finally { $switch.PowerShell.Dispose() }
        $result.Outcome | Should -Be 'Succeeded'
        $s.WritablePrimary | Should -Be $script:Replica
        $s.Verdict | Should -Be 'Healthy'
    }

    It 'on timeout ends with a terminating error that leads with why the last state is not the one asked for' {
        $before = Get-OpenConnection $script:Lab
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $err = $null
        try { $script:Lab | Wait-KevyElectCluster -WritablePrimary $script:Replica -IntervalSec 0.1 -TimeoutSec 1; $done = $true }
        catch { $err = $_ }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4    # 1 s, plus at most one probe
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1
        $done | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'KevyElect.WaitTimedOut,KevyElect.PowerShell.Commands.WaitKevyElectClusterCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception | Should -BeOfType ([TimeoutException])
        $err.Exception.Message | Should -BeLike "The writable primary is $($script:Primary), not $($script:Replica). Gave up after 1.* s waiting for verdict Healthy, $($script:Replica) writable; * poll(s), the last at * UTC: Healthy, primary $($script:Primary), 3/3 reachable."
        $err.TargetObject | Should -BeOfType ([KevyElect.Cluster.ClusterSummary])
        $err.TargetObject.WritablePrimary | Should -Be $script:Primary
        Assert-ConnectionsBackTo $before
    }

    It 'names the verdict seen and the summary''s reasons when the verdict is not the one asked for' {
        $script:Lab | Stop-KevyElectLabNode -NodeId $script:Replica -Confirm:$false
        { $script:Lab | Wait-KevyElectCluster -TimeoutSec 1 -IntervalSec 0.1 -CallTimeoutSec 0.3 } |
            Should -Throw -ErrorId 'KevyElect.WaitTimedOut,*' -ExpectedMessage "The verdict is Degraded, not Healthy: connection refused *: $($script:Replica) at 127.0.0.1:*"
    }

    It 'accepts any of several verdicts' {
        $script:Lab | Stop-KevyElectLabNode -NodeId $script:Replica -Confirm:$false
        $s = $script:Lab | Wait-KevyElectCluster -Verdict Healthy, Degraded -TimeoutSec 10 -CallTimeoutSec 0.3
        $s.Verdict | Should -Be 'Degraded'
        $s.WritablePrimary | Should -Be $script:Primary
    }

    It 'shows what it waits for and what it sees in its progress records' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; try { Wait-KevyElectCluster -Peers '$($script:Lab.Peers)' -WritablePrimary $($script:Replica) -IntervalSec 0.1 -TimeoutSec 1 } catch { }")
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress)
            $records.Count | Should -BeGreaterOrEqual 3
            $records[0].Activity | Should -Be "Waiting for verdict Healthy, $($script:Replica) writable"
            $records[0].StatusDescription | Should -BeLike "0.* s of 1.0 s, poll 1: Healthy, primary $($script:Primary), 3/3 reachable; not yet: the writable primary is $($script:Primary), not $($script:Replica)"
            $records[-1].RecordType | Should -Be 'Completed'
        } finally { $ps.Dispose() }
    }

    It 'stops promptly when the pipeline is stopped (Ctrl+C) and leaves no connection open' {
        $before = Get-OpenConnection $script:Lab
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Wait-KevyElectCluster -Peers '$($script:Lab.Peers)' -WritablePrimary $($script:Replica) -IntervalSec 0.05 -TimeoutSec 60")
            $handle = $ps.BeginInvoke()
            Wait-TestCondition { $ps.Streams.Progress.Count -ge 2 } -Because 'two polls'
            $handle.IsCompleted | Should -BeFalse
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error | Should -HaveCount 0
            Assert-ConnectionsBackTo $before
        } finally { $ps.Dispose() }
    }

    It 'takes the cluster from piped Get-KevyElectPeer rows and from -ConfigPath' {
        ($script:Lab | Get-KevyElectPeer | Wait-KevyElectCluster -TimeoutSec 10).Verdict | Should -Be 'Healthy'
        $path = Join-Path $TestDrive 'kevy.toml'
        Set-Content -Path $path -Value "[cluster]`nnode_id = `"n1`"`npeers = `"$($script:Lab.Peers)`""
        (Wait-KevyElectCluster -ConfigPath $path -WritablePrimary $script:Primary -TimeoutSec 10).WritablePrimary | Should -Be $script:Primary
    }

    It 'refuses a writable primary that is not a member before polling' {
        { $script:Lab | Wait-KevyElectCluster -WritablePrimary n9 -TimeoutSec 5 } |
            Should -Throw -ErrorId 'KevyElect.UnknownNodeId,*' -ExpectedMessage "'n9' is not a member of the cluster (n1, n2, n3)*"
    }

    It 'refuses rows of two clusters' {
        $other = Start-TestLab -Nodes 1
        try {
            { @($script:Lab, $other) | Wait-KevyElectCluster -TimeoutSec 5 } | Should -Throw -ErrorId 'KevyElect.SeveralClusters,*'
        } finally { Stop-TestLab $other }
    }
}
