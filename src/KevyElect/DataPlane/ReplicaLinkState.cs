namespace KevyElect.DataPlane
{
    /// <summary>A replica's link to its primary as ROLE reports it.</summary>
    public enum ReplicaLinkState
    {
        /// <summary><c>connect</c>: not connected yet (or reconnecting).</summary>
        Connect,
        /// <summary><c>sync</c>: initial synchronisation in progress.</summary>
        Sync,
        /// <summary><c>connected</c>: streaming.</summary>
        Connected,
        /// <summary>A state this module does not know; see <see cref="RoleReply.LinkStateText"/>.</summary>
        Other,
    }
}
