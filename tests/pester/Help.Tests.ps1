# The module's help: every cmdlet documented for Get-Help, the about topic present, docs/ in sync with the cmdlets,
# and every runnable example in docs/*.md actually running.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $docsPath = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'docs'

    function Get-DocExample {
        # The examples of one help file: title and the code of its first ```powershell block.
        param([string] $Path)
        $examples = @(); $inExamples = $false; $title = $null; $code = $null; $inFence = $false; $taken = $false
        foreach ($line in [IO.File]::ReadAllLines($Path)) {
            if ($inFence) {
                if ($line -match '^```\s*$') { $inFence = $false; if ($null -ne $code) { $examples += [pscustomobject]@{ Title = $title; Code = $code -join "`n" }; $code = $null; $taken = $true } }
                elseif ($null -ne $code) { $code += $line }
                continue
            }
            if ($line -match '^## ') { $inExamples = $line -eq '## EXAMPLES'; continue }
            if (-not $inExamples) { continue }
            if ($line -match '^### (.+)$') { $title = $Matches[1].Trim(); $taken = $false; continue }
            if ($line -match '^```(\S*)') {
                $inFence = $true
                if ($Matches[1] -eq 'powershell' -and $title -and -not $taken) { $code = @() }
            }
        }
        $examples
    }

    $script:CmdletCases = @((Get-Module KevyElect).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
    $script:ExampleCases = @(Get-ChildItem $docsPath -Filter *.md | Where-Object BaseName -NotLike 'about_*' | Sort-Object Name | ForEach-Object {
        $doc = $_.Name
        Get-DocExample $_.FullName | ForEach-Object { @{ Doc = $doc; Title = $_.Title; Code = $_.Code } }
    })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ProcessLabFixture.ps1')
    $script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:DocsPath = Join-Path $script:RepoRoot 'docs'
    $script:Fixture = Join-Path $PSScriptRoot 'ExampleFixture.ps1'
    $script:CommonNames = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

    # Examples that cannot run here, by "<doc file>/<example title>", each with the reason. Every other example
    # whose code block is ```powershell must run as written.
    $script:NotRunnable = @{
        'Start-KevyElectLab.md/Example 5: Keep a lab running in the foreground for another terminal' = 'runs in the foreground until Ctrl+C'
    }

    function script:Test-Placeholder([string] $Text, [string] $CommandName) {
        # True when help text is missing or still a placeholder: empty, {{ ... }}, TODO, or the syntax-only text
        # Get-Help makes up for a cmdlet without help.
        $t = "$Text".Trim()
        -not $t -or $t.Contains('{{') -or $t -match '\bTODO\b' -or $t -eq $CommandName -or
            ($t.StartsWith("$CommandName ") -and $t.Contains('[<CommonParameters>]'))
    }

    function script:Invoke-DocExample([string] $Doc, [string] $Title, [string] $Code, [string] $WorkDir) {
        # A fresh runspace per example: the module, the fixture, $ErrorActionPreference = 'Stop', a copy of docs/.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModuleManifest, $Fixture, $WorkDir, $Code)
                    $ErrorActionPreference = 'Stop'
                    Import-Module $ModuleManifest
                    Set-Location -LiteralPath $WorkDir
                    . $Fixture
                    try { & ([scriptblock]::Create($Code)) | Out-String }
                    finally { if (Get-Command ExampleTeardown -CommandType Function -ErrorAction Ignore) { ExampleTeardown } }
                }).AddArgument($script:ModuleManifest).AddArgument($script:Fixture).AddArgument($WorkDir).AddArgument($Code)
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(120))) {
                $ps.Stop()
                throw "$Doc, example '$Title': still running after 120 s"
            }
            try { $output = $ps.EndInvoke($async) }
            catch { throw "$Doc, example '$Title' failed: $($_.Exception.InnerException.Message ?? $_.Exception.Message)" }
            if ($ps.Streams.Error.Count) { throw "$Doc, example '$Title' wrote an error: $($ps.Streams.Error[0])" }
            "$output"
        } finally {
            $ps.Dispose()
        }
    }

    function script:Use-KevyOnPath([scriptblock] $Body) {
        # Examples of process labs say -Server kevy, as a reader with kevy on PATH would: put KEVY_SERVER there as 'kevy'.
        $bin = Join-Path $TestDrive 'kevy-on-path'
        if (-not (Test-Path (Join-Path $bin 'kevy'))) {
            $null = New-Item -ItemType Directory -Force -Path $bin
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $bin 'kevy') -Target (Resolve-Path -LiteralPath $script:KevyServer).Path
        }
        $saved = $env:PATH
        $env:PATH = $bin + [IO.Path]::PathSeparator + $saved
        try { & $Body } finally { $env:PATH = $saved }
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

Describe 'Runnable examples' {
    It 'lists only examples that exist as not runnable' -TestCases @(@{ Known = @($script:ExampleCases | ForEach-Object { "$($_.Doc)/$($_.Title)" }) }) {
        foreach ($key in $script:NotRunnable.Keys) { $key | Should -BeIn $Known }
    }

    It '<Doc>: <Title>' -ForEach $script:ExampleCases {
        $key = "$Doc/$Title"
        if ($script:NotRunnable.ContainsKey($key)) { Set-ItResult -Skipped -Because $script:NotRunnable[$key]; return }
        $needsServer = $Code -match 'Start-KevyElectLab\b[^\n]*-Server\b'
        if ($needsServer -and $script:NoKevyServer) { Set-ItResult -Skipped -Because $script:NoKevyServer; return }
        $workDir = Join-Path $TestDrive ("example-" + [Guid]::NewGuid().ToString('n'))
        Copy-Item $script:DocsPath $workDir -Recurse
        if ($needsServer) { Use-KevyOnPath { { Invoke-DocExample $Doc $Title $Code $workDir } | Should -Not -Throw } }
        else { { Invoke-DocExample $Doc $Title $Code $workDir } | Should -Not -Throw }
    }
}
