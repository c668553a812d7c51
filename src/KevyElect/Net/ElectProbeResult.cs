using System;

namespace KevyElect.Net
{
    /// <summary>The outcome of a TCP connect to an elect port.</summary>
    /// <param name="Endpoint">The <c>host:port</c> probed.</param>
    /// <param name="Reachable">True when the TCP connect succeeded.</param>
    /// <param name="Latency">Time to connect, or until the failure.</param>
    /// <param name="FailureKind">Why it failed; null when reachable.</param>
    /// <param name="Error">The failure message; null when reachable.</param>
    public sealed record ElectProbeResult(string Endpoint, bool Reachable, TimeSpan Latency, KevyNetErrorKind? FailureKind, string? Error);
}
