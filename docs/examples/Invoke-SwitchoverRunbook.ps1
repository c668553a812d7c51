#requires -Version 7.4
<#
.SYNOPSIS
    Planned switchover of a kevy-elect cluster, as a runbook: pre-check, plan, switchover, verification.
.DESCRIPTION
    1. Pre-check: Get-KevyElectPeer -Summary must say Healthy, at once or within -SettleSec (a cluster still
       settling, such as kevy replicas reloading a snapshot a moment after a switchover, is given that long).
    2. Plan: Invoke-KevyFailover -WhatIf shows the target, the epoch and the steps; a refused plan stops here.
       With -PlanOnly the runbook ends after this step.
    3. Switchover: Invoke-KevyFailover to the planned target (asks for confirmation unless -Force).
    4. Verification: Wait-KevyElectCluster until the cluster is Healthy with the target as writable primary.

    Exit codes: 0 done (or planned, with -PlanOnly); 1 the pre-check failed; 2 the plan was refused or not
    confirmed (also when the host cannot prompt: run non-interactively, pass -Force); 3 the switchover did not
    succeed (Failed, RolledBack, Unknown, SucceededUnproven); 4 the switchover reported success but the cluster
    did not verify; 5 an unexpected error (the message says which).

    The KevyElect module must be importable (Import-Module KevyElect) or already imported.
.EXAMPLE
    ./docs/examples/Invoke-SwitchoverRunbook.ps1 -ConfigPath /etc/kevy/kevy.toml -TargetNodeId n2 -PlanOnly
.EXAMPLE
    ./docs/examples/Invoke-SwitchoverRunbook.ps1 -Peers $lab.Peers -Force
#>
[CmdletBinding(DefaultParameterSetName = 'Peers')]
param(
    # The peer table (kevy's [cluster] peers syntax) or a KevyElect.Cluster.PeerTable.
    [Parameter(Mandatory, ParameterSetName = 'Peers')] [object] $Peers,
    # A kevy.toml naming the cluster, e.g. /etc/kevy/kevy.toml.
    [Parameter(Mandatory, ParameterSetName = 'ConfigPath')] [string] $ConfigPath,
    # The node to promote; without it the candidate rule picks (highest offset, then lowest id).
    [string] $TargetNodeId,
    # FAILOVER quiesce timeout and how long verification waits, in seconds.
    [ValidateRange(1, 3600)] [int] $TimeoutSec = 10,
    # How long the pre-check waits for a cluster that is not Healthy yet to become so (0: one read decides).
    [ValidateRange(0, 300)] [int] $SettleSec = 5,
    # Stop after the plan.
    [switch] $PlanOnly,
    # Do not ask before the switchover.
    [switch] $Force
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Write-Step([string] $Text) {
    Write-Information ('[{0:HH:mm:ss}] {1}' -f (Get-Date), $Text) -InformationAction Continue
}

# Anything not handled below is its own exit code, never confused with a step's.
trap {
    Write-Step "failed: $($_.Exception.Message)"
    exit 5
}
if (-not (Get-Module KevyElect)) { Import-Module KevyElect }

$cluster = if ($PSCmdlet.ParameterSetName -eq 'ConfigPath') { @{ ConfigPath = $ConfigPath } } else { @{ Peers = $Peers } }

# 1. Pre-check. On kevy the replicas reload the new primary's snapshot a moment after a switchover (-LOADING for a few
# hundred milliseconds), so a cluster that is not Healthy yet gets -SettleSec to become so.
$before = Get-KevyElectPeer @cluster -Summary
if ($before.Verdict -ne 'Healthy' -and $SettleSec -gt 0) {
    try {
        $before = Wait-KevyElectCluster @cluster -TimeoutSec $SettleSec -IntervalSec 0.2
    } catch [TimeoutException] {
        # The error's target is the last summary seen, with its reasons.
        if ($_.TargetObject -is [KevyElect.Cluster.ClusterSummary]) { $before = $_.TargetObject }
    }
}
Write-Step "pre-check: $before"
if ($before.Verdict -ne 'Healthy') {
    $before.Reasons | ForEach-Object { Write-Step "  $_" }
    Write-Step 'stopped: the cluster must be Healthy before a switchover'
    exit 1
}

# 2. Plan (read-only).
$target = if ($TargetNodeId) { @{ TargetNodeId = $TargetNodeId } } else { @{} }
$plan = Invoke-KevyFailover @cluster @target -TimeoutSec $TimeoutSec -WhatIf
Write-Step "plan: $($plan.CurrentPrimaryId) -> $($plan.TargetId) at epoch $($plan.Epoch), $($plan.Steps.Count) steps"
if ($plan.IsRefused) {
    Write-Step "stopped: the plan is refused: $($plan.Refusal)"
    exit 2
}
if ($PlanOnly) {
    Write-Step 'plan only: nothing was changed'
    exit 0
}

# 3. Switchover, to the planned target and epoch even if the candidate rule would now pick another node.
$run = @{ TargetNodeId = $plan.TargetId; Epoch = $plan.Epoch; TimeoutSec = $TimeoutSec; ErrorAction = 'SilentlyContinue' }
if ($Force) { $run.Force = $true } else { $run.Confirm = $true }
try {
    $result = Invoke-KevyFailover @cluster @run
} catch [System.Management.Automation.PSInvalidOperationException], [System.Management.Automation.Host.HostException] {
    # The confirmation prompt needs an interactive host.
    Write-Step "stopped: the switchover needs confirmation and this host cannot prompt ($($_.Exception.Message)); nothing was changed. Pass -Force to confirm in advance"
    exit 2
}
if (-not $result) {
    Write-Step 'stopped: the switchover was not confirmed; nothing was changed'
    exit 2
}
$result.Steps | ForEach-Object { Write-Step "  $_" }
Write-Step "switchover: $($result.Outcome): $($result.Message)"
if ($result.Outcome -eq 'Refused') { exit 2 }
if ($result.Outcome -ne 'Succeeded') { exit 3 }

# 4. Verification, independent of the switchover's own: Healthy with the target writing, within -TimeoutSec.
try {
    $after = Wait-KevyElectCluster @cluster -WritablePrimary $plan.TargetId -TimeoutSec $TimeoutSec -IntervalSec 0.2
} catch [TimeoutException] {
    # The error names the last state seen and why it is not Healthy with the target writing.
    Write-Step "verification: $($_.TargetObject)"
    Write-Step "stopped: the cluster did not verify with $($plan.TargetId) as writable primary: $($_.Exception.Message)"
    exit 4
}
Write-Step "verification: $after"
Write-Step "done: $($plan.TargetId) writes; writes were refused for $($result.WriteUnavailableMs) ms"
exit 0
