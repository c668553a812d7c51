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
    /// <summary>Why the embedded lab's replicas do not reload a snapshot after the first election, as kevy's do.</summary>
    private const string FirstElectionReload =
        "kevy flags its configured primary a replica until it is elected, so that first election starts a new replication feed "
        + "and the replicas reload its snapshot, answering -LOADING for 150 to 400 ms (each shard's new feed starts on its own tick); "
        + "the lab's replicas stay on the boot feed. Modelling it makes every embedded lab's replicas answer -LOADING for a moment "
        + "right after its first election, and 13 xunit tests of the module (switchover, takeover, dry-run, waiter and watch tests "
        + "on the embedded lab) read the cluster right then; they must wait out the reload first, as on the real server, before "
        + "the lab can change";

    /// <summary>How long the primary's offset must stay put to count as settled: past a shard tick and a replication heartbeat (1 s).</summary>
    private static readonly TimeSpan OffsetSettle = TimeSpan.FromMilliseconds(1200);

    public override string Id => "reply-shapes";

    public override string Title => "The shapes of ROLE and INFO replication in each state";

    public override string Description => "ROLE, INFO replication and a SET on n1 and n2 of a fresh lab before its first election; the replicas polled back to back through the election; "
        + "every node once steady; a write probe's effect on the offsets; the new primary right after the primary is killed.";

    public override bool StartsSteady => false;

    public override IReadOnlyList<FactRule> Rules { get; } = new[]
    {
        FactRule.Same("before the election: n1 ROLE"),
        // Before the first election the server lists a replica as syncing or already online, from run to run.
        FactRule.SameOnceNormalized("before the election: n1 INFO", ReplyShape.WithoutReplicaStatesOrCount, "equal, a replica's state=online or syncing alike, and one replica listed or both"),
        FactRule.Same("before the election: n1 SET"),
        FactRule.Same("before the election: n2 ROLE"),
        FactRule.Same("before the election: n2 INFO"),
        FactRule.Same("replicas after the promotion answer -LOADING to").Differs(FirstElectionReload),
        FactRule.Within("longest -LOADING ms", 150).Differs(FirstElectionReload),
        FactRule.Same("steady primary ROLE"),
        FactRule.Same("steady primary INFO"),
        FactRule.Same("steady replica ROLE"),
        FactRule.Same("steady replica INFO"),
        FactRule.Same("a write probe (DEL of an absent key) moves the primary's offset by"),
        FactRule.Shown("new primary right after a crash election: ROLE", "kevy 5.4.0 lists the replicas that have already reconnected to it, none or one, run to run; the lab none yet"),
        FactRule.Shown("new primary right after a crash election: INFO", "kevy 5.4.0 switches INFO to role:master 150 to 400 ms after the election, so a read right after it shows either, run to run; the lab shows role:slave for its PromotionDelay"),
        FactRule.Same("its ROLE offset once INFO says master, against the old primary's").Differs(
            "kevy's offsets count from the start of the current feed generation, which a promotion starts anew; the lab's count every "
            + "write of the node's history (below only when the crash lost writes in flight). Modelling it would change every offset "
            + "the lab reports; the module compares offsets only between nodes of one generation, through REPL.TOKEN and REPL.WAIT"),
    };

    public override async Task RunAsync(ElectLab lab, ScenarioObservation observe, CancellationToken ct)
    {
        // The replicas link to the configured primary over the first moments after boot (none, one, then both, from run to
        // run): the shapes before the election are read once both are linked, which is still well before the first election.
        while (lab.GetUptime() < TimeSpan.FromSeconds(3) && !await BothLinkedAsync(lab, ct))
            await Task.Delay(10, ct);
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

        long before = await SettledOffsetAsync(lab, primary.NodeId, ct);
        await LabProbe.CommandAsync(lab, primary.NodeId, ct, "DEL", "conformance:absent");
        observe.Add("a write probe (DEL of an absent key) moves the primary's offset by", (await SettledOffsetAsync(lab, primary.NodeId, ct) - before).ToString(CultureInfo.InvariantCulture));

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
        Assert.StartsWith("[master, int, [[bulk x3] x2]]", o.Text("steady primary ROLE"));
        Assert.StartsWith("[slave, bulk, int, connected, int]", o.Text("steady replica ROLE"));
        Assert.StartsWith("role:master", o.Text("steady primary INFO"));
        Assert.StartsWith("role:slave", o.Text("steady replica INFO"));
        // After a crash election the new primary says master in ROLE while its INFO still says slave.
        Assert.StartsWith("[master,", o.Text("new primary right after a crash election: ROLE"));
        Assert.Matches("^role:(slave|master)", o.Text("new primary right after a crash election: INFO"));
    }

    private static async Task<bool> BothLinkedAsync(ElectLab lab, CancellationToken ct)
    {
        foreach (string id in new[] { "n2", "n3" })
        {
            RespValue? info = await LabProbe.TryCommandAsync(lab, id, ct, "INFO", "replication");
            if (info == null || info.IsError || info.Text?.Contains("master_link_status:up", StringComparison.Ordinal) != true) return false;
        }
        return true;
    }

    /// <summary>
    /// The primary's offset once it has stayed the same for <see cref="OffsetSettle"/>: kevy's master_repl_offset shows a
    /// write on its shard's next tick, not at once, and a new primary's feed bumps trail on those ticks too.
    /// </summary>
    private static async Task<long> SettledOffsetAsync(ElectLab lab, string nodeId, CancellationToken ct)
    {
        var overall = Stopwatch.StartNew();
        var unchanged = Stopwatch.StartNew();
        long offset = await MasterOffsetAsync(lab, nodeId, ct);
        while (unchanged.Elapsed < OffsetSettle)
        {
            if (overall.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"{nodeId}'s offset kept moving for 10 s (last {offset})");
            await Task.Delay(LabProbe.Poll, ct);
            long now = await MasterOffsetAsync(lab, nodeId, ct);
            if (now != offset) unchanged.Restart();
            offset = now;
        }
        return offset;
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
