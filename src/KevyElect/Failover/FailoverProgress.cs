namespace KevyElect.Failover
{
    /// <summary>A progress report of a running failover, one per phase change or poll.</summary>
    /// <param name="Phase">The phase, e.g. <c>Quiesce</c>.</param>
    /// <param name="Status">What is happening now.</param>
    /// <param name="PercentComplete">0 to 100.</param>
    public sealed record FailoverProgress(string Phase, string Status, int PercentComplete)
    {
        /// <summary>The step that just ended, on the report that ends it; null on every other report.</summary>
        public FailoverStep? CompletedStep { get; init; }
    }
}
