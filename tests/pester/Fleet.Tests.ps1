# Several labs as one fleet: the inventory (a .psd1 with Peers and ConfigPath entries, a broken entry, the preference
# variable, tab completion), fleet probes and summaries worst first, one watch over the fleet, a switchover on one named
# cluster leaving the others untouched, and the journal written by two processes with cluster names.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    $script:Labs = [ordered]@{ alpha = (Start-TestLab); beta = (Start-TestLab); gamma = (Start-TestLab) }
    $script:Dir = Join-Path $TestDrive 'fleet'
    New-Item -ItemType Directory $script:Dir | Out-Null
    # beta through a node's kevy.toml, relative to the inventory's folder.
    "[cluster]`nnode_id = `"n1`"`npeers = `"$($script:Labs.beta.Peers)`"" | Set-Content (Join-Path $script:Dir 'beta.toml')
    $script:InventoryPath = Join-Path $script:Dir 'inventory.psd1'
    @"
@{
    Clusters = @{
        alpha  = @{ Peers = '$($script:Labs.alpha.Peers)'; Description = 'the first lab' }
        beta   = @{ ConfigPath = 'beta.toml' }
        gamma  = '$($script:Labs.gamma.Peers)'
        broken = @{ ConfigPath = 'missing/kevy.toml' }
    }
}
"@ | Set-Content $script:InventoryPath
    $script:Fleet = @{ Inventory = $script:InventoryPath; TimeoutMs = 1000 }
    foreach ($lab in $script:Labs.Values) { $null = $lab | Wait-KevyElectCluster -CaughtUp -TimeoutSec 30 }
}

AfterAll {
    foreach ($lab in $script:Labs.Values) { Stop-TestLab $lab }
}

Describe 'the fleet inventory' {
    It 'lists every entry with where its table comes from, and the problem of the broken one' {
        $entries = @(Get-KevyElectInventory -Inventory $script:InventoryPath)
        $entries.Name | Should -Be @('alpha', 'beta', 'broken', 'gamma')
        ($entries | Where-Object Name -EQ alpha).Peers | Should -Be $script:Labs.alpha.Peers.ToString()
        ($entries | Where-Object Name -EQ beta).ConfigPath | Should -Be (Join-Path $script:Dir 'beta.toml')
        ($entries | Where-Object Name -EQ alpha).Description | Should -Be 'the first lab'
    }

    It 'reads the inventory from $KevyElectInventory, as a path or as the hashtable itself' {
        $KevyElectInventory = $script:InventoryPath
        (Get-KevyElectInventory -Name g*).Name | Should -Be 'gamma'
        $KevyElectInventory = @{ Clusters = @{ solo = @{ Peers = $script:Labs.alpha.Peers.ToString() } } }
        (Get-KevyElectPeer -Cluster solo -Summary -TimeoutMs 1000).ClusterName | Should -Be 'solo'
    }

    It 'names an unknown cluster and the names there are' {
        $null = Get-KevyElectPeer -Cluster nosuch, alpha @script:Fleet -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.FullyQualifiedErrorId | Should -Contain 'KevyElect.UnknownCluster,KevyElect.PowerShell.Commands.GetKevyElectPeerCommand'
        "$($problems | Where-Object { $_.FullyQualifiedErrorId -like 'KevyElect.UnknownCluster*' })" | Should -BeLike "*'nosuch'*alpha, beta, broken, gamma*"
    }

    It 'rejects an inventory that is not data, naming the file' {
        $bad = Join-Path $TestDrive 'script.psd1'
        '@{ Clusters = @{ a = @{ Peers = (Get-Date).ToString() } } }' | Set-Content $bad
        { Get-KevyElectPeer -Cluster a -Inventory $bad } | Should -Throw -ErrorId 'KevyElect.BadInventory,*' -ExpectedMessage "*script.psd1*constants*"
    }

    It 'completes cluster names from the inventory typed on the command line' {
        $line = "Get-KevyElectPeer -Inventory '$script:InventoryPath' -Cluster b"
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Be @('beta', 'broken')
    }
}

