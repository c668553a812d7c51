using System;
using System.Collections.Generic;

namespace KevyElect.Lab
{
    /// <summary>One FAILOVER's handover, as the reference runs it on a background thread of its (old) primary.</summary>
    internal sealed class LabHandover
    {
        public LabHandover(string host, int port, string? targetId, TimeSpan deadline)
        {
            Host = host;
            Port = port;
            TargetId = targetId;
            Deadline = deadline;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>The lab node at host:port, or null when no lab node answers there (the probe then always fails).</summary>
        public string? TargetId { get; }

        public TimeSpan Deadline { get; }
    }

    public sealed partial class LabDataPlane
    {
        private static readonly string[] ReplicaOfNoOne = { "REPLICAOF", "NO", "ONE" };

        // Guarded by _fabric.Gate. The quiesce is one slot (the last FAILOVER's target); every FAILOVER adds a handover
        // that probes its own target until the quiesce ends, its deadline passes, or its target looks drained.
        private readonly List<LabHandover> _handovers = new List<LabHandover>();
        private string? _quiesceTo;

        /// <summary>
        /// The handovers, checked every tick, each by the reference's rule: it stops when the quiesce has ended; past its
        /// deadline it lifts the quiesce; when its target's INFO would say link up and <c>slave_lag_frames:0</c> (a gauge
        /// refreshed by heartbeats, so it can read 0 while the target is still behind), the target is told
        /// REPLICAOF NO ONE, this node follows it and the quiesce ends. Electors are never touched.
        /// </summary>
        private void TickFailoverLocked(TimeSpan now)
        {
            for (int i = 0; i < _handovers.Count; i++)
            {
                var handover = _handovers[i];
                if (_quiesceTo == null)
                {
                    _handovers.RemoveAt(i--);
                    continue;
                }
                if (now > handover.Deadline)
                {
                    _quiesceTo = null;
                    _handovers.RemoveAt(i--);
                    continue;
                }
                var target = handover.TargetId == null ? null : _fabric.Reachable(NodeId, handover.TargetId);
                if (target == null || !target.LooksDrainedLocked) continue;
                target.Commands.Add(new LabCommandRecord(DateTimeOffset.UtcNow, ReplicaOfNoOne));
                target.ReplicaOfNoOneLocked();
                _pendingLink = null;
                _link = NewLink(target.NodeId);
                _quiesceTo = null;
                _handovers.RemoveAt(i--);
            }
        }

        /// <summary>What the reference's handover probe checks in the target's INFO: a replica, link up, lag gauge 0.</summary>
        internal bool LooksDrainedLocked =>
            _run == RunState.Running && _link != null && _promotionStartedAt == null && _link.State == LabLinkState.Connected && LagFramesLocked() == 0;

        private void StartFailoverLocked(LabFailoverRequest request)
        {
            var target = _fabric.Directory.FindByDataEndpoint(request.Host, request.Port);
            var timeout = request.Timeout ?? _fabric.Options.DefaultFailoverTimeout;
            _quiesceTo = request.Host + ":" + request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _handovers.Add(new LabHandover(request.Host, request.Port, target?.Id, _fabric.Now + timeout));
        }

        private void ClearFailoverLocked()
        {
            _quiesceTo = null;
            _handovers.Clear();
        }

        /// <summary>REPLICAOF NO ONE: this node's data plane becomes a writable master.</summary>
        private void ReplicaOfNoOneLocked()
        {
            InstallPendingLinkLocked();
            BecomeMasterLocked();
        }
    }
}
