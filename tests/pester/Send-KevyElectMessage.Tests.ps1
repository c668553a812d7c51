BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function New-Receiver {
        # A plain TCP listener on 127.0.0.1 standing in for one node's elect port.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $listener
    }

    function Read-Received([System.Net.Sockets.TcpListener] $Listener) {
        # Every byte of the next connection (the sender has closed it by the time a receipt exists).
        if (-not $Listener.Pending()) { return ,[byte[]]@() }
        $client = $Listener.AcceptTcpClient()
        try {
            $stream = $client.GetStream()
            $stream.ReadTimeout = 2000
            $buffer = [System.IO.MemoryStream]::new()
            $stream.CopyTo($buffer)
            ,$buffer.ToArray()
        } finally { $client.Dispose() }
    }

    function Get-ClosedPort {
        $l = New-Receiver
        $port = $l.LocalEndpoint.Port
        $l.Stop()
        $port
    }

    $script:Receiver = New-Receiver
    $script:Port = $script:Receiver.LocalEndpoint.Port
    $script:Peers = "n1@127.0.0.1:$($script:Port):7001"
}

AfterAll {
    $script:Receiver.Stop()
}

Describe 'Send-KevyElectMessage parameter sets' {
    It 'sends an HB built from parameters and returns a receipt with the exact frame' {
        $r = Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 7 -ReplOffset 12
        $bytes = Read-Received $script:Receiver
        $expected = ConvertTo-KevyElectFrame -SenderId n1 -Role Replica -Epoch 7 -ReplOffset 12
        $bytes | Should -Be $expected
        $r.Target | Should -Be 'n1'
        $r.Endpoint | Should -Be "127.0.0.1:$($script:Port)"
        $r.Verb | Should -Be 'Hb'
        $r.Bytes | Should -Be $expected.Length
        $r.Hex | Should -Be (ConvertTo-KevyElectFrame -SenderId n1 -Role Replica -Epoch 7 -ReplOffset 12 -AsHex)
        $r.ElapsedMs | Should -BeGreaterOrEqual 0
        $r.Error | Should -BeNullOrEmpty
    }

    It 'sends an OFFER with -Confirm:$false' {
        $r = Send-KevyElectMessage -Peers $script:Peers -CandidateId n1 -Epoch 9 -ReplOffset 3 -Confirm:$false
        $bytes = Read-Received $script:Receiver
        $bytes | Should -Be (ConvertTo-KevyElectFrame -CandidateId n1 -Epoch 9 -ReplOffset 3)
        $r.Verb | Should -Be 'Offer'
    }

    It 'sends an ACCEPT with -Confirm:$false' {
        $r = Send-KevyElectMessage -Peers $script:Peers -AccepterId n1 -Epoch 9 -Confirm:$false
        $bytes = Read-Received $script:Receiver
        $bytes | Should -Be (ConvertTo-KevyElectFrame -AccepterId n1 -Epoch 9)
        $r.Verb | Should -Be 'Accept'
    }

    It 'sends an ANNOUNCE with -Confirm:$false' {
        $r = Send-KevyElectMessage -Peers $script:Peers -NewPrimaryId n1 -NewPrimaryAddress 127.0.0.1:7001 -Epoch 10 -Confirm:$false
        $bytes = Read-Received $script:Receiver
        $bytes | Should -Be (ConvertTo-KevyElectFrame -NewPrimaryId n1 -NewPrimaryAddress 127.0.0.1:7001 -Epoch 10)
        $r.Verb | Should -Be 'Announce'
    }

    It 'takes messages from the pipeline, one receipt per message' {
        $hex = (ConvertTo-KevyElectFrame -SenderId n1 -Role Replica -Epoch 1 -AsHex) + (ConvertTo-KevyElectFrame -AccepterId n1 -Epoch 2 -AsHex)
        $receipts = ConvertFrom-KevyElectFrame -Hex $hex | Send-KevyElectMessage -Peers $script:Peers -Confirm:$false
        $receipts.Verb | Should -Be @('Hb', 'Accept')
        (Read-Received $script:Receiver).Length | Should -Be $receipts[0].Bytes
        (Read-Received $script:Receiver).Length | Should -Be $receipts[1].Bytes
    }

    It 'reads the cluster from -ConfigPath' {
        $toml = Join-Path $TestDrive 'kevy.toml'
        Set-Content $toml "[cluster]`nnode_id = `"n1`"`npeers = `"$($script:Peers)`"`n"
        $r = Send-KevyElectMessage -ConfigPath $toml -SenderId n1 -Role Replica -Epoch 1
        $r.Error | Should -BeNullOrEmpty
        (Read-Received $script:Receiver).Length | Should -Be $r.Bytes
    }

    It 'refuses an id that breaks the node id rule' {
        { Send-KevyElectMessage -Peers $script:Peers -SenderId 'bad id' -Role Replica -Epoch 1 } |
            Should -Throw -ErrorId 'KevyElect.InvalidNodeId*'
    }

    It 'refuses -All together with -NodeId' {
        { Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 1 -All -NodeId n1 } |
            Should -Throw -ErrorId 'KevyElect.AllWithNodeId*'
    }
}

