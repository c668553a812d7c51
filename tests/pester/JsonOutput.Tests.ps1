# What the cmdlets write is made for scripts: ConvertTo-Json of every output type gives enum names, times in
# milliseconds, no TimeSpan field set and no live object graph, in a few hundred bytes, and reads back with
# ConvertFrom-Json.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'LabFixture.ps1')

    $script:TimeSpanFields = 'Ticks', 'TotalMilliseconds', 'TotalSeconds', 'TotalDays', 'TotalMinutes'

    function script:Get-EnumProperty {
        # The public properties, on the type and on the types its properties declare, whose value is an enum:
        # ConvertTo-Json writes those as numbers.
        param([type] $Type, [System.Collections.Generic.HashSet[type]] $Seen = [System.Collections.Generic.HashSet[type]]::new())
        if (-not $Seen.Add($Type) -or $Type.Namespace -notlike 'KevyElect*') { return }
        foreach ($p in $Type.GetProperties([Reflection.BindingFlags] 'Public, Instance')) {
            $t = [Nullable]::GetUnderlyingType($p.PropertyType) ?? $p.PropertyType
            if ($t.IsEnum -or $t -eq [TimeSpan]) { "$($Type.Name).$($p.Name) is $($t.Name)" }
            $element = if ($t.IsArray) { $t.GetElementType() } elseif ($t.IsGenericType) { $t.GetGenericArguments()[-1] } else { $t }
            Get-EnumProperty $element $Seen
        }
    }

    function script:Get-JsonProblem {
        # Walks parsed JSON: a TimeSpan's fields anywhere, or a number under a name that holds an enum name.
        param($Node, [string] $Path = '$')
        if ($Node -is [System.Collections.IList]) { $i = 0; foreach ($item in $Node) { Get-JsonProblem $item "$Path[$i]"; $i++ }; return }
        if ($Node -isnot [pscustomobject]) { return }
        foreach ($p in $Node.PSObject.Properties) {
            if ($p.Name -in $script:TimeSpanFields) { "$Path.$($p.Name): a TimeSpan field" }
            if ($p.Name -match '^(Verdict|Kind|Outcome|ElectRole|DataRole|Role|Verb|Code|Backend|Direction|EventKind|FailoverKind|Drain|RefusalCode)$' -and
                ($p.Value -is [long] -or $p.Value -is [int])) { "$Path.$($p.Name) = $($p.Value): an enum as a number" }
            Get-JsonProblem $p.Value "$Path.$($p.Name)"
        }
    }

    $script:Lab = Start-TestLab
    $script:Journal = Join-Path $TestDrive 'journal.jsonl'
    $old = ($script:Lab | Get-KevyElectPeer -Summary).WritablePrimary
    $target = @($script:Lab.NodeIds | Where-Object { $_ -ne $old })[0]
    $script:Load = $script:Lab | Start-KevyElectLabWriteLoad -Rate 50 -Confirm:$false
    $script:Result = $script:Lab | Invoke-KevyFailover -TargetNodeId $target -Force -JournalPath $script:Journal
    $script:Load | Stop-KevyElectLabWriteLoad -Confirm:$false
    $null = $script:Lab | Wait-KevyElectCluster -CaughtUp -TimeoutSec 20 -IntervalSec 0.05
    $receipt = $script:Lab | Send-KevyElectMessage -SenderId $target -Role Replica -Epoch 1 -NodeId $old

    # name, object, largest JSON (bytes), and the fields that must read back as they were
    $script:Cases = @(
        @{ Name = 'PeerStatus'; Object = ($script:Lab | Get-KevyElectPeer | Select-Object -First 1); Max = 1024; Keys = 'NodeId', 'ElectRole', 'DataRole', 'Reachable', 'LatencyMs' }
        @{ Name = 'ClusterSummary'; Object = ($script:Lab | Get-KevyElectPeer -Summary); Max = 1024; Keys = 'Verdict', 'WritablePrimary', 'ReachableCount', 'Peers' }
        @{ Name = 'Wait result'; Object = ($script:Lab | Wait-KevyElectCluster -WritablePrimary $target -TimeoutSec 20); Max = 1024; Keys = 'Verdict', 'WritablePrimary' }
        @{ Name = 'FailoverPlan'; Object = ($script:Lab | Invoke-KevyFailover -TargetNodeId $old -WhatIf 6>$null); Max = 2048; Keys = 'Kind', 'TargetId', 'Epoch', 'ExpectedLossFrames' }
        @{ Name = 'FailoverResult'; Object = $script:Result; Max = 2048; Keys = 'Outcome', 'Kind', 'OldPrimary', 'NewPrimary', 'Epoch', 'WriteUnavailableMs', 'OffsetGap' }
        @{ Name = 'FailoverStep'; Object = $script:Result.Steps[0]; Max = 512; Keys = 'Name', 'Succeeded', 'DurationMs', 'Detail' }
        @{ Name = 'DrainProof'; Object = $script:Result.Drain; Max = 1024; Keys = 'Verdict', 'Method', 'MissingFrames' }
        @{ Name = 'Watch event'; Object = ($script:Lab | Watch-KevyElectCluster -Count 1 -IncludeSnapshot -DurationSec 20 | Select-Object -First 1); Max = 1024; Keys = 'Kind', 'New', 'Message', 'Baseline' }
        @{ Name = 'ElectMessage'; Object = (ConvertTo-KevyElectFrame -SenderId n1 -Role Primary -Epoch 3 -AsHex | ConvertFrom-KevyElectFrame); Max = 512; Keys = 'Verb', 'Role', 'Epoch', 'NodeId' }
        @{ Name = 'ElectDeliveryReceipt'; Object = $receipt; Max = 1024; Keys = 'Target', 'Verb', 'Delivered', 'ElapsedMs', 'Hex' }
        @{ Name = 'ElectLab'; Object = $script:Lab; Max = 2048; Keys = 'Backend', 'State', 'Primary', 'NodeCount', 'DataDirectory' }
        @{ Name = 'LabNodeState'; Object = ($script:Lab | Get-KevyElectLabNode | Select-Object -First 1); Max = 1024; Keys = 'NodeId', 'Backend', 'Role', 'Epoch', 'State' }
        @{ Name = 'LabFrameRecord'; Object = ($script:Lab | Get-KevyElectLabFrame -Last 1 | Select-Object -First 1); Max = 1024; Keys = 'NodeId', 'Direction', 'Verb', 'Epoch' }
        @{ Name = 'LabWriteLoad'; Object = $script:Load; Max = 1024; Keys = 'RatePerSecond', 'AckCount', 'Attempts', 'IsRunning' }
        @{ Name = 'HistoryEntry'; Object = (Get-KevyElectHistory -JournalPath $script:Journal -Last 1); Max = 2048; Keys = 'Kind', 'Outcome', 'FailoverKind', 'NewPrimary', 'WriteUnavailableMs' }
    )
}

