BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ObserveFixture.ps1')
    # Scripted clusters from core lab types give exact, timed scenarios; the last Describe uses Start-KevyElectLab.
}

Describe 'Watch-KevyElectCluster' {
    BeforeEach {
        $script:Cluster = New-ObserveCluster -Count 3 -Primary n1
        $script:PeerText = $script:Cluster.Peers.ToString()
    }

    AfterEach {
        $script:Cluster.Dispose()
    }

    It 'writes one Started event with the verdict for a steady cluster, nothing more, and stops after -DurationSec' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # Long enough for the first poll of the session (it pays for loading the probe code) and many after it.
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -DurationSec 1.5)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
        $clock.Elapsed.TotalMilliseconds | Should -BeGreaterOrEqual 1480
        $events | Should -HaveCount 1
        $events[0].Kind | Should -Be 'Started'
        $events[0].New | Should -Be 'Healthy'
        $events[0].Message | Should -Be 'watching n1, n2, n3 every 50 ms: Healthy, primary n1, 3/3 reachable'
        $events[0].Summary.Verdict | Should -Be 'Healthy'
        $script:Cluster.OpenConnections() | Should -Be 0
    }

    It 'with -Count 1 -IncludeSnapshot ends after one poll of a healthy cluster' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -Count 1 -IncludeSnapshot -DurationSec 20)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5     # not -DurationSec
        $events.Kind | Should -Be @('Started', 'Snapshot')
        $events[1].Summary.Verdict | Should -Be 'Healthy'
        $events[1].Snapshot | Should -HaveCount 3
    }

    It 'with -Count 3 -IncludeSnapshot writes three polls and every change they saw' {
        $script:Cluster.Kill('n3')
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -Count 3 -IncludeSnapshot -DurationSec 20)
        @($events | Where-Object Kind -EQ Snapshot) | Should -HaveCount 3
        $events[-1].Kind | Should -Be 'Snapshot'
        @($events | Where-Object Kind -EQ NodeDown).NodeId | Should -Be 'n3'
    }

    It 'writes a progress record per poll with the verdict it sees' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Watch-KevyElectCluster -Peers '$script:PeerText' -IntervalSec 0.05 -DurationSec 0.4")
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress)
            $records.Count | Should -BeGreaterOrEqual 3
            $records[0].Activity | Should -Be 'Watching n1, n2, n3'
            $records[0].StatusDescription | Should -BeLike 'poll 1 at *: Healthy, primary n1, 3/3 reachable; 0 change(s) so far'
            $records[-1].RecordType | Should -Be 'Completed'
        } finally { $ps.Dispose() }
    }

    It 'stops at the first poll that meets -UntilWritablePrimary, with a ConditionMet event carrying the summary' {
        $script:Cluster.KillAfter('n1', 200)
        $script:Cluster.ElectAfter('n2', 500, 'n2', 'n3')
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -UntilWritablePrimary n2 -DurationSec 20)
        $events[0].Kind | Should -Be 'Started'
        $events[-1].Kind | Should -Be 'ConditionMet'
        $events[-1].Message | Should -BeLike 'n2 writable: * primary n2, 2/3 reachable'
        $events[-1].Summary.WritablePrimary | Should -Be 'n2'
        @($events | Where-Object Kind -EQ PrimaryChanged).New | Should -Be 'n2'
    }

    It 'ends at once with -UntilVerdict when the cluster already has that verdict' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -UntilVerdict Healthy -UntilCaughtUp -DurationSec 20)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $events.Kind | Should -Be @('Started', 'ConditionMet')
        $events[1].New | Should -Be 'Healthy'
    }

    It 'refuses an -UntilWritablePrimary that is not a member' {
        { Watch-KevyElectCluster -Peers $script:PeerText -UntilWritablePrimary n9 -DurationSec 5 } |
            Should -Throw -ErrorId 'KevyElect.UnknownNodeId,*' -ExpectedMessage "'n9' is not a member of the cluster (n1, n2, n3)*"
    }

    It 'reports a primary crash and the election live: Where-Object reacts before the watch ends' {
        $script:Cluster.KillAfter('n1', 200)
        $script:Cluster.ElectAfter('n2', 600, 'n2', 'n3')
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $seen = Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -DurationSec 20 |
            Where-Object Kind -EQ PrimaryChanged | Select-Object -First 1 | ForEach-Object { [pscustomobject]@{ Event = $_; At = $clock.Elapsed } }
        $seen.At.TotalSeconds | Should -BeLessThan 5      # long before -DurationSec
        $seen.Event | Should -BeOfType ([KevyElect.Cluster.ClusterEvent])
        $seen.Event.Old | Should -Be 'n1'
        $seen.Event.New | Should -Be 'n2'
        $seen.Event.UnavailableMs | Should -BeGreaterThan 100
        $script:Cluster.OpenConnections() | Should -Be 0
    }

    It 'stops after the first event of the -Until kind' {
        $script:Cluster.KillAfter('n3', 200)
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -Until NodeDown -DurationSec 20)
        $events[-1].Kind | Should -Be ([KevyElect.Cluster.ClusterEventKind]::NodeDown)
        $events[-1].NodeId | Should -Be 'n3'
        $events[-1].Message | Should -BeLike '*: n3 at 127.0.0.1:*'
    }

    It 'stops after -Count changes' {
        $script:Cluster.KillAfter('n2', 200)
        $script:Cluster.KillAfter('n3', 200)
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -Count 2 -DurationSec 20)
        $events | Should -HaveCount 3     # Started is not a change and is not counted
        $events[0].Kind | Should -Be 'Started'
        $events.Kind | Should -Contain ([KevyElect.Cluster.ClusterEventKind]::NodeDown)
    }

    It 'adds each poll''s rows with -IncludeSnapshot' {
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -IncludeSnapshot -DurationSec 0.5)
        $events[0].Kind | Should -Be 'Started'
        $snapshots = @($events | Select-Object -Skip 1)
        $snapshots.Count | Should -BeGreaterOrEqual 2
        $snapshots | ForEach-Object { $_.Kind | Should -Be 'Snapshot' }
        $snapshots[0].Snapshot | Should -HaveCount 3
        $snapshots[0].Snapshot[0] | Should -BeOfType ([KevyElect.Cluster.PeerStatus])
        $snapshots[0].Summary.Verdict | Should -Be 'Healthy'
    }

    It 'reports conditions already present at the start once, flagged Baseline, after the Started event' {
        $script:Cluster.Kill('n3')
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -DurationSec 0.5)
        $events | Should -HaveCount 2
        $events[0].Kind | Should -Be 'Started'
        $events[0].New | Should -Be 'Degraded'
        $events[0].Message | Should -BeLike 'watching n1, n2, n3 every 50 ms: Degraded, primary n1, 2/3 reachable (connection refused*: n3 at 127.0.0.1:*'
        $events[1].Kind | Should -Be 'NodeDown'
        $events | ForEach-Object { $_.Baseline | Should -BeTrue }
    }

    It 'writes LagExceeded when a replica falls more than -MaxLagFrames behind' {
        $slow = [KevyElectObserveTests.Cluster]::new(3, 3000)   # replicas apply writes 3 s late
        try {
            $slow.ElectEveryone('n1')
            $slow.WriteAfter('n1', 5, 300)
            $events = @(Watch-KevyElectCluster -Peers $slow.Peers -IntervalSec 0.05 -CallTimeoutSec 0.5 -MaxLagFrames 2 -Until LagExceeded -DurationSec 10)
            $lag = $events | Where-Object Kind -EQ LagExceeded
            $lag | Should -HaveCount 1
            $lag.NodeId | Should -BeIn @('n2', 'n3')
            $lag.Old | Should -Be '2'
            [int]$lag.New | Should -BeGreaterThan 2
        } finally { $slow.Dispose() }
    }

    It 'names the cluster by -ConfigPath' {
        $path = Join-Path $TestDrive 'kevy.toml'
        Set-Content -Path $path -Value "[cluster]`nnode_id = `"n1`"`npeers = `"$script:PeerText`""
        $script:Cluster.KillAfter('n2', 150)
        $events = @(Watch-KevyElectCluster -ConfigPath $path -IntervalSec 0.05 -CallTimeoutSec 0.5 -Until NodeDown -DurationSec 20)
        $events[-1].NodeId | Should -Be 'n2'
    }

    It 'takes the cluster from piped Get-KevyElectPeer rows (by property name) and watches it once' {
        $script:Cluster.KillAfter('n2', 300)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $events = @(Get-KevyElectPeer -Peers $script:PeerText | Watch-KevyElectCluster -IntervalSec 0.05 -CallTimeoutSec 0.5 -Until NodeDown -DurationSec 20)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $events | Where-Object Kind -EQ NodeDown | Should -HaveCount 1
    }

    It 'refuses two different clusters in one watch' {
        $other = New-ObserveCluster -Count 3 -Primary n1
        try {
            { @($script:Cluster, $other) | Watch-KevyElectCluster -DurationSec 0.2 -ErrorAction Stop } |
                Should -Throw -ErrorId 'KevyElect.OneClusterPerWatch,*'
        } finally { $other.Dispose() }
    }

    It 'stops promptly when the pipeline is stopped (Ctrl+C) and leaves no connection open' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Watch-KevyElectCluster -Peers '$script:PeerText' -IntervalSec 0.05 -DurationSec 60")
            $handle = $ps.BeginInvoke()
            # Running: the watch has connected to the cluster (its first poll), and has not ended.
            Wait-TestCondition -Because 'the watch to poll the cluster' -Condition { $script:Cluster.OpenConnections() -gt 0 -or $handle.IsCompleted }
            $handle.IsCompleted | Should -BeFalse
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $script:Cluster.OpenConnections() | Should -Be 0
        } finally { $ps.Dispose() }
    }

    It 'formats events as a table and converts them to JSON' {
        $script:Cluster.KillAfter('n3', 150)
        $events = @(Watch-KevyElectCluster -Peers $script:PeerText -IntervalSec 0.05 -CallTimeoutSec 0.5 -Until NodeDown -DurationSec 20)
        $text = $events | Format-Table | Out-String -Width 200
        foreach ($column in 'Time', 'Kind', 'NodeId', 'Old', 'New', 'Message') { $text | Should -Match "\b$column\b" }
        $text | Should -Match '(?m)^\d\d:\d\d:\d\d\.\d{3}\s+NodeDown\s+n3\b'
        $o = $events[-1] | ConvertTo-Json -EnumsAsStrings -WarningVariable warn | ConvertFrom-Json
        $warn | Should -BeNullOrEmpty
        $o.Kind | Should -Be 'NodeDown'
        $o.NodeId | Should -Be 'n3'
    }

    It 'refuses a non-positive -Duration as a terminating error' {
        { Watch-KevyElectCluster -Peers $script:PeerText -Duration '-00:00:01' -ErrorAction Stop } | Should -Throw -ErrorId 'KevyElect.BadDuration,*'
    }
}

