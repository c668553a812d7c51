namespace KevyElect.Failover
{
    /// <summary>A typed refusal: the code for scripts, the message for people.</summary>
    public sealed record FailoverRefusal
    {
        private readonly FailoverRefusalCode _code;

        /// <summary>A refusal.</summary>
        /// <param name="code">Why.</param>
        /// <param name="message">What was seen and what to do about it.</param>
        public FailoverRefusal(FailoverRefusalCode code, string message)
        {
            _code = code;
            Message = message;
        }

        /// <summary>Why, by name (TargetLagging, NoPrimary, ...).</summary>
        public string Code => _code.ToString();

        /// <summary>Why, as the enum.</summary>
        public FailoverRefusalCode GetCode() => _code;

        /// <summary>What was seen and what to do about it.</summary>
        public string Message { get; }

        /// <inheritdoc />
        public override string ToString() => Code + ": " + Message;
    }
}
