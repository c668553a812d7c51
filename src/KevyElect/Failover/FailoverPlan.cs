using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KevyElect.Failover
{
    /// <summary>
    /// The outcome of pre-flight: who is primary, which node takes over and why, every node's offset, the
    /// writes that can be lost, and the steps a run would take, or the refusal that stops it.
    /// </summary>
    public sealed class FailoverPlan
    {
        internal FailoverPlan(FailoverKind kind, string? currentPrimaryId, string? targetId, string? targetReason, ulong epoch, string epochSource,
            IReadOnlyList<FailoverNodeState> nodes, long? offsetGap, bool lossBounded, int standInVotersNeeded,
            IReadOnlyList<string> steps, FailoverRefusal? refusal, string? drainUnprovable = null, bool dataLossAccepted = false)
        {
            DrainUnprovable = drainUnprovable;
            DataLossAccepted = dataLossAccepted;
            _kind = kind;
            CurrentPrimaryId = currentPrimaryId;
            TargetId = targetId;
            TargetReason = targetReason;
            Epoch = epoch;
            EpochSource = epochSource;
            Nodes = nodes;
            OffsetGap = offsetGap;
            LossBounded = lossBounded;
            StandInVotersNeeded = standInVotersNeeded;
            Steps = steps;
            Refusal = refusal;
        }

        private readonly FailoverKind _kind;

        /// <summary>Planned switchover or forced takeover, by name (Planned, Takeover).</summary>
        public string Kind => _kind.ToString();

        /// <summary>The kind as the enum.</summary>
        public FailoverKind GetKind() => _kind;

        /// <summary>The name of the cluster planned for (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName { get; internal init; }

        /// <summary>The node whose ROLE says master, or null when none answers.</summary>
        public string? CurrentPrimaryId { get; }

        /// <summary>The node to promote, or null when none could be chosen.</summary>
        public string? TargetId { get; }

        /// <summary>Why that target: named by the operator, or the candidate rule with the offset that decided.</summary>
        public string? TargetReason { get; }

        /// <summary>The epoch the ANNOUNCE carries.</summary>
        public ulong Epoch { get; }

        /// <summary>Where the epoch came from.</summary>
        public string EpochSource { get; }

        /// <summary>Every node as pre-flight saw it, in table order.</summary>
        public IReadOnlyList<FailoverNodeState> Nodes { get; }

        /// <summary>The Offsets line: every node's offset, e.g. <c>n1=10, n2=9 (unreachable)</c>.</summary>
        public string Offsets => string.Join(", ", Nodes.Select(n =>
            n.NodeId + "=" + (n.Offset?.ToString(CultureInfo.InvariantCulture) ?? "?") + (n.Reachable ? string.Empty : " (unreachable)")));

        /// <summary>The most advanced offset seen minus the target's: the writes a takeover can lose (0 for a planned switchover).</summary>
        public long? OffsetGap { get; }

        /// <summary>False when a node could not be read, so writes only it holds are beyond <see cref="OffsetGap"/>.</summary>
        public bool LossBounded { get; }

        /// <summary>
        /// Planned: 0 when the drain can be proven, null (unknown) when it cannot. Takeover: <see cref="OffsetGap"/>, a lower
        /// bound when <see cref="LossBounded"/> is false.
        /// </summary>
        public long? ExpectedLossFrames => _kind == FailoverKind.Planned ? (DrainUnprovable == null ? 0 : (long?)null) : OffsetGap;

        /// <summary>
        /// Planned: null when the switchover can prove that no acknowledged write is lost (REPL.TOKEN on the primary, REPL.WAIT
        /// on the target); otherwise why it cannot. Such a switchover runs only with -AcceptDataLoss.
        /// </summary>
        public string? DrainUnprovable { get; }

        /// <summary>True when the operator accepted data loss (-AcceptDataLoss).</summary>
        public bool DataLossAccepted { get; }

        /// <summary>Stand-in voters the target needs to see a strict majority (takeover with too few nodes up).</summary>
        public int StandInVotersNeeded { get; }

        /// <summary>The steps a run takes, in order.</summary>
        public IReadOnlyList<string> Steps { get; }

        /// <summary>Why the failover must not run, or null.</summary>
        public FailoverRefusal? Refusal { get; }

        /// <summary>True when <see cref="Refusal"/> is set.</summary>
        public bool IsRefused => Refusal != null;

        /// <summary>The plan as a few lines of text (used for -WhatIf and confirmation prompts).</summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.Append(_kind == FailoverKind.Planned ? "Planned switchover" : "Forced takeover");
            sb.Append(": primary ").Append(CurrentPrimaryId ?? "(none reachable)");
            sb.Append(" -> ").Append(TargetId ?? "(none)");
            if (TargetReason != null) sb.Append(" (").Append(TargetReason).Append(')');
            sb.AppendLine();
            sb.Append("Epoch ").Append(Epoch.ToString(CultureInfo.InvariantCulture)).Append(" from ").AppendLine(EpochSource);
            sb.Append("Offsets: ").AppendLine(Offsets);
            sb.Append("Expected data loss: ");
            if (_kind == FailoverKind.Planned && DrainUnprovable == null)
                sb.AppendLine("none: writes stop on the primary, and the target is promoted only once it has applied every write the primary acknowledged (REPL.WAIT); the result shows the comparison per shard");
            else if (_kind == FailoverKind.Planned)
                sb.Append("cannot be proven: ").Append(DrainUnprovable).AppendLine(DataLossAccepted
                    ? "; accepted with -AcceptDataLoss: the last writes acknowledged before the quiesce can be lost"
                    : "; needs -AcceptDataLoss");
            else sb.Append(OffsetGap?.ToString(CultureInfo.InvariantCulture) ?? "unknown").AppendLine(LossBounded ? " frames" : " frames at least (an unreachable node may hold more)");
            if (StandInVotersNeeded > 0) sb.Append("Stand-in voters: ").Append(StandInVotersNeeded).AppendLine();
            for (int i = 0; i < Steps.Count; i++) sb.Append(i + 1).Append(". ").AppendLine(Steps[i]);
            if (Refusal != null) sb.Append("Refused: ").AppendLine(Refusal.ToString());
            return sb.ToString().TrimEnd();
        }

        /// <inheritdoc />
        public override string ToString() => Describe();
    }
}
