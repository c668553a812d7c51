# Start-KevyElectLab -Server: a lab of real kevy processes, operated by the same cmdlets as the embedded lab, that
# leaves no process and no folder behind however it ends. Needs KEVY_SERVER (see ProcessLabFixture.ps1). Tagged
# RealServer: the Test task runs it after the rest, on a machine no other test loads.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
    . (Join-Path $PSScriptRoot 'ProcessLabFixture.ps1')
}

Describe 'A process lab of three real kevy nodes' -Tag RealServer {
    BeforeAll {
        if (-not $script:NoKevyServer) {
            $script:lab = Start-KevyElectLab -Server $script:KevyServer -Nodes 3 -WaitForPrimary
            $script:pids = Get-LabProcessId $script:lab
            $script:folder = $script:lab.DataDirectory
        }
    }
    AfterAll {
        if ($script:lab) {
            # Nodes restarted by the tests have new pids: gather them all before stopping.
            $all = @($script:pids) + @(Get-LabProcessId $script:lab) | Select-Object -Unique
            $script:lab | Stop-KevyElectLab -Confirm:$false
            Assert-LabGone -ProcessId $all -Folder $script:folder -After 'Stop-KevyElectLab'
        }
    }
    BeforeEach {
        if ($script:NoKevyServer) { Set-ItResult -Skipped -Because $script:NoKevyServer }
    }

    It 'is a process lab that a probe calls Healthy, with n1 preferred' {
        if ($script:NoKevyServer) { return }
        $script:lab | Should -BeOfType ([KevyElect.Lab.ProcessLab])
        $script:lab.Backend | Should -Be 'Process'
        $script:pids | Should -HaveCount 3
        @(Get-KevyElectLab) | Should -Contain $script:lab
        $summary = $script:lab | Get-KevyElectPeer -Summary
        $summary.Verdict | Should -Be 'Healthy' -Because ($summary.Reasons -join '; ')
        $summary.WritablePrimary | Should -Be 'n1'
        ($script:lab | Out-String) | Should -Match 'Process\s+3\s+n1\s+running'
    }

    It 'Get-KevyElectPeer identifies the followers through the relay ports they name, also from rows piped on' {
        if ($script:NoKevyServer) { return }
        # A summary carries the peer table as text, which has no room for the relay ports: it still means the lab's table.
        foreach ($rows in @(($script:lab | Get-KevyElectPeer), ($script:lab | Get-KevyElectPeer -Summary | Get-KevyElectPeer))) {
            foreach ($row in $rows | Where-Object NodeId -NE n1) {
                $row.FollowsNodeId | Should -Be 'n1'
                $row.DataFollowsNodeId | Should -Be 'n1'
                $row.MasterLinkUp | Should -BeTrue
            }
        }
    }

    It 'Get-KevyElectLabNode reads each real node and leaves out what a process does not show' {
        if ($script:NoKevyServer) { return }
        $rows = $script:lab | Get-KevyElectLabNode
        $rows.NodeId | Should -Be @('n1', 'n2', 'n3')
        foreach ($row in $rows) {
            $row.Backend | Should -Be 'Process'
            $row.Epoch | Should -BeGreaterThan 0
            $row.KnownPrimaryId | Should -Be 'n1'
            $row.FramesReceived | Should -BeNullOrEmpty
            $row.GetPeerViews() | Should -BeNullOrEmpty
        }
        ($rows | Where-Object NodeId -EQ n1).IsWritablePrimary | Should -BeTrue
    }

    It 'Get-KevyElectLabFrame says a process lab has no frame log' {
        if ($script:NoKevyServer) { return }
        { $script:lab | Get-KevyElectLabFrame -ErrorAction Stop } | Should -Throw -ErrorId 'KevyElect.NoFrameLog,KevyElect.PowerShell.Commands.GetKevyElectLabFrameCommand'
        $e = $null
        try { $script:lab | Get-KevyElectLabFrame -ErrorAction Stop } catch { $e = $_ }
        "$e" | Should -Match 'a real kevy node does not record the elect frames'
    }

    It 'runs a write load through the client ports' {
        if ($script:NoKevyServer) { return }
        $load = $script:lab | Start-KevyElectLabWriteLoad -Rate 50
        try {
            Wait-TestCondition -Because 'ten acknowledged writes' { $load.AckCount -ge 10 }
        } finally { $load | Stop-KevyElectLabWriteLoad }
        ($load.GetAcks().NodeId | Select-Object -Unique) | Should -Be 'n1'
    }

    It 'Suspend-KevyElectLabNode stops the process (SIGSTOP) and Resume-KevyElectLabNode continues it' {
        if ($script:NoKevyServer) { return }
        $id = $script:lab.ProcessIds['n3']
        try {
            ($script:lab | Suspend-KevyElectLabNode -NodeId n3 -PassThru -Confirm:$false).IsPaused | Should -BeTrue
            ([IO.File]::ReadAllText("/proc/$id/stat") -split ' ')[2] | Should -Be 'T'
        } finally {
            $resumed = $script:lab | Resume-KevyElectLabNode -NodeId n3 -PassThru -Confirm:$false
        }
        $resumed.IsPaused | Should -BeFalse
        ([IO.File]::ReadAllText("/proc/$id/stat") -split ' ')[2] | Should -Not -Be 'T'
    }

    It 'Stop-KevyElectLabNode crashes a node, -Graceful stops one, Start-KevyElectLabNode starts them again' {
        if ($script:NoKevyServer) { return }
        $crashedId = $script:lab.ProcessIds['n3']
        ($script:lab | Stop-KevyElectLabNode -NodeId n3 -PassThru -Confirm:$false).IsRunning | Should -BeFalse
        Test-ProcessAlive $crashedId | Should -BeFalse
        $stoppedId = $script:lab.ProcessIds['n2']
        ($script:lab | Stop-KevyElectLabNode -NodeId n2 -Graceful -PassThru -Confirm:$false).IsRunning | Should -BeFalse
        Test-ProcessAlive $stoppedId | Should -BeFalse
        $script:pids += @($script:lab | Start-KevyElectLabNode -NodeId n2, n3 -PassThru -Confirm:$false | ForEach-Object { $script:lab.ProcessIds[$_.NodeId] })
        $script:lab.ProcessIds.Count | Should -Be 3
        $primary = Wait-KevyElectLabPrimary -Lab $script:lab -TimeoutSec 20
        $primary.NodeId | Should -Be 'n1'
    }

    It 'Disconnect-KevyElectLabNode cuts a node''s replication, Connect-KevyElectLabNode restores it' {
        if ($script:NoKevyServer) { return }
        try {
            ($script:lab | Disconnect-KevyElectLabNode -NodeId n3 -PassThru -Confirm:$false).IsIsolated | Should -BeTrue
            Wait-TestCondition -Because 'n3''s replication link to go down' { -not ($script:lab | Get-KevyElectLabNode n3).DataLinkUp }
        } finally {
            $script:lab | Connect-KevyElectLabNode -Confirm:$false
        }
        Wait-TestCondition -TimeoutMs 20000 -Because 'n3 to follow n1 again on both planes' {
            $n3 = $script:lab | Get-KevyElectLabNode n3
            $n3.DataLinkUp -and $n3.DataSourceId -eq 'n1' -and -not $n3.IsIsolated
        }
    }
}

