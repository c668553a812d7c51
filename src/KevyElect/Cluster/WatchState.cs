using System;
using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>
    /// What a watch remembers between polls so <see cref="WatchDiff"/> reports changes, not states:
    /// reachability and the last known role per view of each node, the writable primary and since when
    /// there has been none, and which conditions (split brain, lost quorum, lag, disagreements) are active.
    /// </summary>
    public sealed class WatchState
    {
        /// <summary>False until the first snapshot (the baseline) has been compared.</summary>
        public bool Initialized { get; internal set; }

        /// <summary>The writable primary last seen, or null.</summary>
        public string? WritablePrimary { get; internal set; }

        /// <summary>The first poll that saw no writable primary, while none has been seen since; else null.</summary>
        public DateTimeOffset? NoWritablePrimarySince { get; internal set; }

        internal Dictionary<string, bool> Reachable { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);
        internal Dictionary<string, NodeRole> ElectRole { get; } = new Dictionary<string, NodeRole>(StringComparer.Ordinal);
        internal Dictionary<string, NodeRole> DataRole { get; } = new Dictionary<string, NodeRole>(StringComparer.Ordinal);
        internal HashSet<string> Lagging { get; } = new HashSet<string>(StringComparer.Ordinal);
        internal HashSet<string> Disagreements { get; } = new HashSet<string>(StringComparer.Ordinal);
        internal bool SplitBrain { get; set; }
        internal bool QuorumLost { get; set; }
    }
}
