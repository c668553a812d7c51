using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.NetworkInformation;
using Xunit;
using KevyElect.Cluster;
using KevyElect.Observe;

namespace KevyElect.Tests.Cluster;

/// <summary>ClusterWatcher polling a lab on loopback.</summary>
[Collection(KevyElect.Tests.Lab.LabRestartCollection.Name)]
public sealed class WatchLoopTests
{
    private static WatchOptions Fast(bool snapshots = false) => new()
    {
        Interval = TimeSpan.FromMilliseconds(40),
        Timeout = TimeSpan.FromMilliseconds(500),
        IncludeSnapshot = snapshots,
    };

    /// <summary>Established client-side connections to any of the cluster's ports.</summary>
    private static int OpenConnectionsTo(PeerTable table)
    {
        var ports = table.SelectMany(p => new[] { p.ClientPort, p.ElectPort }).ToHashSet();
        return IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => c.State == TcpState.Established && ports.Contains(c.RemoteEndPoint.Port));
    }

    [Fact]
    public async Task A_primary_crash_and_election_are_reported_live_with_the_time_without_a_primary()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");

        var events = new BlockingCollection<ClusterEvent>();
        var polls = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watch = ClusterWatcher.RunAsync(lab.Peers, Fast(), events.Add, _ => Interlocked.Increment(ref polls), cts.Token);

        // The first poll says the watch is running and what it sees; further polls of the same cluster say nothing.
        // Then crash the primary and elect n2 a little later.
        var started = Take(events, ClusterEventKind.Started);
        Assert.Equal("Healthy", started.New);
        await Eventually.HoldsAsync(() => Volatile.Read(ref polls) >= 3, TimeSpan.FromSeconds(5), "two more polls of the healthy cluster");
        Assert.Empty(events);
        lab.Kill("n1");
        var down = Take(events, ClusterEventKind.NodeDown);
        Assert.Equal("n1", down.NodeId);
        await Task.Delay(200);
        lab.Views["n2"].Elect("n2");
        lab.Views["n3"].Elect("n2");
        lab.Nodes["n2"].Promote();
        lab.Nodes["n3"].Follow("n2");

        var changed = Take(events, ClusterEventKind.PrimaryChanged);
        Assert.Equal(("n1", "n2"), (changed.Old, changed.New));
        Assert.InRange(changed.UnavailableMs!.Value, 150, 5000);

        cts.Cancel();
        var clock = Stopwatch.StartNew();
        await watch; // completes normally on cancellation
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {clock.Elapsed}");
    }

    [Fact]
    public async Task Snapshots_carry_each_poll_and_stopping_leaves_no_connection_open()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        var snapshots = new BlockingCollection<ClusterEvent>();
        var polls = 0;
        using var cts = new CancellationTokenSource();
        var watch = ClusterWatcher.RunAsync(lab.Peers, Fast(snapshots: true), e => { if (e.GetKind() == ClusterEventKind.Snapshot) snapshots.Add(e); },
            _ => Interlocked.Increment(ref polls), cts.Token);

        var first = Take(snapshots, ClusterEventKind.Snapshot);
        Take(snapshots, ClusterEventKind.Snapshot);
        Assert.Equal(3, first.Snapshot!.Count);
        Assert.NotNull(first.Summary);
        Assert.Equal(first.Summary!.Verdict.ToString(), first.New);

        cts.Cancel();
        await watch;
        int after = Volatile.Read(ref polls);
        await Task.Delay(150);
        Assert.Equal(after, Volatile.Read(ref polls)); // no poll after the watch ended
        Assert.Equal(0, OpenConnectionsTo(lab.Peers));
    }

    [Fact]
    public async Task A_healthy_cluster_gets_one_started_event_with_its_verdict_and_nothing_else()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        var events = new BlockingCollection<ClusterEvent>();
        var polls = 0;
        using var cts = new CancellationTokenSource();
        var watch = ClusterWatcher.RunAsync(lab.Peers, Fast(), events.Add, _ => Interlocked.Increment(ref polls), cts.Token);

        var started = Take(events, ClusterEventKind.Started);
        Assert.Equal("Healthy", started.New);
        Assert.True(started.Baseline);
        Assert.Null(started.NodeId);
        Assert.Equal(ClusterVerdict.Healthy, started.Summary!.GetVerdict());
        Assert.Equal("watching n1, n2, n3 every 40 ms: Healthy, primary n1, 3/3 reachable", started.Message);
        await ProbeLabFixture.WaitUntilAsync(() => Volatile.Read(ref polls) >= 4, "four polls");
        cts.Cancel();
        await watch;
        Assert.Empty(events); // Started once, not once per poll
    }

    [Fact]
    public async Task An_until_condition_ends_the_watch_after_the_poll_that_meets_it()
    {
        using var lab = new ProbeLabFixture();
        lab.ElectEveryone("n1");
        await lab.WaitForLinksUpAsync("n1");
        var events = new BlockingCollection<ClusterEvent>();
        var options = Fast(snapshots: true);
        options.Until = new ClusterCondition(writablePrimary: "n2");
        var watch = ClusterWatcher.RunAsync(lab.Peers, options, events.Add, CancellationToken.None);

        Take(events, ClusterEventKind.Snapshot);
        Assert.False(watch.IsCompleted);
        lab.ElectEveryone("n2");
        await watch.WaitAsync(TimeSpan.FromSeconds(10)); // ends by itself, no cancellation
        var rest = events.ToList();
        var met = rest[^1];
        Assert.Equal(ClusterEventKind.ConditionMet, met.GetKind());
        Assert.Equal("n2", met.Summary!.WritablePrimary);
        Assert.StartsWith("n2 writable: ", met.Message);
        Assert.Equal(ClusterEventKind.Snapshot, rest[^2].GetKind()); // that poll's snapshot comes first
        Assert.Contains(rest, e => e.GetKind() == ClusterEventKind.PrimaryChanged && e.New == "n2");
    }

    [Fact]
    public async Task An_until_condition_naming_a_non_member_is_refused_before_polling()
    {
        var options = new WatchOptions { Until = new ClusterCondition(writablePrimary: "n9") };
        await Assert.ThrowsAsync<ArgumentException>(() => ClusterWatcher.RunAsync(SummaryRows.Table(), options, _ => { }, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_callback_ends_the_watch_with_its_exception()
    {
        using var lab = new ProbeLabFixture();
        var watch = ClusterWatcher.RunAsync(lab.Peers, Fast(snapshots: true), _ => throw new InvalidOperationException("boom"), CancellationToken.None);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => watch.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public async Task Bad_options_are_refused_before_polling()
    {
        var table = SummaryRows.Table();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ClusterWatcher.RunAsync(table, new WatchOptions { Interval = TimeSpan.Zero }, _ => { }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ClusterWatcher.RunAsync(table, new WatchOptions { MaxLagFrames = -1 }, _ => { }, CancellationToken.None));
    }

    private static ClusterEvent Take(BlockingCollection<ClusterEvent> events, ClusterEventKind kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var e in events.GetConsumingEnumerable(timeout.Token))
            if (e.GetKind() == kind) return e;
        throw new InvalidOperationException("unreachable");
    }
}
