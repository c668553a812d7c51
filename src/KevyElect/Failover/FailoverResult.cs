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
            _plan = plan;
            _outcome = outcome;
            NewPrimary = newPrimary;
            Steps = steps;
            _writeUnavailable = writeUnavailable;
            Mismatches = mismatches;
            Message = message;
            StandIn = standIn;
        }

        private readonly FailoverPlan _plan;
        private readonly FailoverOutcome _outcome;
        private readonly TimeSpan? _writeUnavailable;

        /// <summary>How it ended, by name (Succeeded, SucceededUnproven, RolledBack, Refused, Failed, Unknown).</summary>
        public string Outcome => _outcome.ToString();

        /// <summary>How it ended, as the enum.</summary>
        public FailoverOutcome GetOutcome() => _outcome;

        /// <summary>Planned or Takeover.</summary>
        public string Kind => _plan.Kind;

        /// <summary>The kind as the enum.</summary>
        public FailoverKind GetKind() => _plan.GetKind();

        /// <summary>The name of the cluster it ran on (see <see cref="FailoverPlan.ClusterName"/>), or null.</summary>
        public string? ClusterName => _plan.ClusterName;

        /// <summary>The primary before the run (null when none answered).</summary>
        public string? OldPrimary => _plan.CurrentPrimaryId;

        /// <summary>
        /// The node that writes afterwards because of this run: the target on success, the old primary after a rollback, null
        /// when unknown or when the plan was refused (nothing moved; <see cref="OldPrimary"/> still writes).
        /// </summary>
        public string? NewPrimary { get; }

        /// <summary>The epoch announced.</summary>
        public ulong Epoch => _plan.Epoch;

        /// <summary>Every step taken, in order, with its duration.</summary>
        public IReadOnlyList<FailoverStep> Steps { get; }

        /// <summary>
        /// How long writes were refused, in milliseconds: from FAILOVER (planned) or the first command (takeover) until
        /// the new primary first accepted a write probe; null when it never did within the run.
        /// </summary>
        public double? WriteUnavailableMs => _writeUnavailable is TimeSpan t ? Math.Round(t.TotalMilliseconds, 1) : (double?)null;

        /// <summary><see cref="WriteUnavailableMs"/> as a TimeSpan.</summary>
        public TimeSpan? GetWriteUnavailable() => _writeUnavailable;

        /// <summary>
        /// Writes the target lacked: for a planned switchover the frames its drain found missing (0 when proven, null when not
        /// measured); for a takeover the gap against the most advanced node seen.
        /// </summary>
        public long? OffsetGap => _plan.GetKind() == FailoverKind.Planned ? Drain?.MissingFrames : _plan.OffsetGap;

        /// <summary>
        /// Planned switchover: per shard, what the old primary had acknowledged when its writes stopped against what the target
        /// had applied when it was promoted, and how that was measured. Null for a takeover or a refused plan.
        /// </summary>
        public DrainProof? Drain { get; }

        /// <summary>The refusal when <see cref="Outcome"/> is Refused.</summary>
        public FailoverRefusal? Refusal => _plan.Refusal;

        /// <summary>What verification found not to agree on the new primary (empty on success).</summary>
        public IReadOnlyList<string> Mismatches { get; }

        /// <summary>One sentence on what happened and what to do next.</summary>
        public string Message { get; }

        /// <summary>The stand-in voter left running for the new primary, or null. Stop it once enough real nodes are back.</summary>
        public StandInVoter? StandIn { get; }

        /// <summary>The pre-flight plan the run followed (a method, so the result's JSON stays the result's own).</summary>
        public FailoverPlan GetPlan() => _plan;

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
