namespace KevyElect.Election
{
    /// <summary>One state change an elector made, with the reason, for debugging.</summary>
    /// <param name="AtMs">When it happened.</param>
    /// <param name="Epoch">The epoch after the change.</param>
    /// <param name="What">What changed and why.</param>
    public sealed record ElectDecision(long AtMs, ulong Epoch, string What);
}
