namespace KevyElect.Protocol
{
    /// <summary>The outcome of decoding one elect frame: a message and the bytes it used, or one failure kind.</summary>
    public readonly struct DecodeResult
    {
        private DecodeResult(ElectMessage? message, int consumed, DecodeErrorKind error)
        {
            Message = message;
            Consumed = consumed;
            Error = error;
        }

        /// <summary>The decoded message, or null when decoding failed.</summary>
        public ElectMessage? Message { get; }

        /// <summary>Bytes consumed by the frame (including skipped empty arrays and bare CRLF); 0 on failure.</summary>
        public int Consumed { get; }

        /// <summary>The failure kind; meaningful only when <see cref="IsSuccess"/> is false.</summary>
        public DecodeErrorKind Error { get; }

        /// <summary>True when <see cref="Message"/> holds a decoded message.</summary>
        public bool IsSuccess => Message is not null;

        /// <summary>A successful decode.</summary>
        public static DecodeResult Success(ElectMessage message, int consumed) => new DecodeResult(message, consumed, default);

        /// <summary>A failed decode of the given kind.</summary>
        public static DecodeResult Failure(DecodeErrorKind error) => new DecodeResult(null, 0, error);

        /// <inheritdoc />
        public override string ToString() => IsSuccess ? $"{Message} ({Consumed} bytes)" : Error.ToString();
    }
}
