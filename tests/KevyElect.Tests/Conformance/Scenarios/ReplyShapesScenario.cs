using System.Diagnostics;
using KevyElect.DataPlane;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Conformance.Scenarios;

/// <summary>
/// The shapes of ROLE and INFO replication in each state an operator meets: before the first election, while the
/// replicas reload after a promotion, steady, and right after a crash election. Hosts, ports and offsets are left out
/// (see <see cref="ReplyShape"/>); roles, link states and field names are kept.
/// </summary>
public sealed class ReplyShapesScenario : ConformanceScenario
{
    public override string Id => "reply-shapes";

    public override string Title => "The shapes of ROLE and INFO replication in each state";

    public override string Description => "ROLE, INFO replication and a SET on n1 and n2 of a fresh lab before its first election; the replicas polled back to back through the election; "
        + "every node once steady; a write probe's effect on the offsets; the new primary right after the primary is killed.";

    public override bool StartsSteady => false;

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("before the election: n1 ROLE"),
        FactRule.Same("before the election: n1 INFO"),
        FactRule.Same("before the election: n1 SET"),
        FactRule.Same("before the election: n2 ROLE"),
        FactRule.Same("before the election: n2 INFO"),
        FactRule.Same("replicas after the promotion answer -LOADING to"),
        FactRule.Within("longest -LOADING ms", 150),
        FactRule.Same("steady primary ROLE"),
        FactRule.Same("steady primary INFO"),
        FactRule.Same("steady replica ROLE"),
        FactRule.Same("steady replica INFO"),
        FactRule.Same("a write probe (DEL of an absent key) moves the primary's offset by"),
        FactRule.Same("new primary right after a crash election: ROLE"),
        FactRule.Same("new primary right after a crash election: INFO"),
        FactRule.Same("its ROLE offset once INFO says master, against the old primary's"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        foreach (string id in new[] { "n1", "n2" })
        {
            // A replica loads a snapshot of the configured primary's stream at boot: read past its -LOADING.
            observe.Add($"before the election: {id} ROLE", ReplyShape.Of(await LabProbe.CommandPastLoadingAsync(lab, id, ct, "ROLE")));
            observe.Add($"before the election: {id} INFO", ReplyShape.OfInfo(await LabProbe.CommandAsync(lab, id, ct, "INFO", "replication")));
            if (id == "n1") observe.Add("before the election: n1 SET", await LabProbe.WriteAnswerAsync(lab, id, ct));
        }
        if (lab.GetUptime() > TimeSpan.FromSeconds(4)) throw new InvalidOperationException($"the lab was {lab.GetUptime().TotalSeconds:0.0} s old before its first state was read: too late to be sure no election had run");

        var loading = await WatchReplicasThroughElectionAsync(lab, new[] { "n2", "n3" }, ct);
        observe.Add("replicas after the promotion answer -LOADING to", loading.Commands.Count == 0 ? "nothing" : string.Join(", ", loading.Commands.OrderBy(c => c, StringComparer.Ordinal)));
        observe.Add("longest -LOADING ms", Math.Round(loading.Longest.TotalMilliseconds));

        var primary = await lab.WaitForSteadyPrimaryAsync(TimeSpan.FromSeconds(30), ct);
        string replica = lab.NodeIds.First(id => id != primary.NodeId);
        observe.Add("steady primary ROLE", ReplyShape.Of(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "ROLE")));
        observe.Add("steady primary INFO", ReplyShape.OfInfo(await LabProbe.CommandAsync(lab, primary.NodeId, ct, "INFO", "replication")));
        observe.Add("steady replica ROLE", ReplyShape.Of(await LabProbe.CommandAsync(lab, replica, ct, "ROLE")));
        observe.Add("steady replica INFO", ReplyShape.OfInfo(await LabProbe.CommandAsync(lab, replica, ct, "INFO", "replication")));

        long before = await MasterOffsetAsync(lab, primary.NodeId, ct);
        await LabProbe.CommandAsync(lab, primary.NodeId, ct, "DEL", "conformance:absent");
        observe.Add("a write probe (DEL of an absent key) moves the primary's offset by", (await MasterOffsetAsync(lab, primary.NodeId, ct) - before).ToString());

