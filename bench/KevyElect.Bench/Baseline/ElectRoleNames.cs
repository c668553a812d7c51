// Baseline: a verbatim copy of the ElectRoleNames class of src/KevyElect/Protocol/ElectRole.cs as of commit 2b585fe,
// changed only in namespace. The benchmarks measure the product against it; the product never uses it.
using System;
using KevyElect.Protocol;

namespace KevyElect.Bench.Baseline
{
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
            if (AsciiEqualsIgnoreCase(text, "primary")) { role = ElectRole.Primary; return true; }
            if (AsciiEqualsIgnoreCase(text, "replica")) { role = ElectRole.Replica; return true; }
            if (AsciiEqualsIgnoreCase(text, "candidate")) { role = ElectRole.Candidate; return true; }
            role = default;
            return false;
        }

        internal static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> text, string upperOrLower)
        {
            if (text.Length != upperOrLower.Length) return false;
            for (int i = 0; i < text.Length; i++)
            {
                if ((text[i] | 0x20) != (upperOrLower[i] | 0x20)) return false;
            }
            return true;
        }
    }
}
