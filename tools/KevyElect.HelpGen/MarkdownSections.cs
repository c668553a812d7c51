using System.Collections.Generic;
using System.Linq;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace KevyElect.HelpGen
{
    /// <summary>A markdown file cut at its headings: the front matter, the H1 title, and H2 sections in order.</summary>
    internal sealed class MarkdownSections
    {
        private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

        private MarkdownSections(string file) => File = file;

        public string File { get; }
        public YamlFrontMatterBlock? FrontMatter { get; private set; }
        public string? Title { get; private set; }
        public List<Section> Sections { get; } = new List<Section>();

        public static MarkdownSections Parse(string file, string markdown)
        {
            var result = new MarkdownSections(file);
            var document = Markdown.Parse(markdown.Replace("\r\n", "\n"), Pipeline);
            Section? current = null;
            foreach (var block in document)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock yaml:
                        result.FrontMatter = yaml;
                        break;
                    case HeadingBlock { Level: 1 } h1 when result.Title is null:
                        result.Title = MarkdownText.Inline(h1);
                        break;
                    case HeadingBlock { Level: 1 } h1:
                        throw new DocFormatException(file, $"# {MarkdownText.Inline(h1)}", "a second level-1 heading; a help file describes one topic");
                    case HeadingBlock { Level: 2 } h2:
                        if (result.Title is null) throw new DocFormatException(file, "# title", "the level-1 heading must come before any section");
                        current = new Section(MarkdownText.Inline(h2).Trim());
                        if (result.Sections.Any(s => s.Title == current.Title))
                            throw new DocFormatException(file, $"## {current.Title}", "the section appears twice");
                        result.Sections.Add(current);
                        break;
                    default:
                        if (current is null)
                        {
                            if (block is LinkReferenceDefinitionGroup) break;
                            if (result.Title is null) throw new DocFormatException(file, "# title", "content before the level-1 heading");
                            throw new DocFormatException(file, $"# {result.Title}", "content between the title and the first ## section");
                        }
                        current.Blocks.Add(block);
                        break;
                }
            }
            return result;
        }

        public Section? Find(string title) => Sections.FirstOrDefault(s => s.Title == title);

        public Section Require(string title) =>
            Find(title) ?? throw new DocFormatException(File, $"## {title}", "the section is missing");
    }

    /// <summary>An H2 section: its blocks, with helpers to cut it at H3 headings.</summary>
    internal sealed class Section
    {
        public Section(string title) => Title = title;

        public string Title { get; }
        public List<Block> Blocks { get; } = new List<Block>();

        /// <summary>Blocks before the first H3.</summary>
        public IEnumerable<Block> Preamble => Blocks.TakeWhile(b => b is not HeadingBlock { Level: 3 });

        /// <summary>Each H3 heading's text and the blocks up to the next H3.</summary>
        public List<(string Title, List<Block> Body)> Items()
        {
            var items = new List<(string, List<Block>)>();
            foreach (var block in Blocks)
            {
                if (block is HeadingBlock { Level: 3 } h3) items.Add((MarkdownText.Inline(h3).Trim(), new List<Block>()));
                else if (items.Count > 0) items[items.Count - 1].Item2.Add(block);
            }
            return items;
        }
    }
}
