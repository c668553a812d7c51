using System;

namespace KevyElect.Lab
{
    /// <summary>A FAILOVER in progress on its (old) primary.</summary>
    internal sealed class LabFailoverState
    {
        public LabFailoverState(string host, int port, string? targetId, DateTime deadline)
        {
            Host = host;
            Port = port;
            TargetId = targetId;
            Deadline = deadline;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>The lab node at host:port, or null when no lab node answers there (the handover then times out).</summary>
        public string? TargetId { get; }

        public DateTime Deadline { get; }
    }

    public sealed partial class LabDataPlane
    {
        /// <summary>
        /// Handover, checked every tick while quiesced: once the target's link to this node is up and
        /// caught up, the target is told REPLICAOF NO ONE, this node follows it and writes reopen (on the
        /// target). Past the deadline the quiesce is lifted and nothing moves. Electors are never touched.
        /// </summary>
        private void TickFailoverLocked(DateTime now)
        {
            var failover = _failover;
            if (failover == null) return;
            if (_link != null)
            {
                _failover = null; // retargeted meanwhile: nothing left to hand over
                return;
            }
            var target = failover.TargetId == null ? null : _fabric.Reachable(NodeId, failover.TargetId);
            if (target != null && target.IsCaughtUpWithLocked(this))
            {
                target.Commands.Add(new LabCommandRecord(DateTimeOffset.UtcNow, new[] { "REPLICAOF", "NO", "ONE" }));
                target.ReplicaOfNoOneLocked();
                _link = NewLink(target.NodeId);
                _failover = null;
                return;
            }
            if (now >= failover.Deadline) _failover = null;
        }

        private void StartFailoverLocked(LabFailoverRequest request)
        {
            var target = _fabric.Directory.FindByDataEndpoint(request.Host, request.Port);
            var timeout = request.Timeout ?? _fabric.Options.DefaultFailoverTimeout;
            _failover = new LabFailoverState(request.Host, request.Port, target?.Id, _fabric.Now + timeout);
        }

        /// <summary>REPLICAOF NO ONE: this node's data plane becomes a writable master.</summary>
        private void ReplicaOfNoOneLocked() => BecomeMasterLocked();
    }
}
