using System;
using System.Text;

namespace KevyElect.Protocol
{
    /// <summary>Hex text for frames: lowercase out; in, tolerant of spaces, colons, dashes and a 0x prefix.</summary>
    public static class Hex
    {
        /// <summary>Lowercase hex of <paramref name="bytes"/>, no separators.</summary>
        public static string Format(ReadOnlySpan<byte> bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>Parses hex text. Throws <see cref="FormatException"/> naming the first bad character.</summary>
        public static byte[] Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var digits = new StringBuilder(text.Length);
            int start = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c) || c == ':' || c == '-') continue;
                if (!Uri.IsHexDigit(c)) throw new FormatException($"'{c}' at position {i} is not a hex digit");
                digits.Append(c);
            }
            if (digits.Length % 2 != 0) throw new FormatException($"hex text has an odd number of digits ({digits.Length})");
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(digits[2 * i]) << 4) | Nibble(digits[2 * i + 1]));
            }
            return bytes;
        }

        private static int Nibble(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
