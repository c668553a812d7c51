using System.Text;

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
            if (string.IsNullOrEmpty(id)) return "node id is empty";
            if (Encoding.UTF8.GetByteCount(id) > MaxLength) return $"node id '{id}' is longer than {MaxLength} bytes";
            foreach (char c in id!)
            {
                if (c < 0x21 || c > 0x7E) return $"node id '{id}' has a character outside printable ASCII (no spaces)";
            }
            return null;
        }
    }
}
