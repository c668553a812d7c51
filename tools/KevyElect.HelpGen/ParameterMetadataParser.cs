using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.HelpGen
{
    /// <summary>Reads a parameter's ```yaml block (Type, Parameter Sets, Aliases, Required, Position, ...).</summary>
    internal static class ParameterMetadataParser
    {
        public static ParameterMetadata Parse(string yaml, string file, string where, IReadOnlyList<SyntaxSet> sets)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in yaml.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                var colon = line.IndexOf(':');
                if (colon <= 0) throw new DocFormatException(file, where, $"yaml line '{line}' is not 'Key: value'");
                values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            string Get(string key, string fallback) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
            string Need(string key) => values.TryGetValue(key, out var v) && v.Length > 0
                ? v : throw new DocFormatException(file, where, $"the yaml block has no '{key}'");

            var setNames = Get("Parameter Sets", "(All)");
            var appliesTo = setNames == "(All)" ? new List<string>() : List(setNames);
            foreach (var set in appliesTo.Where(s => sets.All(known => known.Name != s)))
                throw new DocFormatException(file, where, $"parameter set '{set}' is not one of the sets under ## SYNTAX ({string.Join(", ", sets.Select(s => s.Name))})");

            var position = Need("Position");
            if (!position.Equals("Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(position, out _))
                throw new DocFormatException(file, where, $"Position '{position}' is neither a number nor Named");

            return new ParameterMetadata(
                Need("Type"),
                appliesTo,
                List(Get("Aliases", string.Empty)),
                List(Get("Accepted values", string.Empty)),
                Bool(Need("Required"), "Required", file, where),
                position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position,
                Get("Default value", "None"),
                Get("Accept pipeline input", "False"),
                Bool(Get("Accept wildcard characters", "False"), "Accept wildcard characters", file, where));
        }

        private static List<string> List(string csv) =>
            csv.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

        private static bool Bool(string value, string key, string file, string where) =>
            bool.TryParse(value, out var b) ? b : throw new DocFormatException(file, where, $"{key} '{value}' is neither True nor False");
    }
}
