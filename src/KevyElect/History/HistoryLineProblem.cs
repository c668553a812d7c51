namespace KevyElect.History
{
    /// <summary>A journal line that was skipped, and why.</summary>
    /// <param name="Path">The journal file.</param>
    /// <param name="LineNumber">The line, counted from 1.</param>
    /// <param name="Reason">What is wrong with it.</param>
    public sealed record HistoryLineProblem(string Path, long LineNumber, string Reason)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Path} line {LineNumber} skipped: {Reason}";
    }
}
