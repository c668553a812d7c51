using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.History;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Records a watch's events in the history journal (Watch-KevyElectCluster -Journal): every event but Snapshot, under the
    /// name of its cluster when it has one. One recorder serves every cluster of a fleet watch, so a journal that cannot be
    /// written is said once.
    /// </summary>
    internal sealed class WatchHistory
    {
        private readonly JournalRecorder _recorder;

        private WatchHistory(PSCmdlet cmdlet, string? journalPath) => _recorder = new JournalRecorder(cmdlet, journalPath, "A watch event");

        /// <summary>The recorder when journaling was asked for (-Journal, or a -JournalPath), else null.</summary>
        public static WatchHistory? For(PSCmdlet cmdlet, bool journal, string? journalPath) =>
            journal || journalPath != null ? new WatchHistory(cmdlet, journalPath) : null;

        /// <summary>Appends <paramref name="e"/> of <paramref name="table"/>'s cluster unless it is a Snapshot (a poll's rows are not history).</summary>
        public void Record(ClusterEvent e, PeerTable table)
        {
            if (e.GetKind() != ClusterEventKind.Snapshot) _recorder.Record(HistoryEntry.FromWatchEvent(e, table, table.Name, HistoryOrigin.Current));
        }
    }
}
