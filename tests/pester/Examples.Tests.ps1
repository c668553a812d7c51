# Every runnable example of docs/*.md runs as written, each in a fresh runspace with its own lab.
#
# The examples wait on elections, not on the processor, so the suite runs them in shards beside each other (container
# data: Shard of Shards, by position); run alone, this file runs them all.
param([int] $Shard = 0, [int] $Shards = 1)

BeforeDiscovery {
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

    $all = @(Get-ChildItem $docsPath -Filter *.md | Where-Object BaseName -NotLike 'about_*' | Sort-Object Name | ForEach-Object {
        $doc = $_.Name
        Get-DocExample $_.FullName | ForEach-Object { @{ Doc = $doc; Title = $_.Title; Code = $_.Code } }
    })
    $script:AllExampleKeys = @($all | ForEach-Object { "$($_.Doc)/$($_.Title)" })
    # Examples of process labs (real kevy) are tagged RealServer, and all in the first shard: the Test task runs them
    # after the rest, on a machine no other test loads.
    $needsServer = { param($case) $case.Code -match 'Start-KevyElectLab\b[^\n]*-Server\b' }
    $embedded = @($all | Where-Object { -not (& $needsServer $_) })
    $script:ExampleCases = @(for ($i = $Shard; $i -lt $embedded.Count; $i += $Shards) { $embedded[$i] })
    $script:ServerExampleCases = if ($Shard -eq 0) { @($all | Where-Object { & $needsServer $_ }) } else { @() }

    $script:RunExample = {
        $key = "$Doc/$Title"
        if ($script:NotRunnable.ContainsKey($key)) { Set-ItResult -Skipped -Because $script:NotRunnable[$key]; return }
        $needsServer = $Code -match 'Start-KevyElectLab\b[^\n]*-Server\b'
        if ($needsServer -and $script:NoKevyServer) { Set-ItResult -Skipped -Because $script:NoKevyServer; return }
        $workDir = Join-Path $TestDrive ("example-" + [Guid]::NewGuid().ToString('n'))
        Copy-Item $script:DocsPath $workDir -Recurse
        $run = { Invoke-DocExample $Doc $Title $Code $workDir }
        if ($needsServer) { $run = { Use-KevyOnPath { Invoke-DocExample $Doc $Title $Code $workDir } } }
        try { $null = & $run }
        catch [TimeoutException] {
            # A lab's cold start can stall the way the protocol does (a split vote under load leaves no best
            # candidate: protocol.md section 3); the example is not at fault, so it runs once more on a new lab.
            Write-Warning "$($_.Exception.Message); running the example once more"
            { & $run } | Should -Not -Throw
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ProcessLabFixture.ps1')
    $script:DocsPath = Join-Path (Split-Path (Split-Path $PSScriptRoot -Parent) -Parent) 'docs'
    $script:Fixture = Join-Path $PSScriptRoot 'ExampleFixture.ps1'

    # Examples that cannot run here, by "<doc file>/<example title>", each with the reason. Every other example
    # whose code block is ```powershell must run as written.
    $script:NotRunnable = @{
        'Start-KevyElectLab.md/Example 5: Keep a lab running in the foreground for another terminal' = 'runs in the foreground until Ctrl+C'
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
            catch {
                $inner = $_.Exception.InnerException ?? $_.Exception
                if ($inner.ErrorRecord.FullyQualifiedErrorId -like 'NoPrimary,*') { throw [TimeoutException]::new("$Doc, example '$Title': the lab elected no primary: $($inner.Message)") }
                throw "$Doc, example '$Title' failed: $($inner.Message)"
            }
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
}

Describe 'Runnable examples' {
    if ($Shard -eq 0) {
        It 'lists only examples that exist as not runnable' -TestCases @(@{ Known = $script:AllExampleKeys }) {
            foreach ($key in $script:NotRunnable.Keys) { $key | Should -BeIn $Known }
        }
    }

    It '<Doc>: <Title>' -ForEach $script:ExampleCases $script:RunExample

    It '<Doc>: <Title>' -Tag RealServer -ForEach $script:ServerExampleCases $script:RunExample
}
