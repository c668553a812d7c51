namespace KevyElect.DataPlane
{
    /// <summary>One replica as a primary's ROLE lists it.</summary>
    /// <param name="Host">The replica's address as the primary sees it.</param>
    /// <param name="Port">The replica's announced (client) port.</param>
    /// <param name="Offset">The replica's acknowledged offset.</param>
    public sealed record RoleReplica(string Host, int Port, long Offset);
}
