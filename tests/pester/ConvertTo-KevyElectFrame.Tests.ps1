BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Golden = Get-Content (Join-Path $script:VectorsPath 'elect-wire-golden.jsonl') | ForEach-Object { $_ | ConvertFrom-Json }
}

Describe 'ConvertTo-KevyElectFrame' {
    It 'encodes an HB from parameters exactly as the reference' {
        ConvertTo-KevyElectFrame -SenderId n1 -Role Primary -Epoch 1 -ReplOffset 0 -AsHex |
            Should -Be ($script:Golden | Where-Object case -EQ 'hb_primary_basic').hex
    }

    It 'encodes an OFFER from parameters' {
        ConvertTo-KevyElectFrame -CandidateId n2 -Epoch 2 -ReplOffset 100 -AsHex |
            Should -Be ($script:Golden | Where-Object case -EQ 'offer_basic').hex
    }

    It 'encodes an ACCEPT from parameters' {
        ConvertTo-KevyElectFrame -AccepterId n1 -Epoch 2 -AsHex |
            Should -Be ($script:Golden | Where-Object case -EQ 'accept_basic').hex
    }

    It 'encodes an ANNOUNCE from parameters' {
        ConvertTo-KevyElectFrame -NewPrimaryId n2 -NewPrimaryAddress 127.0.0.1:17014 -Epoch 2 -AsHex |
            Should -Be ($script:Golden | Where-Object case -EQ 'announce_basic').hex
    }

    It 'writes one byte array per message, not loose bytes' {
        $frames = @(ConvertTo-KevyElectFrame -AccepterId n1 -Epoch 2)
        $frames.Count | Should -Be 1
        $frames[0].GetType() | Should -Be ([byte[]])
        $frames[0].Length | Should -Be 31
    }

    It 'takes message objects from the pipeline and round-trips them' {
        $hex = ($script:Golden | Where-Object case -Like 'announce_*').hex
        $messages = $hex | ConvertFrom-KevyElectFrame
        $messages | ConvertTo-KevyElectFrame -AsHex | Should -Be $hex
    }

    It 'refuses an id outside the node id rule with a terminating error naming the parameter' {
        { ConvertTo-KevyElectFrame -SenderId 'has space' -Role Replica -Epoch 1 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-SenderId*printable ASCII*'
        { ConvertTo-KevyElectFrame -CandidateId ('x' * 33) -Epoch 1 } | Should -Throw -ExpectedMessage '*33 bytes long; at most 32*'
    }

    It 'rejects an unknown role at binding' {
        { ConvertTo-KevyElectFrame -SenderId n1 -Role leader -Epoch 1 } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,KevyElect.PowerShell.Commands.ConvertToKevyElectFrameCommand'
    }
}
