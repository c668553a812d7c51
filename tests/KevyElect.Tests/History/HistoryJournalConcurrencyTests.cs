using Xunit;
using KevyElect.History;

namespace KevyElect.Tests.History;

public sealed class HistoryJournalConcurrencyTests : IDisposable
{
    private readonly TempJournal _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Many_threads_appending_at_once_never_interleave_a_line_and_lose_none()
    {
        const int threads = 8, each = 150;
        // The test is about atomicity, not the lock budget: a generous timeout keeps a busy machine from failing appends.
        var journal = new HistoryJournal(_t.FilePath) { LockTimeout = TimeSpan.FromSeconds(30) };
        var start = new Barrier(threads);
        var warnings = new System.Collections.Concurrent.ConcurrentBag<string>();
        Thread[] workers = Enumerable.Range(0, threads).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < each; i++)
            {
                // Long messages make a torn or interleaved write visible as a line that does not parse.
                var entry = TempJournal.Failover(DateTimeOffset.UtcNow, $"writer-{w}", message: $"{w}:{i}:" + new string((char)('a' + w), 2000));
                if (journal.TryAppend(entry) is string warning) warnings.Add(warning);
            }
        })).ToArray();
        foreach (Thread t in workers) t.Start();
        foreach (Thread t in workers) Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a writer did not finish within 60 s");

        Assert.Empty(warnings);
        Assert.Equal(threads * each, _t.Lines().Length);
        var (entries, skipped) = _t.ReadAll();
        Assert.Empty(skipped);
        foreach (var writer in entries.GroupBy(e => e.Cluster))
        {
            // Each writer's lines are whole and in the order it wrote them.
            int w = int.Parse(writer.Key.AsSpan("writer-".Length), CultureInfo.InvariantCulture);
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"{w}:{i}"), writer.Select(e => e.Message.Substring(0, e.Message.LastIndexOf(':'))));
            Assert.All(writer, e => Assert.EndsWith(new string((char)('a' + w), 2000), e.Message));
        }
        Assert.Equal(threads, entries.Select(e => e.Cluster).Distinct().Count());
    }
}
