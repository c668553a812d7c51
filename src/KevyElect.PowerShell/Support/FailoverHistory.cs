using System;
using System.Diagnostics;
using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.History;

namespace KevyElect.PowerShell.Support
{
    /// <summary>Records one Invoke-KevyFailover run in the history journal: started when the run starts, recorded once its result is known.</summary>
    internal sealed class FailoverHistory
    {
        private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly PeerTable _table;
        private readonly JournalRecorder _recorder;

        public FailoverHistory(PSCmdlet cmdlet, PeerTable table, string? journalPath)
        {
            _table = table;
            _recorder = new JournalRecorder(cmdlet, journalPath, "The failover");
        }

        /// <summary>Appends the run (or refusal) to the journal; a journal that cannot be written is a warning.</summary>
        public void Record(FailoverResult result) =>
            _recorder.Record(HistoryEntry.FromFailover(result, _table, _table.Name, _started, _clock.Elapsed, HistoryOrigin.Current));
    }
}
