# The module's help: every cmdlet documented for Get-Help, the about topic present, docs/ in sync with the cmdlets.
# Examples.Tests.ps1 runs the examples.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:CmdletCases = @((Get-Module KevyElect).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:DocsPath = Join-Path $script:RepoRoot 'docs'
    $script:CommonNames = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

    function script:Test-Placeholder([string] $Text, [string] $CommandName) {
        # True when help text is missing or still a placeholder: empty, {{ ... }}, TODO, or the syntax-only text
        # Get-Help makes up for a cmdlet without help.
        $t = "$Text".Trim()
        -not $t -or $t.Contains('{{') -or $t -match '\bTODO\b' -or $t -eq $CommandName -or
            ($t.StartsWith("$CommandName ") -and $t.Contains('[<CommonParameters>]'))
    }

    function script:Find-HelpGen {
        Get-ChildItem (Join-Path $script:RepoRoot 'tools/KevyElect.HelpGen/bin') -Filter KevyElect.HelpGen.dll -Recurse |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1 -ExpandProperty FullName
    }
}

Describe 'Help of <Name>' -ForEach $script:CmdletCases {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'has a written synopsis' {
        Test-Placeholder $Help.Synopsis $Name | Should -BeFalse -Because "the synopsis of $Name is '$($Help.Synopsis)'"
    }

    It 'has a written description' {
        $text = ($Help.description | ForEach-Object Text) -join "`n"
        Test-Placeholder $text $Name | Should -BeFalse -Because "the description of $Name is '$text'"
    }

    It 'describes every parameter' {
        $documented = @{}
        # A cmdlet without parameters of its own (Get-KevyElectLab) has no parameter entries at all.
        foreach ($p in @($Help.parameters.parameter | Where-Object { $_ })) { $documented[$p.name] = ($p.description | ForEach-Object Text) -join "`n" }
        $shown = { param($name) -not ($Command.Parameters[$name].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) }
        foreach ($parameter in $Command.Parameters.Keys | Where-Object { $_ -notin $script:CommonNames -and (& $shown $_) }) {
            $documented.ContainsKey($parameter) | Should -BeTrue -Because "-$parameter of $Name must appear in its help"
            Test-Placeholder $documented[$parameter] $Name | Should -BeFalse -Because "-$parameter of $Name needs a description"
        }
    }

    It 'shows the true default value of every parameter' {
        # The default read from a fresh instance of the cmdlet, formatted as help shows it: a switch is False, a
        # parameter required in every set it belongs to and a property left null, '' or empty have none.
        $type = $Command.ImplementingType
        $instance = [Activator]::CreateInstance($type)
        try {
            foreach ($p in @($Help.parameters.parameter | Where-Object { $_ })) {
                $meta = $Command.Parameters[$p.name]
                $property = $type.GetProperty($p.name)
                $value = if ($property) { $property.GetValue($instance) }
                $expected = if ($meta.SwitchParameter) { 'False' }
                    elseif (-not @($meta.ParameterSets.Values | Where-Object { -not $_.IsMandatory }).Count) { 'None' }
                    elseif ($null -eq $value -or "$value" -eq '' -or ($value -is [Array] -and -not $value.Count)) { 'None' }
                    elseif ($value -is [Array]) { ($value | ForEach-Object { "$_" }) -join ', ' }
                    else { [string]::Format([cultureinfo]::InvariantCulture, '{0}', $value) }
                "$($p.defaultValue)" | Should -Be $expected -Because "-$($p.name) of $Name defaults to '$expected'"
            }
        } finally {
            if ($instance -is [IDisposable]) { $instance.Dispose() }
        }
    }

    It 'hides former parameter names from its help and syntax' {
        $hidden = @($Command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } })
        $documented = @($Help.parameters.parameter | Where-Object { $_ } | ForEach-Object name)
        foreach ($parameter in $hidden) {
            $parameter.Name | Should -Not -BeIn $documented
            ($Help.syntax | Out-String) | Should -Not -Match "-$($parameter.Name)\b"
        }
    }

    It 'has at least three examples' {
        @($Help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'names its output types' {
        @($Help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        foreach ($type in @($Help.returnValues.returnValue.type.name)) { "$type".Trim() | Should -Not -BeNullOrEmpty }
    }
}

Describe 'About topic' {
    It 'Get-Help about_KevyElect shows the concepts' {
        $text = Get-Help about_KevyElect | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'LONG DESCRIPTION'
        $text | Should -Match 'quorum'
    }
}

Describe 'Docs refresh' {
    It 'changes nothing in docs that are in sync (byte for byte)' {
        $copy = Join-Path $TestDrive 'docs-sync'
        Copy-Item $script:DocsPath $copy -Recurse
        Invoke-FreshPwsh -File (Join-Path $script:RepoRoot 'tools/Update-Docs.ps1') -ModuleManifest $script:ModuleManifest -DocsPath $copy | Out-Null
        $LASTEXITCODE | Should -Be 0
        $originals = @(Get-ChildItem $script:DocsPath -File | Sort-Object Name)
        @(Get-ChildItem $copy -File | Sort-Object Name).Name | Should -Be $originals.Name
        foreach ($file in $originals) {
            $after = [IO.File]::ReadAllBytes((Join-Path $copy $file.Name))
            $before = [IO.File]::ReadAllBytes($file.FullName)
            [Convert]::ToHexString($after) -eq [Convert]::ToHexString($before) | Should -BeTrue -Because "Update-Docs.ps1 rewrote $($file.Name); run the Docs task and commit the result"
        }
    }

    It 'restores a parameter section that was deleted and drops one for a parameter that does not exist' {
        $copy = Join-Path $TestDrive 'docs-drift'
        Copy-Item $script:DocsPath $copy -Recurse
        $file = Join-Path $copy 'ConvertFrom-KevyElectFrame.md'
        $text = [IO.File]::ReadAllText($file)
        $drifted = $text -replace '(?s)### -Resync\n.*?\n(?=### )', '' -replace '## INPUTS', "### -Gone`nOld text.`n`n## INPUTS"
        [IO.File]::WriteAllText($file, $drifted)
        Invoke-FreshPwsh -File (Join-Path $script:RepoRoot 'tools/Update-Docs.ps1') -ModuleManifest $script:ModuleManifest -DocsPath $copy | Out-Null
        $after = [IO.File]::ReadAllText($file)
        $after | Should -Match '### -Resync\n'
        $after | Should -Not -Match '### -Gone'
        $after | Should -Match '\{\{ Fill Resync Description \}\}'
    }
}

Describe 'Help generator' {
    It 'names the file and the section of a malformed help file' {
        $helpGen = Find-HelpGen
        $helpGen | Should -Not -BeNullOrEmpty -Because 'the Build task compiles tools/KevyElect.HelpGen'
        $copy = Join-Path $TestDrive 'docs-broken'
        Copy-Item $script:DocsPath $copy -Recurse
        $file = Join-Path $copy 'ConvertTo-KevyElectFrame.md'
        [IO.File]::WriteAllText($file, ([IO.File]::ReadAllText($file) -replace '(?s)## SYNOPSIS\n.*?\n\n', ''))
        $messages = & dotnet $helpGen check $copy 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 1
        $messages | Should -Match 'ConvertTo-KevyElectFrame\.md: ## SYNOPSIS: the section is missing'
    }
}
