using System.Collections.Generic;

namespace KevyElect.Lab
{
    /// <summary>A snapshot of one node's data plane, for tests and the lab's own reporting.</summary>
    public sealed class LabDataPlaneStatus
    {
        internal LabDataPlaneStatus(string nodeId, bool isListening, bool isPaused, bool isMaster, string? sourceId,
            LabLinkState linkState, long offset, long lagFrames, bool isFenced, bool isQuiesced,
            bool isPromotionPending, IReadOnlyList<string> replicaIds, bool isLoading)
        {
            NodeId = nodeId;
            IsListening = isListening;
            IsPaused = isPaused;
            IsMaster = isMaster;
            SourceId = sourceId;
            LinkState = linkState;
            Offset = offset;
            LagFrames = lagFrames;
            IsFenced = isFenced;
            IsQuiesced = isQuiesced;
            IsPromotionPending = isPromotionPending;
            ReplicaIds = replicaIds;
            IsLoading = isLoading;
        }

        /// <summary>The node's id.</summary>
        public string NodeId { get; }

        /// <summary>True while the client port is bound (false after a crash).</summary>
        public bool IsListening { get; }

        /// <summary>True while the node is paused (answers nothing).</summary>
        public bool IsPaused { get; }

        /// <summary>True when INFO reports <c>role:master</c>.</summary>
        public bool IsMaster { get; }

        /// <summary>The node a replica replicates from (null on a master or for an address outside the lab).</summary>
        public string? SourceId { get; }

        /// <summary>The replica's link state (<see cref="LabLinkState.Connect"/> on a master).</summary>
        public LabLinkState LinkState { get; }

        /// <summary>Writes applied: <c>master_repl_offset</c> or <c>slave_repl_offset</c>.</summary>
        public long Offset { get; }

        /// <summary>A replica's <c>slave_lag_frames</c> (0 on a master).</summary>
        public long LagFrames { get; }

        /// <summary>True while writes are refused until an election (or REPLICAOF NO ONE) opens them.</summary>
        public bool IsFenced { get; }

        /// <summary>True while a FAILOVER quiesces writes.</summary>
        public bool IsQuiesced { get; }

        /// <summary>True between an election's promotion and the data plane becoming a master.</summary>
        public bool IsPromotionPending { get; }

        /// <summary>Ids of the nodes replicating from this one, in INFO's order.</summary>
        public IReadOnlyList<string> ReplicaIds { get; }

        /// <summary>True while this replica loads its source's snapshot after a full resync: reads answer <c>-LOADING</c>.</summary>
        public bool IsLoading { get; }
    }
}
