namespace KevyElect.Election
{
    /// <summary>The durable pair of an elector: its epoch and whom it voted for in it.</summary>
    /// <param name="Epoch">The epoch; 0 means nothing was ever saved.</param>
    /// <param name="VotedFor">The id voted for (or announced) in <paramref name="Epoch"/>; null when none.</param>
    public sealed record ElectMeta(ulong Epoch, string? VotedFor)
    {
        /// <summary>What a node that never saved anything loads.</summary>
        public static ElectMeta Empty { get; } = new ElectMeta(0, null);
    }
}
