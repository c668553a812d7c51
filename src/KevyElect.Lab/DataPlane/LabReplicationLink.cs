using System;
using System.Collections.Generic;

namespace KevyElect.Lab
{
    /// <summary>The states a replica's link to its source goes through (ROLE names them).</summary>
    public enum LabLinkState
    {
        /// <summary>Not connected: the source is unknown, down or cut off.</summary>
        Connect,
        /// <summary>Handshake and resync in progress.</summary>
        Sync,
        /// <summary>Streaming writes.</summary>
        Connected,
    }

    /// <summary>A replica's link to the node it replicates from. Guarded by the fabric's gate.</summary>
    internal sealed class LabReplicationLink
    {
        public LabReplicationLink(string host, int port, string? sourceId)
        {
            Host = host;
            Port = port;
            SourceId = sourceId;
        }

        /// <summary>The source's host as REPLICAOF named it.</summary>
        public string Host { get; }

        /// <summary>The source's replication port (client + 10000) when known, else the port REPLICAOF named.</summary>
        public int Port { get; }

        /// <summary>The source's node id, or null when the address is not a lab node.</summary>
        public string? SourceId { get; }

        public LabLinkState State { get; set; } = LabLinkState.Connect;

        /// <summary>Position in the source's log received so far (the source's "sent").</summary>
        public long Received { get; set; }

        /// <summary>The source's offset as its last heartbeat said (the lag gauge's reference: it trails under load).</summary>
        public long SourceOffsetSeen { get; set; }

        /// <summary>The source's feed generation as its last heartbeat said; 0 before the first one.</summary>
        public ulong SourceGeneration { get; set; }

        /// <summary>When the source's last heartbeat arrived, or null before the first.</summary>
        public TimeSpan? LastHeartbeat { get; set; }

        /// <summary>The entry at <see cref="Received"/> in the source's log, to notice when that history is replaced.</summary>
        public LabReplicationEntry? LastReceived { get; set; }

        /// <summary>Received writes waiting for the apply delay.</summary>
        public Queue<(LabReplicationEntry Entry, TimeSpan Due)> Pending { get; } = new Queue<(LabReplicationEntry, TimeSpan)>();

        public TimeSpan? LastIo { get; set; }

        /// <summary>When the link last reached Connected (orders the source's replica list).</summary>
        public TimeSpan ConnectedAt { get; set; } = TimeSpan.MaxValue;

        public void Drop()
        {
            State = LabLinkState.Connect;
            Pending.Clear();
            LastReceived = null;
            ConnectedAt = TimeSpan.MaxValue;
            SourceGeneration = 0;
            LastHeartbeat = null;
        }
    }
}