Describe 'Watch-KevyElectCluster on a lab started by Start-KevyElectLab' {
    It 'measures a crash failover of the elected primary' {
        $lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
        $ps = [powershell]::Create()
        try {
            $old = ($lab | Get-KevyElectPeer -Summary).ElectorPrimary
            $old | Should -Not -BeNullOrEmpty
            # The crash comes from another runspace while this one watches.
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Start-Sleep -Milliseconds 400; Stop-KevyElectLabNode -Lab `$args[0] -NodeId `$args[1]").
                AddArgument($lab).AddArgument($old)
            $handle = $ps.BeginInvoke()
            $e = Watch-KevyElectCluster -Peers $lab.Peers -IntervalSec 0.05 -CallTimeoutSec 0.5 -Until PrimaryChanged -DurationSec 20 |
                Where-Object Kind -EQ PrimaryChanged
            $null = $ps.EndInvoke($handle)
            $e.Old | Should -Be $old
            $e.New | Should -Not -Be $old
            $e.UnavailableMs | Should -BeGreaterThan 0
        } finally {
            $ps.Dispose()
            Stop-KevyElectLab -Lab $lab
        }
    }

    It 'reports the disagreement a bare FAILOVER verb leaves between the electors and the data plane' {
        . (Join-Path $PSScriptRoot 'LabFixture.ps1')
        $lab = Start-TestLab
        try {
            $primary = $lab | Get-KevyElectLabNode | Where-Object Role -EQ Primary
            $target = $lab | Get-KevyElectLabNode | Where-Object Role -EQ Replica | Select-Object -First 1
            (Invoke-LabCommand -Node $primary -Arguments 'FAILOVER', '127.0.0.1', "$($target.ClientPort)").Text | Should -Be 'OK'
            $e = $lab | Watch-KevyElectCluster -IntervalSec 0.1 -Until ViewsDisagree -DurationSec 10 | Where-Object Kind -EQ ViewsDisagree
            $e | Should -Not -BeNullOrEmpty
            $e[0].Message | Should -Not -BeNullOrEmpty
        } finally { Stop-TestLab $lab }
    }
}
