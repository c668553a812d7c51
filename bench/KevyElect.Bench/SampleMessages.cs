using System;
using KevyElect.Protocol;

namespace KevyElect.Bench
{
    /// <summary>One realistic message per verb: ids of everyday length, epochs and offsets of a cluster that has run a while.</summary>
    internal static class SampleMessages
    {
        public static readonly string[] Verbs = { "HB", "OFFER", "ACCEPT", "ANNOUNCE" };

        public static ElectMessage For(string verb) => verb switch
        {
            "HB" => new HbMessage(42, "primary-east", ElectRole.Primary, 1_234_567),
            "OFFER" => new OfferMessage(43, "replica-1", 1_234_567),
            "ACCEPT" => new AcceptMessage(43, "replica-2"),
            "ANNOUNCE" => new AnnounceMessage(43, "replica-1", "127.0.0.1:17014"),
            _ => throw new ArgumentException($"unknown verb '{verb}'", nameof(verb)),
        };
    }
}
