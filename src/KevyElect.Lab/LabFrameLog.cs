using System;
using System.Collections.Generic;
using System.Threading;

namespace KevyElect.Lab
{
    /// <summary>A bounded, thread-safe ring of frame records with a running total; the oldest drop out first.</summary>
    public sealed class LabFrameLog
    {
        private readonly object _sync = new object();
        private readonly Queue<LabFrameRecord> _records = new Queue<LabFrameRecord>();
        private long _total;

        /// <summary>Creates a log keeping at most <paramref name="capacity"/> records.</summary>
        public LabFrameLog(int capacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be at least 1");
            Capacity = capacity;
        }

        /// <summary>Most records kept.</summary>
        public int Capacity { get; }

        /// <summary>Records ever added, including those that dropped out.</summary>
        public long Total => Interlocked.Read(ref _total);

        /// <summary>Appends a record, dropping the oldest when full.</summary>
        public void Add(LabFrameRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            lock (_sync)
            {
                if (_records.Count == Capacity) _records.Dequeue();
                _records.Enqueue(record);
                _total++;
            }
        }

        /// <summary>The records kept, oldest first.</summary>
        public IReadOnlyList<LabFrameRecord> Snapshot()
        {
            lock (_sync) return _records.ToArray();
        }
    }
}
