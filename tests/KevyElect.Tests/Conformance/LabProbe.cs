using System.Diagnostics;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Lab;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Tests.Conformance;

/// <summary>What the scenarios ask the nodes, through their client and elect ports, the same way on both backends.</summary>
internal static class LabProbe
{
    /// <summary>The timeout of one call: a reply takes a millisecond; the rest is room for a machine busy with other work.</summary>
    public static readonly TimeSpan Call = TimeSpan.FromSeconds(3);

    /// <summary>How often the scenarios poll while they time something: fine enough for the stated tolerances.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static PeerSpec Peer(ElectLab lab, string nodeId) => lab.Peers.Find(nodeId) ?? throw new ArgumentException($"no node '{nodeId}' in the lab", nameof(nodeId));

    /// <summary>One command on a new connection.</summary>
    public static async Task<RespValue> CommandAsync(ElectLab lab, string nodeId, CancellationToken ct, params string[] args)
    {
        var peer = Peer(lab, nodeId);
        using var c = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, Call, ct);
        return await c.ExecuteAsync(Call, ct, args);
    }

    /// <summary>
    /// One command, repeated while the node answers <c>-LOADING</c> (a replica loading a snapshot, for up to a few tens of
    /// milliseconds after a full resync), so a shape read at such a moment is the shape the node settles on.
    /// </summary>
    public static async Task<RespValue> CommandPastLoadingAsync(ElectLab lab, string nodeId, CancellationToken ct, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            RespValue reply = await CommandAsync(lab, nodeId, ct, args);
            if (Answer(reply) != "LOADING" || clock.Elapsed > TimeSpan.FromSeconds(3)) return reply;
            await Task.Delay(5, ct);
        }
    }

    /// <summary>Who a node's ROLE names: <c>itself</c>, <c>no primary</c>, or the id of the node it names.</summary>
    public static async Task<string> RoleNamesAsync(ElectLab lab, string nodeId, CancellationToken ct)
    {
        RespValue role = await CommandPastLoadingAsync(lab, nodeId, ct, "ROLE");
        if (role.IsError) return "-" + role.Text;
        if (role.Items[0].Text == "master") return "itself";
        string host = role.Items[1].Text ?? "";
        return host.Length == 0 ? "no primary" : lab.Peers.FindByEndpoint(host, (int)role.Items[2].Integer)?.Id ?? $"{host}:{role.Items[2].Integer}";
    }

    /// <summary>One command; null when the node does not answer (down, paused).</summary>
    public static async Task<RespValue?> TryCommandAsync(ElectLab lab, string nodeId, CancellationToken ct, params string[] args)
    {
        try { return await CommandAsync(lab, nodeId, ct, args); }
        catch (KevyNetException) { return null; }
    }

    /// <summary>A SET's answer as an operator reads it: <c>OK</c>, or the first word of the error (<c>READONLY</c>, <c>NOREPLICAS</c>...).</summary>
    public static async Task<string> WriteAnswerAsync(ElectLab lab, string nodeId, CancellationToken ct)
    {
        RespValue? reply = await TryCommandAsync(lab, nodeId, ct, "SET", "conformance:probe", nodeId);
        return Answer(reply);
    }

    /// <summary>
    /// <see cref="WriteAnswerAsync"/> on a node that is primary by ROLE: an OK from a node whose ROLE names another (kevy,
    /// and the lab that models it, acknowledge writes on a replica for a moment while it retargets) is
    /// <c>OK on a replica</c>, so the first write a new primary takes is told from that window.
    /// </summary>
    public static async Task<string> PrimaryWriteAnswerAsync(ElectLab lab, string nodeId, CancellationToken ct)
    {
        string answer = await WriteAnswerAsync(lab, nodeId, ct);
        if (answer != "OK") return answer;
        RespValue? role = await TryCommandAsync(lab, nodeId, ct, "ROLE");
        return role != null && !role.IsError && role.Items[0].Text == "master" ? "OK" : "OK on a replica";
    }

    public static string Answer(RespValue? reply) =>
        reply == null ? "no answer" : reply.IsError ? (reply.Text ?? "").Split(' ')[0] : reply.Text ?? reply.Type.ToString();

    /// <summary>
    /// Tries a SET on each of <paramref name="nodes"/> every <see cref="Poll"/> until one that is primary by ROLE answers OK (see
    /// <see cref="PrimaryWriteAnswerAsync"/>); returns that node and the
    /// time on <paramref name="clock"/>. Fails after <paramref name="timeout"/>, naming the last answers.
    /// </summary>
    public static async Task<(string NodeId, TimeSpan At)> FirstWriteAsync(ElectLab lab, IReadOnlyCollection<string> nodes, Func<TimeSpan> clock,
        TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var last = new Dictionary<string, string>();
        while (true)
        {
            foreach (string id in nodes)
            {
                string answer = await PrimaryWriteAnswerAsync(lab, id, ct);
                if (answer == "OK") return (id, clock());
                last[id] = answer;
            }
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"no node of {string.Join(", ", nodes)} took a write within {timeout.TotalSeconds:0} s: "
                    + string.Join(", ", last.Select(kv => kv.Key + " " + kv.Value)));
            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="poll"/> (default <see cref="Poll"/>); fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(poll ?? Poll, ct);
        }
    }

    /// <summary>ROLE's offset of each of <paramref name="nodeIds"/> (null for a node that did not answer ROLE).</summary>
    public static async Task<IReadOnlyDictionary<string, long?>> OffsetsAsync(ElectLab lab, CancellationToken ct, params string[] nodeIds)
    {
        var read = await ReadAsync(lab, ct);
        return nodeIds.ToDictionary(id => id, id => read.Single(n => n.Peer.Id == id).Role?.Offset);
    }

    /// <summary>
    /// Waits until the ROLE offset of every one of <paramref name="replicas"/> equals <paramref name="primaryId"/>'s; false if
    /// they do not within <paramref name="timeout"/>. Stricter than a lag of 0, which kevy reads from a gauge refreshed about once
    /// a second.
    /// </summary>
    public static async Task<bool> AppliedAsync(ElectLab lab, string primaryId, IReadOnlyCollection<string> replicas, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await UntilAsync(async () =>
            {
                var offsets = await OffsetsAsync(lab, ct, replicas.Append(primaryId).ToArray());
                return offsets[primaryId] is long top && replicas.All(id => offsets[id] == top);
            }, timeout, "the replicas to apply the primary's stream", ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>ROLE and INFO of every node, as the failover runners read them.</summary>
    public static Task<IReadOnlyList<NodeObservation>> ReadAsync(ElectLab lab, CancellationToken ct) => ClusterReader.Instance.ReadAsync(lab.Peers, Call, ct);

    /// <summary>True when both planes of every reachable node agree on <paramref name="primaryId"/> (ROLE names it, INFO replicates from it).</summary>
    public static async Task<bool> AgreeOnAsync(ElectLab lab, string primaryId, CancellationToken ct) =>
        ClusterConsistency.Check(await ReadAsync(lab, ct), primaryId).Count == 0;

    /// <summary>Waits until both planes of every reachable node agree on <paramref name="primaryId"/>.</summary>
    public static async Task WaitAgreeAsync(ElectLab lab, string primaryId, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> problems;
        while ((problems = ClusterConsistency.Check(await ReadAsync(lab, ct), primaryId)).Count > 0)
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"the nodes did not agree on {primaryId} within {timeout.TotalSeconds:0} s: {string.Join("; ", problems)}");
            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>Sends <paramref name="message"/> to the elect port of each node, in the order given.</summary>
    public static async Task SendAsync(ElectLab lab, ElectMessage message, CancellationToken ct, params string[] nodeIds)
    {
        foreach (string id in nodeIds)
        {
            var peer = Peer(lab, id);
            await ElectSender.SendOnceAsync(peer.Host, peer.ElectPort, new[] { message }, Call, ct);
        }
    }

    /// <summary>The acknowledged writes of <paramref name="acks"/> whose value <paramref name="nodeId"/> does not hold.</summary>
    public static async Task<IReadOnlyList<LabWriteAck>> MissingAsync(ElectLab lab, string nodeId, IEnumerable<LabWriteAck> acks, CancellationToken ct)
    {
        var peer = Peer(lab, nodeId);
        using var c = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, Call, ct);
        var missing = new List<LabWriteAck>();
        foreach (var ack in acks)
        {
            RespValue reply = await c.ExecuteAsync(Call, ct, "GET", ack.Key);
            if (reply.IsError) throw new InvalidOperationException($"GET {ack.Key} on {nodeId}: -{reply.Text}");
            if (reply.Text != ack.Value) missing.Add(ack);
        }
        return missing;
    }

    /// <summary>The one elected, writable primary now (from the lab's node rows).</summary>
    public static async Task<LabNodeState> PrimaryAsync(ElectLab lab, CancellationToken ct) =>
        (await lab.GetStateAsync(ct)).Single(s => s.IsWritablePrimary);

    /// <summary>A clock epoch above every epoch an election reached (see <see cref="EpochChooser"/>).</summary>
    public static ulong ClockEpoch() => EpochChooser.FromClock(DateTimeOffset.UtcNow);
}
