using KevyElect.Election;
using KevyElect.Protocol;

namespace KevyElect.Tests.Election;

/// <summary>Builds electors for direct tests: reference timings, fixed jitter, a three-node table unless told.</summary>
internal static class ElectorTestKit
{
    public static readonly string[] ThreeNodes = ["n1", "n2", "n3"];

    public static Elector Make(string id = "n2", string[]? peers = null, IElectPersist? persist = null,
        int jitter = 0, ElectionTimings? timings = null) =>
        new(id, peers ?? ThreeNodes, id + ".test:6004", timings ?? ElectionTimings.Reference,
            persist ?? new InMemoryElectPersist(), _ => jitter);

    public static HbMessage Hb(string id, ulong epoch = 1, ElectRole role = ElectRole.Replica, ulong offset = 0) =>
        new(epoch, id, role, offset);

    public static IEnumerable<T> Of<T>(this IReadOnlyList<Outbound> outbox) where T : ElectMessage =>
        outbox.Select(o => o.Message).OfType<T>();

    /// <summary>Ticks from <paramref name="fromMs"/> to <paramref name="toMs"/> every <paramref name="stepMs"/>, collecting all frames.</summary>
    public static List<(long AtMs, Outbound Out)> TickThrough(this Elector elector, long fromMs, long toMs, long stepMs = 10)
    {
        var sent = new List<(long, Outbound)>();
        for (long t = fromMs; t <= toMs; t += stepMs)
        {
            foreach (var o in elector.Tick(t)) sent.Add((t, o));
        }
        return sent;
    }
}
