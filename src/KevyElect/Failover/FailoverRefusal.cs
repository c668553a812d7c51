namespace KevyElect.Failover
{
    /// <summary>A typed refusal: the code for scripts, the message for people.</summary>
    /// <param name="Code">Why.</param>
    /// <param name="Message">What was seen and what to do about it.</param>
    public sealed record FailoverRefusal(FailoverRefusalCode Code, string Message)
    {
        /// <inheritdoc />
        public override string ToString() => Code + ": " + Message;
    }
}
