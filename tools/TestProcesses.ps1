# Dot-sourced by build.ps1: the Test task's child processes. xunit and the Pester workers run side by side, each
# with its output in a log file that is printed whole when it ends, so logs from different processes never interleave.
# The suite mostly waits on elections and timeouts, not on the processor, so running its parts at once shortens it.

function Start-LoggedProcess {
    # Starts $FilePath with $Arguments (each passed as one argument), its stdout and stderr copied to $LogPath.
    param([string] $FilePath, [string[]] $Arguments, [string] $LogPath, [hashtable] $Environment = @{})
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = $Environment[$k] }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $log = [IO.File]::Open($LogPath, 'Create', 'Write', 'ReadWrite')
    $process = [Diagnostics.Process]::Start($info)
    # One writer at a time: stderr is kept apart and appended after stdout when the process ends.
    $errPath = "$LogPath.stderr"
    $err = [IO.File]::Open($errPath, 'Create', 'Write', 'ReadWrite')
    [pscustomobject]@{
        Process = $process; LogPath = $LogPath; ErrPath = $errPath; Log = $log; Err = $err
        Copies  = @($process.StandardOutput.BaseStream.CopyToAsync($log), $process.StandardError.BaseStream.CopyToAsync($err))
    }
}

function Wait-LoggedProcess {
    # Waits for the process and its output, then returns its exit code.
    param($Handle)
    $Handle.Process.WaitForExit()
    [Threading.Tasks.Task]::WaitAll($Handle.Copies)
    $Handle.Log.Dispose(); $Handle.Err.Dispose()
    $errText = [IO.File]::ReadAllText($Handle.ErrPath)
    if ($errText) { [IO.File]::AppendAllText($Handle.LogPath, $errText) }
    Remove-Item $Handle.ErrPath -ErrorAction Ignore
    $Handle.Process.ExitCode
}

function Stop-LoggedProcess {
    # For an interrupted build: ends the process and everything it started (labs, kevy servers, test hosts).
    param($Handle)
    if (-not $Handle.Process.HasExited) { $Handle.Process.Kill($true) }
}

function Get-PesterQueue {
    # The Pester work as items for the workers. Stage Main: every test file but the tests tagged RealServer, and
    # Examples.Tests.ps1 in $ExampleShards shards, longest first (the shards, then the larger files), so no worker starts
    # a long item last. Stage RealServer: only the tests tagged RealServer (real kevy processes), of the files that have any.
    param([string[]] $Paths, [int] $ExampleShards, [ValidateSet('Main', 'RealServer')] [string] $Stage)
    $files = foreach ($p in $Paths) {
        if (Test-Path -LiteralPath $p -PathType Container) { Get-ChildItem -LiteralPath $p -Filter *.Tests.ps1 -Recurse } else { Get-Item -LiteralPath $p }
    }
    if ($Stage -eq 'RealServer') {
        return @($files | Where-Object { (Get-Content -LiteralPath $_.FullName -Raw) -match '-Tag RealServer\b' } | Sort-Object Name |
            ForEach-Object { [pscustomobject]@{ Name = "$($_.Name) (RealServer)"; Path = $_.FullName; Data = $null; Tag = @('RealServer'); ExcludeTag = $null } })
    }
    $shards = @($files | Where-Object Name -EQ 'Examples.Tests.ps1' | ForEach-Object {
        $f = $_
        0..($ExampleShards - 1) | ForEach-Object { [pscustomobject]@{ Name = "$($f.Name) shard $($_ + 1)/$ExampleShards"; Path = $f.FullName
            Data = @{ Shard = $_; Shards = $ExampleShards }; Tag = $null; ExcludeTag = @('RealServer') } }
    })
    $rest = @($files | Where-Object Name -NE 'Examples.Tests.ps1' | Sort-Object Length -Descending |
        ForEach-Object { [pscustomobject]@{ Name = $_.Name; Path = $_.FullName; Data = $null; Tag = $null; ExcludeTag = @('RealServer') } })
    @($shards) + @($rest)
}

function Invoke-PesterWorkers {
    # Runs the queue on $Workers pwsh processes ($PwshCommand: the host and its leading arguments), each taking the next
    # unclaimed item, and sums their summaries.
    param([string] $PesterManifest, [string] $ModuleManifest, [string[]] $Paths, [string] $ResultsDir, [int] $Workers, [int] $ExampleShards,
        [string[]] $PwshCommand, [ValidateSet('Main', 'RealServer')] [string] $Stage = 'Main')
    $queueFolder = Join-Path $ResultsDir "pester-queue-$Stage"
    if (Test-Path $queueFolder) { Remove-Item $queueFolder -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $queueFolder
    $queue = @(Get-PesterQueue -Paths $Paths -ExampleShards $ExampleShards -Stage $Stage)
    if ($queue.Count -eq 0) { return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = @() } }
    ConvertTo-Json -InputObject $queue -Depth 4 | Set-Content (Join-Path $queueFolder 'queue.json')
    $count = [math]::Max(1, [math]::Min($Workers, $queue.Count))
    $handles = @()
    try {
        foreach ($w in 1..$count) {
            $summary = Join-Path $ResultsDir "pester-$Stage-worker-$w.json"
            Remove-Item $summary -ErrorAction Ignore
            $arguments = @($PwshCommand | Select-Object -Skip 1) + @('-File', (Join-Path $PSScriptRoot 'run-pester.ps1'), '-PesterManifest', $PesterManifest,
                '-SummaryPath', $summary, '-ModuleManifest', $ModuleManifest, '-QueueFolder', $queueFolder)
            $handles += [pscustomobject]@{ Worker = $w; Summary = $summary
                Run = Start-LoggedProcess -FilePath $PwshCommand[0] -Arguments $arguments -LogPath (Join-Path $ResultsDir "pester-$Stage-worker-$w.log") }
        }
        $total = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = @() }
        foreach ($h in $handles) {
            $code = Wait-LoggedProcess $h.Run
            Write-Host "---- Pester ($Stage) worker $($h.Worker) of $count (exit code $code) ----"
            Get-Content $h.Run.LogPath | Out-Host
            if (-not (Test-Path $h.Summary)) {
                $total.Failed++
                $total.FailedNames += "Pester worker $($h.Worker) ended without a summary (exit code $code): see its log above"
                continue
            }
            $s = Get-Content $h.Summary -Raw | ConvertFrom-Json
            $total.Passed += $s.Passed; $total.Failed += $s.Failed; $total.Skipped += $s.Skipped
            $total.FailedNames += @($s.FailedNames)
            Write-Host "worker $($h.Worker) ran: $(@($s.Items) -join ', ')"
        }
        $unclaimed = @(0..($queue.Count - 1) | Where-Object { -not (Test-Path (Join-Path $queueFolder "claim-$_")) })
        if ($unclaimed) {
            $total.Failed += $unclaimed.Count
            $total.FailedNames += @($unclaimed | ForEach-Object { "$($queue[$_].Name) was never run" })
        }
        [pscustomobject]$total
    } finally {
        $handles | ForEach-Object { Stop-LoggedProcess $_.Run }
    }
}
