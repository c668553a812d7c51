using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KevyElect.HelpGen
{
    /// <summary>Flattens Markdig blocks and inlines into plain text, the form Get-Help and about topics show.</summary>
    internal static class MarkdownText
    {
        /// <summary>The text of a leaf block's inlines; soft line breaks become spaces so the reader's console wraps.</summary>
        public static string Inline(LeafBlock block) => block.Inline is null ? string.Empty : Inline(block.Inline).Trim();

        public static string Inline(ContainerInline container)
        {
            var text = new StringBuilder();
            Append(container, text);
            return text.ToString();
        }

        private static void Append(Inline? inline, StringBuilder text)
        {
            for (; inline != null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                    case CodeInline code: text.Append(code.Content); break;
                    case AutolinkInline auto: text.Append(auto.Url); break;
                    case LineBreakInline lineBreak: text.Append(lineBreak.IsHard ? "\n" : " "); break;
                    case HtmlEntityInline entity: text.Append(entity.Transcoded.ToString()); break;
                    case HtmlInline html: text.Append(html.Tag); break;
                    case ContainerInline container: Append(container.FirstChild, text); break;
                }
            }
        }

        /// <summary>The lines of a fenced or indented code block, joined with LF.</summary>
        public static string Code(LeafBlock block) =>
            string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(line => line.ToString())).TrimEnd();

        /// <summary>The key: value lines of the front matter.</summary>
        public static Dictionary<string, string> FrontMatter(YamlFrontMatterBlock block)
        {
            var values = new Dictionary<string, string>();
            foreach (var line in Code(block).Split('\n'))
            {
                var colon = line.IndexOf(':');
                if (line.Trim() == "---" || colon <= 0) continue;
                values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }
            return values;
        }

        /// <summary>Prose blocks as text blocks; lists become one item each, nested content flattened.</summary>
        public static IEnumerable<TextBlock> Blocks(Block block)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    yield return new TextBlock(TextBlockKind.Heading, Inline(heading));
                    break;
                case ParagraphBlock paragraph:
                    yield return new TextBlock(TextBlockKind.Paragraph, Inline(paragraph));
                    break;
                case CodeBlock code:
                    yield return new TextBlock(TextBlockKind.Code, Code(code));
                    break;
                case ListBlock list:
                    int number = 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var bullet = list.IsOrdered ? $"{number++}." : "-";
                        var parts = item.SelectMany(Blocks).Select(b => b.Text);
                        yield return new TextBlock(TextBlockKind.ListItem, bullet + " " + string.Join(" ", parts));
                    }
                    break;
                case ContainerBlock container:
                    foreach (var child in container.SelectMany(Blocks)) yield return child;
                    break;
            }
        }

        /// <summary>Text blocks as MAML paragraphs: a list's items stay together, one per line.</summary>
        public static List<string> Paragraphs(IEnumerable<Block> blocks)
        {
            var paragraphs = new List<string>();
            bool lastWasItem = false;
            foreach (var textBlock in blocks.SelectMany(Blocks))
            {
                var text = textBlock.Kind == TextBlockKind.Code ? Indent(textBlock.Text) : textBlock.Text;
                bool isItem = textBlock.Kind == TextBlockKind.ListItem;
                if (isItem && lastWasItem) paragraphs[paragraphs.Count - 1] += "\n" + text;
                else paragraphs.Add(text);
                lastWasItem = isItem;
            }
            return paragraphs;
        }

        private static string Indent(string code) => string.Join("\n", code.Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
    }
}
