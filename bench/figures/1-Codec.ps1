# Figures 1 and 2: the elect codec per verb and the RESP reply reader, from BenchmarkDotNet.

function Invoke-MicroBenchmarks {
    # Builds and runs bench/KevyElect.Bench; copies its reports to results/micro.{md,csv,json}.
    Write-Information '   building bench/KevyElect.Bench (Release)'
    & dotnet build $BenchProject -c Release -v q -nologo --tl:off | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "building $BenchProject failed (exit code $LASTEXITCODE)" }
    $dll = Join-Path $BenchDir 'KevyElect.Bench/bin/Release/net10.0/KevyElect.Bench.dll'

    $budgetPath = Join-Path $ResultsDir 'decode-budget.json'
    & dotnet $dll budget $budgetPath
    if ($LASTEXITCODE -ne 0) { throw "the decode budget run failed (exit code $LASTEXITCODE)" }

    $artifacts = Join-Path ([IO.Path]::GetTempPath()) ("kevyelect-bdn-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
    $log = Join-Path $ResultsDir 'micro.log'
    Write-Information "   running BenchmarkDotNet (log: $log)"
    try {
        & dotnet $dll --artifacts $artifacts --filter '*' *> $log
        if ($LASTEXITCODE -ne 0) { throw "BenchmarkDotNet failed (exit code $LASTEXITCODE); see $log" }
        foreach ($pair in @(@('*-report-github.md', 'micro.md'), @('*-report.csv', 'micro.csv'), @('*-report-brief.json', 'micro.json'))) {
            $file = Get-ChildItem (Join-Path $artifacts 'results') -Filter $pair[0] | Select-Object -First 1
            if (-not $file) { throw "BenchmarkDotNet wrote no $($pair[0]) report" }
            Copy-Item $file.FullName (Join-Path $ResultsDir $pair[1]) -Force
        }
    } finally {
        if (Test-Path $artifacts) { Remove-Item $artifacts -Recurse -Force }
    }
    [pscustomobject]@{
        Runs   = (Get-Content (Join-Path $ResultsDir 'micro.json') -Raw | ConvertFrom-Json).Benchmarks
        Budget = Get-Content $budgetPath -Raw | ConvertFrom-Json
    }
}

function Get-MicroRun {
    param($Runs, [string] $Type, [string] $Method, [string] $Parameters)
    $run = $Runs | Where-Object { $_.Type -eq $Type -and $_.Method -eq $Method -and $_.Parameters -eq $Parameters }
    if (-not $run) { throw "no BenchmarkDotNet result for $Type.$Method [$Parameters]" }
    [pscustomobject]@{ Ns = [double]$run.Statistics.Median; Bytes = [double]$run.Memory.BytesAllocatedPerOperation }
}

function Measure-CodecFigures {
    $micro = Invoke-MicroBenchmarks
    foreach ($b in $micro.Budget) {
        $verb = $b.verb
        foreach ($method in 'EncodeSpan', 'EncodeBufferWriter') {
            $r = Get-MicroRun $micro.Runs 'CodecBenchmarks' $method "Verb=$verb"
            $into = if ($method -eq 'EncodeSpan') { 'a span' } else { 'a buffer writer' }
            Add-Figure '1 codec' "encode $verb ($($b.frameBytes) B frame) into $into" ('{0}, {1}' -f (Format-Ns $r.Ns), (Format-Bytes $r.Bytes)) `
                '0 B allocated' (Get-Verdict ($r.Bytes -eq 0))
        }
        $d = Get-MicroRun $micro.Runs 'CodecBenchmarks' 'Decode' "Verb=$verb"
        Add-Figure '1 codec' "decode $verb" ('{0}, {1}' -f (Format-Ns $d.Ns), (Format-Bytes $d.Bytes)) `
            ('<= {0} B: the message ({1} B) and its id strings ({2} B); ratio {3:0.00}' -f $b.budgetBytes, $b.messageBytes, $b.idStringBytes, ($d.Bytes / $b.budgetBytes)) `
            (Get-Verdict ($d.Bytes -le $b.budgetBytes))
    }
    foreach ($node in 'primary', 'replica') {
        foreach ($reply in @(@('Role', 'ROLE', 'RoleReply'), @('Info', 'INFO replication', 'ReplicationInfo'))) {
            $read = Get-MicroRun $micro.Runs 'RespReplyBenchmarks' "Read$($reply[0])" "Node=$node"
            $parse = Get-MicroRun $micro.Runs 'RespReplyBenchmarks' "Parse$($reply[0])" "Node=$node"
            Add-Figure '2 RESP' "$($reply[1]) reply of a $node, RESP read" ('{0}, {1}' -f (Format-Ns $read.Ns), (Format-Bytes $read.Bytes)) `
                'baseline of the next row' 'info'
            Add-Figure '2 RESP' "$($reply[1]) reply of a $node, to $($reply[2])" ('{0}, {1}' -f (Format-Ns $parse.Ns), (Format-Bytes $parse.Bytes)) `
                ('{0:0.0} x the RESP read' -f ($parse.Ns / $read.Ns)) 'info'
        }
    }
}