AfterAll { Stop-TestLab $script:Lab }

Describe 'ConvertTo-Json of what the cmdlets write' {
    It 'no output type a cmdlet declares has an enum or TimeSpan property, nor any type it holds' {
        $types = @(Get-Command -Module KevyElect -CommandType Cmdlet | ForEach-Object OutputType | ForEach-Object Type | Where-Object { $_ } |
            Where-Object FullName -Like 'KevyElect*' | Sort-Object FullName -Unique)
        # Declared as a base type or reached only through methods that scripts call on an output object.
        $types += [KevyElect.Protocol.HbMessage], [KevyElect.Protocol.OfferMessage], [KevyElect.Protocol.AcceptMessage],
            [KevyElect.Protocol.AnnounceMessage], [KevyElect.Lab.LabWriteOutage]
        $types.FullName | Should -Contain 'KevyElect.Lab.ProcessLab'
        $types | ForEach-Object { Get-EnumProperty $_ } | Should -BeNullOrEmpty
    }

    It '<Name>: is small, has enum names and no TimeSpan fields, and reads back' -ForEach @(
        'PeerStatus', 'ClusterSummary', 'Wait result', 'FailoverPlan', 'FailoverResult', 'FailoverStep', 'DrainProof', 'Watch event', 'ElectMessage',
        'ElectDeliveryReceipt', 'ElectLab', 'LabNodeState', 'LabFrameRecord', 'LabWriteLoad', 'HistoryEntry' | ForEach-Object { @{ Name = $_ } }) {
        $case = $script:Cases | Where-Object Name -EQ $Name
        $json = $case.Object | ConvertTo-Json -Depth 5 -Compress -WarningVariable warn
        $warn | Should -BeNullOrEmpty -Because 'nothing is cut off at depth 5'
        [Text.Encoding]::UTF8.GetByteCount($json) | Should -BeLessThan $case.Max -Because "$Name JSON: $json"
        $back = $json | ConvertFrom-Json
        @(Get-JsonProblem $back) | Should -BeNullOrEmpty -Because $json
        foreach ($key in $case.Keys) {
            $expected = $case.Object.$key
            $actual = $back.$key
            if ($expected -is [double]) { $actual | Should -BeExactly $expected -Because "$Name.$key reads back" }
            else { "$actual" | Should -BeExactly "$expected" -Because "$Name.$key reads back" }
        }
    }

    It 'keeps the typed values and the live parts reachable as methods' {
        $s = $script:Lab | Get-KevyElectPeer -Summary
        $s.GetVerdict() | Should -BeOfType ([KevyElect.Cluster.ClusterVerdict])
        $s.GetRows().Count | Should -Be 3
        $script:Result.GetOutcome() | Should -Be ([KevyElect.Failover.FailoverOutcome]::Succeeded)
        $script:Result.GetPlan().TargetId | Should -Be $script:Result.NewPrimary
        $script:Result.GetWriteUnavailable().TotalMilliseconds | Should -BeGreaterOrEqual 0
        $script:Lab.GetNodes().Count | Should -Be 3
        $script:Load.GetAcks().Count | Should -Be $script:Load.AckCount
        ($script:Lab | Get-KevyElectLabNode | Select-Object -First 1).GetRole() | Should -BeOfType ([KevyElect.Protocol.ElectRole])
    }
}
