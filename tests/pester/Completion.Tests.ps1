# Tab completion of node ids: from the -Peers or -ConfigPath on the command line, else from the lab
# started last in this session.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function script:Complete([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Node id completion' {
    It 'completes <Parameter> of <Command> from -Peers' -ForEach @(
        @{ Command = 'Get-KevyElectPeer'; Parameter = '-NodeId' }
        @{ Command = 'Invoke-KevyFailover'; Parameter = '-TargetNodeId' }
        @{ Command = 'Send-KevyElectMessage -AccepterId alpha-1 -Epoch 3'; Parameter = '-NodeId' }
        @{ Command = 'Wait-KevyElectCluster'; Parameter = '-WritablePrimary' }
        @{ Command = 'Watch-KevyElectCluster'; Parameter = '-UntilWritablePrimary' }
    ) {
        $line = "$Command -Peers 'alpha-1@127.0.0.1:7201:7001,beta-2@127.0.0.1:7202:7002,alpha-3@127.0.0.1:7203:7003' $Parameter "
        Complete $line | Should -Be @('alpha-1', 'beta-2', 'alpha-3')
        Complete "${line}al" | Should -Be @('alpha-1', 'alpha-3')
    }

    It 'completes from the peers of a kevy.toml given by -ConfigPath' {
        $toml = Join-Path $TestDrive 'kevy.toml'
        Set-Content $toml "[server]`nport = 6004`n[cluster]`nnode_id = `"east`"`npeers = `"east@10.0.0.1:6204:6004,west@10.0.0.2:6204:6004,north@10.0.0.3:6204:6004`""
        Complete "Get-KevyElectPeer -ConfigPath '$toml' -NodeId w" | Should -Be @('west')
    }

    It 'offers nothing for a half-typed peer table instead of failing' {
        Complete "Get-KevyElectPeer -Peers 'n1@' -NodeId " | Should -BeNullOrEmpty
    }

    It 'completes lab node ids from the lab started last' {
        $lab = Start-KevyElectLab -Nodes 3 -Fast
        try {
            Complete 'Stop-KevyElectLabNode -NodeId ' | Should -Be @('n1', 'n2', 'n3')
            Complete 'Get-KevyElectLabNode -NodeId n2' | Should -Be @('n2')
        }
        finally { $lab | Stop-KevyElectLab }
    }
}
