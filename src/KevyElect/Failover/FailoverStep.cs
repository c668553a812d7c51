using System;

namespace KevyElect.Failover
{
    /// <summary>One step of a run, with how long it took.</summary>
    /// <param name="Name">Short name, e.g. <c>Quiesce</c>, <c>Announce</c>.</param>
    /// <param name="Succeeded">True when the step did what it should.</param>
    /// <param name="Duration">How long the step took.</param>
    /// <param name="Detail">What was sent or seen.</param>
    public sealed record FailoverStep(string Name, bool Succeeded, TimeSpan Duration, string Detail)
    {
        /// <summary>The duration in milliseconds, for tables.</summary>
        public double DurationMs => Math.Round(Duration.TotalMilliseconds, 1);

        /// <inheritdoc />
        public override string ToString() => $"{Name} {(Succeeded ? "ok" : "FAILED")} {DurationMs} ms: {Detail}";
    }
}
