using System.Globalization;

namespace KevyElect.Protocol
{
    /// <summary>A message as one line in wire order, e.g. <c>ANNOUNCE 1700000000000 n3 10.0.0.3:6004</c>.</summary>
    public static class ElectFrameText
    {
        /// <summary>The verb and fields as the frame carries them.</summary>
        public static string Describe(ElectMessage message) => message switch
        {
            HbMessage hb => $"HB {N(hb.Epoch)} {hb.NodeId} {hb.GetRole().ToWire()} {N(hb.ReplOffset)}",
            OfferMessage o => $"OFFER {N(o.Epoch)} {o.CandidateId} {N(o.ReplOffset)}",
            AcceptMessage a => $"ACCEPT {N(a.Epoch)} {a.AccepterId}",
            AnnounceMessage an => $"ANNOUNCE {N(an.Epoch)} {an.NewPrimaryId} {an.NewPrimaryAddr}",
            null => throw new System.ArgumentNullException(nameof(message)),
            _ => message.Verb.ToString().ToUpperInvariant(),
        };

        /// <summary>What a table shows beside the verb, epoch and sender: <c>role=primary offset=5</c>, <c>offset=5</c>, <c>addr=host:port</c>, or nothing.</summary>
        public static string Detail(ElectMessage message) => message switch
        {
            HbMessage hb => $"role={hb.GetRole().ToWire()} offset={N(hb.ReplOffset)}",
            OfferMessage o => $"offset={N(o.ReplOffset)}",
            AnnounceMessage an => $"addr={an.NewPrimaryAddr}",
            null => throw new System.ArgumentNullException(nameof(message)),
            _ => string.Empty,
        };

        private static string N(ulong n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
