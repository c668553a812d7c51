using System.Collections.Generic;
using System.Linq;

namespace KevyElect.HelpGen
{
    /// <summary>One cmdlet's help as written in its PlatyPS-schema markdown file. Prose is plain-text paragraphs.</summary>
    internal sealed record CommandDoc(
        string SourceFile,
        string Name,
        IReadOnlyDictionary<string, string> Metadata,
        IReadOnlyList<string> Synopsis,
        IReadOnlyList<SyntaxSet> Syntax,
        IReadOnlyList<string> Description,
        IReadOnlyList<ExampleDoc> Examples,
        IReadOnlyList<ParameterDoc> Parameters,
        IReadOnlyList<TypeDoc> Inputs,
        IReadOnlyList<TypeDoc> Outputs,
        IReadOnlyList<string> Notes,
        IReadOnlyList<LinkDoc> Links)
    {
        /// <summary>The MAML file this command's help belongs to (front matter "external help file").</summary>
        public string ExternalHelpFile => Metadata["external help file"];
    }

    /// <summary>A parameter set named under SYNTAX, with the parameter names in the order its syntax line shows them.</summary>
    internal sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> ParameterOrder);

    /// <summary>An example: its title, the PowerShell code, any output blocks, and the prose around them.</summary>
    internal sealed record ExampleDoc(string Title, string Code, IReadOnlyList<string> OutputBlocks, IReadOnlyList<string> Remarks);

    /// <summary>A parameter's description and its metadata blocks (one per group of parameter sets that share metadata).</summary>
    internal sealed record ParameterDoc(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Metadata);

    /// <summary>One ```yaml block under a parameter.</summary>
    /// <param name="ParameterSets">The sets this block applies to; empty means all of them.</param>
    internal sealed record ParameterMetadata(
        string Type,
        IReadOnlyList<string> ParameterSets,
        IReadOnlyList<string> Aliases,
        IReadOnlyList<string> AcceptedValues,
        bool Required,
        string Position,
        string DefaultValue,
        string PipelineInput,
        bool Globbing)
    {
        public bool AppliesTo(string set) => ParameterSets.Count == 0 || ParameterSets.Contains(set);
        public bool IsSwitch => Type == "SwitchParameter";
    }

    /// <summary>An INPUTS or OUTPUTS entry.</summary>
    internal sealed record TypeDoc(string TypeName, IReadOnlyList<string> Description);

    /// <summary>A RELATED LINKS entry; Uri is empty for a plain-text reference such as another cmdlet's name.</summary>
    internal sealed record LinkDoc(string Text, string Uri);

    /// <summary>An about topic: its name and sections in file order (SHORT DESCRIPTION and LONG DESCRIPTION included).</summary>
    internal sealed record AboutDoc(string SourceFile, string Name, IReadOnlyList<AboutSection> Sections);

    /// <summary>A level-2 section of an about topic, as text blocks ready for layout.</summary>
    internal sealed record AboutSection(string Title, IReadOnlyList<TextBlock> Blocks);

    /// <summary>A block of prose: a paragraph, a list item, a sub-heading or verbatim code.</summary>
    internal sealed record TextBlock(TextBlockKind Kind, string Text);

    internal enum TextBlockKind { Paragraph, ListItem, Heading, Code }
}
