using System;
using System.Collections.Generic;
using KevyElect.Cluster;
using KevyElect.Failover;

namespace KevyElect.History
{
    /// <summary>
    /// One line of the failover history journal: a failover run (or a refused plan) or a watch event, with the cluster
    /// it concerns and who recorded it. Fields that do not apply to the kind are null.
    /// </summary>
    public sealed partial class HistoryEntry
    {
        /// <summary>When it happened, UTC, to the millisecond: the start of the run, or the poll that saw the event.</summary>
        public DateTimeOffset Time { get; init; }

        /// <summary>A failover run or a watch event.</summary>
        public string Kind { get => KindValue.ToString(); init => KindValue = ParseName<HistoryEntryKind>(value, nameof(Kind)); }

        /// <summary>The kind as the enum.</summary>
        public HistoryEntryKind GetKind() => KindValue;

        /// <summary>Public as <see cref="Kind"/> (a name, so JSON output reads it).</summary>
        internal HistoryEntryKind KindValue { get; init; }

        /// <summary>
        /// The cluster's name. Clusters have no names yet, so today this is the peer table text (<see cref="Peers"/>);
        /// a caller that knows a name passes it when the entry is built.
        /// </summary>
        public string Cluster { get; init; } = string.Empty;

        /// <summary>The cluster's peer table in peer-table syntax; pipes into the cluster cmdlets' -Peers.</summary>
        public string Peers { get; init; } = string.Empty;

        /// <summary>Failover: how the run ended (Refused for a refused plan).</summary>
        public string? Outcome { get => OutcomeValue?.ToString(); init => OutcomeValue = value == null ? null : ParseName<FailoverOutcome>(value, nameof(Outcome)); }

        /// <summary>The outcome as the enum.</summary>
        public FailoverOutcome? GetOutcome() => OutcomeValue;

        /// <summary>Public as <see cref="Outcome"/> (a name, so JSON output reads it).</summary>
        internal FailoverOutcome? OutcomeValue { get; init; }

        /// <summary>Failover: planned switchover or forced takeover.</summary>
        public string? FailoverKind { get => FailoverKindValue?.ToString(); init => FailoverKindValue = value == null ? null : ParseName<Failover.FailoverKind>(value, nameof(FailoverKind)); }

        /// <summary>The failover kind as the enum.</summary>
        public Failover.FailoverKind? GetFailoverKind() => FailoverKindValue;

        /// <summary>Public as <see cref="FailoverKind"/> (a name, so JSON output reads it).</summary>
        internal Failover.FailoverKind? FailoverKindValue { get; init; }

        /// <summary>Watch event: what the watch saw.</summary>
        public string? EventKind { get => EventKindValue?.ToString(); init => EventKindValue = value == null ? null : ParseName<ClusterEventKind>(value, nameof(EventKind)); }

        /// <summary>The event kind as the enum.</summary>
        public ClusterEventKind? GetEventKind() => EventKindValue;

        /// <summary>Public as <see cref="EventKind"/> (a name, so JSON output reads it).</summary>
        internal ClusterEventKind? EventKindValue { get; init; }

        /// <summary>Failover: the node the plan meant to promote (also when refused or rolled back), or null when none was chosen.</summary>
        public string? Target { get; init; }

        /// <summary>The primary before: the run's old primary, or a PrimaryChanged event's old writable primary.</summary>
        public string? OldPrimary { get; init; }

        /// <summary>The primary after: the node that writes because of the run, or a PrimaryChanged event's new writable primary.</summary>
        public string? NewPrimary { get; init; }

        /// <summary>Watch event: the member it is about (the event's NodeId), or null for cluster-wide events. Not named NodeId, so an entry piped into a cluster cmdlet binds only its Peers.</summary>
        public string? Node { get; init; }

        /// <summary>Watch event: the value before (a role, a primary id, a lag).</summary>
        public string? Old { get; init; }

        /// <summary>Watch event: the value after.</summary>
        public string? New { get; init; }

        /// <summary>Failover: the epoch announced (or that would have been, for a refused plan).</summary>
        public ulong? Epoch { get; init; }

        /// <summary>
        /// Milliseconds writes were refused: a failover's measured write unavailability, or a PrimaryChanged event's time
        /// without a writable primary. Null when not measured.
        /// </summary>
        public double? WriteUnavailableMs { get; init; }

        /// <summary>Failover: milliseconds from the start of the pre-flight to the result.</summary>
        public double? DurationMs { get; init; }

        /// <summary>Failover: the writes the target lacked (see FailoverResult.OffsetGap).</summary>
        public long? OffsetGap { get; init; }

        /// <summary>Planned switchover that ran: what its drain proved. Null for takeovers and refused plans.</summary>
        public string? Drain { get => DrainValue?.ToString(); init => DrainValue = value == null ? null : ParseName<DrainVerdict>(value, nameof(Drain)); }

        /// <summary>The drain verdict as the enum.</summary>
        public DrainVerdict? GetDrain() => DrainValue;

        /// <summary>Public as <see cref="Drain"/> (a name, so JSON output reads it).</summary>
        internal DrainVerdict? DrainValue { get; init; }

        /// <summary>Planned switchover that ran: the drain proof in one line, per shard.</summary>
        public string? DrainDetail { get; init; }

        /// <summary>Refused plan: why.</summary>
        public string? RefusalCode { get => RefusalCodeValue?.ToString(); init => RefusalCodeValue = value == null ? null : ParseName<FailoverRefusalCode>(value, nameof(RefusalCode)); }

        /// <summary>The refusal code as the enum.</summary>
        public FailoverRefusalCode? GetRefusalCode() => RefusalCodeValue;

        /// <summary>Public as <see cref="RefusalCode"/> (a name, so JSON output reads it).</summary>
        internal FailoverRefusalCode? RefusalCodeValue { get; init; }

        /// <summary>Failover: every step in short form, e.g. <c>Quiesce ok 6.8 ms</c>.</summary>
        public IReadOnlyList<string> Steps { get; init; } = Array.Empty<string>();

        /// <summary>The run's or the event's message.</summary>
        public string Message { get; init; } = string.Empty;

        /// <summary>The account that recorded it.</summary>
        public string? UserName { get; init; }

        /// <summary>The machine it was recorded on.</summary>
        public string? HostName { get; init; }

        /// <summary>The process that recorded it.</summary>
        public int? ProcessId { get; init; }

        /// <summary>The failover's outcome or the watch event's kind, as one column.</summary>
        public string Result => KindValue == HistoryEntryKind.Failover ? Outcome ?? string.Empty : EventKind ?? string.Empty;

        /// <summary>An enum value from its name (any case), for the name properties' setters; a clear error for any other text.</summary>
        private static T ParseName<T>(string value, string property) where T : struct =>
            Enum.TryParse(value, ignoreCase: true, out T parsed) && Enum.IsDefined(typeof(T), parsed)
                ? parsed
                : throw new ArgumentException($"{property} '{value}' is not one of {string.Join(", ", Enum.GetNames(typeof(T)))}", nameof(value));

        /// <inheritdoc />
        public override string ToString() => $"{Time:yyyy-MM-dd HH:mm:ss.fff}Z {Kind} {Result}: {Message}";
    }
}
