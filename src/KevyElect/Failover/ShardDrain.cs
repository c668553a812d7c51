namespace KevyElect.Failover
{
    /// <summary>One shard in a <see cref="DrainProof"/>.</summary>
    /// <param name="Shard">The shard's index.</param>
    /// <param name="Generation">The old primary's feed generation for the shard.</param>
    /// <param name="AcknowledgedOffset">The old primary's offset once its writes had stopped: every write it acknowledged lies below it.</param>
    /// <param name="TargetAppliedOffset">The offset the target reported as applied (REPL.TOKEN on the target; it can trail the exact
    /// position by its periodic acknowledgement), or null when it could not be read.</param>
    /// <param name="Confirmed">True when the target's REPL.WAIT for the old primary's token answered +OK: it had applied every acknowledged write.</param>
    /// <param name="MissingFrames">Frames acknowledged by the old primary and not applied by the target: 0 when confirmed; else from the target's reading, or null when unknown.</param>
    public sealed record ShardDrain(int Shard, ulong Generation, ulong AcknowledgedOffset, ulong? TargetAppliedOffset, bool Confirmed, long? MissingFrames);
}
