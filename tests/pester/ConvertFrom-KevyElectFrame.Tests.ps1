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

    Context 'completeness before content, as the reference decoder' {
        # protocol.md section 1: while a bulk string's data and both bytes of its CRLF are not all
        # there the frame is Truncated, even if a terminator byte already there is wrong.
        It 'reports <Text> as <Kind>' -TestCases @(
            @{ Text = '*1\r\n$2\r\nHBX'; Kind = 'Truncated' }
            @{ Text = '*1\r\n$2\r\nHBXY'; Kind = 'Bad' }
            @{ Text = '*1\r\n$3\r\nHB\r\n'; Kind = 'Truncated' }
            @{ Text = '\r\n'; Kind = 'Truncated' }
            @{ Text = '*0\r\n'; Kind = 'Truncated' }
            @{ Text = '*-1\r\n'; Kind = 'Truncated' }
        ) {
            $bytes = [Text.Encoding]::ASCII.GetBytes($Text.Replace('\r', "`r").Replace('\n', "`n"))
            $messages = @(ConvertFrom-KevyElectFrame -InputObject $bytes -ErrorVariable errs -ErrorAction SilentlyContinue)
            $messages.Count | Should -Be 0
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'KevyElect.DecodeFailed*'
            $errs[0].Exception.Message | Should -BeLike "input bytes: bad frame at byte offset 0: $Kind (*"
        }

        It 'says that input of only skippable bytes holds no frame' {
            $null = ConvertFrom-KevyElectFrame -Hex '0d0a2a300d0a' -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -Be 'hex input: bad frame at byte offset 0: Truncated (no frame: the input holds only blank lines or empty arrays (*0, *-1)).'
        }

        It 'says how much of a field whose terminator is still arriving is there' {
            $null = ConvertFrom-KevyElectFrame -InputObject ([Text.Encoding]::ASCII.GetBytes("*1`r`n`$2`r`nHBX")) -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike '*Truncated (the input ends inside element 1 of 1: it declares 2 bytes, and 3 of its 4 bytes with CRLF are present).'
        }
    }

    Context 'hostile length prefixes' {
        It 'names a <What> past the limit' -TestCases @(
            @{ What = 'bulk length'; Text = "*5`r`n`$2`r`nHB`r`n`$536870913`r`n"; Named = '*Bad (*declares 536870913 bytes, over the limit of 536870912 bytes (512 MiB))*' }
            @{ What = 'bulk length far'; Text = "*5`r`n`$2`r`nHB`r`n`$99999999999999999999"; Named = '*Bad (*declares 99999999999999999999 bytes, over the limit*' }
            @{ What = 'array count'; Text = "*99999999`r`n"; Named = '*Bad (*the array header declares 99999999 elements, over the limit of 1048576 elements)*' }
        ) {
            $null = ConvertFrom-KevyElectFrame -InputObject ([Text.Encoding]::ASCII.GetBytes($Text)) -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike $Named
        }

        It 'names a length within the limit that the input does not hold' {
            $bytes = [Text.Encoding]::ASCII.GetBytes("*5`r`n`$2`r`nHB`r`n`$536870000`r`nxyz")
            $null = ConvertFrom-KevyElectFrame -InputObject $bytes -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike '*Truncated (the input ends inside element 2 of 5: it declares 536870000 bytes, and 3 of its 536870002 bytes with CRLF are present).'
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

        It 'names what a bad frame declares and what was there' {
            $bytes = [Text.Encoding]::ASCII.GetBytes("*4`r`n`$5`r`nOFFER`r`n`$1`r`n4`r`n`$2`r`nx2`r`n`$3`r`n5z0`r`n")
            $null = ConvertFrom-KevyElectFrame -InputObject $bytes -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -BeLike "*BadNumeric (OFFER's repl_offset '5z0' is not an unsigned 64-bit decimal)*"
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
