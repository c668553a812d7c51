using System;
using System.Runtime.CompilerServices;

namespace KevyElect.Protocol
{
    /// <summary>A node's self-perceived role as carried in an HB frame.</summary>
    public enum ElectRole
    {
        /// <summary>The node accepts writes (wire form <c>primary</c>).</summary>
        Primary,
        /// <summary>The node mirrors a primary (wire form <c>replica</c>).</summary>
        Replica,
        /// <summary>The node has offered itself for the current epoch (wire form <c>candidate</c>).</summary>
        Candidate,
    }

    /// <summary>Wire names of <see cref="ElectRole"/>: written lowercase, matched case-insensitively.</summary>
    public static class ElectRoleNames
    {
        /// <summary>The lowercase wire form of <paramref name="role"/>.</summary>
        public static string ToWire(this ElectRole role) => role switch
        {
            ElectRole.Primary => "primary",
            ElectRole.Replica => "replica",
            ElectRole.Candidate => "candidate",
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not an elect role"),
        };

        /// <summary>Parses a wire role, ignoring ASCII case. Returns false for anything else.</summary>
        public static bool TryParse(ReadOnlySpan<byte> text, out ElectRole role)
        {
            switch (text.Length)
            {
                case 7 when AsciiEqualsLower(text, "primary"u8):
                    role = ElectRole.Primary;
                    return true;
                case 7 when AsciiEqualsLower(text, "replica"u8):
                    role = ElectRole.Replica;
                    return true;
                case 9 when AsciiEqualsLower(text, "candidate"u8):
                    role = ElectRole.Candidate;
                    return true;
                default:
                    role = default;
                    return false;
            }
        }

        /// <summary>
        /// True when <paramref name="text"/> spells <paramref name="lowerLetters"/> (lowercase ASCII letters
        /// only) in any letter case: setting bit 5 maps exactly a letter's two cases onto its lowercase form.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool AsciiEqualsLower(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerLetters)
        {
            if (text.Length != lowerLetters.Length) return false;
            for (int i = 0; i < text.Length; i++)
            {
                if ((text[i] | 0x20) != lowerLetters[i]) return false;
            }
            return true;
        }
    }
}