Describe 'Start-KevyElectLab -Server checks before it starts anything' {
    It 'names a server that does not exist' {
        $missing = Join-Path $TestDrive 'no-such-kevy'
        $e = $null
        try { Start-KevyElectLab -Server $missing -Nodes 1 -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Match '^KevyElect\.BadLabOptions'
        "$e" | Should -Match ([regex]::Escape("'$missing' does not exist"))
        @(Get-KevyElectLab | Where-Object { $_.Backend -eq 'Process' }) | Should -HaveCount 0
    }

    It 'refuses more than seven nodes' {
        $e = $null
        try { Start-KevyElectLab -Server ($script:KevyServer ?? 'kevy') -Nodes 8 -ErrorAction Stop } catch { $e = $_ }
        "$e" | Should -Match 'a process lab has 1 to 7 nodes, not 8'
    }

    It 'does not take the embedded lab''s timings with -Server' {
        { Start-KevyElectLab -Server kevy -Fast } | Should -Throw -ErrorId 'AmbiguousParameterSet,KevyElect.PowerShell.Commands.StartKevyElectLabCommand'
    }
}

Describe 'No kevy process and no folder outlives a process lab' -Tag RealServer {
    BeforeEach {
        if ($script:NoKevyServer) { Set-ItResult -Skipped -Because $script:NoKevyServer }
    }

    It 'after Ctrl+C on Start-KevyElectLab -WaitForPrimary' {
        if ($script:NoKevyServer) { return }
        $before = @([KevyElect.Lab.ElectLab]::Running)
        $ps = [powershell]::Create()
        $lab = $null
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($script:ModuleManifest).AddStatement().
                AddCommand('Start-KevyElectLab').AddParameter('Server', $script:KevyServer).AddParameter('Nodes', 3).AddParameter('WaitForPrimary')
            $handle = $ps.BeginInvoke()
            # Stop it once every node runs and it waits for the election.
            Wait-TestCondition -TimeoutMs 20000 -Because 'the lab to start its three nodes' {
                $script:started = @([KevyElect.Lab.ElectLab]::Running | Where-Object { $_ -notin $before })
                $script:started.Count -eq 1 -and $script:started[0].ProcessIds.Count -eq 3
            }
            $lab = $script:started[0]
            $ids = Get-LabProcessId $lab
            $ps.Stop()
            $handle.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $lab.IsDisposed | Should -BeTrue
            Assert-LabGone -ProcessId $ids -Folder $lab.DataDirectory -After 'Ctrl+C'
        } finally {
            $ps.Dispose()
            if ($lab -and -not $lab.IsDisposed) { $lab.Dispose() }
        }
    }

    It 'after the PowerShell process that started it exits' {
        if ($script:NoKevyServer) { return }
        $out = Invoke-FreshPwsh -Command @"
Import-Module '$script:ModuleManifest'
`$lab = Start-KevyElectLab -Server '$script:KevyServer' -Nodes 2
@{ Ids = @(`$lab.ProcessIds.Values); Folder = `$lab.DataDirectory } | ConvertTo-Json -Compress
exit 0
"@
        $LASTEXITCODE | Should -Be 0
        $started = $out | Select-Object -Last 1 | ConvertFrom-Json
        $started.Ids | Should -HaveCount 2
        Assert-LabGone -ProcessId $started.Ids -Folder $started.Folder -After 'the PowerShell process exited'
    }

    It 'after the PowerShell process that started it is killed (SIGKILL)' {
        if ($script:NoKevyServer) { return }
        $hostPath = [Environment]::ProcessPath
        $info = [Diagnostics.ProcessStartInfo]::new($hostPath)
        if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', @"
Import-Module '$script:ModuleManifest'
`$lab = Start-KevyElectLab -Server '$script:KevyServer' -Nodes 3
`$lab | Stop-KevyElectLabNode -NodeId n3 -Confirm:`$false
'READY ' + (@{ Ids = @(`$lab.ProcessIds.Values); Folder = `$lab.DataDirectory } | ConvertTo-Json -Compress)
Start-Sleep -Seconds 120
"@) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        $child = [Diagnostics.Process]::Start($info)
        try {
            $line = $null
            $reading = $child.StandardOutput.ReadLineAsync()
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while ($clock.ElapsedMilliseconds -lt 60000) {
                if (-not $reading.Wait(60000)) { break }
                if ($null -eq $reading.Result) { break }
                if ($reading.Result.StartsWith('READY ')) { $line = $reading.Result; break }
                $reading = $child.StandardOutput.ReadLineAsync()
            }
            $line | Should -Not -BeNullOrEmpty -Because 'the child started a lab'
            $started = $line.Substring(6) | ConvertFrom-Json
            $started.Ids | Should -HaveCount 2 -Because 'n1 and n2 run, n3 was crashed (its folder must go too)'
            $child.Kill()  # SIGKILL: no ProcessExit handler runs
            $child.WaitForExit(10000) | Should -BeTrue
            Assert-LabGone -ProcessId $started.Ids -Folder $started.Folder -After 'the host was killed'
        } finally {
            if (-not $child.HasExited) { $child.Kill() }
            $child.Dispose()
        }
    }
}
