#requires -Version 7.4
<#
.SYNOPSIS
    Brings docs/<Cmdlet>.md in line with the built module's cmdlets (PlatyPS markdown schema 2.0.0).
.DESCRIPTION
    For every exported cmdlet: creates its help file when missing (with {{ ... }} placeholders that the help tests
    reject until they are written), regenerates the ## SYNTAX blocks and every parameter's ```yaml metadata block
    from Get-Command (the default value read from a fresh instance of the cmdlet; hidden former names left out), adds a ### -Name section for a new parameter and removes the one of a parameter that no longer
    exists. Descriptions, examples and every other section are left as written. Files are LF with one trailing
    newline; a file already in sync is not rewritten, so a second run changes nothing.
.EXAMPLE
    dotnet pwsh tools/Update-Docs.ps1 -ModuleManifest out/KevyElect/0.1.0/KevyElect.psd1 -DocsPath docs
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $DocsPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$AllSets = '__AllParameterSets'
# Common parameters are described once under ### CommonParameters; -WhatIf/-Confirm get their own sections.
$CommonNames = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'
$RiskDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$CommonParametersText = 'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, ' +
    '-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable, -ProgressAction, ' +
    '-Verbose, -WarningAction, and -WarningVariable. For more information, see ' +
    '[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).'

function Test-HiddenParameter {
    # [Parameter(DontShow)]: a former name kept so old scripts run; help neither lists nor describes it.
    param($Parameter)
    [bool]@($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }).Count
}

function Format-DefaultValue {
    # A property value as help shows it: invariant numbers, enum names, arrays joined; nothing (null, '', @()) is None.
    param($Value)
    if ($null -eq $Value -or ($Value -is [string] -and -not $Value)) { return 'None' }
    if ($Value -is [Array]) { return $(if ($Value.Count) { @($Value | ForEach-Object { Format-DefaultValue $_ }) -join ', ' } else { 'None' }) }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return "$($Value.IsPresent)" }
    if ($Value -is [IFormattable]) { return $Value.ToString($null, [cultureinfo]::InvariantCulture) }
    "$Value"
}

function Get-DefaultValue {
    # What a parameter is when not given: read from a fresh instance of the cmdlet, so help never drifts from the code.
    # A parameter required in every set it belongs to has no default.
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.ParameterMetadata] $Parameter)
    if (-not @($Parameter.ParameterSets.Values | Where-Object { -not $_.IsMandatory }).Count) { return 'None' }
    $type = $Command.ImplementingType
    $property = $type.GetProperty($Parameter.Name)
    # -WhatIf and -Confirm are PowerShell's, not properties of the cmdlet.
    if (-not $property) { return $(if ($Parameter.SwitchParameter) { 'False' } else { 'None' }) }
    $instance = [Activator]::CreateInstance($type)
    try { Format-DefaultValue $property.GetValue($instance) }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
}

function Get-DocumentedParameter {
    # The parameters a help file describes, by name (ordinal, case-insensitive, so the order never depends on culture).
    param([System.Management.Automation.CommandInfo] $Command)
    $names = [string[]]@($Command.Parameters.Keys | Where-Object { $_ -notin $CommonNames -and -not (Test-HiddenParameter $Command.Parameters[$_]) })
    [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase)
    foreach ($name in $names) { $Command.Parameters[$name] }
}

function Get-OrderedSetName {
    # Parameter set names, the default set first, then the others as Get-Command lists them.
    param([System.Management.Automation.CommandInfo] $Command)
    $sets = @($Command.ParameterSets)
    @($sets | Where-Object IsDefault) + @($sets | Where-Object { -not $_.IsDefault }) | ForEach-Object Name
}

function Format-SyntaxParameter {
    param([System.Management.Automation.CommandParameterInfo] $Parameter)
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $name = if ($Parameter.Position -ge 0) { "[-$($Parameter.Name)]" } else { "-$($Parameter.Name)" }
    $text = if ($isSwitch) { "-$($Parameter.Name)" } else { "$name <$($Parameter.ParameterType.Name)>" }
    if ($Parameter.IsMandatory) { $text } else { "[$text]" }
}

