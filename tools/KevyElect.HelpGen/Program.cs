using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KevyElect.HelpGen
{
    /// <summary>
    /// build &lt;docsDir&gt; &lt;moduleDir&gt;: docs/*.md to &lt;moduleDir&gt;/en-US MAML help and about_*.help.txt.
    /// check &lt;docsDir&gt;: parse only, report every malformed file.
    /// </summary>
    internal static class Program
    {
        private const string Culture = "en-US";

        public static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "build") return Run(args[1], args[2]);
            if (args.Length == 2 && args[0] == "check") return Run(args[1], null);
            Console.Error.WriteLine("usage: KevyElect.HelpGen build <docsDir> <moduleDir>\n       KevyElect.HelpGen check <docsDir>");
            return 2;
        }

        private static int Run(string docsDir, string? moduleDir)
        {
            if (!Directory.Exists(docsDir))
            {
                Console.Error.WriteLine($"error: docs folder '{docsDir}' does not exist");
                return 2;
            }
            var commands = new List<CommandDoc>();
            var abouts = new List<AboutDoc>();
            var errors = new List<string>();
            foreach (var path in Directory.GetFiles(docsDir, "*.md").OrderBy(p => p, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue;
                try
                {
                    var markdown = File.ReadAllText(path);
                    if (name.StartsWith("about_", StringComparison.OrdinalIgnoreCase)) abouts.Add(AboutDocParser.Parse(path, markdown));
                    else commands.Add(CommandDocParser.Parse(path, markdown));
                }
                catch (DocFormatException ex)
                {
                    errors.Add(ex.Message);
                }
            }
            if (errors.Count > 0)
            {
                foreach (var error in errors) Console.Error.WriteLine($"error: {Path.Combine(docsDir, error)}");
                Console.Error.WriteLine($"{errors.Count} help file(s) are malformed; no help was written.");
                return 1;
            }
            if (moduleDir is null)
            {
                Console.WriteLine($"{commands.Count} cmdlet help file(s) and {abouts.Count} about topic(s) are well formed.");
                return 0;
            }

            var outDir = Path.Combine(moduleDir, Culture);
            Directory.CreateDirectory(outDir);
            foreach (var group in commands.GroupBy(c => c.ExternalHelpFile))
                MamlWriter.Write(Path.Combine(outDir, group.Key), group);
            foreach (var about in abouts)
                AboutTopicWriter.Write(Path.Combine(outDir, about.Name + ".help.txt"), about);
            Console.WriteLine($"Help for {commands.Count} cmdlet(s) and {abouts.Count} about topic(s) written to {outDir}");
            return 0;
        }
    }
}
