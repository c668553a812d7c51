using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.History;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Records a watch's events in the history journal (Watch-KevyElectCluster -Journal): every event but Snapshot.</summary>
    internal sealed class WatchHistory
    {
        private readonly PeerTable _table;
        private readonly JournalRecorder _recorder;

        private WatchHistory(PSCmdlet cmdlet, PeerTable table, string? journalPath)
        {
            _table = table;
            _recorder = new JournalRecorder(cmdlet, journalPath, "A watch event");
        }

        /// <summary>The recorder when journaling was asked for (-Journal, or a -JournalPath), else null.</summary>
        public static WatchHistory? For(PSCmdlet cmdlet, PeerTable table, bool journal, string? journalPath) =>
            journal || journalPath != null ? new WatchHistory(cmdlet, table, journalPath) : null;

        /// <summary>Appends <paramref name="e"/> unless it is a Snapshot (a poll's rows are not history).</summary>
        public void Record(ClusterEvent e)
        {
            if (e.GetKind() != ClusterEventKind.Snapshot) _recorder.Record(HistoryEntry.FromWatchEvent(e, _table, null, HistoryOrigin.Current));
        }
    }
}
