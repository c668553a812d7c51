using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace KevyElect.HelpGen
{
    /// <summary>Lays an about topic out as the plain text Get-Help shows: TOPIC, SHORT DESCRIPTION, LONG DESCRIPTION, ...</summary>
    internal static class AboutTopicWriter
    {
        private const int Width = 80;

        public static void Write(string path, AboutDoc doc) =>
            File.WriteAllText(path, Render(doc), new UTF8Encoding(false));

        public static string Render(AboutDoc doc)
        {
            var text = new StringBuilder();
            text.Append("TOPIC\n    ").Append(doc.Name).Append('\n');
            foreach (var section in doc.Sections)
            {
                text.Append('\n').Append(section.Title.ToUpperInvariant()).Append('\n');
                bool first = true;
                foreach (var block in section.Blocks)
                {
                    if (!first) text.Append('\n');
                    first = false;
                    switch (block.Kind)
                    {
                        case TextBlockKind.Heading:
                            text.Append("  ").Append(block.Text).Append('\n');
                            break;
                        case TextBlockKind.Code:
                            foreach (var line in block.Text.Split('\n'))
                                text.Append(line.Length == 0 ? string.Empty : "        " + line).Append('\n');
                            break;
                        case TextBlockKind.ListItem:
                            Wrap(text, block.Text, "    ", "      ");
                            break;
                        default:
                            Wrap(text, block.Text, "    ", "    ");
                            break;
                    }
                }
            }
            return text.ToString();
        }

        private static void Wrap(StringBuilder text, string paragraph, string firstIndent, string nextIndent)
        {
            foreach (var hardLine in paragraph.Split('\n'))
            {
                var line = new StringBuilder(firstIndent);
                bool empty = true;
                foreach (var word in hardLine.Split(' ').Where(w => w.Length > 0))
                {
                    if (!empty && line.Length + 1 + word.Length > Width)
                    {
                        text.Append(line).Append('\n');
                        line.Clear().Append(nextIndent);
                        empty = true;
                    }
                    if (!empty) line.Append(' ');
                    line.Append(word);
                    empty = false;
                }
                text.Append(line).Append('\n');
                firstIndent = nextIndent;
            }
        }
    }
}
