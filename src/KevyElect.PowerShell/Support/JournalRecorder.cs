using System;
using System.Management.Automation;
using KevyElect.History;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Appends a cmdlet's entries to the history journal. A journal that cannot be written costs a warning, never an
    /// error: the first failure is a warning, later ones only verbose lines, so a long watch does not repeat itself.
    /// Warnings still reach the host after Ctrl+C, when the pipeline takes no more records.
    /// </summary>
    internal sealed class JournalRecorder
    {
        private readonly PSCmdlet _cmdlet;
        private readonly string _what;
        private readonly HistoryJournal? _journal;
        private readonly string? _unusable;
        private bool _warned;

        /// <param name="cmdlet">The cmdlet that records.</param>
        /// <param name="journalPath">Its -JournalPath (null when not given).</param>
        /// <param name="what">What is recorded, for the warning: e.g. "The failover".</param>
        public JournalRecorder(PSCmdlet cmdlet, string? journalPath, string what)
        {
            _cmdlet = cmdlet;
            _what = what;
            try
            {
                string? path = JournalLocation.Resolve(cmdlet, journalPath, out string source);
                if (path != null) _journal = new HistoryJournal(path);
                else Say(false, $"The history journal is off ({source} is empty); nothing is recorded.");
            }
            catch (ArgumentException e)
            {
                _unusable = e.Message;
            }
        }

        /// <summary>Appends <paramref name="entry"/>; on failure says so (see the class remarks) and carries on.</summary>
        public void Record(HistoryEntry entry)
        {
            string? failure = _unusable ?? _journal?.TryAppend(entry);
            if (_journal == null && _unusable == null) return;
            if (failure == null)
            {
                Say(false, $"Recorded in the history journal {_journal!.Path}: {entry.Kind} {entry.Result}.");
                return;
            }
            Say(!_warned, $"{_what} was not recorded: {failure.TrimEnd('.')}. {_what} itself is unaffected.");
            _warned = true;
        }

        private void Say(bool warning, string text)
        {
            try
            {
                if (warning) _cmdlet.WriteWarning(text);
                else _cmdlet.WriteVerbose(text);
            }
            catch (PipelineStoppedException)
            {
                // After Ctrl+C only the host still listens; a verbose line is not worth it.
                if (!warning) return;
                try { _cmdlet.Host.UI.WriteWarningLine(text); }
                catch (Exception e) when (e is PipelineStoppedException || e is NotImplementedException || e is System.Management.Automation.Host.HostException) { }
            }
        }
    }
}
