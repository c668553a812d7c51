# What a table shows is what a script can use: every column header and list label of every view in the module's
# format files is a property of every type the view is for, so Where-Object and Select-Object take the header.
BeforeDiscovery {
    $root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Views = foreach ($file in Get-ChildItem (Join-Path $root 'module/formats') -Filter *.Format.ps1xml) {
        [xml] $xml = Get-Content $file.FullName -Raw
        $sets = @{}
        foreach ($set in @($xml.Configuration.SelectionSets.SelectionSet)) {
            if ($set) { $sets[$set.Name] = @($set.Types.TypeName) }
        }
        foreach ($view in @($xml.Configuration.ViewDefinitions.View)) {
            $types = @($view.ViewSelectedBy.TypeName | Where-Object { $_ })
            foreach ($setName in @($view.ViewSelectedBy.SelectionSetName | Where-Object { $_ })) { $types += $sets[$setName] }
            $labels = @()
            if ($view.TableControl) {
                $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
                $items = @(@($view.TableControl.TableRowEntries.TableRowEntry)[0].TableColumnItems.TableColumnItem)
                for ($i = 0; $i -lt $items.Count; $i++) {
                    $labels += if ($i -lt $headers.Count -and $headers[$i].Label) { $headers[$i].Label } else { $items[$i].PropertyName }
                }
            }
            if ($view.ListControl) {
                foreach ($item in @(@($view.ListControl.ListEntries.ListEntry)[0].ListItems.ListItem)) {
                    $labels += if ($item.Label) { $item.Label } else { $item.PropertyName }
                }
            }
            @{ File = $file.Name; View = $view.Name; Types = $types; Labels = @($labels | Where-Object { $_ }) }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Format views' {
    It 'finds the views' -TestCases @(@{ Count = $script:Views.Count }) {
        $Count | Should -BeGreaterThan 8
    }

    It '<File> <View>: every header is a property' -ForEach $script:Views {
        $Types | Should -Not -BeNullOrEmpty
        foreach ($typeName in $Types) {
            $type = $typeName -as [type]
            $type | Should -Not -BeNullOrEmpty -Because "$typeName is loaded with the module"
            $properties = @($type.GetProperties([Reflection.BindingFlags]'Public,Instance').Name)
            $missing = @($Labels | Where-Object { $_ -notin $properties })
            $missing | Should -BeNullOrEmpty -Because "$View shows these headers on $typeName"
        }
    }
}

Describe 'What the views show' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'LabFixture.ps1')
        $script:Lab = Start-SettledTestLab
    }
    AfterAll { $script:Lab.Dispose() }

    It 'the probe table gives latency one decimal; the summary lists members and the primary' {
        $rows = $script:Lab | Get-KevyElectPeer
        $text = $rows | Out-String -Width 250
        $latency = '{0:0.0}' -f $rows[0].LatencyMs
        $text | Should -Match ('\s' + [regex]::Escape($latency) + '\s')
        $summary = $script:Lab | Get-KevyElectPeer -Summary
        $text = $summary | Out-String -Width 250
        $text | Should -Match ('Members\s*:\s*' + ($summary.Members -join ', '))
        $text | Should -Match ('ElectorPrimary\s*:\s*' + $summary.ElectorPrimary)
    }

    It 'the lab node table shows the role in lower case and the live peers joined by commas' {
        $nodes = @($script:Lab | Get-KevyElectLabNode)
        $text = $nodes | Out-String -Width 250
        $text | Should -Match '\bprimary\b'
        $text | Should -Match '\breplica\b'
        $text | Should -Match ([regex]::Escape($nodes[0].LivePeers -join ','))
    }

    It 'frames and messages show the verb as on the wire' {
        $frames = @($script:Lab | Get-KevyElectLabFrame -Verb Hb -Last 2)
        ($frames | Out-String -Width 250) | Should -Match '\sHB\s'
        ($frames[0].Message | Out-String -Width 250) | Should -Match '\bHB\b'
    }

    It 'a plan shows its epoch with its source and numbered steps; a result shows one line per step' {
        $plan = $script:Lab | Invoke-KevyFailover -WhatIf
        $text = $plan | Out-String -Width 250
        $text | Should -Match ('Epoch\s*:\s*{0} \({1}\)' -f $plan.Epoch, [regex]::Escape($plan.EpochSource))
        $text | Should -Match ('Steps\s*:\s*1\. ' + [regex]::Escape($plan.Steps[0]))
        $text | Should -Match ('(?m)^\s*2\. ' + [regex]::Escape($plan.Steps[1]))
        $result = $script:Lab | Invoke-KevyFailover -Confirm:$false
        $result.Outcome | Should -Be 'Succeeded'
        $text = $result | Out-String -Width 250
        $first = $result.Steps[0]
        $text | Should -Match ('Steps\s*:\s*{0} ok {1} ms' -f [regex]::Escape($first.Name), [regex]::Escape(('{0:0.0}' -f $first.DurationMs)))
        $text | Should -Match ('(?m)^\s*{0} ok ' -f [regex]::Escape($result.Steps[-1].Name))
    }
}

Describe 'Headers as property names on live objects' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'LabFixture.ps1')
        $script:Lab = Start-TestLab
    }
    AfterAll { Stop-TestLab $script:Lab }

    It 'Where-Object and Select-Object take the probe table''s headers' {
        $rows = $script:Lab | Get-KevyElectPeer
        @($rows | Where-Object Lag -EQ 0).Count | Should -Be 2
        $replica = $rows | Where-Object ElectRole -EQ Replica | Select-Object -First 1 NodeId, Follows, Offset, Link
        $replica.Follows | Should -Not -BeNullOrEmpty
        $replica.Link | Should -Be 'up'
        $null -ne $replica.Offset | Should -BeTrue
    }

    It 'the summary''s Reachable and a write load''s Acked and Running hold values' {
        ($script:Lab | Get-KevyElectPeer -Summary).Reachable | Should -Be '3 of 3 (quorum 2)'
        $load = Start-KevyElectLabWriteLoad -Lab $script:Lab -Rate 50 -Confirm:$false
        try {
            Wait-TestCondition { $load.Acked -gt 0 } -Because 'a write to be acknowledged'
            $load.Running | Should -BeTrue
            $load.LastNode | Should -Not -BeNullOrEmpty
        } finally { $load | Stop-KevyElectLabWriteLoad -Confirm:$false }
        $load.Running | Should -BeFalse
    }
}
