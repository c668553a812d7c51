using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;
using KevyElect.Cluster;
using KevyElect.Fleet;
using KevyElect.Observe;
using KevyElect.Lab;
using KevyElect.Tests.Cluster;

namespace KevyElect.Tests.Fleet;

/// <summary>FleetProbe over lab data planes and plain listeners on loopback: names, failures of one cluster, the throttle, order.</summary>
/// <remarks>Timed against the probe timeout, so these run in the lab-socket collection, not beside it.</remarks>
[Collection(KevyElect.Tests.Lab.LabRestartCollection.Name)]
public sealed class FleetProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Every_row_and_summary_carries_its_cluster_and_a_broken_or_silent_cluster_fails_alone()
    {
        using LabCluster lab = await LabCluster.StartAsync(new LabOptions { Nodes = 3, Timings = LabOptions.FastTimings });
        ClusterWaitStatus healthy = await ClusterWaiter.WaitAsync(lab.Peers, ClusterCondition.Healthy,
            new ClusterWaitOptions { Timeout = TimeSpan.FromSeconds(20), Interval = TimeSpan.FromMilliseconds(50), ProbeTimeout = TimeSpan.FromSeconds(2) }, null, CancellationToken.None);
        Assert.True(healthy.IsMet, healthy.DescribeTimeout());
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(16);
        try
        {
            int port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var clusters = new[]
            {
                FleetCluster.WithPeers("alpha", lab.Peers),
                FleetCluster.Unusable("broken", "it has neither Peers nor ConfigPath: give one of them"),
                FleetCluster.WithPeers("silent", PeerTable.Parse($"n1@127.0.0.1:{port}:{port}")),
            };
            var reported = new List<string>();
            var options = new FleetProbeOptions { Timeout = Timeout, ClusterDeadline = TimeSpan.FromMilliseconds(300) };
            var clock = Stopwatch.StartNew();
            IReadOnlyList<FleetProbeResult> results = await FleetProbe.ProbeAsync(clusters, options, null, r => reported.Add(r.ClusterName), CancellationToken.None);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");

            Assert.Equal(new[] { "alpha", "broken", "silent" }, results.Select(r => r.ClusterName));
            Assert.Equal(3, reported.Count);
            FleetProbeResult alpha = results[0];
            Assert.Equal(FleetProbeFailure.None, alpha.Failure);
            Assert.Equal(3, alpha.Rows.Count);
            Assert.All(alpha.Rows, row => Assert.Equal("alpha", row.ClusterName));
            Assert.Equal("alpha", alpha.Summary!.ClusterName);
            Assert.True(alpha.Summary.GetVerdict() == ClusterVerdict.Healthy, $"{alpha.Summary.Verdict}: {string.Join("; ", alpha.Summary.Reasons)}");
            Assert.Equal(FleetProbeFailure.Misconfigured, results[1].Failure);
            Assert.StartsWith("cluster 'broken': ", results[1].Error, StringComparison.Ordinal);
            Assert.Equal(FleetProbeFailure.DeadlineExceeded, results[2].Failure);
            Assert.Contains("did not finish within 300 ms", results[2].Error);
            // Each is reported as it ends: the misconfigured cluster at once, the silent one at its deadline, last. (Whether
            // the healthy one's quick probe or the misconfigured one comes first is a race between threads.)
            Assert.Equal("silent", reported[2]);
            Assert.True(reported.IndexOf("broken") < 2, $"reported in the order {string.Join(", ", reported)}");
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task The_throttle_bounds_how_many_clusters_are_probed_at_once()
    {
        // Three clusters of one silent node each, one slot: each holds the slot for its timeout, so they run one after another.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(16);
        try
        {
            int port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var clusters = Enumerable.Range(1, 3).Select(i => FleetCluster.WithPeers($"c{i}", PeerTable.Parse($"n1@127.0.0.1:{port}:{port}"))).ToArray();
            var clock = Stopwatch.StartNew();
            await FleetProbe.ProbeAsync(clusters, new FleetProbeOptions { Timeout = TimeSpan.FromMilliseconds(200), ThrottleLimit = 1 }, null, null, CancellationToken.None);
            TimeSpan serial = clock.Elapsed;
            clock.Restart();
            await FleetProbe.ProbeAsync(clusters, new FleetProbeOptions { Timeout = TimeSpan.FromMilliseconds(200), ThrottleLimit = 3 }, null, null, CancellationToken.None);
            TimeSpan parallel = clock.Elapsed;
            Assert.True(serial >= TimeSpan.FromMilliseconds(570), $"one slot took {serial}");
            Assert.True(parallel < serial, $"three slots took {parallel}, one {serial}");
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public void Worst_first_orders_by_verdict_then_name()
    {
        FleetProbeResult Result(string name, int reachable)
        {
            PeerTable table = SummaryRows.Table().WithName(name);
            PeerStatus[] all = { SummaryRows.Primary("n1"), SummaryRows.Replica("n2", "n1"), SummaryRows.Replica("n3", "n1") };
            PeerStatus[] rows = all.Select((r, i) => i < reachable ? r : SummaryRows.Down(r.NodeId)).ToArray();
            return new FleetProbeResult { ClusterName = name, Table = table, Summary = ClusterSummary.From(table, rows) };
        }
        var ordered = FleetProbe.WorstFirst(new[] { Result("b-healthy", 3), Result("a-healthy", 3), Result("degraded", 2), Result("down", 1) });
        Assert.Equal(new[] { "down", "degraded", "a-healthy", "b-healthy" }, ordered.Select(s => s.ClusterName));
    }
}