function Format-SyntaxLine {
    # The one-line syntax of a parameter set, like Get-Command -Syntax but with .NET type names (<String[]>).
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.CommandParameterSetInfo] $Set)
    $own = @($Set.Parameters | Where-Object { $_.Name -notin $CommonNames -and -not (Test-HiddenParameter $_) })
    $positional = @($own | Where-Object Position -GE 0 | Sort-Object Position)
    # Like Get-Command: positional parameters, then mandatory named ones, then optional ones.
    $named = @($own | Where-Object { $_.Position -lt 0 -and $_.Name -notin 'WhatIf', 'Confirm' })
    $named = @($named | Where-Object IsMandatory) + @($named | Where-Object { -not $_.IsMandatory })
    $risk = @('WhatIf', 'Confirm' | ForEach-Object { $n = $_; $own | Where-Object Name -EQ $n })
    $parts = @($Command.Name) + @($positional + $named + $risk | ForEach-Object { Format-SyntaxParameter $_ })
    $parts += '[<CommonParameters>]'
    $parts -join ' '
}

function Get-SyntaxSection {
    param([System.Management.Automation.CommandInfo] $Command)
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('## SYNTAX')
    foreach ($setName in Get-OrderedSetName $Command) {
        $set = $Command.ParameterSets | Where-Object Name -EQ $setName
        $title = if ($set.IsDefault -and @($Command.ParameterSets).Count -gt 1) { "$setName (Default)" } else { $setName }
        $lines.AddRange([string[]]@('', "### $title", '```', (Format-SyntaxLine $Command $set), '```'))
    }
    $lines.Add('')
    , $lines
}

function Get-AcceptedValue {
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    $validateSet = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($validateSet) { return @($validateSet.ValidValues) }
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    if ($type.IsEnum) { return [Enum]::GetNames($type) }
    @()
}

function Test-SupportsWildcard {
    # [SupportsWildcards] is not kept in the parameter metadata of a compiled cmdlet: read it from the property.
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.ParameterMetadata] $Parameter)
    $attribute = [System.Management.Automation.SupportsWildcardsAttribute]
    if ($Parameter.Attributes | Where-Object { $_ -is $attribute }) { return $true }
    $type = if ($Command -is [System.Management.Automation.CmdletInfo]) { $Command.ImplementingType }
    if (-not $type) { return $false }
    $property = $type.GetProperties() | Where-Object Name -EQ $Parameter.Name | Select-Object -First 1
    [bool]($property -and $property.IsDefined($attribute, $true))
}

function Get-YamlBlock {
    # One ```yaml block per group of parameter sets in which the parameter has the same metadata.
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.ParameterMetadata] $Parameter)
    $allSetNames = @(Get-OrderedSetName $Command)
    $groups = [ordered]@{}
    foreach ($setName in $allSetNames) {
        $meta = if ($Parameter.ParameterSets.ContainsKey($setName)) { $Parameter.ParameterSets[$setName] }
        elseif ($Parameter.ParameterSets.ContainsKey($AllSets)) { $Parameter.ParameterSets[$AllSets] }
        else { continue }
        $pipeline = @(if ($meta.ValueFromPipelineByPropertyName) { 'ByPropertyName' }; if ($meta.ValueFromPipeline) { 'ByValue' })
        $fields = [ordered]@{
            Required = if ($meta.IsMandatory) { 'True' } else { 'False' }
            Position = if ($meta.Position -ge 0) { "$($meta.Position)" } else { 'Named' }
            Pipeline = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
        }
        $key = $fields.Values -join '|'
        if (-not $groups.Contains($key)) { $groups[$key] = @{ Fields = $fields; Sets = [System.Collections.Generic.List[string]]::new() } }
        $groups[$key].Sets.Add($setName)
    }

    $default = Get-DefaultValue $Command $Parameter
    $accepted = @(Get-AcceptedValue $Parameter)
    $wildcards = Test-SupportsWildcard $Command $Parameter
    $blocks = foreach ($group in $groups.Values) {
        $sets = if ($group.Sets.Count -eq $allSetNames.Count) { '(All)' } else { $group.Sets -join ', ' }
        $lines = @(
            '```yaml'
            "Type: $($Parameter.ParameterType.Name)"
            "Parameter Sets: $sets"
            "Aliases:$(if ($Parameter.Aliases.Count) { ' ' + ($Parameter.Aliases -join ', ') })"
            if ($accepted) { "Accepted values: $($accepted -join ', ')" }
            ''
            "Required: $($group.Fields.Required)"
            "Position: $($group.Fields.Position)"
            "Default value: $default"
            "Accept pipeline input: $($group.Fields.Pipeline)"
            "Accept wildcard characters: $(if ($wildcards) { 'True' } else { 'False' })"
            '```'
        )
        $lines -join "`n"
    }
    $blocks
}

