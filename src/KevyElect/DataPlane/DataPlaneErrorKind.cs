namespace KevyElect.DataPlane
{
    /// <summary>The classes of error reply an operator meets on the data plane.</summary>
    public enum DataPlaneErrorKind
    {
        /// <summary><c>-READONLY</c>: a replica, or a primary during a FAILOVER quiesce.</summary>
        ReadOnly,
        /// <summary><c>-QUIESCED migrating to host:port</c>: writes paused for a handover.</summary>
        Quiesced,
        /// <summary><c>-MISDIRECTED writer is host:port</c>: another node writes.</summary>
        Misdirected,
        /// <summary><c>-NOREPLICAS</c>: not enough replicas acknowledged.</summary>
        NoReplicas,
        /// <summary><c>-STALE</c>: the node's data is too old to serve.</summary>
        Stale,
        /// <summary><c>-LOADING</c>: the node is still loading its data set.</summary>
        Loading,
        /// <summary><c>-ERR</c>: the command itself was refused (bad arguments, wrong node).</summary>
        Err,
        /// <summary>Any other error code.</summary>
        Other,
    }
}
