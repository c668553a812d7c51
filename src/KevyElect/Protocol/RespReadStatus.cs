namespace KevyElect.Protocol
{
    /// <summary>The outcome of reading one RESP value from a buffer.</summary>
    public enum RespReadStatus
    {
        /// <summary>A whole value was read.</summary>
        Complete,
        /// <summary>The bytes so far are a valid prefix: read more and retry.</summary>
        Incomplete,
        /// <summary>The bytes are not RESP2 (or exceed the limits).</summary>
        Malformed,
    }
}
