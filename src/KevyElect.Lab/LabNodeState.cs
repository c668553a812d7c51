using System.Collections.Generic;
using KevyElect.Election;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>A snapshot of one lab node: its process, its elector and its data plane.</summary>
    public sealed class LabNodeState
    {
        /// <summary>The node's id.</summary>
        public string NodeId { get; init; } = string.Empty;

        /// <summary>True unless the node is crashed.</summary>
        public bool IsRunning { get; init; }

        /// <summary>True while the node is paused (alive but silent).</summary>
        public bool IsPaused { get; init; }

        /// <summary>True while the node is cut from every other node.</summary>
        public bool IsIsolated { get; init; }

        /// <summary>The elector's role; null while crashed.</summary>
        public ElectRole? Role { get; init; }

        /// <summary>The elector's epoch; null while crashed.</summary>
        public ulong? Epoch { get; init; }

        /// <summary>The id persisted with the epoch; null when none (or crashed).</summary>
        public string? VotedFor { get; init; }

        /// <summary>The primary the elector follows; null when unknown (or crashed).</summary>
        public string? KnownPrimaryId { get; init; }

        /// <summary>The replication offset the elector advertises.</summary>
        public ulong? ReplOffset { get; init; }

        /// <summary>True when the elector is primary and sees a strict majority (its lease holds).</summary>
        public bool HasLease { get; init; }

        /// <summary>True when a write sent to this node now would be accepted.</summary>
        public bool AcceptsWrites { get; init; }

        /// <summary>True when this node is the elected primary and accepts writes.</summary>
        public bool IsWritablePrimary => Role == ElectRole.Primary && AcceptsWrites;

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

        /// <summary>Last heartbeat per sender id as this node's elector saw it (empty while crashed).</summary>
        public IReadOnlyDictionary<string, PeerView> PeerViews { get; init; } = new Dictionary<string, PeerView>();

        /// <summary>Ids heard from within down_after, by this node's clock.</summary>
        public IReadOnlyList<string> LivePeers { get; init; } = new string[0];

        /// <summary>Elect frames received since the lab started (all incarnations).</summary>
        public long FramesReceived { get; init; }

        /// <summary>Elect frames sent since the lab started.</summary>
        public long FramesSent { get; init; }

        /// <summary>Client commands in the data plane's command log.</summary>
        public int CommandsReceived { get; init; }

        /// <summary>Candidacies this node started (OFFERs broadcast) since the lab started.</summary>
        public long Candidacies { get; init; }

        /// <summary>The node's host (127.0.0.1).</summary>
        public string Host { get; init; } = string.Empty;

        /// <summary>The client (data-plane) port.</summary>
        public int ClientPort { get; init; }

        /// <summary>The election port.</summary>
        public int ElectPort { get; init; }

        /// <summary>The replication port (client + 10000) INFO names.</summary>
        public int ReplicationPort => ClientPort + 10000;

        /// <summary>The elector's last state changes, oldest first (empty while crashed).</summary>
        public IReadOnlyList<ElectDecision> Decisions { get; init; } = new ElectDecision[0];

        /// <inheritdoc />
        public override string ToString() =>
            NodeId + " " + (!IsRunning ? "crashed" : IsPaused ? "paused" : (Role?.ToString() ?? "?") + " epoch " + Epoch);
    }
}
