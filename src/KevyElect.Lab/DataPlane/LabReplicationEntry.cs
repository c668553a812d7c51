using System.Collections.Generic;

namespace KevyElect.Lab
{
    /// <summary>
    /// One write in a node's replication log. Entries are immutable and shared between the logs of
    /// nodes that hold the same history, so "same history" is a reference comparison.
    /// </summary>
    internal sealed class LabReplicationEntry
    {
        public LabReplicationEntry(IReadOnlyList<byte[]> args) => Args = args;

        /// <summary>The write as a command: SET key value, or DEL key...</summary>
        public IReadOnlyList<byte[]> Args { get; }

        /// <summary>When the node that accepted the write appended it (set once; replicas keep the original time).</summary>
        public System.TimeSpan? AppendedAt { get; set; }
    }
}