        long oldOffset = await MasterOffsetAsync(lab, primary.NodeId, ct);
        lab.Crash(primary.NodeId);
        string[] survivors = lab.NodeIds.Where(id => id != primary.NodeId).ToArray();
        string? winner = null;
        await LabProbe.UntilAsync(async () =>
        {
            foreach (string id in survivors)
            {
                var role = await LabProbe.TryCommandAsync(lab, id, ct, "ROLE");
                if (role is { IsError: false } && role.Items[0].Text == "master") winner = id;
            }
            return winner != null;
        }, TimeSpan.FromSeconds(30), "a survivor's ROLE to say master", ct);
        observe.Add("new primary right after a crash election: ROLE", ReplyShape.Of(await LabProbe.CommandAsync(lab, winner!, ct, "ROLE")));
        observe.Add("new primary right after a crash election: INFO", ReplyShape.OfInfo(await LabProbe.CommandAsync(lab, winner!, ct, "INFO", "replication")));
        await LabProbe.UntilAsync(async () => ReplyShape.OfInfo(await LabProbe.CommandAsync(lab, winner!, ct, "INFO", "replication")).StartsWith("role:master", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the new primary's INFO to say role:master", ct);
        long newOffset = (await LabProbe.CommandAsync(lab, winner!, ct, "ROLE")).Items[1].Integer;
        observe.Add("its ROLE offset once INFO says master, against the old primary's", newOffset < oldOffset ? "below (it counts again from its promotion)" : "not below");

        // Leave three steady nodes for the scenario after this one.
        lab.Restart(primary.NodeId);
    }

    public override void Expect(ScenarioObservation o)
    {
        // protocol.md section 6: before the first election the configured primary says master in INFO, slave in ROLE, and refuses writes.
        Assert.StartsWith("[slave,", o.Text("before the election: n1 ROLE"));
        Assert.StartsWith("role:master", o.Text("before the election: n1 INFO"));
        Assert.Equal("READONLY", o.Text("before the election: n1 SET"));
        Assert.StartsWith("role:slave", o.Text("before the election: n2 INFO"));
        Assert.StartsWith("[master, int, [[bulk, bulk, bulk] x2]]", o.Text("steady primary ROLE"));
        Assert.StartsWith("[slave, bulk, int, connected, int]", o.Text("steady replica ROLE"));
        Assert.StartsWith("role:master", o.Text("steady primary INFO"));
        Assert.StartsWith("role:slave", o.Text("steady replica INFO"));
        // After a crash election the new primary says master in ROLE while its INFO still says slave.
        Assert.StartsWith("[master,", o.Text("new primary right after a crash election: ROLE"));
        Assert.StartsWith("role:slave", o.Text("new primary right after a crash election: INFO"));
    }

    private static async Task<long> MasterOffsetAsync(ElectLab lab, string nodeId, CancellationToken ct)
    {
        var peer = LabProbe.Peer(lab, nodeId);
        var info = await KevyClient.InfoReplicationAsync(peer.Host, peer.ClientPort, LabProbe.Call, ct);
        return info.MasterReplOffset ?? throw new InvalidOperationException($"{nodeId}'s INFO has no master_repl_offset");
    }

    /// <summary>Polls ROLE, INFO and GET on the replicas back to back until one second after a node takes writes; records which answered -LOADING and for how long.</summary>
    private static async Task<(HashSet<string> Commands, TimeSpan Longest)> WatchReplicasThroughElectionAsync(ElectLab lab, string[] replicas, CancellationToken ct)
    {
        var commands = new HashSet<string>(StringComparer.Ordinal);
        var loadingSince = new Dictionary<string, TimeSpan>();
        TimeSpan longest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        TimeSpan? electedAt = null;
        var connections = new Dictionary<string, KevyConnection>();
        try
        {
            foreach (string id in replicas.Append("n1"))
            {
                var peer = LabProbe.Peer(lab, id);
                connections[id] = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, LabProbe.Call, ct);
            }
            while (electedAt == null || clock.Elapsed - electedAt.Value < TimeSpan.FromSeconds(1))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("no node took writes within 30 s of the start");
                foreach (string id in replicas)
                {
                    bool loading = false;
                    foreach (var command in new[] { new[] { "ROLE" }, new[] { "INFO", "replication" }, new[] { "GET", "conformance:probe" } })
                    {
                        RespValue reply = await connections[id].ExecuteAsync(LabProbe.Call, ct, command);
                        if (reply.IsError && DataPlaneError.FromReply(reply).Kind == DataPlaneErrorKind.Loading)
                        {
                            commands.Add(command[0]);
                            loading = true;
                        }
                    }
                    if (loading && !loadingSince.ContainsKey(id)) loadingSince[id] = clock.Elapsed;
                    if (loadingSince.TryGetValue(id, out var since))
                    {
                        if (clock.Elapsed - since > longest) longest = clock.Elapsed - since;
                        if (!loading) loadingSince.Remove(id);
                    }
                }
                if (electedAt == null && !(await connections["n1"].ExecuteAsync(LabProbe.Call, ct, "SET", "conformance:probe", "n1")).IsError)
                    electedAt = clock.Elapsed;
            }
        }
        finally
        {
            foreach (var c in connections.Values) c.Dispose();
        }
        return (commands, longest);
    }
}
