using System.Collections.Generic;
using KevyElect.Election;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>
    /// A snapshot of one lab node: its process, its elector and its data plane. On the process backend
    /// it is read from the real node (ROLE, INFO replication, a write probe, elect.meta); what a real
    /// process does not show (its peer views, frame and command counts, decisions) is null there.
    /// </summary>
    public sealed class LabNodeState
    {
        /// <summary>The node's id.</summary>
        public string NodeId { get; init; } = string.Empty;

        /// <summary>What runs the node, by name (Embedded, Process).</summary>
        public string Backend => BackendValue.ToString();

        /// <summary>What runs the node.</summary>
        public LabBackend GetBackend() => BackendValue;

        /// <summary>Public as <see cref="Backend"/> (a name, so JSON output reads it).</summary>
        internal LabBackend BackendValue { get; init; }

        /// <summary>True unless the node is crashed (or stopped).</summary>
        public bool IsRunning { get; init; }

        /// <summary>Process backend: what is wrong with the node, else null: it exited by itself (its status and the end of its log), or it could not be read.</summary>
        public string? Problem { get; init; }

        /// <summary>True while the node is paused (alive but silent).</summary>
        public bool IsPaused { get; init; }

        /// <summary>True while the node is cut from every other node.</summary>
        public bool IsIsolated { get; init; }

        /// <summary>The elector's role; null while crashed. Process backend: ROLE's (a candidate shows as Replica); null while paused or unreadable.</summary>
        public string? Role => RoleValue?.ToString();

        /// <summary>The elector's role as the enum; see <see cref="Role"/>.</summary>
        public ElectRole? GetRole() => RoleValue;

        /// <summary>Public as <see cref="Role"/>.</summary>
        internal ElectRole? RoleValue { get; init; }

        /// <summary>The elector's epoch; null while crashed. Process backend: read from the node's elect.meta, also while it is down.</summary>
        public ulong? Epoch { get; init; }

        /// <summary>The id persisted with the epoch; null when none (or crashed).</summary>
        public string? VotedFor { get; init; }

        /// <summary>The primary the elector follows; null when unknown (or crashed). Process backend: the node ROLE names.</summary>
        public string? KnownPrimaryId { get; init; }

        /// <summary>The replication offset the elector advertises.</summary>
        public ulong? ReplOffset { get; init; }

        /// <summary>True when the elector is primary and sees a strict majority (its lease holds).</summary>
        public bool HasLease { get; init; }

        /// <summary>
        /// True when a write sent to this node now would be accepted. Process backend: the answer to a write probe
        /// (DEL of an absent key), which kevy counts like any accepted write: it advances the node's replication offset by one.
        /// </summary>
        public bool AcceptsWrites { get; init; }

        /// <summary>True when this node is the elected primary and accepts writes.</summary>
        public bool IsWritablePrimary => RoleValue == ElectRole.Primary && AcceptsWrites;

        /// <summary>The data plane's INFO role: <c>master</c> or <c>slave</c>.</summary>
        public string DataRole { get; init; } = string.Empty;

        /// <summary>The node a data-plane replica replicates from; null on a master.</summary>
        public string? DataSourceId { get; init; }

        /// <summary>True when this data-plane replica's link to <see cref="DataSourceId"/> is up (INFO
        /// <c>master_link_status:up</c>); false on a master and while the link connects or resyncs.</summary>
        public bool DataLinkUp { get; init; }

        /// <summary>Writes applied by the data plane.</summary>
        public long DataOffset { get; init; }

        /// <summary>True while the data plane refuses writes until an election opens them.</summary>
        public bool IsFenced { get; init; }

        /// <summary>
        /// True while this replica loads its source's snapshot after a full resync (at boot, on rejoining, after its source was
        /// promoted): ROLE and other reads answer <c>-LOADING</c>, INFO still answers.
        /// </summary>
        public bool IsLoading { get; init; }

        /// <summary>Last heartbeat per sender id as this node's elector saw it (empty while crashed; null on the process backend).</summary>
        public IReadOnlyDictionary<string, PeerView>? GetPeerViews() => PeerViewsValue;

        /// <summary>Public as <see cref="GetPeerViews"/> (a method: the elector's inner state stays out of the row's JSON).</summary>
        internal IReadOnlyDictionary<string, PeerView>? PeerViewsValue { get; init; }

        /// <summary>Ids heard from within down_after, by this node's clock (null on the process backend).</summary>
        public IReadOnlyList<string>? LivePeers { get; init; }

        /// <summary>Elect frames received since the lab started, all incarnations (null on the process backend).</summary>
        public long? FramesReceived { get; init; }

        /// <summary>Elect frames sent since the lab started (null on the process backend).</summary>
        public long? FramesSent { get; init; }

        /// <summary>Client commands in the data plane's command log (null on the process backend).</summary>
        public int? CommandsReceived { get; init; }

        /// <summary>Candidacies this node started (OFFERs broadcast) since the lab started (null on the process backend).</summary>
        public long? Candidacies { get; init; }

        /// <summary>The node's host (127.0.0.1).</summary>
        public string Host { get; init; } = string.Empty;

        /// <summary>The client (data-plane) port.</summary>
        public int ClientPort { get; init; }

        /// <summary>The election port.</summary>
        public int ElectPort { get; init; }

        /// <summary>The State column: <c>crashed</c>, <c>paused</c>, <c>isolated</c> or <c>up</c>.</summary>
        public string State => !IsRunning ? "crashed" : IsPaused ? "paused" : IsIsolated ? "isolated" : "up";

        /// <summary>The Primary column: <see cref="KnownPrimaryId"/>.</summary>
        public string? Primary => KnownPrimaryId;

        /// <summary>The Writes column: <c>open</c> when a write sent now would be accepted, else <c>closed</c>.</summary>
        public string Writes => AcceptsWrites ? "open" : "closed";

        /// <summary>The Offset column: <see cref="DataOffset"/>.</summary>
        public long Offset => DataOffset;

        /// <summary>The Client column: <see cref="ClientPort"/>.</summary>
        public int Client => ClientPort;

        /// <summary>The Elect column: <see cref="ElectPort"/>.</summary>
        public int Elect => ElectPort;

        /// <summary>The replication port (client + 10000) INFO names.</summary>
        public int ReplicationPort => ClientPort + 10000;

        /// <summary>The elector's last state changes, oldest first (empty while crashed; null on the process backend).</summary>
        public IReadOnlyList<ElectDecision>? GetDecisions() => DecisionsValue;

        /// <summary>Public as <see cref="GetDecisions"/>.</summary>
        internal IReadOnlyList<ElectDecision>? DecisionsValue { get; init; }

        /// <inheritdoc />
        public override string ToString() =>
            NodeId + " " + (!IsRunning ? "crashed" : IsPaused ? "paused" : (Role ?? "?") + " epoch " + Epoch);
    }
}
