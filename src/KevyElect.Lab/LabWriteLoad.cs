using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>A write a lab node acknowledged with +OK.</summary>
    /// <param name="Sequence">The write's number (1, 2, ...); its key is <c>lab:load:&lt;n&gt;</c> and its value the number.</param>
    /// <param name="Key">The key written.</param>
    /// <param name="Value">The value written.</param>
    /// <param name="AckedAt">When the +OK arrived.</param>
    /// <param name="NodeId">The node that acknowledged it.</param>
    public sealed record LabWriteAck(long Sequence, string Key, string Value, DateTimeOffset AckedAt, string NodeId);

    /// <summary>A stretch without acknowledged writes: between two consecutive acks.</summary>
    /// <param name="LastAckBefore">The last ack before the gap (null when the load began with it).</param>
    /// <param name="FirstAckAfter">The first ack after it.</param>
    /// <param name="From">When the gap began: the last ack before it, or the start of the load.</param>
    public sealed record LabWriteOutage(LabWriteAck? LastAckBefore, LabWriteAck FirstAckAfter, DateTimeOffset From)
    {
        /// <summary>How long no write was acknowledged, in milliseconds.</summary>
        public double DurationMs => Math.Round(GetDuration().TotalMilliseconds, 1);

        /// <summary>How long no write was acknowledged.</summary>
        public TimeSpan GetDuration() => FirstAckAfter.AckedAt - From;

        /// <summary>The node that acknowledged before the gap, or null.</summary>
        public string? FromNodeId => LastAckBefore?.NodeId;

        /// <summary>The node that acknowledged after it.</summary>
        public string ToNodeId => FirstAckAfter.NodeId;
    }

    /// <summary>
    /// A steady SET load on a lab through the client ports, as an application that follows the primary
    /// sends it: each write goes to the node that took the last one; on an error reply or a dead
    /// connection the load asks ROLE of the other nodes (the next in peer-table order first) and sends
    /// the write to the first that answers <c>master</c>, each node at most once per write slot. It never
    /// writes to a node that calls itself a replica: kevy 5.4 takes writes on a replica for a moment
    /// while it retargets to another primary and discards them at its resync, so a client that writes to
    /// replicas can lose acknowledged writes that no switchover can protect. Every acknowledged write is
    /// recorded, so a test can check for lost writes and measure unavailability.
    /// </summary>
    public sealed class LabWriteLoad : IDisposable
    {
        private const int MaxAcksKept = 200000;

        private readonly ElectLab _lab;
        private readonly TimeSpan _attemptTimeout;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Dictionary<string, KevyConnection> _connections = new Dictionary<string, KevyConnection>(StringComparer.Ordinal);
        private readonly List<LabWriteAck> _acks = new List<LabWriteAck>();
        private readonly Task _loop;
        private long _attempts, _errors, _missedSlots;
        private string? _lastError;
        private int _stopped;

        internal LabWriteLoad(ElectLab lab, int ratePerSecond, TimeSpan attemptTimeout)
        {
            if (ratePerSecond < 1 || ratePerSecond > 1000)
                throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "the write rate must be between 1 and 1000 per second");
            if (attemptTimeout <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(attemptTimeout), attemptTimeout, "the attempt timeout must be positive");
            _lab = lab;
            RatePerSecond = ratePerSecond;
            _attemptTimeout = attemptTimeout;
            StartedAt = DateTimeOffset.UtcNow;
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }

        /// <summary>Writes per second aimed at.</summary>
        public int RatePerSecond { get; }

        /// <summary>When the load started.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>True until stopped.</summary>
        public bool IsRunning => Volatile.Read(ref _stopped) == 0;

        /// <summary>Commands sent (one per node tried).</summary>
        public long Attempts => Interlocked.Read(ref _attempts);

        /// <summary>Attempts answered with an error or lost to a dead connection or timeout.</summary>
        public long Errors => Interlocked.Read(ref _errors);

        /// <summary>Write slots in which no node accepted the write.</summary>
        public long MissedSlots => Interlocked.Read(ref _missedSlots);

        /// <summary>The last error seen (a reply like <c>READONLY ...</c> or a connection failure).</summary>
        public string? LastError => Volatile.Read(ref _lastError);

        /// <summary>Acknowledged writes, oldest first (a method: the list grows with every write, so it stays out of the load's JSON).</summary>
        public IReadOnlyList<LabWriteAck> GetAcks()
        {
            lock (_acks) return _acks.ToArray();
        }

        /// <summary>Number of acknowledged writes.</summary>
        public int AckCount
        {
            get { lock (_acks) return _acks.Count; }
        }

        /// <summary>The latest acknowledged write, or null.</summary>
        public LabWriteAck? LastAck
        {
            get { lock (_acks) return _acks.Count == 0 ? null : _acks[_acks.Count - 1]; }
        }

        /// <summary>Gaps between consecutive acks longer than <paramref name="minimum"/> (the first ack counts from the start), oldest first.</summary>
        public IReadOnlyList<LabWriteOutage> Outages(TimeSpan minimum)
        {
            var acks = GetAcks();
            var outages = new List<LabWriteOutage>();
            LabWriteAck? previous = null;
            foreach (var ack in acks)
            {
                var from = previous?.AckedAt ?? StartedAt;
                if (ack.AckedAt - from > minimum) outages.Add(new LabWriteOutage(previous, ack, from));
                previous = ack;
            }
            return outages;
        }

        /// <summary>The longest gap between consecutive acks, or null with fewer than one ack.</summary>
        public LabWriteOutage? LongestOutage() => Outages(TimeSpan.Zero).OrderByDescending(o => o.GetDuration()).FirstOrDefault();

        /// <summary>The Rate column: <see cref="RatePerSecond"/>.</summary>
        public int Rate => RatePerSecond;

        /// <summary>The Running column: <see cref="IsRunning"/>.</summary>
        public bool Running => IsRunning;

        /// <summary>The Acked column: <see cref="AckCount"/>.</summary>
        public int Acked => AckCount;

        /// <summary>The LastNode column: the node that acknowledged the last write, or null.</summary>
        public string? LastNode => LastAck?.NodeId;

        /// <summary>Stops sending and closes the load's connections.</summary>
        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            _stopping.Cancel();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
            lock (_connections)
            {
                foreach (var c in _connections.Values) c.Dispose();
                _connections.Clear();
            }
            _stopping.Dispose();
            _lab.Forget(this);
        }

        /// <summary>Same as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        /// <inheritdoc />
        public override string ToString() =>
            $"{AckCount} acked, {Errors} errors, {MissedSlots} missed slots at {RatePerSecond}/s" + (IsRunning ? "" : " (stopped)");

        private async Task RunAsync(CancellationToken stopping)
        {
            var clock = Stopwatch.StartNew();
            double slotMs = 1000.0 / RatePerSecond;
            double nextMs = 0;
            long sequence = 1;
            int current = 0;
            var nodes = _lab.Peers;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    double wait = nextMs - clock.Elapsed.TotalMilliseconds;
                    if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), stopping).ConfigureAwait(false);
                    // Behind schedule (a slow slot): skip ahead instead of bursting.
                    nextMs = Math.Max(nextMs + slotMs, clock.Elapsed.TotalMilliseconds);
                    string key = "lab:load:" + sequence.ToString(CultureInfo.InvariantCulture);
                    string value = sequence.ToString(CultureInfo.InvariantCulture);
                    bool acked = false;
                    var tried = new bool[nodes.Count];
                    int? next = current;
                    while (next is int index && !acked && !stopping.IsCancellationRequested)
                    {
                        tried[index] = true;
                        if (await TryWriteAsync(nodes[index], key, value, stopping).ConfigureAwait(false))
                        {
                            lock (_acks)
                            {
                                if (_acks.Count == MaxAcksKept) _acks.RemoveAt(0);
                                _acks.Add(new LabWriteAck(sequence, key, value, DateTimeOffset.UtcNow, nodes[index].Id));
                            }
                            current = index;
                            acked = true;
                        }
                        else next = await FindPrimaryAsync(nodes, index, tried, stopping).ConfigureAwait(false);
                    }
                    if (acked) sequence++;
                    else Interlocked.Increment(ref _missedSlots);
                }
            }
            catch (OperationCanceledException) { }
        }

        private async Task<bool> TryWriteAsync(PeerSpec node, string key, string value, CancellationToken stopping)
        {
            Interlocked.Increment(ref _attempts);
            RespValue? reply = await ExecuteAsync(node, stopping, "SET", key, value).ConfigureAwait(false);
            if (reply == null) return false;
            if (reply.Type == RespType.SimpleString && reply.Text == "OK") return true;
            Failed(reply.Text ?? reply.Type.ToString());
            return false;
        }

        /// <summary>The first node not yet tried in this slot, after <paramref name="failed"/> in table order, whose ROLE says master; null when none does.</summary>
        private async Task<int?> FindPrimaryAsync(PeerTable nodes, int failed, bool[] tried, CancellationToken stopping)
        {
            for (int k = 1; k < nodes.Count && !stopping.IsCancellationRequested; k++)
            {
                int index = (failed + k) % nodes.Count;
                if (tried[index]) continue;
                RespValue? role = await ExecuteAsync(nodes[index], stopping, "ROLE").ConfigureAwait(false);
                if (role is { Type: RespType.Array, Items: { Count: > 0 } items } && items[0].Text == "master") return index;
            }
            return null;
        }

        /// <summary>Sends one command on the load's connection to <paramref name="node"/>; null (and the error counted) when the connection failed.</summary>
        private async Task<RespValue?> ExecuteAsync(PeerSpec node, CancellationToken stopping, params string[] command)
        {
            KevyConnection? connection = null;
            try
            {
                lock (_connections) _connections.TryGetValue(node.Id, out connection);
                if (connection == null || !connection.IsUsable)
                {
                    connection?.Dispose();
                    connection = await KevyConnection.ConnectAsync(node.Host, node.ClientPort, _attemptTimeout, stopping).ConfigureAwait(false);
                    lock (_connections) _connections[node.Id] = connection;
                }
                return await connection.ExecuteAsync(_attemptTimeout, stopping, command).ConfigureAwait(false);
            }
            catch (KevyNetException e)
            {
                Failed(e.Message);
                lock (_connections)
                {
                    if (connection != null && _connections.TryGetValue(node.Id, out var c) && ReferenceEquals(c, connection))
                        _connections.Remove(node.Id);
                }
                connection?.Dispose();
                return null;
            }
        }

        private void Failed(string error)
        {
            Interlocked.Increment(ref _errors);
            Volatile.Write(ref _lastError, error);
        }
    }
}
