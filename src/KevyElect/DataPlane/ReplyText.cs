using System;
using System.Globalization;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>Text and numbers of data-plane replies, read from their UTF-8 bytes.</summary>
    internal static class ReplyText
    {
        /// <summary>Most digits the short path reads: any 18-digit decimal fits in a long.</summary>
        private const int ShortDigits = 18;

        /// <summary>The bytes as text (UTF-8, invalid sequences as U+FFFD), as <see cref="RespValue.Text"/> decodes them.</summary>
        public static string Decode(ReadOnlySpan<byte> utf8) => ElectFieldText.DecodeLossy(utf8);

        /// <summary>
        /// Parses the text of <paramref name="utf8"/> exactly as <c>long.TryParse(text, NumberStyles.AllowLeadingSign,
        /// CultureInfo.InvariantCulture)</c> does: a plain signed decimal on a short path, anything else through that call.
        /// </summary>
        public static bool TryParseInt64(ReadOnlySpan<byte> utf8, out long value)
        {
            int i = utf8.Length > 0 && (utf8[0] == (byte)'-' || utf8[0] == (byte)'+') ? 1 : 0;
            int digits = utf8.Length - i;
            if (digits > 0 && digits <= ShortDigits)
            {
                long acc = 0;
                for (; i < utf8.Length; i++)
                {
                    uint digit = (uint)(utf8[i] - (byte)'0');
                    if (digit > 9) break;
                    acc = acc * 10 + digit;
                }
                if (i == utf8.Length)
                {
                    value = utf8[0] == (byte)'-' ? -acc : acc;
                    return true;
                }
            }
            return long.TryParse(Decode(utf8), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>True when <paramref name="utf8"/> holds exactly the ASCII text <paramref name="ascii"/>.</summary>
        public static bool Is(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> ascii) => utf8.SequenceEqual(ascii);
    }
}
