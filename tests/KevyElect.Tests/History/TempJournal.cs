using KevyElect.History;

namespace KevyElect.Tests.History;

/// <summary>A journal in a fresh temporary folder, deleted with everything in it on Dispose.</summary>
internal sealed class TempJournal : IDisposable
{
    public TempJournal()
    {
        Folder = Path.Combine(Path.GetTempPath(), "kevyelect-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = System.IO.Path.Combine(Folder, "journal.jsonl");
        Journal = new HistoryJournal(FilePath);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public HistoryJournal Journal { get; }

    public string[] Lines() => File.ReadAllLines(FilePath);

    /// <summary>Reads everything back, collecting the lines it skipped.</summary>
    public (List<HistoryEntry> Entries, List<HistoryLineProblem> Skipped) ReadAll(HistoryQuery? query = null)
    {
        var skipped = new List<HistoryLineProblem>();
        var entries = Journal.Read(query, skipped.Add).ToList();
        return (entries, skipped);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
    }

    /// <summary>A failover entry with the fields tests vary.</summary>
    public static HistoryEntry Failover(DateTimeOffset time, string cluster = "c1", KevyElect.Failover.FailoverOutcome outcome = KevyElect.Failover.FailoverOutcome.Succeeded, string message = "m") =>
        new()
        {
            Time = time,
            KindValue = HistoryEntryKind.Failover,
            Cluster = cluster,
            Peers = cluster,
            OutcomeValue = outcome,
            FailoverKindValue = KevyElect.Failover.FailoverKind.Planned,
            Message = message,
        };

    /// <summary>A watch event entry.</summary>
    public static HistoryEntry Event(DateTimeOffset time, KevyElect.Cluster.ClusterEventKind kind, string cluster = "c1") =>
        new() { Time = time, KindValue = HistoryEntryKind.WatchEvent, Cluster = cluster, Peers = cluster, EventKindValue = kind, Message = kind.ToString() };
}
