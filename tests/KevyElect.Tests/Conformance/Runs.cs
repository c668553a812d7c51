using KevyElect.Failover;

namespace KevyElect.Tests.Conformance;

/// <summary>How the scenarios run the module's switchover and takeover: its defaults, with the timeouts of the real server's pace.</summary>
internal static class Runs
{
    public static FailoverRunOptions Options => new()
    {
        CallTimeout = LabProbe.Call,
        QuiesceTimeout = TimeSpan.FromSeconds(8),
        SettleTimeout = TimeSpan.FromSeconds(20),
    };
}