function Split-Heading {
    # Cuts lines at headings that start with $Prefix (outside code fences): a leading chunk, then one chunk per heading.
    param([string[]] $Lines, [string] $Prefix)
    $chunks = [System.Collections.Generic.List[object]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Prefix)) {
            $chunks.Add($current)
            $current = [System.Collections.Generic.List[string]]::new()
        }
        $current.Add($line)
    }
    $chunks.Add($current)
    , $chunks
}

function Get-ParameterDescription {
    # The hand-written lines of a ### -Name section: everything before its first fenced block, blank lines trimmed.
    param([System.Collections.Generic.List[string]] $Chunk)
    $body = @($Chunk | Select-Object -Skip 1)
    $end = 0
    while ($end -lt $body.Count -and $body[$end] -notmatch '^\s*(```|~~~)') { $end++ }
    $text = @(if ($end -gt 0) { $body[0..($end - 1)] })
    while ($text.Count -and -not $text[0].Trim()) { $text = @($text | Select-Object -Skip 1) }
    while ($text.Count -and -not $text[-1].Trim()) { $text = @($text | Select-Object -SkipLast 1) }
    $text
}

function Get-ParametersSection {
    param([System.Management.Automation.CommandInfo] $Command, [string[]] $ExistingLines)
    $existing = @{}
    if ($ExistingLines) {
        foreach ($chunk in (Split-Heading $ExistingLines '### ') | Select-Object -Skip 1) {
            if ($chunk[0] -match '^### -(\S+)') { $existing[$Matches[1]] = Get-ParameterDescription $chunk }
        }
    }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('## PARAMETERS')
    foreach ($parameter in Get-DocumentedParameter $Command) {
        $name = $parameter.Name
        $description = @(if ($existing.ContainsKey($name) -and $existing[$name]) { $existing[$name] }
            elseif ($RiskDescriptions.ContainsKey($name)) { $RiskDescriptions[$name] }
            else { "{{ Fill $name Description }}" })
        $lines.AddRange([string[]](@('', "### -$name") + $description))
        foreach ($block in Get-YamlBlock $Command $parameter) { $lines.Add(''); $lines.AddRange($block.Split("`n")) }
    }
    $lines.AddRange([string[]]@('', '### CommonParameters', $CommonParametersText, ''))
    , $lines
}

function Get-TypeHeading {
    param([type[]] $Types, [string] $None)
    $names = @($Types | ForEach-Object FullName | Select-Object -Unique)
    if (-not $names) { $names = @($None) }
    $names | ForEach-Object { "### $_"; '' }
}

