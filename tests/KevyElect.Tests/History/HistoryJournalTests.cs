using Xunit;
using System.Diagnostics;
using System.Text;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.History;

namespace KevyElect.Tests.History;

public sealed class HistoryJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly TempJournal _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Entries_appended_read_back_in_order_one_line_each()
    {
        Assert.Null(_t.Journal.TryAppend(TempJournal.Failover(T0, message: "first")));
        Assert.Null(_t.Journal.TryAppend(TempJournal.Event(T0.AddMinutes(1), ClusterEventKind.NodeDown)));
        Assert.Null(_t.Journal.TryAppend(TempJournal.Failover(T0.AddMinutes(2), message: "third")));

        Assert.Equal(3, _t.Lines().Length);
        var (entries, skipped) = _t.ReadAll();
        Assert.Empty(skipped);
        Assert.Equal(new[] { "first", "NodeDown", "third" }, entries.Select(e => e.Message));
        Assert.Equal(T0.AddMinutes(1), entries[1].Time);
    }

    [Fact]
    public void The_folder_is_created_on_the_first_append()
    {
        var journal = new HistoryJournal(Path.Combine(_t.Folder, "a", "b", "journal.jsonl"));
        Assert.Null(journal.TryAppend(TempJournal.Failover(T0)));
        Assert.Single(journal.Read());
    }

    [Fact]
    public void Several_entries_in_one_append_are_one_line_each()
    {
        Assert.Null(_t.Journal.TryAppend(new[] { TempJournal.Failover(T0), TempJournal.Failover(T0.AddSeconds(1)) }));
        Assert.Equal(2, _t.Lines().Length);
    }

    [Fact]
    public void Filters_by_time_range_kind_outcome_event_kind_and_cluster()
    {
        _t.Journal.TryAppend(new[]
        {
            TempJournal.Failover(T0, "east", FailoverOutcome.Succeeded, "a"),
            TempJournal.Failover(T0.AddHours(1), "west", FailoverOutcome.Refused, "b"),
            TempJournal.Event(T0.AddHours(2), ClusterEventKind.PrimaryChanged, "east"),
            TempJournal.Event(T0.AddHours(3), ClusterEventKind.NodeDown, "west"),
            TempJournal.Failover(T0.AddHours(4), "east", FailoverOutcome.RolledBack, "e"),
        });
        string[] Read(HistoryQuery q) => _t.ReadAll(q).Entries.Select(e => e.Message).ToArray();

        Assert.Equal(new[] { "b", "PrimaryChanged", "NodeDown" }, Read(new HistoryQuery { After = T0.AddHours(1), Before = T0.AddHours(4) }));
        Assert.Equal(new[] { "PrimaryChanged", "NodeDown" }, Read(new HistoryQuery { Kinds = new[] { HistoryEntryKind.WatchEvent } }));
        Assert.Equal(new[] { "b", "e" }, Read(new HistoryQuery { Outcomes = new[] { FailoverOutcome.Refused, FailoverOutcome.RolledBack } }));
        Assert.Equal(new[] { "NodeDown" }, Read(new HistoryQuery { EventKinds = new[] { ClusterEventKind.NodeDown } }));
        Assert.Equal(new[] { "a", "PrimaryChanged", "e" }, Read(new HistoryQuery { Cluster = e => e.Cluster == "east" }));
        Assert.Equal(new[] { "PrimaryChanged", "e" }, Read(new HistoryQuery { Cluster = e => e.Cluster == "east", Last = 2 }));
        Assert.Equal(new[] { "e" }, Read(new HistoryQuery { Cluster = e => e.Cluster == "east", Kinds = new[] { HistoryEntryKind.Failover }, After = T0.AddMinutes(1) }));
        Assert.Empty(Read(new HistoryQuery { Outcomes = new[] { FailoverOutcome.Failed } }));
    }

    [Fact]
    public void Last_keeps_the_newest_in_journal_order()
    {
        for (int i = 0; i < 10; i++) _t.Journal.TryAppend(TempJournal.Failover(T0.AddMinutes(i), message: i.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(new[] { "7", "8", "9" }, _t.ReadAll(new HistoryQuery { Last = 3 }).Entries.Select(e => e.Message));
        Assert.Equal(10, _t.ReadAll(new HistoryQuery { Last = 50 }).Entries.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => _t.Journal.Read(new HistoryQuery { Last = 0 }));
    }

    [Fact]
    public void Corrupt_lines_are_skipped_and_reported_with_their_line_numbers_and_the_rest_is_read()
    {
        _t.Journal.TryAppend(TempJournal.Failover(T0, message: "one"));
        File.AppendAllText(_t.FilePath, "{\"v\":1,\"time\":\"2026-11-26T09:00:00Z\",\"kind\":\"Failover\",\"outcome\":\"Exploded\"}\n\n   \ngarbage\n");
        _t.Journal.TryAppend(TempJournal.Failover(T0, message: "two"));

        var (entries, skipped) = _t.ReadAll();
        Assert.Equal(new[] { "one", "two" }, entries.Select(e => e.Message));
        Assert.Equal(new long[] { 2, 5 }, skipped.Select(s => s.LineNumber));
        Assert.Equal("'outcome' is not a known FailoverOutcome: 'Exploded'", skipped[0].Reason);
        Assert.Equal($"{_t.FilePath} line 5 skipped: a JSON object must start with '{{' at character 1", skipped[1].ToString());
    }

    [Fact]
    public void A_line_a_crashed_writer_left_unfinished_costs_only_that_line()
    {
        _t.Journal.TryAppend(TempJournal.Failover(T0, message: "before"));
        File.AppendAllText(_t.FilePath, "{\"v\":1,\"time\":\"2026-11-26T09:00:00Z\",\"kind\":\"Fail");
        Assert.Null(_t.Journal.TryAppend(TempJournal.Failover(T0, message: "after")));

        var (entries, skipped) = _t.ReadAll();
        Assert.Equal(new[] { "before", "after" }, entries.Select(e => e.Message));
        Assert.Equal(2, Assert.Single(skipped).LineNumber);
    }

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_from_an_editor_are_read()
    {
        string line = HistoryJson.Format(TempJournal.Failover(T0, message: "edited")).TrimEnd('\n');
        File.WriteAllText(_t.FilePath, line + "\r\n" + line + "\r\n", new UTF8Encoding(true));
        var (entries, skipped) = _t.ReadAll();
        Assert.Empty(skipped);
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public void Reading_a_journal_that_does_not_exist_throws_FileNotFound()
    {
        var journal = new HistoryJournal(Path.Combine(_t.Folder, "none.jsonl"));
        Assert.Throws<FileNotFoundException>(() => journal.Read().ToList());
    }

    [Fact]
    public void A_path_under_a_file_gives_a_warning_not_an_exception()
    {
        string file = Path.Combine(_t.Folder, "plain-file");
        File.WriteAllText(file, "x");
        var journal = new HistoryJournal(Path.Combine(file, "journal.jsonl"));
        string? warning = journal.TryAppend(TempJournal.Failover(T0));
        Assert.NotNull(warning);
        Assert.StartsWith($"could not write the journal {journal.Path}: ", warning);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void A_folder_as_the_journal_gives_a_warning_and_leaves_nothing_behind()
    {
        string folder = Path.Combine(_t.Folder, "is-a-folder");
        Directory.CreateDirectory(folder);
        var journal = new HistoryJournal(folder);
        Assert.Equal($"could not write the journal {folder}: that is a folder; name a file", journal.TryAppend(TempJournal.Failover(T0)));
        Assert.Equal(new[] { folder }, Directory.GetFileSystemEntries(_t.Folder));
    }

    [Fact]
    public void A_full_disk_gives_a_warning_naming_the_cause()
    {
        var journal = new HistoryJournal(_t.FilePath) { OpenForAppend = _ => new FullDisk() };
        string? warning = journal.TryAppend(TempJournal.Failover(T0));
        Assert.Equal($"could not write the journal {_t.FilePath}: No space left on device", warning);
    }

    [Fact]
    public void A_lock_held_elsewhere_costs_at_most_the_lock_timeout_then_a_warning_and_nothing_is_written()
    {
        var journal = new HistoryJournal(_t.FilePath) { LockTimeout = TimeSpan.FromMilliseconds(50) };
        Assert.Null(journal.TryAppend(TempJournal.Failover(T0, message: "free")));
        string? warning;
        var clock = Stopwatch.StartNew();
        using (new FileStream(journal.LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            warning = journal.TryAppend(TempJournal.Failover(T0, message: "blocked"));
        }
        clock.Stop();
        Assert.NotNull(warning);
        Assert.Contains($"its lock {journal.LockPath} was not free within 50 ms", warning);
        Assert.InRange(clock.ElapsedMilliseconds, 50, 1000);
        Assert.Null(journal.TryAppend(TempJournal.Failover(T0, message: "free again")));
        Assert.Equal(new[] { "free", "free again" }, _t.ReadAll().Entries.Select(e => e.Message));
    }

    [Fact]
    public void The_default_journal_is_in_the_users_local_data_folder()
    {
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.Equal(Path.Combine(root, "KevyElect", "journal.jsonl"), HistoryJournal.DefaultPath);
    }

    /// <summary>A journal file on a full disk: it opens, and every write fails as ENOSPC does.</summary>
    private sealed class FullDisk : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device");
    }
}