Describe 'probing a fleet' {
    It 'gives every row its cluster name, and the broken entry its own error' {
        $rows = @(Get-KevyElectPeer -Cluster * @script:Fleet -ErrorVariable problems -ErrorAction SilentlyContinue)
        $rows | Should -HaveCount 9
        ($rows | Group-Object ClusterName | Sort-Object Name).Name | Should -Be @('alpha', 'beta', 'gamma')
        $rows | Where-Object Error | Should -BeNullOrEmpty
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.ClusterMisconfigured,*'
        "$($problems[0])" | Should -BeLike "cluster 'broken':*missing*kevy.toml*"
    }

    It 'gives one summary per cluster, worst verdict first, and one paused cluster costs one timeout, not one per cluster' {
        $victim = $script:Labs.gamma.NodeIds[-1]
        Suspend-KevyElectLabNode -Lab $script:Labs.gamma -NodeId $victim -Confirm:$false
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $summaries = @(Get-KevyElectPeer -Cluster alpha, beta, gamma -Summary @script:Fleet)
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        } finally { Resume-KevyElectLabNode -Lab $script:Labs.gamma -NodeId $victim -Confirm:$false }
        $summaries.ClusterName | Should -Be @('gamma', 'alpha', 'beta')
        $summaries[0].Verdict | Should -Be 'Degraded'
        $summaries[1..2].Verdict | Should -Be @('Healthy', 'Healthy')
    }

    It 'keeps the name when the rows are piped on' {
        $again = @(Get-KevyElectPeer -Cluster beta @script:Fleet | Get-KevyElectPeer -Summary -TimeoutMs 1000)
        $again | Should -HaveCount 1
        $again[0].ClusterName | Should -Be 'beta'
    }
}

Describe 'watching a fleet' {
    It 'gives one stream whose events carry their cluster, and a crash in one cluster is reported as its own' {
        $old = ($script:Labs.beta | Get-KevyElectPeer -Summary).WritablePrimary
        $beta = $script:Labs.beta
        $started = 0
        # beta's primary crashes once the watch has started on all three clusters.
        $events = @(Watch-KevyElectCluster -Cluster alpha, beta, gamma @script:Fleet -IntervalMs 100 -Until PrimaryChanged -Duration 00:00:20 |
                ForEach-Object { $_; if ($_.Kind -eq 'Started' -and ++$started -eq 3) { $beta.Crash($old) } })
        ($events | Where-Object Kind -EQ Started).ClusterName | Sort-Object | Should -Be @('alpha', 'beta', 'gamma')
        $changed = $events | Where-Object Kind -EQ PrimaryChanged
        $changed | Should -HaveCount 1
        $changed.ClusterName | Should -Be 'beta'
        ($events | Where-Object Kind -EQ NodeDown).ClusterName | Should -Be 'beta'
        $script:Labs.beta | Start-KevyElectLabNode -NodeId $old -Confirm:$false
        $null = Wait-KevyElectCluster -Cluster beta @script:Fleet -CaughtUp -TimeoutSec 30
    }

    It 'watches every cluster even when one of them never answers' {
        $KevyElectInventory = @{ Clusters = @{ alpha = $script:Labs.alpha.Peers.ToString(); silent = 'n1@127.0.0.1:1:9' } }
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            # A node that accepts and never answers, on both of its ports.
            $port = $listener.LocalEndpoint.Port
            $KevyElectInventory.Clusters.silent = "n1@127.0.0.1:${port}:$port"
            $events = @(Watch-KevyElectCluster -Cluster alpha, silent -IntervalMs 100 -TimeoutMs 3000 -IncludeSnapshot -Count 3 -Duration 00:00:20 |
                    Where-Object Kind -EQ Snapshot)
            $events.ClusterName | Should -Be @('alpha', 'alpha', 'alpha')
        } finally { $listener.Stop() }
    }
}

Describe 'changing one cluster of a fleet' {
    It 'refuses a wildcard that names several clusters, sending nothing' {
        { Invoke-KevyFailover -Cluster 'a*', 'b*' -Inventory $script:InventoryPath -Force } |
            Should -Throw -ErrorId 'KevyElect.SeveralClusters,*' -ExpectedMessage '*alpha, beta*one cluster per call*'
        { Send-KevyElectMessage -Cluster * -Inventory $script:InventoryPath -SenderId n1 -Role Replica -Epoch 1 } |
            Should -Throw -ErrorId 'KevyElect.SeveralClusters,*'
    }

    It 'switches over the named cluster, records its name, and leaves the others untouched' {
        $before = @{}
        foreach ($name in 'alpha', 'gamma') { $before[$name] = ($script:Labs[$name] | Get-KevyElectPeer -Summary).WritablePrimary }
        $summary = Wait-KevyElectCluster -Cluster alpha @script:Fleet -CaughtUp -TimeoutSec 30
        $target = $script:Labs.alpha.Peers.Id | Where-Object { $_ -ne $summary.WritablePrimary } | Select-Object -First 1
        $journal = Join-Path $TestDrive 'switch.jsonl'
        $result = Invoke-KevyFailover -Cluster alpha @script:Fleet -TargetNodeId $target -Force -JournalPath $journal
        $result.Outcome | Should -Be 'Succeeded'
        $result.ClusterName | Should -Be 'alpha'
        (Wait-KevyElectCluster -Cluster alpha @script:Fleet -WritablePrimary $target -TimeoutSec 10).ClusterName | Should -Be alpha
        ($script:Labs.gamma | Get-KevyElectPeer -Summary).WritablePrimary | Should -Be $before.gamma
        ($script:Labs.beta.GetState() | Where-Object { $_.Epoch -ge $result.Epoch }) | Should -BeNullOrEmpty
        $entry = Get-KevyElectHistory -JournalPath $journal
        $entry.Cluster | Should -Be 'alpha'
        $entry.NewPrimary | Should -Be $target
        (Get-KevyElectHistory -JournalPath $journal -Cluster alp*).Epoch | Should -Be $result.Epoch
    }
}

