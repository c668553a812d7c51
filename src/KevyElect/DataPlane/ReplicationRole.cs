namespace KevyElect.DataPlane
{
    /// <summary>The two roles a kevy node reports on the data plane.</summary>
    public enum ReplicationRole
    {
        /// <summary>The primary (<c>master</c> on the wire).</summary>
        Master,
        /// <summary>A replica (<c>slave</c> on the wire).</summary>
        Slave,
    }
}
