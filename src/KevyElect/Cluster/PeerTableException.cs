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

        /// <summary>
        /// Creates the exception for a configuration file: the message names the file, the key
        /// (for example <c>[cluster] peers</c>) and, when there is one, the bad peer entry.
        /// </summary>
        public PeerTableException(string sourceName, string key, string entry, string reason, Exception? innerException = null)
            : base(FormatSourced(sourceName, key, entry, reason), innerException)
        {
            Entry = entry ?? string.Empty;
            Reason = reason;
            SourceName = sourceName;
            Key = key;
        }

        /// <summary>The offending entry as written (empty when the problem is the table as a whole).</summary>
        public string Entry { get; }

        /// <summary>What is wrong with it.</summary>
        public string Reason { get; }

        /// <summary>The configuration file the problem is in, or null when none.</summary>
        public string? SourceName { get; }

        /// <summary>The configuration key the problem is at (e.g. <c>[cluster] node_id</c>), or null when none.</summary>
        public string? Key { get; }

        private static string FormatSourced(string sourceName, string key, string entry, string reason)
        {
            string where = string.IsNullOrEmpty(key) ? sourceName : sourceName + ": " + key;
            return string.IsNullOrEmpty(entry) ? $"{where}: {reason}" : $"{where}: peer entry '{entry}': {reason}";
        }
    }
}
