using System;
using System.Collections.Generic;

namespace KevyElect.Failover
{
    /// <summary>The result of a failover run (or of a refused plan).</summary>
    public sealed class FailoverResult
    {
        internal FailoverResult(FailoverPlan plan, FailoverOutcome outcome, string? newPrimary, IReadOnlyList<FailoverStep> steps,
            TimeSpan? writeUnavailable, IReadOnlyList<string> mismatches, string message, StandInVoter? standIn, DrainProof? drain = null)
        {
            Drain = drain;
            Plan = plan;
            Outcome = outcome;
            NewPrimary = newPrimary;
            Steps = steps;
            WriteUnavailable = writeUnavailable;
            Mismatches = mismatches;
            Message = message;
            StandIn = standIn;
        }

        /// <summary>How it ended.</summary>
        public FailoverOutcome Outcome { get; }

        /// <summary>Planned or takeover.</summary>
        public FailoverKind Kind => Plan.Kind;

        /// <summary>The name of the cluster it ran on (see <see cref="FailoverPlan.ClusterName"/>), or null.</summary>
        public string? ClusterName => Plan.ClusterName;

        /// <summary>The primary before the run (null when none answered).</summary>
        public string? OldPrimary => Plan.CurrentPrimaryId;

        /// <summary>
        /// The node that writes afterwards because of this run: the target on success, the old primary after a rollback, null
        /// when unknown or when the plan was refused (nothing moved; <see cref="OldPrimary"/> still writes).
        /// </summary>
        public string? NewPrimary { get; }

        /// <summary>The epoch announced.</summary>
        public ulong Epoch => Plan.Epoch;

        /// <summary>Every step taken, in order, with its duration.</summary>
        public IReadOnlyList<FailoverStep> Steps { get; }

        /// <summary>
        /// How long writes were refused: from FAILOVER (planned) or the first command (takeover) until the new
        /// primary first accepted a write probe; null when it never did within the run.
        /// </summary>
        public TimeSpan? WriteUnavailable { get; }

        /// <summary><see cref="WriteUnavailable"/> in milliseconds.</summary>
        public double? WriteUnavailableMs => WriteUnavailable is TimeSpan t ? Math.Round(t.TotalMilliseconds, 1) : (double?)null;

        /// <summary>
        /// Writes the target lacked: for a planned switchover the frames its drain found missing (0 when proven, null when not
        /// measured); for a takeover the gap against the most advanced node seen.
        /// </summary>
        public long? OffsetGap => Plan.Kind == FailoverKind.Planned ? Drain?.MissingFrames : Plan.OffsetGap;

        /// <summary>
        /// Planned switchover: per shard, what the old primary had acknowledged when its writes stopped against what the target
        /// had applied when it was promoted, and how that was measured. Null for a takeover or a refused plan.
        /// </summary>
        public DrainProof? Drain { get; }

        /// <summary>The refusal when <see cref="Outcome"/> is Refused.</summary>
        public FailoverRefusal? Refusal => Plan.Refusal;

        /// <summary>What verification found not to agree on the new primary (empty on success).</summary>
        public IReadOnlyList<string> Mismatches { get; }

        /// <summary>One sentence on what happened and what to do next.</summary>
        public string Message { get; }

        /// <summary>The stand-in voter left running for the new primary, or null. Stop it once enough real nodes are back.</summary>
        public StandInVoter? StandIn { get; }

        /// <summary>The pre-flight plan the run followed.</summary>
        public FailoverPlan Plan { get; }

        /// <summary>The result of a refused plan: nothing was sent.</summary>
        /// <exception cref="ArgumentException">The plan is not refused.</exception>
        public static FailoverResult FromRefusal(FailoverPlan plan) =>
            plan is null ? throw new ArgumentNullException(nameof(plan))
            : !plan.IsRefused ? throw new ArgumentException("the plan is not refused", nameof(plan))
            : new FailoverResult(plan, FailoverOutcome.Refused, null, Array.Empty<FailoverStep>(), null, Array.Empty<string>(),
                "refused before anything was sent: " + plan.Refusal, null);

        /// <inheritdoc />
        public override string ToString() => $"{Outcome}: {OldPrimary ?? "?"} -> {NewPrimary ?? "?"} at epoch {Epoch}: {Message}";
    }
}
