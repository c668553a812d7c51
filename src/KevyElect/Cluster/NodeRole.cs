namespace KevyElect.Cluster
{
    /// <summary>A node's role as one plane reports it: ROLE for the election, INFO replication for the data plane.</summary>
    public enum NodeRole
    {
        /// <summary>The plane did not answer (or answered something unusable).</summary>
        Unknown,
        /// <summary>ROLE <c>master</c> or INFO <c>role:master</c>.</summary>
        Primary,
        /// <summary>ROLE <c>slave</c> or INFO <c>role:slave</c>.</summary>
        Replica,
    }
}
