# Feedback and errors that lead with the cause: bad -ConfigPath, refusals, -Verbose, Ctrl+C in a switchover.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
}

Describe '-ConfigPath that is not a kevy.toml' {
    It 'names a directory as a directory' {
        $err = $null
        try { Get-KevyElectPeer -ConfigPath $TestDrive -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'KevyElect.ConfigIsDirectory*'
        $err.Exception.Message | Should -BeLike "-ConfigPath '*' is a directory: name the kevy.toml file in it*"
    }

    It 'names a missing file as missing' {
        $missing = Join-Path $TestDrive 'nope.toml'
        $err = $null
        try { Get-KevyElectPeer -ConfigPath $missing -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'KevyElect.ConfigNotFound*'
        $err.Exception.Message | Should -Be "-ConfigPath '$missing' does not exist."
    }
}

Describe 'Invoke-KevyFailover feedback' {
    BeforeAll { $script:Lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:Lab }

    It 'a refused switchover names no new primary' {
        $primary = $script:Lab.WaitForSteadyAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId
        $r = Invoke-KevyFailover -Peers $script:Lab.Peers -TargetNodeId $primary -Force -ErrorAction SilentlyContinue
        $r.Outcome | Should -Be 'Refused'
        $r.Refusal.Code | Should -Be 'TargetIsPrimary'
        $r.NewPrimary | Should -BeNullOrEmpty
        $r.OldPrimary | Should -Be $primary
    }

    It '-Verbose tells every step as it ends, and the session keeps the result' {
        $global:KevyElectLastFailover = $null
        $verbose = Invoke-KevyFailover -Peers $script:Lab.Peers -Force -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $steps = @($verbose.Message | Where-Object { $_ -match '^(Quiesce|Drain|Promote|Announce|Release|Verify) (ok|FAILED)' } | ForEach-Object { ($_ -split ' ')[0] })
        $steps | Should -Be @('Quiesce', 'Drain', 'Promote', 'Announce', 'Release', 'Verify')
        $global:KevyElectLastFailover.Outcome | Should -Be 'Succeeded'
    }
}

Describe 'Ctrl+C during a switchover' {
    BeforeAll {
        # Replicas apply writes 30 s late: a switchover waits in its drain for as long as it is let.
        $script:Lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary -ApplyDelaySec 30
    }
    AfterAll { Stop-TestLab $script:Lab }

    It 'rolls back at once, says why it waited, and leaves the result in $KevyElectLastFailover' {
        $primary = $script:Lab.WaitForSteadyAsync([timespan]::FromSeconds(10)).GetAwaiter().GetResult().NodeId
        $target = @($script:Lab.Peers.Id | Where-Object { $_ -ne $primary })[0]
        $null = Invoke-LabCommand -Node $script:Lab.Peers.Find($primary) -Arguments SET, behind, 1
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Invoke-KevyFailover -Peers '$($script:Lab.Peers)' -TargetNodeId $target -Force -TimeoutSec 30")
            $async = $ps.BeginInvoke()
            Wait-TestCondition { @($ps.Streams.Progress | Where-Object { $_.StatusDescription -like "*$target answers PING but has not applied everything yet*" }).Count -gt 0 } -Because 'the progress to say why it waits' -TimeoutMs 10000
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalMilliseconds | Should -BeLessThan 1000 -Because 'Ctrl+C ends the wait at once'
            $async.IsCompleted | Should -BeTrue
            $result = $ps.Runspace.SessionStateProxy.GetVariable('KevyElectLastFailover')
            $result.Outcome | Should -Be 'RolledBack'
            $result.NewPrimary | Should -Be $primary
        } finally {
            $ps.Dispose()
        }
        $script:Lab.Node($primary).Commands.Snapshot() | Where-Object { $_.Name -eq 'FAILOVER' -and $_.Args[1] -eq 'ABORT' } | Should -Not -BeNullOrEmpty
        Wait-TestCondition { ($script:Lab.GetState() | Where-Object NodeId -EQ $primary).AcceptsWrites } -Because "$primary to write again"
    }
}

Describe 'Lab feedback' {
    It 'a taken port is named' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $err = $null
            try { Start-KevyElectLab -Nodes 1 -BasePort $port -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'KevyElect.LabPortInUse*'
            $err.Exception.Message | Should -BeLike "port $port on 127.0.0.1 is already in use*"
        } finally { $listener.Stop() }
    }

    It 'a stopped lab is said in words, not as an object name' {
        $lab = Start-TestLab
        $lab | Stop-KevyElectLab -Confirm:$false
        $err = $null
        try { $lab | Get-KevyElectLabNode -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'KevyElect.LabStopped*'
        $err.Exception.Message | Should -BeLike 'the lab was stopped (Stop-KevyElectLab)*'
        $err.Exception.Message | Should -Not -Match 'Object name'
    }

    It 'Start-KevyElectLab -Verbose says what it starts and where the lab is' {
        $lab = $null
        try {
            $verbose = @(& { $script:started = Start-KevyElectLab -Nodes 1 -Fast -Verbose } 4>&1 | ForEach-Object Message)
            $lab = $script:started
            $verbose | Should -Contain 'starting an embedded lab of 1 node(s) on 127.0.0.1'
            ($verbose -join "`n") | Should -Match 'lab up: n1@127\.0\.0\.1'
        } finally { if ($lab) { $lab | Stop-KevyElectLab -Confirm:$false } }
    }

    It 'Stop-KevyElectLabWriteLoad asks with -Confirm and does nothing with -WhatIf' {
        $lab = Start-TestLab
        try {
            $load = Start-KevyElectLabWriteLoad -Lab $lab -Rate 20 -Confirm:$false
            $load | Stop-KevyElectLabWriteLoad -WhatIf
            $load.IsRunning | Should -BeTrue
            $load | Stop-KevyElectLabWriteLoad -Confirm:$false
            $load.IsRunning | Should -BeFalse
        } finally { Stop-TestLab $lab }
    }

    It 'Get-KevyElectLabNode binds NodeId from piped rows' {
        $lab = Start-TestLab
        try {
            $rows = @($lab | Get-KevyElectPeer | Where-Object NodeId -EQ n2 | Get-KevyElectLabNode)
            $rows.NodeId | Should -Be @('n2')
        } finally { Stop-TestLab $lab }
    }
}
