using KevyElect.Election;
using KevyElect.Protocol;

namespace KevyElect.Tests.Election.Sim;

/// <summary>A simulated node: its durable meta outlives its elector, which is null while the node is dead.</summary>
public sealed class SimNode(string id, IElectPersist persist)
{
    public string Id { get; } = id;
    public IElectPersist Persist { get; } = persist;
    public Elector? Elector { get; set; }
    public ulong Offset { get; set; }
    public int Incarnation { get; set; }
    public bool IsAlive => Elector is not null;
}

/// <summary>
/// A deterministic cluster of electors on a virtual clock advanced in fixed steps. Each step delivers the
/// frames due, then ticks every live node in id order. Jitter comes from one seeded random source.
/// Every primary seen (a node in role primary after a step, or a sent ANNOUNCE) is recorded per epoch.
/// </summary>
public sealed class SimCluster
{
    private readonly Random _random;
    private readonly Dictionary<string, SimNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<SimNode> _ordered = new();
    private readonly Dictionary<ulong, HashSet<string>> _primariesByEpoch = new();
    private readonly List<(long AtMs, string From, string? To, ElectMessage Message)> _controlLog = new();

    public SimCluster(int size, ElectionTimings? timings = null, int seed = 1, long stepMs = 10,
        Func<string, IElectPersist>? persistFactory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Timings = timings ?? ElectionTimings.Reference;
        StepMs = stepMs;
        _random = new Random(seed);
        Ids = Enumerable.Range(1, size).Select(i => "n" + i).ToArray();
        foreach (string id in Ids)
        {
            var node = new SimNode(id, persistFactory?.Invoke(id) ?? new InMemoryElectPersist());
            _nodes[id] = node;
            _ordered.Add(node);
            Start(node);
        }
    }

    public ElectionTimings Timings { get; }
    public long StepMs { get; }
    public long NowMs { get; private set; }
    public IReadOnlyList<string> Ids { get; }
    public SimNetwork Network { get; } = new();

    /// <summary>Every OFFER, ACCEPT and ANNOUNCE sent (HBs are too many to keep).</summary>
    public IReadOnlyList<(long AtMs, string From, string? To, ElectMessage Message)> ControlLog => _controlLog;

    public IReadOnlyDictionary<ulong, HashSet<string>> PrimariesByEpoch => _primariesByEpoch;

    public SimNode Node(string id) => _nodes[id];

    public Elector E(string id) => _nodes[id].Elector ?? throw new InvalidOperationException(id + " is dead");

    public ElectState S(string id) => E(id).State;

    public IEnumerable<SimNode> Alive => Ids.Select(id => _nodes[id]).Where(n => n.IsAlive);

    public IEnumerable<SimNode> Dead => Ids.Select(id => _nodes[id]).Where(n => !n.IsAlive);

    /// <summary>Live nodes whose elector says primary.</summary>
    public IReadOnlyList<string> Primaries => Alive.Where(n => n.Elector!.Role == ElectRole.Primary).Select(n => n.Id).ToArray();

    /// <summary>The single live primary, or null when there is none or more than one.</summary>
    public string? SolePrimary => Primaries.Count == 1 ? Primaries[0] : null;

    /// <summary>An epoch in which two different nodes were primary, or null.</summary>
    public ulong? SplitBrainEpoch => _primariesByEpoch.Where(kv => kv.Value.Count > 1).Select(kv => (ulong?)kv.Key).FirstOrDefault();

    public void SetOffset(string id, ulong offset)
    {
        var node = _nodes[id];
        node.Offset = offset;
        node.Elector?.SetReplOffset(offset);
    }

    public void Kill(string id) => _nodes[id].Elector = null;

    /// <summary>Starts a fresh elector on the node's surviving meta and offset.</summary>
    public void Restart(string id)
    {
        var node = _nodes[id];
        if (node.IsAlive) throw new InvalidOperationException(id + " is alive");
        Start(node);
    }

    public void Partition(params string[][] groups) => Network.Partition(groups);

    public void Heal() => Network.Heal();

    /// <summary>Hands a frame to a node as if it came from outside the cluster (e.g. an unknown id).</summary>
    public void Inject(string to, ElectMessage message)
    {
        var node = _nodes[to];
        if (node.Elector is null) return;
        Dispatch(node.Id, node.Elector.OnMessage(message, NowMs));
    }

    public void Step()
    {
        NowMs += StepMs;
        while (Network.TryTakeDue(NowMs, out var frame))
        {
            var target = _nodes[frame.To];
            if (target.Elector is null || target.Incarnation != frame.ToIncarnation) continue;
            Dispatch(target.Id, target.Elector.OnMessage(frame.Message, NowMs));
        }
        foreach (var node in _ordered)
        {
            if (node.Elector is not null) Dispatch(node.Id, node.Elector.Tick(NowMs));
        }
        foreach (var node in _ordered)
        {
            if (node.Elector?.Role == ElectRole.Primary) RecordPrimary(node.Elector.Epoch, node.Id);
        }
    }

    public void Run(long ms)
    {
        long until = NowMs + ms;
        while (NowMs < until) Step();
    }

    /// <summary>Steps until <paramref name="condition"/> holds; returns whether it did within <paramref name="maxMs"/>.</summary>
    public bool RunUntil(Func<bool> condition, long maxMs)
    {
        long until = NowMs + maxMs;
        while (!condition())
        {
            if (NowMs >= until) return false;
            Step();
        }
        return true;
    }

    private void Start(SimNode node)
    {
        node.Incarnation++;
        node.Elector = new Elector(node.Id, Ids, node.Id + ".test:6004", Timings, node.Persist, max => _random.Next(max));
        node.Elector.SetReplOffset(node.Offset);
    }

    private void Dispatch(string from, IReadOnlyList<Outbound> outbox)
    {
        foreach (var outbound in outbox)
        {
            if (outbound.Message is not HbMessage) _controlLog.Add((NowMs, from, outbound.To, outbound.Message));
            if (outbound.Message is AnnounceMessage announce) RecordPrimary(announce.Epoch, announce.NewPrimaryId);
            if (outbound.To is null)
            {
                foreach (var peer in _ordered)
                {
                    if (peer.Id != from) Network.Send(from, peer.Id, peer.Incarnation, outbound.Message, NowMs);
                }
            }
            else if (outbound.To != from && _nodes.ContainsKey(outbound.To))
            {
                SendTo(from, outbound.To, outbound.Message);
            }
        }
    }

    private void SendTo(string from, string to, ElectMessage message) =>
        Network.Send(from, to, _nodes[to].Incarnation, message, NowMs);

    private void RecordPrimary(ulong epoch, string id)
    {
        if (!_primariesByEpoch.TryGetValue(epoch, out var set)) _primariesByEpoch[epoch] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(id);
    }
}
