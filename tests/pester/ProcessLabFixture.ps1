# Dot-sourced by the Pester files that run the real kevy server (after TestHelpers.ps1). The server is the binary
# named by the environment variable KEVY_SERVER; without one, $script:NoKevyServer says why and the tests skip:
#   It '...' { if ($script:NoKevyServer) { Set-ItResult -Skipped -Because $script:NoKevyServer; return } ... }
# A kevy process left running is a failure: Assert-LabGone waits for a lab's processes and folder to go, and if they
# do not, kills what is left (so one failure does not leak into the next test) and throws naming it.

$script:KevyServer = $env:KEVY_SERVER
$script:NoKevyServer = if (-not $script:KevyServer) {
    'needs the real kevy server: set KEVY_SERVER to a kevy 5.x binary'
} elseif (-not (Test-Path -LiteralPath $script:KevyServer -PathType Leaf)) {
    "needs the real kevy server: KEVY_SERVER names '$($script:KevyServer)', which does not exist"
}

function script:Get-LabProcessId {
    # The process ids of a process lab's running kevy nodes.
    param([Parameter(Mandatory)] $Lab)
    [int[]]@($Lab.ProcessIds.Values)
}

function script:Test-ProcessAlive {
    # True while the process runs (a zombie, dead but not yet reaped, counts as gone).
    param([int] $Id)
    $stat = "/proc/$Id/stat"
    if (Test-Path $stat) {
        $text = try { [IO.File]::ReadAllText($stat) } catch { return $false }
        return $text[$text.LastIndexOf(')') + 2] -ne 'Z'
    }
    [bool](Get-Process -Id $Id -ErrorAction Ignore)
}

function script:Assert-LabGone {
    # Waits until none of the processes runs and the folder is gone; otherwise cleans up and throws.
    param([int[]] $ProcessId = @(), [string] $Folder, [int] $TimeoutMs = 15000, [string] $After = 'the lab ended')
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while ($clock.ElapsedMilliseconds -lt $TimeoutMs) {
        $alive = @($ProcessId | Where-Object { Test-ProcessAlive $_ })
        if ($alive.Count -eq 0 -and -not ($Folder -and (Test-Path -LiteralPath $Folder))) { return }
        Start-Sleep -Milliseconds 100
    }
    $alive = @($ProcessId | Where-Object { Test-ProcessAlive $_ })
    $alive | ForEach-Object { Stop-Process -Id $_ -Force -ErrorAction Ignore }
    $left = $Folder -and (Test-Path -LiteralPath $Folder)
    if ($left) { Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction Ignore }
    throw ("after {0}: {1}{2} still there {3} ms later" -f $After,
        $(if ($alive) { "kevy process(es) $($alive -join ', ')" } else { '' }),
        $(if ($left) { "$(if ($alive) { ' and ' })the folder $Folder" } else { '' }), $TimeoutMs)
}
