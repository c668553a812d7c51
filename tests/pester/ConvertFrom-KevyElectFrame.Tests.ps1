BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Golden = Get-Content (Join-Path $script:VectorsPath 'elect-wire-golden.jsonl') | ForEach-Object { $_ | ConvertFrom-Json }
    function script:BytesOf([string] $case) { [KevyElect.Protocol.Hex]::Parse(($script:Golden | Where-Object case -EQ $case).hex) }
}

Describe 'ConvertFrom-KevyElectFrame' {
    Context 'input forms' {
        It 'decodes every golden frame from hex' {
            foreach ($g in $script:Golden) {
                $m = ConvertFrom-KevyElectFrame -Hex $g.hex
                $m.Verb.ToString().ToUpperInvariant() | Should -Be $g.type
            }
        }

        It 'decodes hex strings from the pipeline, one stream per string' {
            $messages = @($script:Golden[0..3].hex | ConvertFrom-KevyElectFrame)
            $messages.Count | Should -Be 4
            $messages[0] | Should -BeOfType [KevyElect.Protocol.HbMessage]
            $messages[0].NodeId | Should -Be 'n1'
            $messages[0].Role | Should -Be ([KevyElect.Protocol.ElectRole]::Primary)
        }

        It 'joins piped bytes into one stream of concatenated frames' {
            $bytes = (BytesOf 'hb_replica_basic') + (BytesOf 'offer_basic')
            $messages = @($bytes | ConvertFrom-KevyElectFrame)
            $messages.Count | Should -Be 2
            $messages[1].CandidateId | Should -Be 'n2'
        }

        It 'decodes a byte array given by parameter' {
            (ConvertFrom-KevyElectFrame -InputObject (BytesOf 'accept_basic')).AccepterId | Should -Be 'n1'
        }

        It 'decodes a file of concatenated frames by -Path and from Get-ChildItem' {
            $file = Join-Path $TestDrive 'capture.bin'
            [IO.File]::WriteAllBytes($file, [byte[]]((BytesOf 'hb_primary_basic') + (BytesOf 'announce_basic') + (BytesOf 'accept_basic')))
            @(ConvertFrom-KevyElectFrame -Path (Join-Path $TestDrive '*.bin')).Count | Should -Be 3
            $viaPipe = @(Get-ChildItem $file | ConvertFrom-KevyElectFrame)
            $viaPipe.Count | Should -Be 3
            $viaPipe[1].NewPrimaryAddr | Should -Be '127.0.0.1:17014'
        }
    }

    Context 'bad frames' {
        It 'writes a non-terminating error naming the byte offset and kind, after the good frames' {
            $bytes = (BytesOf 'hb_primary_basic') + [Text.Encoding]::ASCII.GetBytes("*1`r`n`$3`r`nFOO`r`n")
            $messages = @(ConvertFrom-KevyElectFrame -InputObject $bytes -ErrorVariable errs -ErrorAction SilentlyContinue)
            $messages.Count | Should -Be 1
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.DecodeFailed*'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].Exception.Message | Should -BeLike '*byte offset 47*WrongShape*'
        }

        It 'stops at the first bad frame unless -Resync is given' {
            $bad = [Text.Encoding]::ASCII.GetBytes("*5`r`n`$2`r`nHB`r`n`$1`r`n1`r`n`$2`r`nn1`r`n`$6`r`nleader`r`n`$1`r`n0`r`n")
            $bytes = $bad + (BytesOf 'offer_basic')
            @(ConvertFrom-KevyElectFrame -InputObject $bytes -ErrorAction SilentlyContinue).Count | Should -Be 0
            $resynced = @(ConvertFrom-KevyElectFrame -InputObject $bytes -Resync -ErrorVariable errs -ErrorAction SilentlyContinue)
            $resynced.Count | Should -Be 1
            $resynced[0].CandidateId | Should -Be 'n2'
            $errs[0].Exception.Message | Should -BeLike '*byte offset 0*BadRole*'
        }

        It 'reports a trailing partial frame as Truncated' {
            $bytes = BytesOf 'accept_basic'
            $null = ConvertFrom-KevyElectFrame -InputObject $bytes[0..9] -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike '*Truncated*'
        }

        It 'reports bad hex text without stopping the pipeline' {
            $out = @('zz', ($script:Golden[0].hex)) | ConvertFrom-KevyElectFrame -ErrorVariable errs -ErrorAction SilentlyContinue
            @($out).Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.BadHex*'
        }

        It 'reports a missing file as a non-terminating error' {
            $null = ConvertFrom-KevyElectFrame -Path (Join-Path $TestDrive 'nope.bin') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -BeGreaterThan 0
        }
    }
}