function New-HelpSkeleton {
    # A new help file in the schema; the SYNTAX and PARAMETERS sections are filled in by Update-HelpText.
    param([System.Management.Automation.CommandInfo] $Command, [string] $HelpFile, [string] $ModuleName)
    $inputs = @($Command.Parameters.Values | Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } } |
        ForEach-Object ParameterType)
    @(
        '---'
        "external help file: $HelpFile"
        "Module Name: $ModuleName"
        'online version:'
        'schema: 2.0.0'
        '---'
        ''
        "# $($Command.Name)"
        ''
        '## SYNOPSIS'
        '{{ Fill in the Synopsis }}'
        ''
        '## SYNTAX'
        ''
        '## DESCRIPTION'
        '{{ Fill in the Description }}'
        ''
        '## EXAMPLES'
        ''
        '### Example 1'
        '```powershell'
        '{{ Add example code here }}'
        '```'
        ''
        '{{ Add example description here }}'
        ''
        '## PARAMETERS'
        ''
        '## INPUTS'
        ''
        Get-TypeHeading $inputs 'None'
        '## OUTPUTS'
        ''
        Get-TypeHeading @($Command.OutputType | ForEach-Object Type) 'System.Object'
        '## NOTES'
        ''
        '## RELATED LINKS'
    ) -join "`n"
}

function Update-HelpText {
    # Replaces the SYNTAX and PARAMETERS sections; every other line of the file is kept as it was.
    param([System.Management.Automation.CommandInfo] $Command, [string] $Text)
    $lines = $Text.Replace("`r`n", "`n").TrimEnd("`n").Split("`n")
    $sections = Split-Heading $lines '## '
    $titleOf = { param($chunk) if ($chunk.Count -and $chunk[0].StartsWith('## ')) { $chunk[0].Substring(3).Trim() } }

    $titles = @($sections | ForEach-Object { & $titleOf $_ })
    $result = [System.Collections.Generic.List[object]]::new()
    $seenSyntax = 'SYNTAX' -in $titles; $seenParameters = 'PARAMETERS' -in $titles
    foreach ($chunk in $sections) {
        $title = & $titleOf $chunk
        if ($title -eq 'SYNTAX') { $result.Add((Get-SyntaxSection $Command)); continue }
        if ($title -eq 'PARAMETERS') { $result.Add((Get-ParametersSection $Command $chunk.ToArray())); continue }
        if ($title -eq 'INPUTS' -and -not $seenParameters) { $result.Add((Get-ParametersSection $Command @())); $seenParameters = $true }
        $result.Add($chunk)
        if ($title -eq 'SYNOPSIS' -and -not $seenSyntax) { $result.Add((Get-SyntaxSection $Command)); $seenSyntax = $true }
    }
    if (-not $seenSyntax) { throw "$($Command.Name): the help file has no '## SYNOPSIS' to put '## SYNTAX' after" }
    if (-not $seenParameters) { $result.Add((Get-ParametersSection $Command @())) }

    $all = foreach ($chunk in $result) { $chunk }
    ($all -join "`n").TrimEnd("`n") + "`n"
}

$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
$module = Import-Module $ModuleManifest -Force -PassThru
if (-not (Test-Path $DocsPath)) { New-Item -ItemType Directory -Path $DocsPath | Out-Null }
$utf8 = [Text.UTF8Encoding]::new($false)
$exported = @($module.ExportedCmdlets.Values | Sort-Object Name)
foreach ($command in $exported) {
    $path = Join-Path $DocsPath "$($command.Name).md"
    # Get-Help looks for a binary cmdlet's help in <its assembly's file name>-Help.xml.
    $helpFile = "$([IO.Path]::GetFileName($command.DLL))-Help.xml"
    $before = if (Test-Path $path) { [IO.File]::ReadAllText($path) } else { New-HelpSkeleton $command $helpFile $module.Name }
    $after = Update-HelpText $command $before
    if (-not (Test-Path $path) -or $after -cne [IO.File]::ReadAllText($path)) {
        [IO.File]::WriteAllText($path, $after, $utf8)
        Write-Information "Updated $path" -InformationAction Continue
    }
}
$names = $exported.Name
Get-ChildItem $DocsPath -Filter *.md | Where-Object { $_.BaseName -notlike 'about_*' -and $_.BaseName -notin $names -and $_.Name -ne 'README.md' } |
    ForEach-Object { Write-Warning "$($_.Name) documents a cmdlet the module does not export." }
