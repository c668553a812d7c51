using System;

namespace KevyElect.Failover
{
    /// <summary>One step of a run, with how long it took.</summary>
    public sealed record FailoverStep
    {
        private readonly TimeSpan _duration;

        /// <summary>A step.</summary>
        /// <param name="name">Short name, e.g. <c>Quiesce</c>, <c>Announce</c>.</param>
        /// <param name="succeeded">True when the step did what it should.</param>
        /// <param name="duration">How long the step took.</param>
        /// <param name="detail">What was sent or seen.</param>
        public FailoverStep(string name, bool succeeded, TimeSpan duration, string detail)
        {
            Name = name;
            Succeeded = succeeded;
            _duration = duration;
            Detail = detail;
        }

        /// <summary>Short name, e.g. <c>Quiesce</c>, <c>Announce</c>.</summary>
        public string Name { get; }

        /// <summary>True when the step did what it should.</summary>
        public bool Succeeded { get; }

        /// <summary>How long the step took, in milliseconds.</summary>
        public double DurationMs => Math.Round(_duration.TotalMilliseconds, 1);

        /// <summary>What was sent or seen.</summary>
        public string Detail { get; }

        /// <summary>How long the step took.</summary>
        public TimeSpan GetDuration() => _duration;

        /// <inheritdoc />
        public override string ToString() => $"{Name} {(Succeeded ? "ok" : "FAILED")} {DurationMs} ms: {Detail}";
    }
}
