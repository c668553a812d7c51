using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.History;
using KevyElect.PowerShell.Support;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Reads the failover history journal back as typed entries: every Invoke-KevyFailover run (refusals included) and
    /// the events of watches asked to journal, filtered by cluster, time, kind, outcome and event kind.
    /// </summary>
    /// <remarks>
    /// The journal is the one Invoke-KevyFailover writes to: -JournalPath, else $KevyElectJournalPath, else
    /// $env:KEVYELECT_JOURNAL_PATH, else the user's data folder. Entries stream out in journal order as they are read;
    /// -Last keeps the newest N. A line that is not an entry is skipped with a warning naming its line number.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "KevyElectHistory")]
    [OutputType(typeof(HistoryEntry))]
    public sealed class GetKevyElectHistoryCommand : PSCmdlet
    {
        /// <summary>Warnings about skipped lines before the rest are only counted.</summary>
        private const int MaxLineWarnings = 20;

        /// <summary>Only entries whose Cluster matches one of these names (wildcards allowed): a fleet inventory name, or the peer table text of a cluster recorded without one.</summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Cluster { get; set; }

        /// <summary>Only entries of this cluster (its peer table); a piped lab or Get-KevyElectPeer row binds its Peers here.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PeerTableTransformation]
        public PeerTable? Peers { get; set; }

        /// <summary>Only entries at or after this time (a time without a zone is local).</summary>
        [Parameter]
        public DateTime? After { get; set; }

        /// <summary>Only entries before this time (a time without a zone is local).</summary>
        [Parameter]
        public DateTime? Before { get; set; }

        /// <summary>Only entries of these kinds: Failover, WatchEvent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public HistoryEntryKind[]? Kind { get; set; }

        /// <summary>Only failovers with these outcomes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public FailoverOutcome[]? Outcome { get; set; }

        /// <summary>Only watch events of these kinds.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public ClusterEventKind[]? EventKind { get; set; }

        /// <summary>Only the newest N matching entries.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>The journal to read (default: $KevyElectJournalPath, else the user's data folder).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        private readonly HashSet<string> _tables = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Collects the clusters piped in; the journal is read once, at the end.</summary>
        protected override void ProcessRecord()
        {
            if (Peers != null) _tables.Add(Peers.ToString());
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            HistoryJournal journal = Open();
            if (!File.Exists(journal.Path))
            {
                WriteWarning($"There is no history journal at {journal.Path}: nothing has been recorded there yet.");
                return;
            }
            if (After is DateTime a && Before is DateTime b && a >= b)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("EmptyTimeRange", $"-After {a:o} is not before -Before {b:o}: no entry can match.", b));
            var query = new HistoryQuery
            {
                Cluster = ClusterFilter(),
                After = After is DateTime after ? new DateTimeOffset(after) : (DateTimeOffset?)null,
                Before = Before is DateTime before ? new DateTimeOffset(before) : (DateTimeOffset?)null,
                Kinds = Kind,
                Outcomes = Outcome,
                EventKinds = EventKind,
                Last = Last,
            };
            int skipped = 0;
            try
            {
                foreach (HistoryEntry entry in journal.Read(query, problem =>
                {
                    if (++skipped <= MaxLineWarnings) WriteWarning(problem.ToString());
                }))
                {
                    WriteObject(entry);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.From(e, "JournalUnreadable", ErrorCategory.ReadError, journal.Path));
            }
            if (skipped > MaxLineWarnings)
                WriteWarning($"{journal.Path}: {skipped - MaxLineWarnings} more line(s) skipped ({skipped} in all) that are not journal entries.");
        }

        private HistoryJournal Open()
        {
            string? path = null;
            string source = "-JournalPath";
            try
            {
                path = JournalLocation.Resolve(this, JournalPath, out source);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument("BadJournalPath", e.Message, JournalPath));
            }
            if (path == null)
                ThrowTerminatingError(ErrorRecords.InvalidArgument("JournalOff",
                    $"The history journal is off ({source} is empty), so there is nothing to read; name a journal with -JournalPath.", null));
            WriteVerbose($"Reading the history journal {path} ({source}).");
            return new HistoryJournal(path!);
        }

        private Predicate<HistoryEntry>? ClusterFilter()
        {
            WildcardPattern[]? names = Cluster?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            if (names == null && _tables.Count == 0) return null;
            return e => (names == null || names.Any(n => n.IsMatch(e.Cluster))) && (_tables.Count == 0 || _tables.Contains(e.Peers));
        }
    }
}
