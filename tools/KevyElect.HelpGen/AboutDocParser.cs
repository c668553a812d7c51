using System;
using System.IO;
using System.Linq;
using Markdig.Syntax;

namespace KevyElect.HelpGen
{
    /// <summary>Reads an about_*.md topic: # about_Name, then ## SHORT DESCRIPTION, ## LONG DESCRIPTION and any further sections.</summary>
    internal static class AboutDocParser
    {
        public static AboutDoc Parse(string path, string markdown)
        {
            var file = Path.GetFileName(path);
            var md = MarkdownSections.Parse(file, markdown);
            var expected = Path.GetFileNameWithoutExtension(file);
            var name = md.Title ?? throw new DocFormatException(file, "# title", $"the level-1 heading '# {expected}' is missing");
            if (!string.Equals(name, expected, StringComparison.OrdinalIgnoreCase))
                throw new DocFormatException(file, $"# {name}", $"the title must be the topic name '{expected}' (the file name)");

            foreach (var required in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" })
            {
                if (!md.Require(required).Blocks.Any(b => b is LeafBlock))
                    throw new DocFormatException(file, $"## {required}", "the section is empty");
            }
            var sections = md.Sections
                .Select(s => new AboutSection(s.Title, s.Blocks.SelectMany(MarkdownText.Blocks).ToList()))
                .ToList();
            return new AboutDoc(file, expected, sections);
        }
    }
}
