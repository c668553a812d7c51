namespace KevyElect.Protocol
{
    /// <summary>Where one argument of a parsed command lies in the input: a start offset and a length.</summary>
    internal readonly struct RespArg
    {
        public RespArg(int start, int length)
        {
            Start = start;
            Length = length;
        }

        /// <summary>Offset of the argument's first byte in the parsed input.</summary>
        public int Start { get; }

        /// <summary>Number of bytes of the argument.</summary>
        public int Length { get; }
    }
}
