using System;
using System.Collections.Generic;
using KevyElect.Cluster;
using KevyElect.Failover;

namespace KevyElect.History
{
    /// <summary>Which journal entries to read. Every filter that is set must match; an unset one matches everything.</summary>
    public sealed class HistoryQuery
    {
        /// <summary>Keeps the entries of the clusters it accepts (it sees the whole entry: its Cluster name and Peers).</summary>
        public Predicate<HistoryEntry>? Cluster { get; init; }

        /// <summary>Entries at or after this time.</summary>
        public DateTimeOffset? After { get; init; }

        /// <summary>Entries before this time.</summary>
        public DateTimeOffset? Before { get; init; }

        /// <summary>Entries of these kinds.</summary>
        public IReadOnlyCollection<HistoryEntryKind>? Kinds { get; init; }

        /// <summary>Failover entries with these outcomes (watch events never match).</summary>
        public IReadOnlyCollection<FailoverOutcome>? Outcomes { get; init; }

        /// <summary>Watch events of these kinds (failover entries never match).</summary>
        public IReadOnlyCollection<ClusterEventKind>? EventKinds { get; init; }

        /// <summary>Only the last this many matching entries (the newest, still in journal order).</summary>
        public int? Last { get; init; }

        /// <summary>True when <paramref name="entry"/> passes every filter (<see cref="Last"/> aside).</summary>
        public bool Matches(HistoryEntry entry)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            if (After is DateTimeOffset after && entry.Time < after) return false;
            if (Before is DateTimeOffset before && entry.Time >= before) return false;
            if (Kinds != null && !Contains(Kinds, entry.GetKind())) return false;
            if (Outcomes != null && !(entry.GetOutcome() is FailoverOutcome o && Contains(Outcomes, o))) return false;
            if (EventKinds != null && !(entry.GetEventKind() is ClusterEventKind k && Contains(EventKinds, k))) return false;
            return Cluster == null || Cluster(entry);
        }

        private static bool Contains<T>(IReadOnlyCollection<T> set, T value) where T : struct, Enum
        {
            foreach (T item in set)
            {
                if (EqualityComparer<T>.Default.Equals(item, value)) return true;
            }
            return false;
        }
    }
}
