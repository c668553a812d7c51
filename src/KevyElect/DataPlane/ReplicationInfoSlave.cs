namespace KevyElect.DataPlane
{
    /// <summary>One <c>slave&lt;i&gt;:ip=..,port=..,state=..,offset=..,sent=..,lag=..</c> line of INFO replication.</summary>
    /// <param name="Index">The <c>i</c> of <c>slave&lt;i&gt;</c>.</param>
    /// <param name="Ip">The replica's address.</param>
    /// <param name="Port">The replica's announced port.</param>
    /// <param name="State"><c>online</c> or <c>syncing</c>.</param>
    /// <param name="Offset">The replica's acknowledged offset.</param>
    /// <param name="Sent">Bytes of offset sent to it, when reported.</param>
    /// <param name="Lag">Lag as reported, when reported.</param>
    public sealed record ReplicationInfoSlave(int Index, string Ip, int Port, string State, long Offset, long? Sent, long? Lag);
}
