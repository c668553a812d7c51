using System;
using System.Collections.Generic;
using System.Linq;

namespace KevyElect.Lab
{
    /// <summary>One command a lab node received, with when it arrived.</summary>
    public sealed class LabCommandRecord
    {
        /// <summary>Creates a record.</summary>
        public LabCommandRecord(DateTimeOffset receivedAt, IReadOnlyList<string> args)
        {
            ReceivedAt = receivedAt;
            Args = args ?? throw new ArgumentNullException(nameof(args));
        }

        /// <summary>When the command was taken up.</summary>
        public DateTimeOffset ReceivedAt { get; }

        /// <summary>The arguments as sent (UTF-8, lossy); the first is the command name.</summary>
        public IReadOnlyList<string> Args { get; }

        /// <summary>The command name upper-cased.</summary>
        public string Name => Args.Count == 0 ? string.Empty : Args[0].ToUpperInvariant();

        /// <inheritdoc />
        public override string ToString() => ReceivedAt.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(" ", Args);
    }

    /// <summary>A bounded, thread-safe ring of the commands a node received; the oldest drop out first.</summary>
    public sealed class LabCommandLog
    {
        private readonly object _sync = new object();
        private readonly Queue<LabCommandRecord> _records = new Queue<LabCommandRecord>();

        /// <summary>Creates a log keeping at most <paramref name="capacity"/> records.</summary>
        public LabCommandLog(int capacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be at least 1");
            Capacity = capacity;
        }

        /// <summary>Most records kept.</summary>
        public int Capacity { get; }

        /// <summary>Appends a record, dropping the oldest when full.</summary>
        public void Add(LabCommandRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            lock (_sync)
            {
                if (_records.Count == Capacity) _records.Dequeue();
                _records.Enqueue(record);
            }
        }

        /// <summary>The records kept, oldest first.</summary>
        public IReadOnlyList<LabCommandRecord> Snapshot()
        {
            lock (_sync) return _records.ToArray();
        }

        /// <summary>The records whose command name is <paramref name="name"/> (case-insensitive), oldest first.</summary>
        public IReadOnlyList<LabCommandRecord> Named(string name)
        {
            var upper = name.ToUpperInvariant();
            return Snapshot().Where(r => r.Name == upper).ToArray();
        }

        /// <summary>Forgets every record.</summary>
        public void Clear()
        {
            lock (_sync) _records.Clear();
        }
    }
}
