using System.Collections.Concurrent;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Observe;
using KevyElect.Protocol;
using KevyElect.Tests.Failover;
using KevyElect.Tests.Lab;
using Xunit;
using Xunit.Abstractions;

namespace KevyElect.Tests.Robustness;

/// <summary>
/// Randomized chaos on a 5-node lab with real sockets: crashes, restarts, pauses, isolations and
/// partitions while a write load runs and a cluster watch records, each round ending in a healed
/// cluster and a planned switchover. No epoch ever has two writable primaries, and no write the old
/// primary held or any node acknowledged since the switchover began is missing on the new primary.
/// </summary>
[Collection(LabChaosCollection.Name)]
public class LabChaosTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Call = TimeSpan.FromSeconds(1);
    /// <summary>Crash times and chaos deadlines, on a monotonic clock.</summary>
    private static readonly System.Diagnostics.Stopwatch Monotonic = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public Task Chaos_rounds_keep_one_writable_primary_per_epoch_and_planned_switchovers_lose_no_write() =>
        RunChaosAsync(seed: 11, rounds: 4);

    [Fact]
    [Trait("Category", "Soak")]
    public Task Long_chaos_keeps_one_writable_primary_per_epoch_and_planned_switchovers_lose_no_write() =>
        RunChaosAsync(seed: 1011, rounds: 20);

    private async Task RunChaosAsync(int seed, int rounds)
    {
        var random = new Random(seed);
        using LabCluster lab = await LabCluster.StartAsync(new LabOptions
        {
            Nodes = 5,
            Timings = LabOptions.FastTimings,
            PromotionDelay = TimeSpan.FromMilliseconds(100),
            Seed = seed,
        });
        await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(15));
        using var stop = new CancellationTokenSource();
        var primaries = new WritablePrimaryMonitor(lab);
        Task monitor = primaries.RunAsync(stop.Token);
        var events = new ConcurrentQueue<ClusterEvent>();
        Task watch = ClusterWatcher.RunAsync(lab.Peers, new WatchOptions { Interval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMilliseconds(300) },
            events.Enqueue, null, stop.Token);
        using LabWriteLoad load = lab.StartWriteLoad(50);
        var crashedAt = new Dictionary<string, TimeSpan>();
        int lostToCrashes = 0;
        try
        {
            for (int round = 1; round <= rounds; round++)
            {
                string actions = await ChaosAsync(lab, random, TimeSpan.FromMilliseconds(2500), crashedAt);
                LabNode primary = await HealAsync(lab, crashedAt);
                output.WriteLine($"round {round}: {actions}; healed, {primary.NodeId} writes");

                DateTimeOffset switchoverAt = DateTimeOffset.UtcNow;
                (int checkedWrites, int lost, string newPrimary) = await SwitchoverLosesNothingAsync(lab, load, primary.NodeId, round);
                lostToCrashes = lost;
                output.WriteLine($"round {round}: switchover {primary.NodeId} -> {newPrimary}, {checkedWrites} acknowledged writes present");
                await WatchSawAsync(events, switchoverAt, newPrimary, round);
            }
        }
        finally
        {
            load.Stop();
            stop.Cancel();
            await Task.WhenAll(monitor, watch).WaitAsync(TimeSpan.FromSeconds(10));
        }

        output.WriteLine($"{primaries.Samples} samples over {primaries.Epochs.Count} epochs; {load.AckCount} writes acknowledged, " +
            $"{lostToCrashes} lost to unplanned failovers (asynchronous replication); {events.Count} watch events");
        Assert.True(primaries.Samples > 1000, $"only {primaries.Samples} samples of the lab");
        foreach ((ulong epoch, HashSet<string> nodes) in primaries.Epochs)
            Assert.True(nodes.Count == 1, $"epoch {epoch} had writable primaries {string.Join(", ", nodes)}");
    }

    /// <summary>The watch, polling every 100 ms, reports the switchover's new primary within two seconds.</summary>
    private static async Task WatchSawAsync(ConcurrentQueue<ClusterEvent> events, DateTimeOffset since, string newPrimary, int round)
    {
        await Eventually.HoldsAsync(
            () => events.Any(e => e.GetKind() == ClusterEventKind.PrimaryChanged && e.New == newPrimary && e.Time >= since.AddMilliseconds(-200)),
            TimeSpan.FromSeconds(2),
            () => $"round {round}: the watch reported no PrimaryChanged to {newPrimary}: " + string.Join("; ", events.Where(e => e.Time >= since).Select(e => e.ToString())),
            TimeSpan.FromMilliseconds(20));
    }

    /// <summary>A crashed node stays down at least this long before it restarts.</summary>
    private static TimeSpan MinimumDowntime(LabCluster lab) => TimeSpan.FromMilliseconds(2 * lab.GetOptions().Timings.DownAfterMs);

    /// <summary>
    /// Whether a crashed node may restart: it has been down long enough and no running node still follows
    /// it. A primary back before the others replaced it returns as a replica that they keep following (its
    /// heartbeats keep it alive in their views), and nobody starts a candidacy: the liveness gap of the rules
    /// as written (QuickRestartTests). This suite keeps that case out so its verdicts stay about split brain
    /// and lost writes.
    /// </summary>
    private static bool MayRestart(LabCluster lab, LabNodeState crashed, IReadOnlyCollection<LabNodeState> all, Dictionary<string, TimeSpan> crashedAt) =>
        Monotonic.Elapsed - crashedAt[crashed.NodeId] >= MinimumDowntime(lab) && !IsFollowed(crashed, all);

    private static bool IsFollowed(LabNodeState node, IEnumerable<LabNodeState> all) =>
        all.Any(s => s.IsRunning && s.KnownPrimaryId == node.NodeId);

    /// <summary>Random chaos for <paramref name="length"/>; returns what it did.</summary>
    private static async Task<string> ChaosAsync(LabCluster lab, Random random, TimeSpan length, Dictionary<string, TimeSpan> crashedAt)
    {
        var done = new List<string>();
        var until = Monotonic.Elapsed + length;
        while (Monotonic.Elapsed < until)
        {
            LabNodeState[] state = lab.GetState().ToArray();
            string[] running = state.Where(s => s.IsRunning && !s.IsPaused).Select(s => s.NodeId).ToArray();
            string[] crashed = state.Where(s => !s.IsRunning && MayRestart(lab, s, state, crashedAt)).Select(s => s.NodeId).ToArray();
            string[] paused = state.Where(s => s.IsPaused).Select(s => s.NodeId).ToArray();
            string Pick(string[] ids) => ids[random.Next(ids.Length)];
            switch (random.Next(7))
            {
                case 0 when running.Length > 0: { string id = Pick(running); lab.Crash(id); crashedAt[id] = Monotonic.Elapsed; done.Add("crash " + id); break; }
                case 1 when crashed.Length > 0: { string id = Pick(crashed); lab.Restart(id); done.Add("restart " + id); break; }
                case 2 when running.Length > 0: { string id = Pick(running); lab.Pause(id); done.Add("pause " + id); break; }
                case 3 when paused.Length > 0: { string id = Pick(paused); lab.Resume(id); done.Add("resume " + id); break; }
                case 4 when running.Length > 0: { string id = Pick(running); lab.Isolate(id); done.Add("isolate " + id); break; }
                case 5:
                {
                    string[] ids = lab.GetNodes().Select(n => n.NodeId).OrderBy(_ => random.Next()).ToArray();
                    int cut = random.Next(1, ids.Length);
                    lab.Split(ids.Take(cut).ToArray(), ids.Skip(cut).ToArray());
                    done.Add($"split {string.Join("", ids.Take(cut))}|{string.Join("", ids.Skip(cut))}");
                    break;
                }
                default: lab.Heal(); done.Add("heal"); break;
            }
            await Task.Delay(random.Next(150, 700));
        }
        return string.Join(", ", done);
    }

    /// <summary>
    /// Resumes and reconnects everything and restarts the crashed nodes nobody follows; once a primary is
    /// writable, restarts the rest (see <see cref="MayRestart"/>). Then waits until one writable primary has
    /// held for two down_after periods, so a node back from isolation that still calls an election does not
    /// race the switchover, and until both planes agree on it. One disagreement is the protocol's own and
    /// may stay: a replica that voted in, or ran, a lost election holds an epoch above the primary's and
    /// ignores its heartbeats until the next ANNOUNCE (as the reference does); the switchover's ANNOUNCE
    /// brings it along, and its verification proves that.
    /// </summary>
    private async Task<LabNode> HealAsync(LabCluster lab, Dictionary<string, TimeSpan> crashedAt)
    {
        foreach (LabNodeState s in lab.GetState().Where(s => s.IsPaused)) lab.Resume(s.NodeId);
        lab.Heal();
        await RestartCrashedAsync(lab, crashedAt, followedToo: false);
        await WritablePrimaryAsync(lab);
        await RestartCrashedAsync(lab, crashedAt, followedToo: true);

        var stableFor = TimeSpan.FromMilliseconds(2 * lab.GetOptions().Timings.DownAfterMs);
        var deadline = Monotonic.Elapsed + TimeSpan.FromSeconds(40);
        while (true)
        {
            LabNode primary = await WritablePrimaryAsync(lab);
            await Task.Delay(stableFor);
            LabNodeState[] now = lab.GetState().ToArray();
            if (IsSoleWritablePrimary(now, primary.NodeId) && await SettledOrBehindAnEpochAsync(lab, primary.NodeId))
                return primary;
            if (Monotonic.Elapsed > deadline)
                throw new TimeoutException("the healed lab did not settle on one primary: " + string.Join("; ", now.Select(s => s.ToString()))
                    + Environment.NewLine + RecentDecisions(lab));
        }
    }

    private static async Task RestartCrashedAsync(LabCluster lab, Dictionary<string, TimeSpan> crashedAt, bool followedToo)
    {
        foreach (LabNodeState s in lab.GetState().Where(s => !s.IsRunning))
        {
            if (!followedToo && IsFollowed(s, lab.GetState())) continue;
            TimeSpan wait = MinimumDowntime(lab) - (Monotonic.Elapsed - crashedAt[s.NodeId]);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            lab.Restart(s.NodeId);
        }
    }

    private static async Task<LabNode> WritablePrimaryAsync(LabCluster lab)
    {
        try
        {
            return await lab.WaitForPrimaryAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Environment.NewLine + RecentDecisions(lab), e);
        }
    }

    private static bool IsSoleWritablePrimary(IReadOnlyCollection<LabNodeState> state, string primaryId) =>
        state.Count(s => s.IsWritablePrimary) == 1 && state.Single(s => s.IsWritablePrimary).NodeId == primaryId;

    /// <summary>
    /// Waits until both planes agree on <paramref name="primaryId"/>; after a few seconds accepts nodes
    /// whose elector holds a higher epoch than the primary (they wait for the next ANNOUNCE) and fails on
    /// any other disagreement. False when another election replaced the primary meanwhile: such a node may
    /// also run, and win, a candidacy of its own (the rules allow it once it knows no live primary).
    /// </summary>
    private async Task<bool> SettledOrBehindAnEpochAsync(LabCluster lab, string primaryId)
    {
        try
        {
            await LabRun.WaitConsistentAsync(lab, primaryId, TimeSpan.FromSeconds(4));
            return true;
        }
        catch (TimeoutException)
        {
        }
        LabNodeState[] state = lab.GetState().ToArray();
        if (!IsSoleWritablePrimary(state, primaryId)) return false;
        ulong primaryEpoch = state.Single(s => s.NodeId == primaryId).Epoch ?? 0;
        var ahead = state.Where(s => s.NodeId != primaryId && s.KnownPrimaryId != primaryId && s.Epoch > primaryEpoch)
            .Select(s => s.NodeId).ToHashSet();
        IReadOnlyList<string> problems = ClusterConsistency.Check(await LabRun.ReadAsync(lab), primaryId);
        string[] unexplained = problems.Where(p => !ahead.Any(id => p.StartsWith(id + ":", StringComparison.Ordinal))).ToArray();
        if (!IsSoleWritablePrimary(lab.GetState().ToArray(), primaryId)) return false;
        Assert.True(unexplained.Length == 0, $"cluster not consistent on {primaryId} (epoch {primaryEpoch}): {string.Join("; ", problems)}"
            + Environment.NewLine + RecentDecisions(lab));
        output.WriteLine($"  left for the switchover's ANNOUNCE: {string.Join("; ", problems)}");
        return true;
    }

    /// <summary>Each elector's last decisions, for a failure message.</summary>
    private static string RecentDecisions(LabCluster lab) => string.Join(Environment.NewLine, lab.GetState().Select(s =>
        $"{s.NodeId} ({s.Role}, epoch {s.Epoch}, primary {s.KnownPrimaryId ?? "-"}): " +
        string.Join(" | ", s.GetDecisions()!.TakeLast(6).Select(d => $"@{d.AtMs} e{d.Epoch} {d.What}"))));

    /// <summary>
    /// Runs a planned switchover and checks that the new primary holds every acknowledged write the old
    /// one held when it began, and every write acknowledged since; returns how many were checked, how many
    /// acknowledged writes were already gone before (lost to crash failovers), and the new primary.
    /// </summary>
    private static async Task<(int Checked, int LostBefore, string NewPrimary)> SwitchoverLosesNothingAsync(
        LabCluster lab, LabWriteLoad load, string primaryId, int round)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        LabWriteAck[] before = load.GetAcks().ToArray();
        Dictionary<string, string?> held = await ReadAsync(lab.Peers.Find(primaryId)!, before.Select(a => a.Key));
        var expected = before.Where(a => held[a.Key] == a.Value).ToDictionary(a => a.Key, a => a.Value);
        int lostBefore = before.Length - expected.Count;

        FailoverPlan plan = FailoverPlanner.Plan(lab.Peers, await ClusterReader.Instance.ReadAsync(lab.Peers, Call, CancellationToken.None),
            new FailoverRequest { Epoch = EpochChooser.FromClock(DateTimeOffset.UtcNow) });
        Assert.False(plan.IsRefused, $"round {round}: " + plan.Describe());
        FailoverResult result = await SwitchoverRunner.RunAsync(lab.Peers, plan, LabRun.Options, null, CancellationToken.None);
        Assert.True(result.GetOutcome() == FailoverOutcome.Succeeded, $"round {round}: {result} | {string.Join(" | ", result.Steps)}");

        await Task.Delay(300);
        foreach (LabWriteAck ack in load.GetAcks().Where(a => a.AckedAt >= started)) expected[ack.Key] = ack.Value;
        Dictionary<string, string?> now = await ReadAsync(lab.Peers.Find(result.NewPrimary!)!, expected.Keys);
        string[] missing = expected.Where(kv => now[kv.Key] != kv.Value).Select(kv => kv.Key).ToArray();
        Assert.True(missing.Length == 0, $"round {round}: {missing.Length} acknowledged writes missing on {result.NewPrimary}: {string.Join(", ", missing.Take(10))}");
        return (expected.Count, lostBefore, result.NewPrimary!);
    }

    private static async Task<Dictionary<string, string?>> ReadAsync(PeerSpec node, IEnumerable<string> keys)
    {
        var values = new Dictionary<string, string?>();
        using KevyConnection connection = await KevyConnection.ConnectAsync(node.Host, node.ClientPort, Call, CancellationToken.None);
        foreach (string key in keys)
        {
            RespValue reply = await connection.ExecuteAsync(Call, CancellationToken.None, "GET", key);
            Assert.False(reply.IsError, $"GET {key} on {node.Id}: {reply}");
            values[key] = reply.Type == RespType.Null ? null : reply.Text;
        }
        return values;
    }

    /// <summary>Samples the lab every few milliseconds and remembers which nodes were writable primaries in each epoch.</summary>
    private sealed class WritablePrimaryMonitor(LabCluster lab)
    {
        public ConcurrentDictionary<ulong, HashSet<string>> Epochs { get; } = new();

        public long Samples { get; private set; }

        public async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                foreach (LabNodeState s in lab.GetState())
                {
                    if (s.IsWritablePrimary && s.Epoch is ulong epoch)
                        lock (Epochs) Epochs.GetOrAdd(epoch, _ => new HashSet<string>()).Add(s.NodeId);
                }
                Samples++;
                try { await Task.Delay(2, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
