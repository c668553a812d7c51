using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// Heartbeats under reserved ids outside the peer table, sent to one node so it sees a strict majority.
    /// The reference counts an HB from any id toward a primary's write lease (protocol quirk), so in a
    /// cluster with too few nodes up (N=2 with one down) this is what lets a taken-over primary accept
    /// writes. The HBs claim <c>replica</c> with offset 0: they never demote anyone and never outrank a
    /// candidate with data.
    /// <para>
    /// Risk: while it runs, the node believes a majority is up that is not. If a real node that was only
    /// cut off comes back with writes of its own, those are not protected by the quorum. Stop it as soon as
    /// enough real nodes are back. It lives in this process: when the process ends, the HBs stop and the
    /// node fences its writes again after down_after.
    /// </para>
    /// </summary>
    public sealed class StandInVoter : IDisposable
    {
        /// <summary>The reserved id of the first stand-in; further ones append <c>-2</c>, <c>-3</c>, ...</summary>
        public const string ReservedIdPrefix = "kevyelect-standin";

        private readonly PeerSpec _target;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;
        private long _sent;
        private string? _lastError;

        private StandInVoter(PeerSpec target, ulong epoch, IReadOnlyList<string> voterIds, TimeSpan interval, TimeSpan timeout)
        {
            _target = target;
            Epoch = epoch;
            VoterIds = voterIds;
            _interval = interval;
            StartedAt = DateTimeOffset.UtcNow;
            _loop = Task.Run(() => RunAsync(timeout));
        }

        /// <summary>The ids the HBs carry.</summary>
        public IReadOnlyList<string> VoterIds { get; }

        /// <summary>The node that receives them.</summary>
        public string TargetNodeId => _target.Id;

        /// <summary>Its elect endpoint.</summary>
        public string Endpoint => _target.ElectAddress;

        /// <summary>The epoch in the HBs.</summary>
        public ulong Epoch { get; }

        private readonly TimeSpan _interval;

        /// <summary>Milliseconds between two rounds of HBs.</summary>
        public double IntervalMs => _interval.TotalMilliseconds;

        /// <summary>Time between two rounds of HBs.</summary>
        public TimeSpan GetInterval() => _interval;

        /// <summary>When it started.</summary>
        public DateTimeOffset StartedAt { get; }

        /// <summary>HB frames written so far.</summary>
        public long HeartbeatsSent => Interlocked.Read(ref _sent);

        /// <summary>The last delivery failure, or null.</summary>
        public string? LastError => Volatile.Read(ref _lastError);

        /// <summary>True until <see cref="Stop"/>.</summary>
        public bool IsRunning => !_stop.IsCancellationRequested;

        /// <summary>The reserved id of stand-in number <paramref name="index"/> (1-based).</summary>
        public static string IdFor(int index)
        {
            if (index < 1) throw new ArgumentOutOfRangeException(nameof(index), index, "stand-ins are numbered from 1");
            return index == 1 ? ReservedIdPrefix : ReservedIdPrefix + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Starts <paramref name="count"/> stand-ins heartbeating to <paramref name="target"/> every <paramref name="interval"/>.</summary>
        /// <exception cref="ArgumentException">A reserved id is in the peer table, or a count or time is out of range.</exception>
        public static StandInVoter Start(PeerTable table, PeerSpec target, ulong epoch, int count, TimeSpan interval, TimeSpan timeout)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (target is null) throw new ArgumentNullException(nameof(target));
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one stand-in");
            if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "the interval must be positive");
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive");
            string[] ids = Enumerable.Range(1, count).Select(IdFor).ToArray();
            foreach (string id in ids)
            {
                if (table.Find(id) != null) throw new ArgumentException($"the stand-in id '{id}' is a member of the peer table; it must stay outside it", nameof(table));
            }
            return new StandInVoter(target, epoch, ids, interval, timeout);
        }

        /// <summary>Stops the heartbeats (the node fences writes again after down_after unless real peers are back).</summary>
        public void Stop()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            try { _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { /* the loop only ends by cancellation */ }
        }

        /// <summary>Same as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        private async Task RunAsync(TimeSpan timeout)
        {
            CancellationToken ct = _stop.Token;
            ElectSender? sender = null;
            var frames = VoterIds.Select(id => (ElectMessage)new HbMessage(Epoch, id, ElectRole.Replica, 0)).ToArray();
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        sender ??= await ElectSender.ConnectAsync(_target.Host, _target.ElectPort, timeout, ct).ConfigureAwait(false);
                        await sender.SendAsync(frames, timeout, ct).ConfigureAwait(false);
                        Interlocked.Add(ref _sent, frames.Length);
                        Volatile.Write(ref _lastError, null);
                    }
                    catch (KevyNetException e)
                    {
                        Volatile.Write(ref _lastError, e.Message);
                        sender?.Dispose();
                        sender = null;
                    }
                    await Task.Delay(_interval, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Stop() was called.
            }
            finally
            {
                sender?.Close();
            }
        }

        /// <inheritdoc />
        public override string ToString() => $"stand-in {string.Join(",", VoterIds)} -> {TargetNodeId} ({Endpoint}) every {_interval.TotalMilliseconds} ms, {(IsRunning ? "running" : "stopped")}, {HeartbeatsSent} HBs";
    }
}
