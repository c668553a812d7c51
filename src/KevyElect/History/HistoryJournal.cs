using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using System.Text;

namespace KevyElect.History
{
    /// <summary>
    /// The failover history journal: a JSON-lines file that any number of processes append to at once. Each entry is
    /// one line, written with one write call under a cross-process lock (<c>&lt;path&gt;.lock</c>, see
    /// <see cref="LockTimeout"/>), so lines never interleave. Appending never throws: a journal that cannot be written
    /// gives a warning. Reading streams the file, filters, and skips (and reports) lines it cannot read.
    /// </summary>
    public sealed class HistoryJournal
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>A journal at <paramref name="path"/> (a full file path; the file and its folder are created on the first append).</summary>
        public HistoryJournal(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("the journal path is empty", nameof(path));
            Path = path;
        }

        /// <summary>How long an append waits at most for another writer's lock before it gives up with a warning.</summary>
        public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// The journal in the user's data folder: <c>KevyElect/journal.jsonl</c> under LocalApplicationData
        /// (<c>~/.local/share</c> on Linux, <c>%LOCALAPPDATA%</c> on Windows); null when the account has no such folder.
        /// </summary>
        public static string? DefaultPath
        {
            get
            {
                string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                return string.IsNullOrEmpty(root) ? null : System.IO.Path.Combine(root, "KevyElect", "journal.jsonl");
            }
        }

        /// <summary>The journal file.</summary>
        public string Path { get; }

        /// <summary>The lock file beside it.</summary>
        public string LockPath => Path + ".lock";

        /// <summary>How long an append waits at most for the lock (default <see cref="DefaultLockTimeout"/>).</summary>
        public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

        /// <summary>Opens the journal file for an append; replaceable so tests can stand in a full disk.</summary>
        internal Func<string, Stream> OpenForAppend { get; init; } = path =>
            new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);

        /// <summary>Appends one entry as one line. Returns null when it was written, else a warning naming the journal and the cause.</summary>
        public string? TryAppend(HistoryEntry entry) => TryAppend(new[] { entry ?? throw new ArgumentNullException(nameof(entry)) });

        /// <summary>Appends entries, one line each, in one write. Returns null when they were written, else a warning naming the journal and the cause.</summary>
        public string? TryAppend(IReadOnlyList<HistoryEntry> entries)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            if (entries.Count == 0) return null;
            var text = new StringBuilder("\n");
            foreach (HistoryEntry e in entries) text.Append(HistoryJson.Format(e));
            byte[] bytes = Utf8.GetBytes(text.ToString());
            if (Directory.Exists(Path)) return Warning("that is a folder; name a file");
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(Path);
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                using FileStream? held = JournalLock.TryAcquire(LockPath, LockTimeout, out string? failure);
                if (held == null) return Warning(failure!);
                using Stream file = OpenForAppend(Path);
                // Under the lock the end is where this line goes. A line a crashed writer left unfinished gets its line
                // feed first, so only that line reads as damaged, not this one too.
                long end = file.Seek(0, SeekOrigin.End);
                bool finished = end == 0 || EndsWithLineFeed(file, end);
                file.Write(bytes, finished ? 1 : 0, finished ? bytes.Length - 1 : bytes.Length);
                file.Flush();
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is SecurityException || e is NotSupportedException || e is ArgumentException)
            {
                return Warning(e.Message);
            }
        }

        /// <summary>
        /// The entries <paramref name="query"/> keeps, in journal order, read as the enumeration goes (with
        /// <see cref="HistoryQuery.Last"/>, once the file is read). A line that is not an entry is skipped and reported to
        /// <paramref name="skipped"/>; blank lines are skipped silently. The enumeration throws <see cref="FileNotFoundException"/>
        /// when the journal does not exist, other I/O exceptions when it cannot be read.
        /// </summary>
        public IEnumerable<HistoryEntry> Read(HistoryQuery? query = null, Action<HistoryLineProblem>? skipped = null)
        {
            int? last = query?.Last;
            if (last is int n && n < 1) throw new ArgumentOutOfRangeException(nameof(query), "Last must be at least 1");
            return ReadLines(query, last, skipped);
        }

        private IEnumerable<HistoryEntry> ReadLines(HistoryQuery? query, int? last, Action<HistoryLineProblem>? skipped)
        {
            Queue<HistoryEntry>? newest = last is int capacity ? new Queue<HistoryEntry>(Math.Min(capacity, 1024)) : null;
            using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan))
            using (var reader = new StreamReader(stream, Utf8, true))
            {
                long number = 0;
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    number++;
                    if (line.Trim().Length == 0) continue;
                    HistoryEntry? entry = Parse(line, number, skipped);
                    if (entry == null || (query != null && !query.Matches(entry))) continue;
                    if (newest == null)
                    {
                        yield return entry;
                        continue;
                    }
                    if (newest.Count == last) newest.Dequeue();
                    newest.Enqueue(entry);
                }
            }
            if (newest != null)
            {
                foreach (HistoryEntry e in newest) yield return e;
            }
        }

        private HistoryEntry? Parse(string line, long number, Action<HistoryLineProblem>? skipped)
        {
            try
            {
                return HistoryJson.Parse(line);
            }
            catch (FormatException e)
            {
                skipped?.Invoke(new HistoryLineProblem(Path, number, e.Message));
                return null;
            }
        }

        private static bool EndsWithLineFeed(Stream file, long end)
        {
            file.Seek(end - 1, SeekOrigin.Begin);
            bool lineFeed = file.ReadByte() == '\n';
            file.Seek(end, SeekOrigin.Begin);
            return lineFeed;
        }

        private string Warning(string cause) => $"could not write the journal {Path}: {cause.TrimEnd('.')}";

        /// <inheritdoc />
        public override string ToString() => Path;
    }
}