Describe 'Send-KevyElectMessage confirmation' {
    # The test host is non-interactive: a confirmation prompt fails the command instead of waiting.
    It 'demands confirmation for <Name> at the default $ConfirmPreference and sends nothing' -ForEach @(
        @{ Name = 'OFFER'; Params = @{ CandidateId = 'n1'; Epoch = 5 } }
        @{ Name = 'ACCEPT'; Params = @{ AccepterId = 'n1'; Epoch = 5 } }
        @{ Name = 'ANNOUNCE'; Params = @{ NewPrimaryId = 'n1'; NewPrimaryAddress = '127.0.0.1:7001'; Epoch = 5 } }
        @{ Name = 'an HB under an id outside the table'; Params = @{ SenderId = 'intruder'; Role = 'Replica'; Epoch = 5 } }
        @{ Name = 'an HB claiming primary'; Params = @{ SenderId = 'n1'; Role = 'Primary'; Epoch = 5 } }
    ) {
        $ConfirmPreference | Should -Be 'High'
        { Send-KevyElectMessage -Peers $script:Peers @Params -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidOperation,KevyElect.PowerShell.Commands.SendKevyElectMessageCommand'
        $script:Receiver.Pending() | Should -BeFalse
    }

    It 'sends a member''s replica HB without a prompt, but prompts with -Confirm' {
        Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 1 | Should -Not -BeNullOrEmpty
        $null = Read-Received $script:Receiver
        { Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 1 -Confirm -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidOperation,KevyElect.PowerShell.Commands.SendKevyElectMessageCommand'
        $script:Receiver.Pending() | Should -BeFalse
    }

    It 'prompts for a member''s replica HB when $ConfirmPreference is Low' {
        { $ConfirmPreference = 'Low'; Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidOperation,KevyElect.PowerShell.Commands.SendKevyElectMessageCommand'
        $script:Receiver.Pending() | Should -BeFalse
    }

    It 'sends nothing with -WhatIf, whatever the verb' {
        Send-KevyElectMessage -Peers $script:Peers -SenderId n1 -Role Replica -Epoch 1 -WhatIf | Should -BeNullOrEmpty
        Send-KevyElectMessage -Peers $script:Peers -NewPrimaryId n1 -NewPrimaryAddress 127.0.0.1:7001 -Epoch 5 -WhatIf | Should -BeNullOrEmpty
        $script:Receiver.Pending() | Should -BeFalse
    }
}

Describe 'Send-KevyElectMessage errors' {
    It 'writes a receipt with the error and a non-terminating DeliveryFailed for an unreachable node' {
        $closed = Get-ClosedPort
        $peers = "$($script:Peers),n2@127.0.0.1:$($closed):7002"
        $receipts = Send-KevyElectMessage -Peers $peers -SenderId n1 -Role Replica -Epoch 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $receipts.Count | Should -Be 2
        ($receipts | Where-Object Target -EQ n1).Error | Should -BeNullOrEmpty
        ($receipts | Where-Object Target -EQ n2).Error | Should -Match 'refused'
        ($receipts | Where-Object Target -EQ n2).Bytes | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.DeliveryFailed*'
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $null = Read-Received $script:Receiver
    }

    It 'writes a non-terminating UnknownNodeId for an id outside the table and delivers to the rest' {
        $receipts = Send-KevyElectMessage -Peers $script:Peers -NodeId n1, n7 -SenderId n1 -Role Replica -Epoch 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        @($receipts).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.UnknownNodeId*'
        $null = Read-Received $script:Receiver
    }
}

Describe 'Send-KevyElectMessage on the lab' {
    BeforeAll {
        $options = [KevyElect.Lab.LabOptions]::new()
        $options.Timings = [KevyElect.Lab.LabOptions]::FastTimings
        $script:Lab = [KevyElect.Lab.LabCluster]::StartAsync($options).GetAwaiter().GetResult()
        $null = $script:Lab.WaitForPrimaryAsync([TimeSpan]::FromSeconds(15)).GetAwaiter().GetResult()
    }
    AfterAll { $script:Lab.Dispose() }

    It 'delivers every verb to one node, which records it' {
        $n3 = $script:Lab.Node('n3')
        $r = @(
            Send-KevyElectMessage -Peers $script:Lab.Peers -NodeId n3 -SenderId n1 -Role Replica -Epoch 1 -ReplOffset 424242
            Send-KevyElectMessage -Peers $script:Lab.Peers -NodeId n3 -CandidateId n2 -Epoch 1 -Confirm:$false
            Send-KevyElectMessage -Peers $script:Lab.Peers -NodeId n3 -AccepterId n2 -Epoch 1 -Confirm:$false
            Send-KevyElectMessage -Peers $script:Lab.Peers -NodeId n3 -NewPrimaryId n2 -NewPrimaryAddress 127.0.0.1:1 -Epoch 1 -Confirm:$false
        )
        $r.Error | Where-Object { $_ } | Should -BeNullOrEmpty
        $deadline = [DateTime]::UtcNow.AddSeconds(3)
        do {
            $verbs = @($n3.FramesReceived.Snapshot() | Where-Object { $_.Message -and ($_.Message.ReplOffset -eq 424242 -or ($_.Verb -ne 'Hb' -and $_.Message.Epoch -eq 1)) } |
                ForEach-Object { "$($_.Verb)" } | Sort-Object -Unique)
            if ($verbs.Count -ge 4) { break }
            Start-Sleep -Milliseconds 20
        } while ([DateTime]::UtcNow -lt $deadline)
        $verbs | Should -Be @('Accept', 'Announce', 'Hb', 'Offer')
    }

    It 'delivers to every node by default, from a lab piped by property name' {
        $receipts = $script:Lab | Send-KevyElectMessage -SenderId n1 -Role Replica -Epoch 1 -ReplOffset 515151
        $receipts.Target | Should -Be @('n1', 'n2', 'n3')
        $receipts.Error | Where-Object { $_ } | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 200
        $marked = { param($node) @($script:Lab.Node($node).FramesReceived.Snapshot() | Where-Object { $_.Message.ReplOffset -eq 515151 }).Count }
        & $marked n2 | Should -Be 1
        & $marked n3 | Should -Be 1
    }
}
