using System;

namespace KevyElect.Cluster
{
    /// <summary>A peer table or kevy.toml that cannot be used, naming the bad entry and why.</summary>
    public sealed class PeerTableException : FormatException
    {
        /// <summary>Creates the exception.</summary>
        public PeerTableException(string entry, string reason)
            : base(string.IsNullOrEmpty(entry) ? reason : $"peer entry '{entry}': {reason}")
        {
            Entry = entry;
            Reason = reason;
        }

        /// <summary>The offending entry as written (empty when the problem is the table as a whole).</summary>
        public string Entry { get; }

        /// <summary>What is wrong with it.</summary>
        public string Reason { get; }
    }
}
