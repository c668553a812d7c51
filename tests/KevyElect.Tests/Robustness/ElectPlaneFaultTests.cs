using System.Diagnostics;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// The elect-plane side of the fault catalogue (refusals and a reader that stops reading are in
/// Net/ElectSenderTests): a blackholed elect port ends the probe and the send on time, with the
/// endpoint and the timeout in the message.
/// </summary>
public class ElectPlaneFaultTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1000);

    [Fact(Timeout = 10000)]
    public async Task Probe_of_a_blackholed_elect_port_reports_a_connect_timeout()
    {
        using var port = new BlackholedPort();
        Assert.True(port.IsBlackholed, "the kernel kept accepting connections on a full backlog");
        var clock = Stopwatch.StartNew();

        ElectProbeResult result = await ElectSender.ProbeAsync("127.0.0.1", port.Port, Short, CancellationToken.None).WaitAsync(Short + Slack + Slack);

        Assert.False(result.Reachable);
        Assert.Equal(KevyNetErrorKind.ConnectTimeout, result.FailureKind);
        Assert.Equal($"127.0.0.1:{port.Port}: no TCP connection within 500 ms", result.Error);
        Assert.InRange(clock.Elapsed, Short - TimeSpan.FromMilliseconds(50), Short + Slack);
    }

    [Fact(Timeout = 10000)]
    public async Task Send_to_a_blackholed_elect_port_fails_on_time()
    {
        using var port = new BlackholedPort();
        Assert.True(port.IsBlackholed, "the kernel kept accepting connections on a full backlog");
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KevyNetException>(() => ElectSender.SendOnceAsync("127.0.0.1", port.Port,
            [new HbMessage(1, "n1", ElectRole.Primary, 0)], Short, CancellationToken.None).WaitAsync(Short + Slack + Slack));

        Assert.Equal(KevyNetErrorKind.ConnectTimeout, e.Kind);
        Assert.StartsWith($"127.0.0.1:{port.Port}: no TCP connection within", e.Message);
        Assert.InRange(clock.Elapsed, Short - TimeSpan.FromMilliseconds(50), Short + Slack);
    }
}
