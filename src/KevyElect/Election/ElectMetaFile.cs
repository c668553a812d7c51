using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace KevyElect.Election
{
    /// <summary>
    /// The reference server's <c>&lt;data_dir&gt;/elect.meta</c>: two lines, <c>epoch &lt;n&gt;</c> and
    /// <c>voted &lt;id or -&gt;</c>. Saves are durable and atomic: a temp file is written and flushed to
    /// disk, then swapped in, so a crash leaves either the old pair or the new one.
    /// </summary>
    public sealed class ElectMetaFile : IElectPersist
    {
        /// <summary>The file name inside the data directory.</summary>
        public const string FileName = "elect.meta";

        private const string TempSuffix = ".tmp";
        private static readonly Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <summary>Stores the pair in <paramref name="dataDir"/>/elect.meta (the directory must exist).</summary>
        public ElectMetaFile(string dataDir)
        {
            if (string.IsNullOrEmpty(dataDir)) throw new ArgumentException("the data directory is empty", nameof(dataDir));
            Path = System.IO.Path.Combine(dataDir, FileName);
        }

        /// <summary>Full path of the meta file.</summary>
        public string Path { get; }

        /// <summary>The exact text the file holds for <paramref name="meta"/>.</summary>
        public static string Format(ElectMeta meta)
        {
            if (meta is null) throw new ArgumentNullException(nameof(meta));
            CheckVotedId(meta.VotedFor);
            return "epoch " + meta.Epoch.ToString(CultureInfo.InvariantCulture) + "\nvoted " + (meta.VotedFor ?? "-") + "\n";
        }

        /// <summary>Parses file text; a trailing newline (LF or CRLF) is optional.</summary>
        /// <exception cref="InvalidDataException">The text is not the two-line format; the message says which part.</exception>
        public static ElectMeta Parse(string text, string source = FileName)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            string body = text.EndsWith("\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
            string[] lines = body.Split('\n');
            if (lines.Length != 2) throw Corrupt(source, $"expected 2 lines, found {lines.Length}");
            string epochLine = lines[0].TrimEnd('\r'), votedLine = lines[1].TrimEnd('\r');

            if (!epochLine.StartsWith("epoch ", StringComparison.Ordinal))
                throw Corrupt(source, $"line 1 must be 'epoch <n>', found '{epochLine}'");
            string digits = epochLine.Substring(6);
            if (digits.Length == 0 || !IsDigits(digits) || !ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong epoch))
                throw Corrupt(source, $"epoch '{digits}' is not an unsigned 64-bit decimal");

            if (!votedLine.StartsWith("voted ", StringComparison.Ordinal))
                throw Corrupt(source, $"line 2 must be 'voted <id or ->', found '{votedLine}'");
            string voted = votedLine.Substring(6);
            if (voted.Length == 0 || HasWhitespace(voted)) throw Corrupt(source, $"voted id '{voted}' is empty or has whitespace");
            return new ElectMeta(epoch, voted == "-" ? null : voted);
        }

        /// <inheritdoc />
        /// <exception cref="InvalidDataException">The file exists but is corrupt.</exception>
        public ElectMeta Load()
        {
            if (!File.Exists(Path)) return ElectMeta.Empty;
            return Parse(File.ReadAllText(Path, Utf8NoBom), Path);
        }

        /// <inheritdoc />
        public void Save(ElectMeta meta)
        {
            byte[] bytes = Utf8NoBom.GetBytes(Format(meta));
            string temp = Path + TempSuffix;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            // Replace swaps in one rename when the target exists; Move is atomic when it does not.
            if (File.Exists(Path)) File.Replace(temp, Path, null);
            else File.Move(temp, Path);
        }

        private static void CheckVotedId(string? id)
        {
            if (id is null) return;
            if (id.Length == 0 || id == "-" || HasWhitespace(id))
                throw new ArgumentException($"voted id '{id}' cannot be stored: it is empty, '-', or has whitespace", nameof(id));
        }

        private static bool IsDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static bool HasWhitespace(string s)
        {
            foreach (char c in s)
            {
                if (char.IsWhiteSpace(c)) return true;
            }
            return false;
        }

        private static InvalidDataException Corrupt(string source, string why) =>
            new InvalidDataException($"corrupt election meta file '{source}': {why}");
    }
}
