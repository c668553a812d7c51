using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.NetworkInformation;
using Xunit;
using KevyElect.Cluster;
using KevyElect.Observe;

namespace KevyElect.Tests.Cluster;

/// <summary>ClusterWaiter polling a lab on loopback until a condition holds, the time is up, or it is cancelled.</summary>
[Collection(KevyElect.Tests.Lab.LabRestartCollection.Name)]
public sealed class ClusterWaiterTests
{
    private static ClusterWaitOptions Fast(int timeoutMs = 10000) => new()
    {
        Timeout = TimeSpan.FromMilliseconds(timeoutMs),
        Interval = TimeSpan.FromMilliseconds(40),
        ProbeTimeout = TimeSpan.FromMilliseconds(500),
    };

    private static async Task<ProbeLabFixture> SteadyLab(string primary = "n1")
    {
        var lab = new ProbeLabFixture();
        lab.ElectEveryone(primary);
        await lab.WaitForLinksUpAsync(primary);
        return lab;
    }

    private static int OpenConnectionsTo(PeerTable table)
    {
        var ports = table.SelectMany(p => new[] { p.ClientPort, p.ElectPort }).ToHashSet();
        return IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.State == TcpState.Established && ports.Contains(c.RemoteEndPoint.Port));
    }

    [Fact]
    public async Task A_cluster_already_in_the_state_returns_after_one_poll()
    {
        using var lab = await SteadyLab();
        var status = await ClusterWaiter.WaitAsync(lab.Peers, new ClusterCondition(new[] { ClusterVerdict.Healthy }, "n1", caughtUp: true), Fast(), null, CancellationToken.None);
        Assert.True(status.IsMet);
        Assert.Equal(1, status.Polls);
        Assert.Equal(ClusterVerdict.Healthy, status.Summary.GetVerdict());
        Assert.Equal(lab.Peers.ToString(), status.Summary.Peers);
    }

    [Fact]
    public async Task Waits_through_a_switchover_and_reports_every_poll_on_the_way()
    {
        using var lab = await SteadyLab();
        var polls = new ConcurrentQueue<ClusterWaitStatus>();
        var wait = ClusterWaiter.WaitAsync(lab.Peers, new ClusterCondition(new[] { ClusterVerdict.Healthy }, "n2"), Fast(), polls.Enqueue, CancellationToken.None);

        await ProbeLabFixture.WaitUntilAsync(() => polls.Count >= 3, "three polls");
        Assert.False(wait.IsCompleted);
        Assert.All(polls, p => Assert.Equal(new[] { "the writable primary is n1, not n2" }, p.WhyNot));
        lab.ElectEveryone("n2");

        var status = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(status.IsMet);
        Assert.Equal("n2", status.Summary.WritablePrimary);
        Assert.Equal(ClusterVerdict.Healthy, status.Summary.GetVerdict());
        Assert.Same(status, polls.Last());
        Assert.Equal(polls.Count, status.Polls);
    }

    [Fact]
    public async Task On_timeout_it_returns_the_last_poll_with_why_it_is_not_the_state_asked_for()
    {
        using var lab = await SteadyLab();
        var clock = Stopwatch.StartNew();
        var status = await ClusterWaiter.WaitAsync(lab.Peers, new ClusterCondition(new[] { ClusterVerdict.Healthy }, "n3"), Fast(timeoutMs: 400), null, CancellationToken.None);
        clock.Stop();

        Assert.False(status.IsMet);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(400 + 500 + 1000));
        Assert.True(status.Elapsed >= TimeSpan.FromMilliseconds(400), $"the last poll ended at {status.Elapsed}, before the deadline");
        Assert.True(status.Polls > 2, $"only {status.Polls} polls in 400 ms at 40 ms");
        Assert.Equal(new[] { "the writable primary is n1, not n3" }, status.WhyNot);
        string message = status.DescribeTimeout();
        Assert.StartsWith("The writable primary is n1, not n3. Gave up after 0.", message);
        Assert.Contains("waiting for verdict Healthy, n3 writable", message);
        Assert.EndsWith("UTC: Healthy, primary n1, 3/3 reachable.", message);
        Assert.Equal(0, OpenConnectionsTo(lab.Peers));
    }

    [Fact]
    public async Task A_node_that_goes_down_shows_in_the_last_state_with_the_summary_reasons()
    {
        using var lab = await SteadyLab();
        lab.Kill("n3");
        var status = await ClusterWaiter.WaitAsync(lab.Peers, ClusterCondition.Healthy, Fast(timeoutMs: 300), null, CancellationToken.None);
        Assert.False(status.IsMet);
        Assert.Equal(ClusterVerdict.Degraded, status.Summary.GetVerdict());
        string why = Assert.Single(status.WhyNot);
        Assert.StartsWith("the verdict is Degraded, not Healthy: connection refused", why);
        Assert.Contains(": n3 at 127.0.0.1:", why);
        Assert.StartsWith("The verdict is Degraded, not Healthy: connection refused", status.DescribeTimeout());
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_promptly_and_closes_its_sockets()
    {
        using var lab = await SteadyLab();
        using var cts = new CancellationTokenSource();
        int polls = 0;
        var wait = ClusterWaiter.WaitAsync(lab.Peers, new ClusterCondition(writablePrimary: "n3"), Fast(timeoutMs: 60000), _ => Interlocked.Increment(ref polls), cts.Token);
        await ProbeLabFixture.WaitUntilAsync(() => Volatile.Read(ref polls) >= 2, "two polls");

        var clock = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {clock.Elapsed}");
        int after = Volatile.Read(ref polls);
        await Task.Delay(120);
        Assert.Equal(after, Volatile.Read(ref polls));
        Assert.Equal(0, OpenConnectionsTo(lab.Peers));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_polling()
    {
        var table = SummaryRows.Table();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ClusterWaiter.WaitAsync(table, new ClusterCondition(writablePrimary: "n7"), new ClusterWaitOptions(), null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ClusterWaiter.WaitAsync(table, ClusterCondition.Healthy, new ClusterWaitOptions { Timeout = TimeSpan.Zero }, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ClusterWaiter.WaitAsync(table, ClusterCondition.Healthy, new ClusterWaitOptions { Interval = TimeSpan.Zero }, null, CancellationToken.None));
    }
}
