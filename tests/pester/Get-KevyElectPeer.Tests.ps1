BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ObserveFixture.ps1')
    # A scripted cluster from core lab types gives exact states; lab-cmdlet cases are in Summary.Lab.Tests.ps1 and below.
    $script:Cluster = New-ObserveCluster -Count 3 -Primary n1
    $script:PeerText = $script:Cluster.Peers.ToString()
}

AfterAll {
    if ($script:Cluster) { $script:Cluster.Dispose() }
}

Describe 'Get-KevyElectPeer' {
    Context 'naming the cluster' {
        It 'takes -Peers as a peer-table string and writes one typed row per member' {
            $rows = Get-KevyElectPeer -Peers $script:PeerText
            $rows | Should -HaveCount 3
            $rows[0] | Should -BeOfType ([KevyElect.Cluster.PeerStatus])
            $rows.NodeId | Should -Be @('n1', 'n2', 'n3')
            $rows | ForEach-Object { $_.Reachable | Should -BeTrue; $_.Error | Should -BeNullOrEmpty }
            $rows[0].ElectRole | Should -Be ([KevyElect.Cluster.NodeRole]::Primary)
            $rows[1].FollowsNodeId | Should -Be 'n1'
            $rows[2].DataFollowsNodeId | Should -Be 'n1'
            $rows[0].Peers | Should -Be $script:PeerText
        }

        It 'takes -Peers as a PeerTable' {
            (Get-KevyElectPeer -Peers $script:Cluster.Peers).NodeId | Should -Be @('n1', 'n2', 'n3')
        }

        It 'reads the peers of a kevy.toml given by -ConfigPath' {
            $path = Join-Path $TestDrive 'kevy.toml'
            Set-Content -Path $path -Value @"
[server]
port = $($script:Cluster.Peers[1].ClientPort)

[cluster]
node_id = "n2"
peers = "$script:PeerText"
"@
            $rows = Get-KevyElectPeer -ConfigPath $path
            $rows.NodeId | Should -Be @('n1', 'n2', 'n3')
            ($rows | Where-Object ElectRole -EQ Primary).NodeId | Should -Be 'n1'
        }

        It 'binds Peers by property name from a piped object (a lab)' {
            ($script:Cluster | Get-KevyElectPeer).NodeId | Should -Be @('n1', 'n2', 'n3')
        }

        It 're-probes piped rows, one parallel probe for the lot, binding NodeId by property name' {
            $again = Get-KevyElectPeer -Peers $script:PeerText -NodeId n2, n3 | Get-KevyElectPeer
            $again.NodeId | Should -Be @('n2', 'n3')
            $again | Should -BeOfType ([KevyElect.Cluster.PeerStatus])
        }

        It 'judges the cluster from piped rows with -Summary, once per cluster' {
            $summary = @(Get-KevyElectPeer -Peers $script:PeerText | Get-KevyElectPeer -Summary)
            $summary | Should -HaveCount 1
            $summary[0].Verdict | Should -Be ([KevyElect.Cluster.ClusterVerdict]::Healthy)
        }
    }

    Context '-NodeId and -Summary' {
        It 'probes only the named members' {
            (Get-KevyElectPeer -Peers $script:PeerText -NodeId n3).NodeId | Should -Be 'n3'
        }

        It 'reports an unknown id as a non-terminating error and still probes the others' {
            $rows = Get-KevyElectPeer -Peers $script:PeerText -NodeId n2, nope -ErrorVariable err -ErrorAction SilentlyContinue
            $rows.NodeId | Should -Be 'n2'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.UnknownNodeId*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'writes one ClusterSummary with -Summary' {
            $s = Get-KevyElectPeer -Peers $script:PeerText -Summary
            $s | Should -BeOfType ([KevyElect.Cluster.ClusterSummary])
            $s.Verdict | Should -Be 'Healthy'
            $s.Members | Should -Be @('n1', 'n2', 'n3')
            $s.Quorum | Should -Be 2
            $s.ReachableCount | Should -Be 3
            $s.ElectorPrimary | Should -Be 'n1'
            $s.DataPrimary | Should -Be 'n1'
            $s.SplitBrain | Should -BeFalse
        }

        It 'refuses -Summary with -NodeId as a terminating error saying what to do' {
            { Get-KevyElectPeer -Peers $script:PeerText -Summary -NodeId n1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'KevyElect.SummaryNeedsAllMembers,*' -ExpectedMessage '*drop one of them*'
        }
    }

    Context 'problems' {
        It 'gives a dead node its row with the error and writes a non-terminating NodeUnreachable error' {
            $dead = "n4@127.0.0.1:$(Get-DeadPort):$(Get-DeadPort)"
            $rows = Get-KevyElectPeer -Peers "$script:PeerText,$dead" -CallTimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue
            $rows | Should -HaveCount 4
            $n4 = $rows | Where-Object NodeId -EQ n4
            $n4.Reachable | Should -BeFalse
            $n4.Error | Should -BeLike 'connection refused*: n4 at 127.0.0.1:*'
            ($rows | Where-Object Reachable).NodeId | Should -Be @('n1', 'n2', 'n3')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.NodeUnreachable*'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].TargetObject | Should -Be 'n4'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike 'Check that n4 is running*'
        }

        It 'puts a dead node in the summary reasons without writing an error' {
            $dead = "n4@127.0.0.1:$(Get-DeadPort):$(Get-DeadPort)"
            $s = Get-KevyElectPeer -Peers "$script:PeerText,$dead" -Summary -CallTimeoutSec 1 -ErrorVariable err
            $err | Should -HaveCount 0
            $s.Verdict | Should -Be 'Degraded'
            $s.Reasons -join "`n" | Should -BeLike '*n4*connection refused*'
            $s.Warnings | Should -Not -BeNullOrEmpty   # 4 peers: an odd count is better
        }

        It 'bounds a silent node by -CallTimeoutSec' {
            $hole = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $hole.Start()
            try {
                $port = $hole.LocalEndpoint.Port
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $rows = Get-KevyElectPeer -Peers "$script:PeerText,n4@127.0.0.1:${port}:$port" -CallTimeoutSec 0.4 -ErrorAction SilentlyContinue
                $clock.Elapsed.TotalMilliseconds | Should -BeLessThan 1500
                ($rows | Where-Object NodeId -EQ n4).Error | Should -BeLike '*no reply within*'
            } finally { $hole.Stop() }
        }

        It 'stops with a terminating error naming the file when -ConfigPath is missing' {
            { Get-KevyElectPeer -ConfigPath (Join-Path $TestDrive 'missing.toml') -ErrorAction Stop } | Should -Throw -ExpectedMessage '*missing.toml*'
        }

        It 'refuses a malformed -Peers at binding time' {
            { Get-KevyElectPeer -Peers 'n1@nohostport' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
        }
    }

    Context 'output' {
        It 'formats rows as a table with the documented columns' {
            $text = Get-KevyElectPeer -Peers $script:PeerText | Format-Table | Out-String -Width 200
            foreach ($column in 'NodeId', 'Reachable', 'ElectRole', 'DataRole', 'Follows', 'Offset', 'Lag', 'Link', 'LatencyMs', 'Error') {
                $text | Should -Match "\b$column\b"
            }
        }

        It 'formats the summary as a list' {
            $text = Get-KevyElectPeer -Peers $script:PeerText -Summary | Out-String
            $text | Should -Match 'Verdict\s+: Healthy'
            $text | Should -Match 'Reachable\s+: 3 of 3 \(quorum 2\)'
        }

        It 'converts to readable JSON without truncation' {
            $json = Get-KevyElectPeer -Peers $script:PeerText -NodeId n2 | ConvertTo-Json -EnumsAsStrings -WarningVariable warn
            $warn | Should -BeNullOrEmpty
            $o = $json | ConvertFrom-Json
            $o.NodeId | Should -Be 'n2'
            $o.ElectRole | Should -Be 'Replica'
            $o.FollowsNodeId | Should -Be 'n1'
            $o.Peers | Should -Be $script:PeerText
            $sjson = Get-KevyElectPeer -Peers $script:PeerText -Summary | ConvertTo-Json -EnumsAsStrings -WarningVariable swarn
            $swarn | Should -BeNullOrEmpty
            ($sjson | ConvertFrom-Json).Verdict | Should -Be 'Healthy'
        }
    }
}

Describe 'Get-KevyElectPeer on a lab started by Start-KevyElectLab' {
    BeforeAll {
        $script:Lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
    }

    AfterAll {
        if ($script:Lab) { Stop-KevyElectLab -Lab $script:Lab }
    }

    It 'takes the lab from the pipeline and finds one elected primary that both views agree on' {
        $rows = $script:Lab | Get-KevyElectPeer
        $rows | Should -HaveCount 3
        ($rows | Where-Object ElectRole -EQ Primary) | Should -HaveCount 1
        $rows | ForEach-Object { $_.Reachable | Should -BeTrue; $_.Peers | Should -Be $script:Lab.Peers.ToString() }
        $s = $script:Lab | Get-KevyElectPeer -Summary
        $s.Verdict | Should -Be 'Healthy'
        $s.ElectorPrimary | Should -Be ($rows | Where-Object ElectRole -EQ Primary).NodeId
    }
}
