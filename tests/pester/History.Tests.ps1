# The failover history: what Invoke-KevyFailover and Watch-KevyElectCluster -Journal append, where (-JournalPath,
# $KevyElectJournalPath, $env:KEVYELECT_JOURNAL_PATH, the default), what Get-KevyElectHistory reads back, and a
# journal that cannot be written. Every journal here lives in TestDrive.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    function script:Invoke-Switchover {
        # A planned switchover to a replica of a caught-up lab; extra parameters go to Invoke-KevyFailover, and its
        # warnings and errors to this function's streams (-WarningVariable and -ErrorVariable work here).
        [CmdletBinding()]
        param($Lab, [hashtable] $With = @{})
        $summary = $Lab | Wait-KevyElectCluster -CaughtUp -TimeoutSec 30
        $target = $Lab.Peers.Id | Where-Object { $_ -ne $summary.WritablePrimary } | Select-Object -First 1
        $Lab | Invoke-KevyFailover -TargetNodeId $target -Force @With
    }

    function script:New-Entry {
        # An entry as the core builds it, for journals the filter tests prepare.
        param([datetime] $Time, [string] $Cluster, [string] $Kind = 'Failover', [string] $Outcome, [string] $EventKind, [string] $Message = 'm')
        $fields = @{ Time = [DateTimeOffset]$Time.ToUniversalTime(); Kind = $Kind; Cluster = $Cluster; Peers = $Cluster; Message = $Message }
        if ($Outcome) { $fields.Outcome = $Outcome }
        if ($EventKind) { $fields.EventKind = $EventKind }
        [KevyElect.History.HistoryEntry]$fields
    }

    $script:SavedEnvironment = $env:KEVYELECT_JOURNAL_PATH
}

AfterAll {
    $env:KEVYELECT_JOURNAL_PATH = $script:SavedEnvironment
}

