using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace KevyElect.HelpGen
{
    /// <summary>Writes cmdlet help as MAML, the XML that Get-Help reads for binary cmdlets.</summary>
    internal static class MamlWriter
    {
        private const string Msh = "http://msh";
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        public static void Write(string path, IEnumerable<CommandDoc> commands)
        {
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
            using var stream = File.Create(path);
            using var xml = XmlWriter.Create(stream, settings);
            xml.WriteStartDocument();
            xml.WriteStartElement("helpItems", Msh);
            xml.WriteAttributeString("schema", "maml");
            foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal)) WriteCommand(xml, command);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private static void WriteCommand(XmlWriter xml, CommandDoc doc)
        {
            xml.WriteStartElement("command", "command", Command);
            xml.WriteAttributeString("xmlns", "maml", null, Maml);
            xml.WriteAttributeString("xmlns", "dev", null, Dev);

            xml.WriteStartElement("details", Command);
            xml.WriteElementString("name", Command, doc.Name);
            var dash = doc.Name.IndexOf('-');
            xml.WriteElementString("verb", Command, dash > 0 ? doc.Name.Substring(0, dash) : doc.Name);
            xml.WriteElementString("noun", Command, dash > 0 ? doc.Name.Substring(dash + 1) : string.Empty);
            Description(xml, doc.Synopsis);
            xml.WriteEndElement();

            Description(xml, doc.Description);

            xml.WriteStartElement("syntax", Command);
            foreach (var set in doc.Syntax) WriteSyntaxItem(xml, doc, set);
            xml.WriteEndElement();

            xml.WriteStartElement("parameters", Command);
            foreach (var parameter in doc.Parameters) WriteParameter(xml, parameter, parameter.Metadata[0]);
            xml.WriteEndElement();

            WriteTypes(xml, "inputTypes", "inputType", doc.Inputs);
            WriteTypes(xml, "returnValues", "returnValue", doc.Outputs);

            xml.WriteStartElement("alertSet", Maml);
            xml.WriteStartElement("alert", Maml);
            Paragraphs(xml, doc.Notes);
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("examples", Command);
            foreach (var example in doc.Examples) WriteExample(xml, example);
            xml.WriteEndElement();

            xml.WriteStartElement("relatedLinks", Command);
            if (doc.Metadata.TryGetValue("online version", out var online) && online.Length > 0)
                Link(xml, "Online Version:", online);
            foreach (var link in doc.Links) Link(xml, link.Text, link.Uri);
            xml.WriteEndElement();

            xml.WriteEndElement();
        }

        private static void WriteSyntaxItem(XmlWriter xml, CommandDoc doc, SyntaxSet set)
        {
            xml.WriteStartElement("syntaxItem", Command);
            xml.WriteElementString("name", Maml, doc.Name);
            // In the order of the set's syntax line (as Get-Command shows it); any parameter it omits goes last.
            int Rank(ParameterDoc p)
            {
                int index = set.ParameterOrder.ToList().FindIndex(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase));
                return index < 0 ? int.MaxValue : index;
            }
            var members = doc.Parameters
                .Select(p => (Parameter: p, Meta: p.Metadata.FirstOrDefault(m => m.AppliesTo(set.Name))))
                .Where(x => x.Meta != null)
                .OrderBy(x => Rank(x.Parameter));
            foreach (var (parameter, meta) in members) WriteParameter(xml, parameter, meta!);
            xml.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter xml, ParameterDoc parameter, ParameterMetadata meta)
        {
            xml.WriteStartElement("parameter", Command);
            xml.WriteAttributeString("required", Lower(meta.Required));
            xml.WriteAttributeString("variableLength", Lower(meta.Type.EndsWith("[]", StringComparison.Ordinal)));
            xml.WriteAttributeString("globbing", Lower(meta.Globbing));
            xml.WriteAttributeString("pipelineInput", meta.PipelineInput);
            xml.WriteAttributeString("position", meta.Position);
            xml.WriteAttributeString("aliases", meta.Aliases.Count == 0 ? "none" : string.Join(", ", meta.Aliases));
            xml.WriteElementString("name", Maml, parameter.Name);
            Description(xml, parameter.Description);
            if (meta.AcceptedValues.Count > 0)
            {
                xml.WriteStartElement("parameterValueGroup", Command);
                foreach (var value in meta.AcceptedValues)
                {
                    xml.WriteStartElement("parameterValue", Command);
                    xml.WriteAttributeString("required", "false");
                    xml.WriteAttributeString("variableLength", "false");
                    xml.WriteString(value);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            // A switch takes no value, so Get-Help shows it as [-Name].
            if (!meta.IsSwitch)
            {
                xml.WriteStartElement("parameterValue", Command);
                xml.WriteAttributeString("required", "true");
                xml.WriteAttributeString("variableLength", "false");
                xml.WriteString(meta.Type);
                xml.WriteEndElement();
            }
            xml.WriteStartElement("type", Dev);
            xml.WriteElementString("name", Maml, meta.Type);
            xml.WriteElementString("uri", Maml, string.Empty);
            xml.WriteEndElement();
            xml.WriteElementString("defaultValue", Dev, meta.DefaultValue);
            xml.WriteEndElement();
        }

        private static void WriteTypes(XmlWriter xml, string listElement, string itemElement, IReadOnlyList<TypeDoc> types)
        {
            xml.WriteStartElement(listElement, Command);
            foreach (var type in types)
            {
                xml.WriteStartElement(itemElement, Command);
                xml.WriteStartElement("type", Dev);
                xml.WriteElementString("name", Maml, type.TypeName);
                xml.WriteEndElement();
                Description(xml, type.Description);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }

        private static void WriteExample(XmlWriter xml, ExampleDoc example)
        {
            xml.WriteStartElement("example", Command);
            xml.WriteElementString("title", Maml, $"-------------------------- {example.Title} --------------------------");
            // Output blocks follow the code, so -Examples shows what the reader will see.
            var code = string.Join("\n\n", new[] { example.Code }.Concat(example.OutputBlocks));
            xml.WriteElementString("code", Dev, code);
            xml.WriteStartElement("remarks", Dev);
            Paragraphs(xml, example.Remarks);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        private static void Link(XmlWriter xml, string text, string uri)
        {
            xml.WriteStartElement("navigationLink", Maml);
            xml.WriteElementString("linkText", Maml, text);
            xml.WriteElementString("uri", Maml, uri);
            xml.WriteEndElement();
        }

        private static void Description(XmlWriter xml, IEnumerable<string> paragraphs)
        {
            xml.WriteStartElement("description", Maml);
            Paragraphs(xml, paragraphs);
            xml.WriteEndElement();
        }

        private static void Paragraphs(XmlWriter xml, IEnumerable<string> paragraphs)
        {
            foreach (var paragraph in paragraphs) xml.WriteElementString("para", Maml, paragraph);
        }

        private static string Lower(bool value) => value ? "true" : "false";
    }
}
