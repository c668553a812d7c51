# docs/examples/Invoke-SwitchoverRunbook.ps1 against a lab: each exit code, what it changes and what it must not change.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Runbook = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'docs/examples/Invoke-SwitchoverRunbook.ps1'

    function script:Invoke-Runbook {
        # Runs the runbook in this session; returns its exit code and the lines it wrote.
        param([hashtable] $Arguments)
        $global:LASTEXITCODE = $null
        $lines = & $script:Runbook @Arguments 6>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = @($lines) }
    }

    function script:Get-FailoverCommand($Lab) {
        # Data-plane commands that change who writes, as the lab nodes received them.
        foreach ($node in $Lab.GetNodes()) {
            $node.Commands.Snapshot() | Where-Object { $_.Name -in 'FAILOVER', 'REPLICAOF', 'SLAVEOF' } | ForEach-Object { "$($node.NodeId): $_" }
        }
    }

    function script:Get-AnnounceCount($Lab) {
        @($Lab.GetNodes() | ForEach-Object { $_.FramesReceived.Snapshot() } | Where-Object { "$($_.Verb)" -eq 'Announce' }).Count
    }
}

Describe 'Invoke-SwitchoverRunbook.ps1 on a healthy lab' {
    BeforeAll { $script:Lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary }
    AfterAll { $script:Lab | Stop-KevyElectLab }

    It '-PlanOnly exits 0, names the target and sends nothing that changes the cluster' {
        $before = ($script:Lab | Get-KevyElectPeer -Summary).ElectorPrimary
        # The lab's own election announced its winner; the runbook must add nothing to that.
        $announces = Get-AnnounceCount $script:Lab
        $run = Invoke-Runbook @{ Peers = $script:Lab.Peers; PlanOnly = $true }
        $run.ExitCode | Should -Be 0
        $run.Lines | Should -Contain ($run.Lines | Where-Object { $_ -match "plan: $before -> n\d at epoch \d+, 6 steps" })
        ($run.Lines -join "`n") | Should -Match 'plan only: nothing was changed'
        Get-FailoverCommand $script:Lab | Should -BeNullOrEmpty
        Get-AnnounceCount $script:Lab | Should -Be $announces
        ($script:Lab | Get-KevyElectPeer -Summary).ElectorPrimary | Should -Be $before
    }

    It 'switches over to the named target, exits 0 and leaves both planes on it' {
        $old = ($script:Lab | Get-KevyElectPeer -Summary).ElectorPrimary
        $target = $script:Lab.Peers.Id | Where-Object { $_ -ne $old } | Select-Object -Last 1
        $run = Invoke-Runbook @{ Peers = $script:Lab.Peers; TargetNodeId = $target; Force = $true }
        $run.ExitCode | Should -Be 0 -Because ($run.Lines -join "`n")
        ($run.Lines -join "`n") | Should -Match "done: $target writes"
        $after = $script:Lab | Get-KevyElectPeer -Summary
        $after.Verdict | Should -Be 'Healthy'
        $after.ElectorPrimary | Should -Be $target
        $after.DataPrimary | Should -Be $target
        @(Get-FailoverCommand $script:Lab) -match "^${old}: .*\bFAILOVER " | Should -Not -BeNullOrEmpty
    }

    It 'exits 2 when the plan is refused (the target already is the primary) and sends nothing' {
        $primary = ($script:Lab | Get-KevyElectPeer -Summary).ElectorPrimary
        $failovers = @(Get-FailoverCommand $script:Lab).Count
        $announces = Get-AnnounceCount $script:Lab
        $run = Invoke-Runbook @{ Peers = $script:Lab.Peers; TargetNodeId = $primary; Force = $true }
        $run.ExitCode | Should -Be 2
        ($run.Lines -join "`n") | Should -Match 'stopped: the plan is refused: TargetIsPrimary'
        @(Get-FailoverCommand $script:Lab).Count | Should -Be $failovers
        Get-AnnounceCount $script:Lab | Should -Be $announces
    }
}

Describe 'Invoke-SwitchoverRunbook.ps1 on an unhealthy lab' {
    It 'exits 1 at the pre-check when a member is down, before planning anything' {
        $lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
        try {
            $replica = ($lab | Get-KevyElectPeer | Where-Object ElectRole -EQ Replica | Select-Object -First 1).NodeId
            $lab | Stop-KevyElectLabNode -NodeId $replica -Confirm:$false
            $run = Invoke-Runbook @{ Peers = $lab.Peers; Force = $true; TimeoutSec = 2 }
            $run.ExitCode | Should -Be 1
            ($run.Lines -join "`n") | Should -Match 'pre-check: Degraded'
            ($run.Lines -join "`n") | Should -Not -Match 'plan:'
            Get-FailoverCommand $lab | Should -BeNullOrEmpty
        } finally { $lab | Stop-KevyElectLab }
    }
}

Describe 'Invoke-SwitchoverRunbook.ps1 as its own process' {
    It 'reads the cluster from -ConfigPath, imports the module by name and returns the exit code to the shell' {
        $lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
        $savedPath = $env:PSModulePath
        try {
            $config = Join-Path $TestDrive 'kevy.toml'
            Set-Content -Path $config -Value "[cluster]`nnode_id = `"n1`"`npeers = `"$($lab.Peers.ToString())`""
            # out/KevyElect/<version>/KevyElect.psd1: the folder above KevyElect/ goes on the module path.
            $env:PSModulePath = (Split-Path (Split-Path (Split-Path $script:ModuleManifest))) + [IO.Path]::PathSeparator + $savedPath
            $output = Invoke-FreshPwsh -File $script:Runbook -ConfigPath $config -TargetNodeId n2 -Force 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 0 -Because $output
            ($lab | Get-KevyElectPeer -Summary).WritablePrimary | Should -Be 'n2'
        } finally {
            $env:PSModulePath = $savedPath
            $lab | Stop-KevyElectLab
        }
    }

    It 'run non-interactively without -Force, stops before the switchover with exit code 2 and a hint' {
        $lab = Start-KevyElectLab -Nodes 3 -Fast -WaitForPrimary
        $savedPath = $env:PSModulePath
        try {
            $primary = ($lab | Get-KevyElectPeer -Summary).WritablePrimary
            $env:PSModulePath = (Split-Path (Split-Path (Split-Path $script:ModuleManifest))) + [IO.Path]::PathSeparator + $savedPath
            $output = Invoke-FreshPwsh -File $script:Runbook -Peers $lab.Peers.ToString() 2>&1 | Out-String
            $LASTEXITCODE | Should -Be 2 -Because $output
            $output | Should -Match 'cannot prompt'
            $output | Should -Match 'Pass -Force'
            Get-FailoverCommand $lab | Should -BeNullOrEmpty
            ($lab | Get-KevyElectPeer -Summary).WritablePrimary | Should -Be $primary
        } finally {
            $env:PSModulePath = $savedPath
            $lab | Stop-KevyElectLab
        }
    }
}
