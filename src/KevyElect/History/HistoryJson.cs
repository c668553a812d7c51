using System;
using System.Collections.Generic;
using System.Globalization;
using KevyElect.Cluster;
using KevyElect.Failover;

namespace KevyElect.History
{
    /// <summary>
    /// The journal's line format: one flat JSON object per entry. Enum values are names, times ISO 8601 UTC to the
    /// millisecond, durations milliseconds; members that do not apply are left out; unknown members are ignored.
    /// </summary>
    internal static class HistoryJson
    {
        /// <summary>The format version each line carries in <c>v</c>.</summary>
        public const int Version = 1;

        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

        /// <summary>The entry as one line, ending in a line feed.</summary>
        public static string Format(HistoryEntry e) => new JsonLineWriter()
            .Number("v", (long)Version)
            .String("time", e.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture))
            .String("kind", e.Kind.ToString())
            .String("cluster", e.Cluster)
            .String("peers", e.Peers)
            .String("outcome", e.Outcome?.ToString())
            .String("failoverKind", e.FailoverKind?.ToString())
            .String("eventKind", e.EventKind?.ToString())
            .String("target", e.Target)
            .String("oldPrimary", e.OldPrimary)
            .String("newPrimary", e.NewPrimary)
            .String("node", e.Node)
            .String("old", e.Old)
            .String("new", e.New)
            .Number("epoch", e.Epoch)
            .Number("writeUnavailableMs", e.WriteUnavailableMs)
            .Number("durationMs", e.DurationMs)
            .Number("offsetGap", e.OffsetGap)
            .String("drain", e.Drain?.ToString())
            .String("drainDetail", e.DrainDetail)
            .String("refusal", e.RefusalCode?.ToString())
            .Strings("steps", e.Steps)
            .String("message", e.Message)
            .String("user", e.UserName)
            .String("host", e.HostName)
            .Number("pid", e.ProcessId)
            .Line();

        /// <summary>The entry on <paramref name="line"/>; a <see cref="FormatException"/> saying what is wrong otherwise.</summary>
        public static HistoryEntry Parse(string line)
        {
            var m = new Members(JsonLineReader.ReadObject(line));
            return new HistoryEntry
            {
                Time = m.Time("time"),
                KindValue = m.Enum<HistoryEntryKind>("kind") ?? throw new FormatException("no 'kind'"),
                Cluster = m.String("cluster") ?? string.Empty,
                Peers = m.String("peers") ?? string.Empty,
                OutcomeValue = m.Enum<FailoverOutcome>("outcome"),
                FailoverKindValue = m.Enum<FailoverKind>("failoverKind"),
                EventKindValue = m.Enum<ClusterEventKind>("eventKind"),
                Target = m.String("target"),
                OldPrimary = m.String("oldPrimary"),
                NewPrimary = m.String("newPrimary"),
                Node = m.String("node"),
                Old = m.String("old"),
                New = m.String("new"),
                Epoch = m.Number("epoch", s => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)),
                WriteUnavailableMs = m.Number("writeUnavailableMs", s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)),
                DurationMs = m.Number("durationMs", s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)),
                OffsetGap = m.Number("offsetGap", s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                DrainValue = m.Enum<DrainVerdict>("drain"),
                DrainDetail = m.String("drainDetail"),
                RefusalCodeValue = m.Enum<FailoverRefusalCode>("refusal"),
                Steps = m.Strings("steps"),
                Message = m.String("message") ?? string.Empty,
                UserName = m.String("user"),
                HostName = m.String("host"),
                ProcessId = m.Number("pid", s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)),
            };
        }

        /// <summary>Typed access to a line's members; each failure names the member.</summary>
        private readonly struct Members
        {
            private readonly Dictionary<string, object?> _values;

            public Members(Dictionary<string, object?> values) => _values = values;

            public string? String(string name) => Get(name) switch
            {
                null => null,
                string s => s,
                _ => throw new FormatException($"'{name}' is not a string"),
            };

            public T? Number<T>(string name, Func<string, T> parse) where T : struct
            {
                object? value = Get(name);
                if (value == null) return null;
                if (!(value is JsonNumber n)) throw new FormatException($"'{name}' is not a number");
                try { return parse(n.Text); }
                catch (Exception e) when (e is FormatException || e is OverflowException) { throw new FormatException($"'{name}' is out of range: {n.Text}"); }
            }

            public T? Enum<T>(string name) where T : struct, Enum
            {
                string? text = String(name);
                if (text == null) return null;
                // Names only, exactly as written: a number would parse as an enum value and hide a damaged line.
                if (!EnumNames<T>.ByName.TryGetValue(text, out T value))
                    throw new FormatException($"'{name}' is not a known {typeof(T).Name}: '{text}'");
                return value;
            }

            public DateTimeOffset Time(string name)
            {
                string text = String(name) ?? throw new FormatException($"no '{name}'");
                // The journal's own format first (cheap); any other ISO 8601 form a tool may have written, after.
                if (DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime exact))
                    return new DateTimeOffset(exact, TimeSpan.Zero);
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
                    throw new FormatException($"'{name}' is not an ISO 8601 time: '{text}'");
                return time;
            }

            public string[] Strings(string name)
            {
                object? value = Get(name);
                if (value == null) return System.Array.Empty<string>();
                if (!(value is List<object?> items)) throw new FormatException($"'{name}' is not an array");
                var list = new string[items.Count];
                for (int i = 0; i < items.Count; i++)
                    list[i] = items[i] as string ?? throw new FormatException($"'{name}' holds something other than strings");
                return list;
            }

            private object? Get(string name) => _values.TryGetValue(name, out object? value) ? value : null;
        }

        /// <summary>An enum's names, looked up without reflection per line.</summary>
        private static class EnumNames<T> where T : struct, Enum
        {
            public static readonly Dictionary<string, T> ByName = Build();

            private static Dictionary<string, T> Build()
            {
                var names = new Dictionary<string, T>(StringComparer.Ordinal);
                foreach (T value in (T[])System.Enum.GetValues(typeof(T))) names[value.ToString()] = value;
                return names;
            }
        }
    }
}