Describe 'changing clusters named one by one' {
    It 'switches them over in the order named, and stops at the first that does not succeed' {
        $primaries = foreach ($name in 'gamma', 'alpha') { (Wait-KevyElectCluster -Cluster $name @script:Fleet -CaughtUp -TimeoutSec 30).WritablePrimary }
        $betaBefore = ($script:Labs.beta | Get-KevyElectPeer -Summary).WritablePrimary
        $target = $script:Labs.alpha.Peers.Id | Where-Object { $_ -notin $primaries } | Select-Object -First 1
        $journal = Join-Path $TestDrive 'named.jsonl'

        $results = @(Invoke-KevyFailover -Cluster gamma, alpha @script:Fleet -TargetNodeId $target -Force -JournalPath $journal)
        $results.ClusterName | Should -Be @('gamma', 'alpha')
        $results.Outcome | Should -Be @('Succeeded', 'Succeeded')
        ($script:Labs.beta | Get-KevyElectPeer -Summary).WritablePrimary | Should -Be $betaBefore

        # Now the target leads both: gamma's switchover is refused, so alpha is not touched.
        $null = Wait-KevyElectCluster -Cluster gamma @script:Fleet -CaughtUp -TimeoutSec 30
        $again = @(Invoke-KevyFailover -Cluster gamma, alpha @script:Fleet -TargetNodeId $target -Force -JournalPath $journal -ErrorVariable problems -ErrorAction SilentlyContinue)
        $again.ClusterName | Should -Be 'gamma'
        $again.Outcome | Should -Be 'Refused'
        $problems.FullyQualifiedErrorId | Should -Contain 'KevyElect.ClustersNotAttempted,KevyElect.PowerShell.Commands.InvokeKevyFailoverCommand'
        ($problems | Where-Object FullyQualifiedErrorId -Like 'KevyElect.ClustersNotAttempted,*').Exception.Message | Should -BeLike "*'gamma'*alpha was not touched*"
        @(Get-KevyElectHistory -JournalPath $journal -Cluster alpha).Count | Should -Be 1
        @(Get-KevyElectHistory -JournalPath $journal -Cluster gamma).Outcome | Should -Be @('Succeeded', 'Refused')
    }
}

Describe 'the journal of a fleet across two processes' {
    It 'keeps each process''s entries under their cluster names' {
        $journal = Join-Path $TestDrive 'two-processes.jsonl'
        $child = "Import-Module '$script:ModuleManifest'; " +
            "Watch-KevyElectCluster -Cluster gamma -Inventory '$script:InventoryPath' -IntervalMs 100 -Count 1 -IncludeSnapshot -Duration 00:00:20 -JournalPath '$journal' | Out-Null"
        $job = Start-ThreadJob { param($c) Invoke-FreshPwsh -Command $c } -ArgumentList $child -InitializationScript ([scriptblock]::Create(". '$(Join-Path $PSScriptRoot 'TestHelpers.ps1')'"))
        $null = Watch-KevyElectCluster -Cluster alpha, beta @script:Fleet -IntervalMs 100 -Count 2 -IncludeSnapshot -Duration 00:00:20 -JournalPath $journal
        $job | Wait-Job -Timeout 60 | Receive-Job | Out-Null
        $job | Remove-Job -Force
        $entries = @(Get-KevyElectHistory -JournalPath $journal -EventKind Started)
        ($entries.Cluster | Sort-Object) | Should -Be @('alpha', 'beta', 'gamma')
        ($entries | Where-Object Cluster -EQ gamma).ProcessId | Should -Not -Be $PID
        ($entries | Where-Object Cluster -EQ alpha).ProcessId | Should -Be $PID
        (Get-KevyElectHistory -JournalPath $journal -Cluster gamma).Peers | Should -Be $script:Labs.gamma.Peers.ToString()
    }
}
