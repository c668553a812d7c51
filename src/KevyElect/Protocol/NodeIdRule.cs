namespace KevyElect.Protocol
{
    /// <summary>
    /// The operator rule for node ids: 1 to 32 bytes of printable ASCII (kebab-case recommended).
    /// The reference decoder accepts any bytes; tools that build frames or tables refuse the rest.
    /// </summary>
    public static class NodeIdRule
    {
        /// <summary>Longest id in bytes.</summary>
        public const int MaxLength = 32;

        /// <summary>Why <paramref name="id"/> breaks the rule, or null when it is fine.</summary>
        public static string? Check(string? id)
        {
            if (string.IsNullOrEmpty(id)) return "empty node id";
            foreach (char c in id!)
            {
                if (c < 0x21 || c > 0x7E)
                    return $"node id '{id}' contains {Describe(c)}: ids are printable ASCII without spaces (0x21..0x7E)";
            }
            if (id.Length > MaxLength) return $"node id is {id.Length} bytes long; at most {MaxLength} are allowed";
            return null;
        }

        /// <summary>Names a character for an error message.</summary>
        internal static string Describe(char c) =>
            c == ' ' ? "a space" : c < 0x21 || c == 0x7F ? $"control character 0x{(int)c:X2}" : c > 0x7E ? $"non-ASCII character U+{(int)c:X4}" : $"'{c}'";
    }
}
