namespace KevyElect.Failover
{
    /// <summary>Why a failover was refused before anything was sent.</summary>
    public enum FailoverRefusalCode
    {
        /// <summary>Fewer nodes answered than the quorum (N/2 + 1).</summary>
        NoQuorum,
        /// <summary>Every node answered and none is the elected primary (an election may be running).</summary>
        NoPrimary,
        /// <summary>More than one node's ROLE says master.</summary>
        MultiplePrimaries,
        /// <summary>The target id is not in the peer table.</summary>
        TargetUnknown,
        /// <summary>The target's data plane or elect port does not answer.</summary>
        TargetUnreachable,
        /// <summary>The target already is the elected primary.</summary>
        TargetIsPrimary,
        /// <summary>The target's data plane is not a replica of the current primary.</summary>
        TargetNotReplica,
        /// <summary>The target's replication link is down.</summary>
        TargetLinkDown,
        /// <summary>The target lags the primary by more frames than allowed.</summary>
        TargetLagging,
        /// <summary>No node qualifies as target under the candidate rule.</summary>
        NoCandidate,
        /// <summary>A takeover was asked for, but the primary answers and the cluster has a quorum: use a planned switchover.</summary>
        PrimaryReachable_UseSwitchover,
        /// <summary>A switchover was asked for, but no primary answers: only a takeover can move it.</summary>
        PrimaryUnreachable_NeedsTakeover,
        /// <summary>The takeover can lose writes (or the loss cannot be bounded) and that was not accepted explicitly.</summary>
        TakeoverNotAcknowledged,
        /// <summary>Too few nodes are up for the target to hold its write lease, and no stand-in voter was allowed.</summary>
        StandInVoterRequired,
        /// <summary>The epoch is zero or not usable.</summary>
        BadEpoch,
        /// <summary>A planned switchover cannot prove its drain (no REPL.TOKEN, or the target is not on the primary's stream) and data loss was not accepted.</summary>
        DrainUnprovable,
    }
}
