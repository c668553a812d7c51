# Figures 1 and 2: the elect codec per verb and the ROLE / INFO replication reply parsing, from
# BenchmarkDotNet. Each figure is the product next to the baseline copy of the previous code
# (bench/KevyElect.Bench/Baseline), measured in the same run: baseline | new | ratio | goal | verdict.

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
    [pscustomobject]@{
        Ns    = [double]$run.Statistics.Median
        MinNs = [double]$run.Statistics.Min
        Bytes = [double]$run.Memory.BytesAllocatedPerOperation
    }
}

function Add-RatioFigure {
    # One figure: the method next to its baseline ("<Method>Baseline") in the same run. The ratio that is judged is
    # baseline / new of the fastest iterations: on a shared machine other work only ever adds time, so the fastest
    # iteration of each is the closest to its own cost. The medians and their ratio are shown beside it. It passes
    # when the ratio reaches MinRatio and the new allocation stays within MaxBytes.
    param(
        [string] $Section, [string] $Figure, $Runs, [string] $Type, [string] $Method, [string] $Parameters,
        [double] $MinRatio, [double] $MaxBytes, [string] $BytesGoal, [switch] $NoGoal
    )
    $base = Get-MicroRun $Runs $Type "${Method}Baseline" $Parameters
    $new = Get-MicroRun $Runs $Type $Method $Parameters
    $ratio = $base.MinNs / $new.MinNs
    $row = [pscustomobject]@{
        Figure   = $Figure
        Baseline = '{0} (median {1}), {2}' -f (Format-Ns $base.MinNs), (Format-Ns $base.Ns), (Format-Bytes $base.Bytes)
        New      = '{0} (median {1}), {2}' -f (Format-Ns $new.MinNs), (Format-Ns $new.Ns), (Format-Bytes $new.Bytes)
        Ratio    = '{0:0.00} x faster (medians {1:0.00} x), {2:0.00} x the allocation' -f $ratio, ($base.Ns / $new.Ns), ($new.Bytes / [math]::Max(1, $base.Bytes))
        Goal     = if ($NoGoal) { 'no goal set; reported beside the others' } else { ">= {0:0.0} x faster, {1}" -f $MinRatio, $BytesGoal }
        Verdict  = if ($NoGoal) { 'info' } else { Get-Verdict ($ratio -ge $MinRatio -and $new.Bytes -le $MaxBytes) }
    }
    $script:CodecRows.Add($row)
    Add-Figure $Section $Figure ('baseline {0}; new {1}; {2}' -f $row.Baseline, $row.New, $row.Ratio) $row.Goal $row.Verdict
}

function Write-CodecRows {
    # The figures as the six columns they are made of, for the run's log.
    Write-Information '   figure | baseline | new | ratio | goal | verdict'
    foreach ($r in $script:CodecRows) {
        Write-Information ('   {0} | {1} | {2} | {3} | {4} | {5}' -f $r.Figure, $r.Baseline, $r.New, $r.Ratio, $r.Goal, $r.Verdict)
    }
}

function Measure-CodecFigures {
    $script:CodecRows = [System.Collections.Generic.List[object]]::new()
    $micro = Invoke-MicroBenchmarks
    foreach ($b in $micro.Budget) {
        $verb = $b.verb
        foreach ($method in 'EncodeSpan', 'EncodeBufferWriter') {
            $into = if ($method -eq 'EncodeSpan') { 'a span' } else { 'a buffer writer' }
            Add-RatioFigure '1 codec' "encode $verb ($($b.frameBytes) B frame) into $into" $micro.Runs 'CodecBenchmarks' $method "Verb=$verb" `
                -MinRatio 1.5 -MaxBytes 0 -BytesGoal '0 B allocated'
        }
        Add-RatioFigure '1 codec' "decode $verb" $micro.Runs 'CodecBenchmarks' 'Decode' "Verb=$verb" -MinRatio 1.8 -MaxBytes $b.budgetBytes `
            -BytesGoal ('<= {0} B: the message ({1} B) and its id strings ({2} B)' -f $b.budgetBytes, $b.messageBytes, $b.idStringBytes)
    }
    foreach ($node in 'primary', 'replica') {
        foreach ($reply in @(@('Role', 'ROLE', 'RoleReply'), @('Info', 'INFO replication', 'ReplicationInfo'))) {
            $base = Get-MicroRun $micro.Runs 'RespReplyBenchmarks' "Parse$($reply[0])Baseline" "Node=$node"
            $third = [math]::Floor($base.Bytes / 3)
            # The goals are set for INFO replication of both and ROLE of a primary; a replica's ROLE is reported.
            $noGoal = $reply[0] -eq 'Role' -and $node -eq 'replica'
            Add-RatioFigure '2 RESP' "$($reply[1]) reply of a $node, bytes to $($reply[2])" $micro.Runs 'RespReplyBenchmarks' "Parse$($reply[0])" "Node=$node" `
                -MinRatio 3 -MaxBytes $third -BytesGoal ('<= a third of the allocation ({0} B)' -f $third) -NoGoal:$noGoal
        }
    }
    Write-CodecRows
}
