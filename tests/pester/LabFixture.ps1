# The Pester files' one lab helper: dot-source it inside BeforeAll (after TestHelpers.ps1).
#   $lab = Start-TestLab            # 3 nodes, fast timings, a writable primary elected (through the cmdlet)
#   $lab = Start-SettledTestLab     # the same through the core, with an apply delay, every replica following
#   Wait-TestCondition { ... }      # the one wait for a condition (monotonic deadline)
#   ... tests ...
#   Stop-TestLab $lab               # in AfterAll

function script:Start-TestLab {
    param([int] $Nodes = 3, [int] $TimeoutMs = 15000)
    Start-KevyElectLab -Nodes $Nodes -Fast -WaitForPrimary -TimeoutSec ($TimeoutMs / 1000)
}

function script:Stop-TestLab {
    param($Lab)
    if ($Lab) { $Lab | Stop-KevyElectLab -Confirm:$false }
}

function script:Wait-TestCondition {
    # Polls a script block until it returns a true value, or throws naming what did not happen.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [string] $Because = 'the condition', [int] $TimeoutMs = 10000)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($clock.ElapsedMilliseconds -gt $TimeoutMs) { throw "timed out after $TimeoutMs ms waiting for $Because" }
        Start-Sleep -Milliseconds 20
    }
}

function script:Start-SettledTestLab {
    # A lab whose every replica's data plane replicates from the elected primary; -ApplyDelay makes replicas lag.
    param([int] $Nodes = 3, [timespan] $ApplyDelay = [timespan]::Zero)
    $options = [KevyElect.Lab.LabOptions]::new()
    $options.Nodes = $Nodes
    $options.Timings = [KevyElect.Lab.LabOptions]::FastTimings
    $options.PromotionDelay = [timespan]::FromMilliseconds(100)
    $options.ApplyDelay = $ApplyDelay
    $lab = [KevyElect.Lab.LabCluster]::StartAsync($options).GetAwaiter().GetResult()
    $primary = $lab.WaitForPrimaryAsync([timespan]::FromSeconds(15)).GetAwaiter().GetResult()
    Wait-TestCondition -Because "every replica following $($primary.NodeId)" -Condition {
        @($lab.GetState() | Where-Object { $_.NodeId -ne $primary.NodeId -and $_.DataSourceId -ne $primary.NodeId }).Count -eq 0
    }
    $lab
}

function script:Invoke-LabCommand {
    # Sends one command to a lab node's client port and returns the reply (a KevyElect.Protocol.RespValue).
    param([Parameter(Mandatory)] $Node, [Parameter(Mandatory)] [string[]] $Arguments)
    $timeout = [TimeSpan]::FromSeconds(2)
    $c = [KevyElect.Net.KevyConnection]::ConnectAsync('127.0.0.1', $Node.ClientPort, $timeout, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try { $c.ExecuteAsync($timeout, [Threading.CancellationToken]::None, $Arguments).GetAwaiter().GetResult() }
    finally { $c.Dispose() }
}
