using System;

namespace KevyElect.Lab
{
    public sealed partial class LabDataPlane
    {
        /// <summary>Writes this node has applied: its replication offset.</summary>
        internal long OffsetLocked => _log.Count;

        internal TimeSpan AttachedAtLocked => _link?.ConnectedAt ?? TimeSpan.MaxValue;

        internal LabReplicationLink? LinkLocked => _link;

        /// <summary>True when this node's data plane replicates (or is resyncing) from <paramref name="sourceId"/>.</summary>
        internal bool IsAttachedToLocked(string sourceId) =>
            _run != RunState.Stopped && _promotionStartedAt == null && _link != null
            && _link.SourceId == sourceId && _link.State != LabLinkState.Connect;

        /// <summary>One pump step: finish a pending promotion, drive a FAILOVER, move writes over the link.</summary>
        internal void TickLocked(TimeSpan now)
        {
            if (_run != RunState.Running) return;
            if (_promotionStartedAt != null && now - _promotionStartedAt.Value >= _fabric.Options.PromotionDelay)
                BecomeMasterLocked();
            if (_pendingLink != null && now >= _pendingLinkDue) InstallPendingLinkLocked();
            TickFailoverLocked(now);
            if (_link != null && _promotionStartedAt == null) TickLinkLocked(_link, now);
        }

        /// <summary>Appends a write accepted on this node (or received from its source) and applies it.</summary>
        private void AppendWriteLocked(LabReplicationEntry entry)
        {
            entry.AppendedAt ??= _fabric.Now;
            _log.Add(entry);
            _store.Apply(entry);
        }

        private long LagFramesLocked() => _link == null ? 0 : Math.Max(0, _link.SourceOffsetSeen - _log.Count);

        /// <summary>
        /// Data-plane promotion (REPLICAOF NO ONE or a finished election promotion): keeps the history, opens writes. Writes the
        /// link had not received yet are lost, as when the reference stops its replica runners; a replica that becomes a master
        /// starts a new feed generation, so tokens of the old one no longer match.
        /// </summary>
        private void BecomeMasterLocked()
        {
            FlushReceivedLocked();
            if (_link != null && _promotionStartedAt == null) _generation = _fabric.NewGeneration(); // an election's promotion bumped it when writes opened
            _link = null;
            _promotionStartedAt = null;
            _fenced = false;
        }

        /// <summary>Applies every received write now, whatever the apply delay.</summary>
        private void FlushReceivedLocked()
        {
            if (_link == null) return;
            while (_link.Pending.Count > 0) AppendWriteLocked(_link.Pending.Dequeue().Entry);
        }

        private void TickLinkLocked(LabReplicationLink link, TimeSpan now)
        {
            var source = link.SourceId == null ? null : _fabric.Reachable(NodeId, link.SourceId);
            if (source == null)
            {
                if (link.State != LabLinkState.Connect) link.Drop();
                return;
            }
            if (!source.IsRunningLocked) return; // a frozen source keeps the socket but sends nothing
            // A source still promoting (or between two upstreams) serves no replication stream yet: nobody attaches to it.
            if (link.State == LabLinkState.Connect && (source._promotionStartedAt != null || source._pendingLink != null)) return;
            switch (link.State)
            {
                case LabLinkState.Connect:
                    link.State = LabLinkState.Sync; // visible for one tick, as a handshake
                    link.LastIo = now;
                    return;
                case LabLinkState.Sync:
                    ResyncLocked(link, source, now);
                    break;
            }
            long sourceOffset = source._log.Count;
            if (link.SourceGeneration != 0 && link.SourceGeneration != source._generation)
            {
                link.Drop(); // the source started a new feed generation (it was promoted): resync, as the reference ships a snapshot
                return;
            }
            if (link.Received > sourceOffset
                || (link.Received > 0 && !ReferenceEquals(source._log[(int)link.Received - 1], link.LastReceived)))
            {
                link.Drop(); // the source's history was replaced: handshake again
                return;
            }
            var due = now + _fabric.Options.ApplyDelay;
            // A write reaches the replica once it is ReplicationLatency old: the ones in flight are what a promotion loses.
            var sentBefore = now - _fabric.Options.ReplicationLatency;
            while (link.Received < sourceOffset)
            {
                var entry = source._log[(int)link.Received];
                if (entry.AppendedAt is TimeSpan at && at > sentBefore) break;
                link.Pending.Enqueue((entry, due));
                link.LastReceived = entry;
                link.Received++;
            }
            // The lag gauge and the learned generation come with the source's heartbeat, about once a second.
            if (link.LastHeartbeat is not TimeSpan beat || now - beat >= _fabric.Options.ReplicationHeartbeat)
                HeartbeatLocked(link, source, now);
            link.LastIo = now;
            while (link.Pending.Count > 0 && link.Pending.Peek().Due <= now)
                AppendWriteLocked(link.Pending.Dequeue().Entry);
        }

        /// <summary>Continues from this node's offset when its history is a prefix of the source's, else copies the source's.</summary>
        private void ResyncLocked(LabReplicationLink link, LabDataPlane source, TimeSpan now)
        {
            int applied = _log.Count;
            bool prefix = applied <= source._log.Count
                && (applied == 0 || ReferenceEquals(source._log[applied - 1], _log[applied - 1]));
            if (!prefix)
            {
                _log.Clear();
                _log.AddRange(source._log);
                _store.Reset(_log);
            }
            link.Received = _log.Count;
            link.LastReceived = _log.Count == 0 ? null : _log[_log.Count - 1];
            link.State = LabLinkState.Connected;
            link.ConnectedAt = now;
            HeartbeatLocked(link, source, now);
            // kevy ships a snapshot on every full resync and answers reads -LOADING while it loads.
            if (_fabric.Options.SnapshotLoad > TimeSpan.Zero) _loadingUntil = now + _fabric.Options.SnapshotLoad;
        }

        private static void HeartbeatLocked(LabReplicationLink link, LabDataPlane source, TimeSpan now)
        {
            link.SourceOffsetSeen = source._log.Count;
            link.SourceGeneration = source._generation;
            link.LastHeartbeat = now;
        }

        internal bool IsRunningLocked => _run == RunState.Running;

        /// <summary>True while this replica loads its source's snapshot (reads answer -LOADING).</summary>
        private bool IsLoadingLocked => _link != null && _promotionStartedAt == null && _loadingUntil is TimeSpan until && _fabric.Now < until;
    }
}
