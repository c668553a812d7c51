# One time convention: every time a cmdlet takes is a [double] in seconds named *Sec; the former names keep working,
# hidden, in their old unit, and naming a former parameter with its new one is an error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')
    $script:Dead = 'n1@127.0.0.1:1:2'

    function script:Test-Hidden($Parameter) {
        [bool]@($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count
    }
}

Describe 'Time parameters' {
    It 'every visible time parameter of every cmdlet is a [double] in seconds named *Sec' {
        $found = 0
        foreach ($command in Get-Command -Module KevyElect -CommandType Cmdlet) {
            foreach ($p in $command.Parameters.Values | Where-Object { -not (Test-Hidden $_) }) {
                $type = [Nullable]::GetUnderlyingType($p.ParameterType) ?? $p.ParameterType
                $isTime = $p.Name -match '(Timeout|Interval|Duration|Delay|After|Backoff|Jitter)' -and $p.Name -notin 'After'
                if (-not $isTime -and $type -ne [TimeSpan]) { continue }
                $found++
                $p.Name | Should -Match 'Sec$' -Because "-$($p.Name) of $($command.Name) takes a time"
                $type | Should -Be ([double]) -Because "-$($p.Name) of $($command.Name) is in seconds"
            }
        }
        $found | Should -BeGreaterThan 15
    }

    It 'the former names are hidden parameters: <Command> -<Former>' -ForEach @(
        @{ Command = 'Get-KevyElectPeer'; Former = 'TimeoutMs' }
        @{ Command = 'Invoke-KevyFailover'; Former = 'TimeoutMs' }
        @{ Command = 'Watch-KevyElectCluster'; Former = 'IntervalMs' }
        @{ Command = 'Watch-KevyElectCluster'; Former = 'Duration' }
        @{ Command = 'Wait-KevyElectCluster'; Former = 'IntervalMs' }
        @{ Command = 'Send-KevyElectMessage'; Former = 'TimeoutMs' }
        @{ Command = 'Start-KevyElectLab'; Former = 'HbIntervalMs' }
        @{ Command = 'Start-KevyElectLab'; Former = 'ApplyDelayMs' }
        @{ Command = 'Start-KevyElectLab'; Former = 'TimeoutMs' }
        @{ Command = 'Start-KevyElectLabWriteLoad'; Former = 'AttemptTimeoutMs' }
        @{ Command = 'Wait-KevyElectLabPrimary'; Former = 'TimeoutMs' }
    ) {
        $p = (Get-Command $Command).Parameters[$Former]
        $p | Should -Not -BeNullOrEmpty
        Test-Hidden $p | Should -BeTrue
    }

    It 'refuses a former name together with its new one, naming both' {
        { Get-KevyElectPeer -Peers $script:Dead -TimeoutMs 100 -CallTimeoutSec 0.1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.FormerTimeParameter,*' -ExpectedMessage '*-TimeoutMs*-CallTimeoutSec*'
        { Watch-KevyElectCluster -Peers $script:Dead -Duration '00:00:01' -DurationSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.FormerTimeParameter,*'
        { Watch-KevyElectCluster -Peers $script:Dead -IntervalMs 100 -IntervalSec 0.1 -DurationSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.FormerTimeParameter,*'
    }

    It 'bounds each network call by -CallTimeoutSec, and by the former -TimeoutMs in milliseconds' {
        # A listener that accepts and never answers: the probe waits for its call timeout.
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $peers = "n1@127.0.0.1:${port}:$port"
            foreach ($call in @({ Get-KevyElectPeer -Peers $peers -CallTimeoutSec 0.3 -ErrorAction SilentlyContinue },
                    { Get-KevyElectPeer -Peers $peers -TimeoutMs 300 -ErrorAction SilentlyContinue })) {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $row = & $call
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.5 -Because 'the call gives up after 0.3 s, not the 2 s default'
                $row.Error | Should -Not -BeNullOrEmpty
            }
        } finally {
            $listener.Stop()
        }
    }

    It 'a watch stops after -DurationSec, and after the former -Duration' {
        foreach ($watch in @({ Watch-KevyElectCluster -Peers $script:Dead -IntervalSec 0.05 -CallTimeoutSec 0.1 -DurationSec 0.5 },
                { Watch-KevyElectCluster -Peers $script:Dead -IntervalMs 50 -TimeoutMs 100 -Duration '00:00:00.5' })) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $events = @(& $watch)
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            $events[0].Kind | Should -Be 'Started'
        }
    }

    It 'the lab timings in seconds and the former ones in milliseconds set the same election timings' {
        $lab = Start-KevyElectLab -Nodes 1 -HeartbeatIntervalSec 0.04 -DownAfterSec 0.4 -ElectionTimeoutSec 0.3 -BackoffBaseSec 0.05 -BackoffJitterMaxSec 0.05 -ApplyDelaySec 0.01
        try { $seconds = $lab.GetOptions() } finally { $lab | Stop-KevyElectLab -Confirm:$false }
        $lab = Start-KevyElectLab -Nodes 1 -HbIntervalMs 40 -DownAfterMs 400 -ElectionTimeoutMs 300 -BackoffBaseMs 50 -BackoffJitterMaxMs 50 -ApplyDelayMs 10
        try { $former = $lab.GetOptions() } finally { $lab | Stop-KevyElectLab -Confirm:$false }
        $seconds.Timings.HbIntervalMs | Should -Be 40
        $seconds.Timings.DownAfterMs | Should -Be 400
        $seconds.Timings.ElectionTimeoutMs | Should -Be 300
        $seconds.Timings | Should -Be $former.Timings
        $seconds.ApplyDelay | Should -Be ([TimeSpan]::FromMilliseconds(10))
        $former.ApplyDelay | Should -Be $seconds.ApplyDelay
    }
}
