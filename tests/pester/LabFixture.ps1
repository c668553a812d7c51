# Shared lab fixture for Pester files: dot-source it inside BeforeAll (after TestHelpers.ps1).
#   $lab = Start-TestLab            # 3 nodes, fast timings, a writable primary elected
#   ... tests ...
#   Stop-TestLab $lab               # in AfterAll; also asserts nothing was left running

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
    $deadline = [DateTime]::UtcNow.AddMilliseconds($TimeoutMs)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "timed out after $TimeoutMs ms waiting for $Because" }
        Start-Sleep -Milliseconds 20
    }
}

function script:Invoke-LabCommand {
    # Sends one command to a lab node's client port and returns the reply (a KevyElect.Protocol.RespValue).
    param([Parameter(Mandatory)] $Node, [Parameter(Mandatory)] [string[]] $Arguments)
    $timeout = [TimeSpan]::FromSeconds(2)
    $c = [KevyElect.Net.KevyConnection]::ConnectAsync('127.0.0.1', $Node.ClientPort, $timeout, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    try { $c.ExecuteAsync($timeout, [Threading.CancellationToken]::None, $Arguments).GetAwaiter().GetResult() }
    finally { $c.Dispose() }
}
