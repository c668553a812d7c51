using System;
using KevyElect.Protocol;

namespace KevyElect.Election
{
    /// <summary>A frame the elector wants sent.</summary>
    /// <param name="To">The recipient's id, or null for every other peer of the table.</param>
    /// <param name="Message">The frame.</param>
    public sealed record Outbound(string? To, ElectMessage Message)
    {
        /// <summary>True when the frame goes to every other peer.</summary>
        public bool IsBroadcast => To is null;

        /// <summary>The frame's message, checked not null.</summary>
        public ElectMessage Message { get; init; } = Message ?? throw new ArgumentNullException(nameof(Message));
    }
}
