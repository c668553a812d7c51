using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KevyElect.HelpGen
{
    /// <summary>Reads a cmdlet help file written in the PlatyPS markdown schema 2.0.0.</summary>
    internal static class CommandDocParser
    {
        private static readonly string[] KnownSections =
            { "SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        private static readonly Regex ParameterToken = new Regex(@"(?<![\w-])-(\w+)", RegexOptions.CultureInvariant);

        public static CommandDoc Parse(string path, string markdown)
        {
            var file = Path.GetFileName(path);
            var md = MarkdownSections.Parse(file, markdown);
            if (md.FrontMatter is null) throw new DocFormatException(file, "front matter", "the file must start with a --- YAML block (schema: 2.0.0)");
            var metadata = MarkdownText.FrontMatter(md.FrontMatter);
            if (!metadata.TryGetValue("external help file", out var helpFile) || helpFile.Length == 0)
                throw new DocFormatException(file, "front matter", "'external help file' is missing");
            if (metadata.TryGetValue("schema", out var schema) && schema != "2.0.0")
                throw new DocFormatException(file, "front matter", $"schema '{schema}' is not supported (expected 2.0.0)");

            var name = md.Title ?? throw new DocFormatException(file, "# title", "the level-1 heading naming the cmdlet is missing");
            var expected = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(name, expected, StringComparison.OrdinalIgnoreCase))
                throw new DocFormatException(file, $"# {name}", $"the title must be the cmdlet name '{expected}' (the file name)");

            foreach (var section in md.Sections.Where(s => !KnownSections.Contains(s.Title)))
                throw new DocFormatException(file, $"## {section.Title}", "not a section of the schema (expected one of " + string.Join(", ", KnownSections) + ")");

            var syntax = ParseSyntax(file, md.Require("SYNTAX"));
            return new CommandDoc(
                file, name, metadata,
                RequireProse(file, md.Require("SYNOPSIS")),
                syntax,
                RequireProse(file, md.Require("DESCRIPTION")),
                ParseExamples(file, md.Require("EXAMPLES")),
                ParseParameters(file, md.Require("PARAMETERS"), syntax),
                ParseTypes(md.Require("INPUTS")),
                ParseTypes(md.Require("OUTPUTS")),
                MarkdownText.Paragraphs(md.Require("NOTES").Blocks),
                ParseLinks(md.Require("RELATED LINKS")));
        }

        private static List<string> RequireProse(string file, Section section)
        {
            var text = MarkdownText.Paragraphs(section.Blocks);
            if (text.Count == 0 || text.All(string.IsNullOrWhiteSpace))
                throw new DocFormatException(file, $"## {section.Title}", "the section is empty");
            return text;
        }

        private static List<SyntaxSet> ParseSyntax(string file, Section section)
        {
            var sets = new List<SyntaxSet>();
            foreach (var (title, body) in section.Items())
            {
                var block = body.OfType<FencedCodeBlock>().FirstOrDefault()
                    ?? throw new DocFormatException(file, $"## SYNTAX / ### {title}", "the parameter set has no ``` syntax block");
                var order = ParameterToken.Matches(MarkdownText.Code(block)).Select(m => m.Groups[1].Value).ToList();
                const string marker = "(Default)";
                bool isDefault = title.EndsWith(marker, StringComparison.Ordinal);
                var setName = isDefault ? title.Substring(0, title.Length - marker.Length).Trim() : title;
                sets.Add(new SyntaxSet(setName, isDefault, order));
            }
            if (sets.Count == 0) throw new DocFormatException(file, "## SYNTAX", "no ### parameter set heading with a syntax block");
            if (sets.Count(s => s.IsDefault) > 1) throw new DocFormatException(file, "## SYNTAX", "more than one parameter set is marked (Default)");
            return sets;
        }

        private static List<ExampleDoc> ParseExamples(string file, Section section)
        {
            var examples = new List<ExampleDoc>();
            foreach (var (title, body) in section.Items())
            {
                var fences = body.OfType<FencedCodeBlock>().ToList();
                var code = fences.FirstOrDefault(IsPowerShell)
                    ?? throw new DocFormatException(file, $"## EXAMPLES / ### {title}", "the example has no ```powershell code block");
                var outputs = fences.Where(f => f != code).Select(MarkdownText.Code).ToList();
                var prose = MarkdownText.Paragraphs(body.Where(b => b is not FencedCodeBlock));
                examples.Add(new ExampleDoc(title, MarkdownText.Code(code), outputs, prose));
            }
            if (examples.Count == 0) throw new DocFormatException(file, "## EXAMPLES", "no ### example");
            return examples;
        }

        private static bool IsPowerShell(FencedCodeBlock block) =>
            string.Equals(block.Info, "powershell", StringComparison.OrdinalIgnoreCase)
            || string.Equals(block.Info, "pwsh", StringComparison.OrdinalIgnoreCase);

        private static List<ParameterDoc> ParseParameters(string file, Section section, IReadOnlyList<SyntaxSet> sets)
        {
            var parameters = new List<ParameterDoc>();
            foreach (var (title, body) in section.Items())
            {
                var bare = title.Trim('<', '>');
                if (bare == "CommonParameters" || bare == "WorkflowCommonParameters") continue;
                var where = $"## PARAMETERS / ### {title}";
                if (!title.StartsWith('-') || title.Length < 2)
                    throw new DocFormatException(file, where, "a parameter heading must be '### -Name' (or '### CommonParameters')");
                var yaml = body.OfType<FencedCodeBlock>().Where(f => string.Equals(f.Info, "yaml", StringComparison.OrdinalIgnoreCase)).ToList();
                if (yaml.Count == 0) throw new DocFormatException(file, where, "the parameter has no ```yaml metadata block");
                var description = MarkdownText.Paragraphs(body.TakeWhile(b => b is not FencedCodeBlock));
                var metadata = yaml.Select(y => ParameterMetadataParser.Parse(MarkdownText.Code(y), file, where, sets)).ToList();
                parameters.Add(new ParameterDoc(title.Substring(1), description, metadata));
            }
            return parameters;
        }

        private static List<TypeDoc> ParseTypes(Section section) =>
            section.Items().Select(item => new TypeDoc(item.Title, MarkdownText.Paragraphs(item.Body))).ToList();

        private static List<LinkDoc> ParseLinks(Section section)
        {
            var links = new List<LinkDoc>();
            foreach (var leaf in section.Blocks.SelectMany(Leaves).OfType<ParagraphBlock>())
            {
                var inlineLinks = leaf.Inline?.Descendants<LinkInline>().Where(l => !l.IsImage).ToList() ?? new List<LinkInline>();
                if (inlineLinks.Count == 0)
                {
                    var text = MarkdownText.Inline(leaf);
                    if (text.Length > 0) links.Add(new LinkDoc(text, string.Empty));
                    continue;
                }
                foreach (var link in inlineLinks) links.Add(new LinkDoc(MarkdownText.Inline(link).Trim(), link.Url ?? string.Empty));
            }
            return links;
        }

        private static IEnumerable<Block> Leaves(Block block) =>
            block is ContainerBlock container ? container.SelectMany(Leaves) : new[] { block };
    }
}