Describe 'Invoke-KevyFailover records its runs' {
    BeforeAll { $script:Lab = Start-TestLab }
    AfterAll { Stop-TestLab $script:Lab }
    BeforeEach { $script:Journal = Join-Path $TestDrive ("journal-" + [Guid]::NewGuid().ToString('N') + '.jsonl') }

    It 'appends one Failover entry per run with the plan, outcome, unavailability, drain, steps and who ran it' {
        $before = [DateTimeOffset]::UtcNow.AddMilliseconds(-1)
        $result = Invoke-Switchover $script:Lab @{ JournalPath = $script:Journal }
        $after = [DateTimeOffset]::UtcNow
        $result.Outcome | Should -Be 'Succeeded'

        $entries = @(Get-KevyElectHistory -JournalPath $script:Journal)
        $entries | Should -HaveCount 1
        $e = $entries[0]
        $e | Should -BeOfType ([KevyElect.History.HistoryEntry])
        $e.Kind | Should -Be 'Failover'
        $e.Outcome | Should -Be 'Succeeded'
        $e.FailoverKind | Should -Be 'Planned'
        $e.Cluster | Should -Be $script:Lab.Peers.ToString()
        $e.Peers | Should -Be $script:Lab.Peers.ToString()
        $e.Target | Should -Be $result.NewPrimary
        $e.OldPrimary | Should -Be $result.OldPrimary
        $e.NewPrimary | Should -Be $result.NewPrimary
        $e.Epoch | Should -Be $result.Epoch
        $e.WriteUnavailableMs | Should -Be $result.WriteUnavailableMs
        $e.Drain | Should -Be 'NoLoss'
        $e.DrainDetail | Should -Be $result.Drain.Describe()
        $e.Steps | Should -HaveCount $result.Steps.Count
        $e.Steps[0] | Should -Match '^Quiesce ok \d+\.\d ms$'
        $e.Message | Should -Be $result.Message
        $e.UserName | Should -Be ([Environment]::UserName)
        $e.HostName | Should -Be ([Environment]::MachineName)
        $e.ProcessId | Should -Be $PID
        $e.Time | Should -BeGreaterOrEqual $before
        $e.Time | Should -BeLessOrEqual $after
        $e.DurationMs | Should -BeGreaterThan 0
        $e.DurationMs | Should -BeLessOrEqual ($after - $before).TotalMilliseconds
    }

    It 'records a refused plan with its code, and neither -WhatIf nor a plan it only printed' {
        $primary = ($script:Lab | Wait-KevyElectCluster -CaughtUp -TimeoutSec 30).WritablePrimary
        $null = $script:Lab | Invoke-KevyFailover -TargetNodeId $primary -Force -JournalPath $script:Journal -ErrorAction SilentlyContinue
        $other = $script:Lab.Peers.Id | Where-Object { $_ -ne $primary } | Select-Object -First 1
        $null = $script:Lab | Invoke-KevyFailover -TargetNodeId $other -WhatIf -JournalPath $script:Journal

        $entries = @(Get-KevyElectHistory -JournalPath $script:Journal)
        $entries | Should -HaveCount 1
        $entries[0].Outcome | Should -Be 'Refused'
        $entries[0].RefusalCode | Should -Be 'TargetIsPrimary'
        $entries[0].Target | Should -Be $primary
        $entries[0].NewPrimary | Should -BeNullOrEmpty
        $entries[0].Steps | Should -HaveCount 0
    }

    It 'uses $KevyElectJournalPath without -JournalPath, and -JournalPath over it' {
        $preferred = Join-Path $TestDrive 'preferred.jsonl'
        $KevyElectJournalPath = $preferred
        $null = Invoke-Switchover $script:Lab
        $null = Invoke-Switchover $script:Lab @{ JournalPath = $script:Journal }
        @(Get-KevyElectHistory -JournalPath $preferred) | Should -HaveCount 1
        @(Get-KevyElectHistory -JournalPath $script:Journal) | Should -HaveCount 1
        # Get-KevyElectHistory follows the same rule.
        @(Get-KevyElectHistory) | Should -HaveCount 1
        (Get-KevyElectHistory -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message |
            Should -Be "Reading the history journal $preferred (`$KevyElectJournalPath)."
    }

    It 'uses $env:KEVYELECT_JOURNAL_PATH when neither is set, and resolves a relative path from the current location' {
        Remove-Variable KevyElectJournalPath -Scope Global -ErrorAction Ignore
        $env:KEVYELECT_JOURNAL_PATH = $script:Journal
        try {
            $null = Invoke-Switchover $script:Lab
            @(Get-KevyElectHistory) | Should -HaveCount 1
            Push-Location $TestDrive
            try {
                $null = Invoke-Switchover $script:Lab @{ JournalPath = 'relative.jsonl' }
                @(Get-KevyElectHistory -JournalPath (Join-Path $TestDrive 'relative.jsonl')) | Should -HaveCount 1
            } finally { Pop-Location }
        } finally { $env:KEVYELECT_JOURNAL_PATH = $script:SavedEnvironment }
    }

    It 'records nothing when the journal is switched off with an empty path' {
        $env:KEVYELECT_JOURNAL_PATH = $script:Journal
        try {
            $KevyElectJournalPath = ''
            $result = Invoke-Switchover $script:Lab -WarningVariable warnings
            $result.Outcome | Should -Be 'Succeeded'
            $KevyElectJournalPath = $false
            $null = Invoke-Switchover $script:Lab
            Remove-Variable KevyElectJournalPath
            $null = Invoke-Switchover $script:Lab @{ JournalPath = '' }
            Test-Path $script:Journal | Should -BeFalse
            $warnings | Should -BeNullOrEmpty
            { Get-KevyElectHistory -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Not -Throw  # the environment variable still names a (missing) journal
            $KevyElectJournalPath = ''
            { Get-KevyElectHistory -ErrorAction Stop } | Should -Throw -ErrorId 'KevyElect.JournalOff,KevyElect.PowerShell.Commands.GetKevyElectHistoryCommand'
        } finally { $env:KEVYELECT_JOURNAL_PATH = $script:SavedEnvironment }
    }

    It 'warns once when the journal cannot be written, and the failover succeeds all the same' {
        $file = Join-Path $TestDrive 'a-file'
        Set-Content $file 'not a folder'
        $journal = Join-Path $file 'journal.jsonl'
        $errorsBefore = $Error.Count
        $result = Invoke-Switchover $script:Lab @{ JournalPath = $journal } -WarningVariable warnings -ErrorVariable errors -WarningAction SilentlyContinue
        $result.Outcome | Should -Be 'Succeeded'
        $errors | Should -BeNullOrEmpty
        $Error.Count | Should -Be $errorsBefore
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -BeLike "The failover was not recorded: could not write the journal $journal`: *. The failover itself is unaffected."
        Get-Content $file | Should -Be 'not a folder'
    }

    It 'warns about a journal path on a provider other than the file system, and still fails over' {
        $result = Invoke-Switchover $script:Lab @{ JournalPath = 'Env:\KEVYELECT_NOT_A_FILE' } -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Outcome | Should -Be 'Succeeded'
        "$warnings" | Should -Match "-JournalPath 'Env:\\KEVYELECT_NOT_A_FILE' is on the Environment provider"
    }
}

Describe 'Watch-KevyElectCluster -Journal' {
    BeforeAll {
        $script:Lab = Start-TestLab
        $primary = ($script:Lab | Get-KevyElectPeer -Summary).ElectorPrimary
        $script:Down = $script:Lab.Peers.Id | Where-Object { $_ -ne $primary } | Select-Object -Last 1
        $script:Lab | Stop-KevyElectLabNode -NodeId $script:Down -Confirm:$false
    }
    AfterAll { Stop-TestLab $script:Lab }

    It 'appends every event it writes but Snapshot' {
        $journal = Join-Path $TestDrive 'watch.jsonl'
        $events = @($script:Lab | Watch-KevyElectCluster -JournalPath $journal -IncludeSnapshot -Count 1 -IntervalSec 0.1 -DurationSec 20)
        $events.Kind | Should -Be @('Started', 'NodeDown', 'Snapshot')
        $entries = @(Get-KevyElectHistory -JournalPath $journal)
        $entries.Kind | Should -Be @('WatchEvent', 'WatchEvent')
        $entries.EventKind | Should -Be @('Started', 'NodeDown')
        $entries[1].Node | Should -Be $script:Down
        $entries[1].Message | Should -Be $events[1].Message
        $entries[1].Time | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds($events[1].Time.ToUnixTimeMilliseconds()))
        $entries[1].Cluster | Should -Be $script:Lab.Peers.ToString()
    }

    It 'with -Journal alone uses $KevyElectJournalPath; without -Journal records nothing' {
        $KevyElectJournalPath = Join-Path $TestDrive 'watch-preferred.jsonl'
        $null = $script:Lab | Watch-KevyElectCluster -Count 1 -IncludeSnapshot -IntervalSec 0.1 -DurationSec 20
        Test-Path $KevyElectJournalPath | Should -BeFalse
        $null = $script:Lab | Watch-KevyElectCluster -Journal -Count 1 -IncludeSnapshot -IntervalSec 0.1 -DurationSec 20
        (Get-KevyElectHistory).EventKind | Should -Be @('Started', 'NodeDown')
    }
}

Describe 'Get-KevyElectHistory' {
    BeforeAll {
        $script:Journal = Join-Path $TestDrive 'prepared.jsonl'
        $script:T0 = [datetime]::new(2026, 11, 26, 9, 0, 0, [DateTimeKind]::Utc)
        $entries = [System.Collections.Generic.List[KevyElect.History.HistoryEntry]]::new()
        $entries.Add((New-Entry -Time $T0 -Cluster 'n1@10.0.0.1:6204:6004' -Outcome Succeeded -Message 'east switchover'))
        $entries.Add((New-Entry -Time $T0.AddHours(1) -Cluster 'n1@10.0.9.1:6204:6004' -Outcome Refused -Message 'west refused'))
        $entries.Add((New-Entry -Time $T0.AddHours(2) -Cluster 'n1@10.0.0.1:6204:6004' -Kind WatchEvent -EventKind PrimaryChanged -Message 'east primary changed'))
        $entries.Add((New-Entry -Time $T0.AddHours(3) -Cluster 'n1@10.0.9.1:6204:6004' -Kind WatchEvent -EventKind NodeDown -Message 'west node down'))
        $entries.Add((New-Entry -Time $T0.AddHours(4) -Cluster 'n1@10.0.0.1:6204:6004' -Outcome RolledBack -Message 'east rolled back'))
        [KevyElect.History.HistoryJournal]::new($script:Journal).TryAppend($entries) | Should -BeNullOrEmpty
    }

    It 'filters by <Name>' -ForEach @(
        @{ Name = 'cluster (wildcards)'; With = @{ Cluster = '*10.0.9.*' }; Expected = @('west refused', 'west node down') }
        @{ Name = 'several clusters'; With = @{ Cluster = '*10.0.9.*', 'nothing' }; Expected = @('west refused', 'west node down') }
        @{ Name = 'time range'; With = @{ After = [datetime]::new(2026, 11, 26, 10, 0, 0, [DateTimeKind]::Utc); Before = [datetime]::new(2026, 11, 26, 12, 0, 0, [DateTimeKind]::Utc) }; Expected = @('west refused', 'east primary changed') }
        @{ Name = 'kind'; With = @{ Kind = 'WatchEvent' }; Expected = @('east primary changed', 'west node down') }
        @{ Name = 'outcome'; With = @{ Outcome = 'Refused', 'RolledBack' }; Expected = @('west refused', 'east rolled back') }
        @{ Name = 'event kind'; With = @{ EventKind = 'NodeDown' }; Expected = @('west node down') }
        @{ Name = 'the last N'; With = @{ Last = 2 }; Expected = @('west node down', 'east rolled back') }
        @{ Name = 'several at once'; With = @{ Cluster = '*10.0.0.1*'; Kind = 'Failover'; Last = 1 }; Expected = @('east rolled back') }
    ) {
        @(Get-KevyElectHistory -JournalPath $script:Journal @With).Message | Should -Be $Expected
    }

    It 'reads a time without a zone as local time' {
        $local = $script:T0.AddHours(3).ToLocalTime()
        $unspecified = [datetime]::SpecifyKind($local, [DateTimeKind]::Unspecified)
        @(Get-KevyElectHistory -JournalPath $script:Journal -After $unspecified).Message | Should -Be @('west node down', 'east rolled back')
    }

    It 'takes the cluster from the pipeline by its Peers' {
        $row = [pscustomobject]@{ Peers = 'n1@10.0.9.1:6204:6004' }
        @($row | Get-KevyElectHistory -JournalPath $script:Journal).Message | Should -Be @('west refused', 'west node down')
    }

    It 'writes entries that pipe into the cluster cmdlets by their Peers' {
        $lab = Start-TestLab
        try {
            $journal = Join-Path $TestDrive 'pipe.jsonl'
            $null = $lab | Watch-KevyElectCluster -JournalPath $journal -Count 1 -IncludeSnapshot -IntervalSec 0.1 -DurationSec 20
            $rows = @(Get-KevyElectHistory -JournalPath $journal -Last 1 | Get-KevyElectPeer)
            $rows.NodeId | Should -Be $lab.Peers.Id
            @($lab | Get-KevyElectHistory -JournalPath $journal) | Should -HaveCount 1
        } finally { Stop-TestLab $lab }
    }

    It 'skips a corrupt line with a warning naming its line number and reads the rest' {
        $journal = Join-Path $TestDrive 'corrupt.jsonl'
        Copy-Item $script:Journal $journal
        $lines = [Collections.Generic.List[string]](Get-Content $journal)
        $lines.Insert(2, '{"v":1,"time":"2026-11-26T09:00:00Z","kind":"Failover","outcome":')
        Set-Content $journal $lines
        $entries = @(Get-KevyElectHistory -JournalPath $journal -WarningVariable warnings -WarningAction SilentlyContinue)
        $entries | Should -HaveCount 5
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Be "$journal line 3 skipped: the line ends inside the object at character 66"
    }

    It 'counts corrupt lines past the first 20 in one warning' {
        $journal = Join-Path $TestDrive 'garbage.jsonl'
        Set-Content $journal (1..25 | ForEach-Object { "garbage $_" })
        $entries = @(Get-KevyElectHistory -JournalPath $journal -WarningVariable warnings -WarningAction SilentlyContinue)
        $entries | Should -HaveCount 0
        $warnings | Should -HaveCount 21
        "$($warnings[-1])" | Should -Be "$journal`: 5 more line(s) skipped (25 in all) that are not journal entries."
    }

    It 'warns about a journal that does not exist yet' {
        $missing = Join-Path $TestDrive 'missing.jsonl'
        $entries = @(Get-KevyElectHistory -JournalPath $missing -WarningVariable warnings -WarningAction SilentlyContinue)
        $entries | Should -HaveCount 0
        "$warnings" | Should -Be "There is no history journal at $missing`: nothing has been recorded there yet."
    }

    It 'refuses an empty time range and a path off the file system' {
        { Get-KevyElectHistory -JournalPath $script:Journal -After $script:T0 -Before $script:T0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.EmptyTimeRange,KevyElect.PowerShell.Commands.GetKevyElectHistoryCommand'
        { Get-KevyElectHistory -JournalPath 'Env:\PATH' -ErrorAction Stop } |
            Should -Throw -ErrorId 'KevyElect.BadJournalPath,KevyElect.PowerShell.Commands.GetKevyElectHistoryCommand'
    }

    It 'names the user data folder as the default when nothing else is set' {
        Remove-Variable KevyElectJournalPath -Scope Global -ErrorAction Ignore
        $env:KEVYELECT_JOURNAL_PATH = $null
        try {
            $default = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'KevyElect/journal.jsonl'
            # Reading writes nothing; -Last 1 keeps a real journal short.
            $verbose = @(Get-KevyElectHistory -Last 1 -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
            $verbose[0].Message | Should -Be "Reading the history journal $([IO.Path]::GetFullPath($default)) (the default location)."
        } finally { $env:KEVYELECT_JOURNAL_PATH = $script:SavedEnvironment }
    }

    It 'shows a table whose column headers are property names of the entry' {
        $view = Get-ChildItem (Split-Path $script:ModuleManifest) -Filter *.Format.ps1xml | ForEach-Object { ([xml](Get-Content $_.FullName -Raw)).Configuration.ViewDefinitions.View } |
            Where-Object { $_.ViewSelectedBy.TypeName -eq 'KevyElect.History.HistoryEntry' }
        $properties = [KevyElect.History.HistoryEntry].GetProperties().Name
        $labels = @($view.TableControl.TableHeaders.TableColumnHeader.Label) + $view.GroupBy.Label
        $labels | Should -Not -BeNullOrEmpty
        foreach ($label in $labels) { $label | Should -BeIn $properties }
        $text = Get-KevyElectHistory -JournalPath $script:Journal -Last 1 | Out-String -Width 200
        $text | Should -Match 'Cluster: n1@10\.0\.0\.1:6204:6004'
        $text | Should -Match 'Time\s+Result\s+Node\s+OldPrimary\s+NewPrimary\s+WriteUnavailableMs\s+Message'
        $text | Should -Match '\d\d:\d\d:\d\d\s+RolledBack\s+east rolled back'
    }
}

Describe 'The journal across processes' {
    It 'two pwsh processes appending at once never interleave a line and lose none' {
        $journal = Join-Path $TestDrive 'two-processes.jsonl'
        $go = Join-Path $TestDrive 'go'
        # Each writer appends for the same window after the same start, so their appends overlap however the machine is
        # loaded, and says how many it wrote.
        $windowMs = 1500
        $script = Join-Path $TestDrive 'append.ps1'
        Set-Content $script @'
param($Module, $Journal, $Go, $Writer, $WindowMs)
$ErrorActionPreference = 'Stop'
Import-Module $Module
# A generous lock timeout: this is about whole lines, not the budget (which the xunit tests cover).
$j = [KevyElect.History.HistoryJournal]::new($Journal)
$j.LockTimeout = [timespan]::FromSeconds(30)
$pad = ([string][char](97 + $Writer)) * 1500
Set-Content "$Go.ready-$Writer" 'ready'
$deadline = [Diagnostics.Stopwatch]::StartNew()
while (-not (Test-Path $Go)) { if ($deadline.Elapsed.TotalSeconds -gt 60) { throw 'no go' }; Start-Sleep -Milliseconds 5 }
$window = [Diagnostics.Stopwatch]::StartNew()
for ($i = 0; $window.ElapsedMilliseconds -lt $WindowMs; $i++) {
    $e = [KevyElect.History.HistoryEntry]@{ Time = [DateTimeOffset]::UtcNow; Kind = 'Failover'; Cluster = "writer-$Writer"; Message = "$Writer`:$i`:$pad" }
    $warning = $j.TryAppend($e)
    if ($warning) { throw $warning }
}
"wrote $i"
'@
        $hostPath = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        $processes = foreach ($writer in 0, 1) {
            $info = [Diagnostics.ProcessStartInfo]::new($hostPath)
            foreach ($a in $prefix + @('-NoProfile', '-NonInteractive', '-File', $script, $script:ModuleManifest, $journal, $go, $writer, $windowMs)) { $info.ArgumentList.Add("$a") }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $info.UseShellExecute = $false
            [Diagnostics.Process]::Start($info)
        }
        try {
            # Both are up and waiting before either writes.
            Wait-TestCondition { (Test-Path "$go.ready-0") -and (Test-Path "$go.ready-1") } -Because 'both writers to start' -TimeoutMs 60000
            Set-Content $go 'go'
            $counts = foreach ($p in $processes) {
                $p.WaitForExit(120000) | Should -BeTrue -Because 'each writer finishes within 120 s'
                $p.ExitCode | Should -Be 0 -Because $p.StandardError.ReadToEnd()
                $said = [regex]::Match($p.StandardOutput.ReadToEnd(), 'wrote (\d+)')
                $said.Success | Should -BeTrue -Because 'each writer says how many entries it wrote'
                [int]$said.Groups[1].Value
            }
        } finally {
            foreach ($p in $processes) { if (-not $p.HasExited) { $p.Kill() }; $p.Dispose() }
        }
        $counts | ForEach-Object { $_ | Should -BeGreaterThan 10 }
        (Get-Content $journal).Count | Should -Be ($counts[0] + $counts[1])
        $entries = @(Get-KevyElectHistory -JournalPath $journal -WarningVariable warnings)
        $warnings | Should -BeNullOrEmpty
        # The writers really overlapped: the journal alternates between them, not one block after the other.
        $switches = @(for ($i = 1; $i -lt $entries.Count; $i++) { if ($entries[$i].Cluster -ne $entries[$i - 1].Cluster) { $i } }).Count
        $switches | Should -BeGreaterThan 2
        foreach ($writer in 0, 1) {
            $mine = @($entries | Where-Object Cluster -EQ "writer-$writer")
            $mine | Should -HaveCount $counts[$writer]
            $pad = ([string][char](97 + $writer)) * 1500
            for ($i = 0; $i -lt $mine.Count; $i++) { $mine[$i].Message | Should -Be "$writer`:$i`:$pad" }
        }
    }
}
