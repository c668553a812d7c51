using System;

namespace KevyElect.Cluster
{
    /// <summary>
    /// When a watch ends on what it has written: after <c>count</c> changes (with snapshots included: after <c>count</c>
    /// polls, since each poll ends with its Snapshot event), or after the first event of the <c>until</c> kind. Started,
    /// Snapshot and ConditionMet events are not changes.
    /// </summary>
    public sealed class WatchStopRule
    {
        private readonly int? _count;
        private readonly ClusterEventKind? _until;
        private readonly bool _countPolls;
        private int _counted;

        /// <summary>A rule; with neither <paramref name="count"/> nor <paramref name="until"/> the watch never ends by itself.</summary>
        /// <param name="count">Changes (or, with <paramref name="includeSnapshot"/>, polls) after which to stop; null for no limit.</param>
        /// <param name="until">The event kind after whose first event to stop; null for none.</param>
        /// <param name="includeSnapshot">True when the watch writes a Snapshot event per poll.</param>
        public WatchStopRule(int? count, ClusterEventKind? until, bool includeSnapshot)
        {
            if (count is int c && c < 1) throw new ArgumentOutOfRangeException(nameof(count), c, "count must be 1 or more");
            _count = count;
            _until = until;
            _countPolls = includeSnapshot;
        }

        /// <summary>Changes seen so far.</summary>
        public int Changes { get; private set; }

        /// <summary>True for the events that report a change (not Started, Snapshot or ConditionMet).</summary>
        public static bool IsChange(ClusterEventKind kind) =>
            kind != ClusterEventKind.Started && kind != ClusterEventKind.Snapshot && kind != ClusterEventKind.ConditionMet;

        /// <summary>Counts <paramref name="e"/>, which has been written; false once the watch should end.</summary>
        public bool Continue(ClusterEvent e)
        {
            if (e is null) throw new ArgumentNullException(nameof(e));
            ClusterEventKind kind = e.GetKind();
            bool change = IsChange(kind);
            if (change) Changes++;
            if (_countPolls ? kind == ClusterEventKind.Snapshot : change) _counted++;
            return !((_count is int max && _counted >= max) || (_until is ClusterEventKind stop && kind == stop));
        }
    }
}
