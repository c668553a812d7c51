# The README's code blocks, run as a reader would run them.
#
# Convention for README.md code blocks (by the fence's info string):
#   ```powershell   runnable: every such block runs, in the order of the file, in ONE runspace (the tour builds on
#                   itself: a later block uses the $lab of an earlier one), with the built module imported, the
#                   repository root as the current location and $ErrorActionPreference = 'Stop'.
#   ```ps1          PowerShell that is not run here: it needs a real cluster, or is a snippet of a Pester file.
#   ```sh, ```text  shell commands and captured output: never run.
# A block fails the test when it throws or writes an error; the failure names the block by its number and first
# line. Every lab still running afterwards is stopped.

BeforeDiscovery {
    $script:ReadmePath = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'README.md'

    function Get-ReadmeBlock {
        # The README's fenced code blocks: info string, first line number and code.
        param([string] $Path)
        $blocks = @(); $fence = $null; $code = $null; $start = 0; $lineNumber = 0
        foreach ($line in [IO.File]::ReadAllLines($Path)) {
            $lineNumber++
            if ($null -eq $fence) {
                if ($line -match '^```(\S*)\s*$') { $fence = $Matches[1]; $code = @(); $start = $lineNumber }
                continue
            }
            if ($line -match '^```\s*$') {
                $blocks += [pscustomobject]@{ Info = $fence; Line = $start; Code = $code -join "`n" }
                $fence = $null
                continue
            }
            $code += $line
        }
        if ($null -ne $fence) { throw "README.md: the code block opened on line $start is not closed" }
        $blocks
    }

    $script:Runnable = @(Get-ReadmeBlock $script:ReadmePath | Where-Object Info -EQ 'powershell')
    $script:Numbered = @(for ($i = 0; $i -lt $script:Runnable.Count; $i++) {
            $first = ($script:Runnable[$i].Code -split "`n")[0].Trim()
            @{ Number = $i + 1; Line = $script:Runnable[$i].Line; First = $first; Code = $script:Runnable[$i].Code }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:RepoRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $script:Readme = [IO.File]::ReadAllText((Join-Path $script:RepoRoot 'README.md'))
}

Describe 'README' {
    It 'keeps the two set-up commands' {
        $script:Readme | Should -Match ([regex]::Escape('dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo'))
        $script:Readme | Should -Match ([regex]::Escape('dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test'))
    }

    It 'points at a real cluster with -ConfigPath /etc/kevy/kevy.toml' {
        $script:Readme | Should -Match ([regex]::Escape('-ConfigPath /etc/kevy/kevy.toml'))
    }

    It 'has runnable blocks' -TestCases @(@{ Count = $script:Runnable.Count }) {
        $Count | Should -BeGreaterThan 3
    }
}

Describe 'README runnable blocks, in order, in one session' {
    BeforeAll {
        $script:LabsBefore = @([KevyElect.Lab.LabCluster]::Running)
        $script:Runspace = [runspacefactory]::CreateRunspace()
        $script:Runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $script:Runspace
        $null = $ps.AddScript({
                param($ModuleManifest, $Root)
                $ErrorActionPreference = 'Stop'
                Import-Module $ModuleManifest
                Set-Location -LiteralPath $Root
            }).AddArgument($script:ModuleManifest).AddArgument($script:RepoRoot).Invoke()
        $ps.Dispose()
        $script:Broken = $null
    }

    AfterAll {
        if ($script:Runspace) { $script:Runspace.Dispose() }
        # Every lab the blocks started, whether or not the README stopped it.
        [KevyElect.Lab.LabCluster]::Running | Where-Object { $_ -notin $script:LabsBefore } | ForEach-Object { $_.Dispose() }
    }

    It 'block <Number> (line <Line>): <First>' -ForEach $script:Numbered {
        if ($script:Broken) { throw "not run: block $script:Broken failed before it" }
        $ps = [powershell]::Create()
        $ps.Runspace = $script:Runspace
        try {
            $null = $ps.AddScript($Code)
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(120))) {
                $ps.Stop()
                $script:Broken = $Number
                throw "README block $Number (line $Line) still running after 120 s"
            }
            try { $null = $ps.EndInvoke($async) }
            catch {
                $script:Broken = $Number
                throw "README block $Number (line $Line, '$First') failed: $($_.Exception.InnerException.Message ?? $_.Exception.Message)"
            }
            if ($ps.Streams.Error.Count) {
                $script:Broken = $Number
                throw "README block $Number (line $Line, '$First') wrote an error: $($ps.Streams.Error[0])"
            }
        } finally { $ps.Dispose() }
    }

    It 'leaves no lab running when the tour is over' {
        @([KevyElect.Lab.LabCluster]::Running | Where-Object { $_ -notin $script:LabsBefore }) | Should -HaveCount 0
    }
}
