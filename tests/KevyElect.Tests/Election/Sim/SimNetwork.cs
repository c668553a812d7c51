using KevyElect.Protocol;

namespace KevyElect.Tests.Election.Sim;

/// <summary>One frame on the wire: it reaches its target only if the link is open and the target is the same incarnation.</summary>
public sealed record InFlight(long DeliverAtMs, long Seq, string From, string To, int ToIncarnation, ElectMessage Message);

/// <summary>
/// An in-memory network: per-link one-way delays and partitions into groups. A frame is dropped when its
/// link is cut at send time or at delivery time (a partition also loses what was in flight).
/// </summary>
public sealed class SimNetwork
{
    private readonly PriorityQueue<InFlight, (long, long)> _queue = new();
    private readonly Dictionary<(string, string), long> _delays = new();
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    private long _seq;

    /// <summary>Delay of links without an explicit one.</summary>
    public long DefaultDelayMs { get; set; } = 5;

    public long Dropped { get; private set; }

    public void SetDelay(string from, string to, long ms) => _delays[(from, to)] = ms;

    public long DelayOf(string from, string to) => _delays.TryGetValue((from, to), out long ms) ? ms : DefaultDelayMs;

    /// <summary>Splits nodes into groups that only hear each other; a node not listed is alone.</summary>
    public void Partition(IEnumerable<IEnumerable<string>> groups)
    {
        _groups.Clear();
        int index = 0;
        foreach (var group in groups)
        {
            index++;
            foreach (string id in group) _groups[id] = index;
        }
        _partitioned = true;
    }

    public void Heal()
    {
        _groups.Clear();
        _partitioned = false;
    }

    private bool _partitioned;

    public bool Connected(string a, string b)
    {
        if (!_partitioned) return true;
        return _groups.TryGetValue(a, out int ga) && _groups.TryGetValue(b, out int gb) && ga == gb;
    }

    public void Send(string from, string to, int toIncarnation, ElectMessage message, long nowMs)
    {
        if (!Connected(from, to)) { Dropped++; return; }
        var frame = new InFlight(nowMs + DelayOf(from, to), _seq++, from, to, toIncarnation, message);
        _queue.Enqueue(frame, (frame.DeliverAtMs, frame.Seq));
    }

    /// <summary>Removes and returns the next frame due by <paramref name="nowMs"/> whose link is still open.</summary>
    public bool TryTakeDue(long nowMs, out InFlight frame)
    {
        while (_queue.TryPeek(out frame!, out var key) && key.Item1 <= nowMs)
        {
            _queue.Dequeue();
            if (Connected(frame.From, frame.To)) return true;
            Dropped++;
        }
        frame = null!;
        return false;
    }
}
