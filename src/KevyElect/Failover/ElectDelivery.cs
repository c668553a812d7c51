using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>Delivers elect frames to nodes' elect ports, one short connection per node, and reports each frame.</summary>
    public static class ElectDelivery
    {
        /// <summary>
        /// Connects to <paramref name="peer"/>'s elect port, writes <paramref name="messages"/> back to back and
        /// closes. Never throws for a network failure: every receipt then carries the error.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
        public static async Task<IReadOnlyList<ElectDeliveryReceipt>> DeliverAsync(PeerSpec peer, IReadOnlyList<ElectMessage> messages, TimeSpan timeout, CancellationToken ct)
        {
            if (peer is null) throw new ArgumentNullException(nameof(peer));
            if (messages is null) throw new ArgumentNullException(nameof(messages));
            byte[][] frames = messages.Select(m => ElectCodec.Encode(m ?? throw new ArgumentException("the message list contains a null entry", nameof(messages)))).ToArray();
            var clock = Stopwatch.StartNew();
            string? error = null;
            try
            {
                await ElectSender.SendOnceAsync(peer.Host, peer.ElectPort, messages, timeout, ct).ConfigureAwait(false);
            }
            catch (KevyNetException e)
            {
                error = e.Message;
            }
            TimeSpan elapsed = clock.Elapsed;
            var receipts = new List<ElectDeliveryReceipt>(messages.Count);
            for (int i = 0; i < messages.Count; i++)
            {
                receipts.Add(new ElectDeliveryReceipt(peer.Id, peer.ElectAddress, messages[i],
                    error == null ? frames[i].Length : 0, Hex.Format(frames[i]), elapsed, error));
            }
            return receipts;
        }

        /// <summary>Delivers <paramref name="message"/> to every peer in parallel; one receipt per peer, in table order.</summary>
        public static async Task<IReadOnlyList<ElectDeliveryReceipt>> BroadcastAsync(IEnumerable<PeerSpec> peers, ElectMessage message, TimeSpan timeout, CancellationToken ct)
        {
            if (peers is null) throw new ArgumentNullException(nameof(peers));
            if (message is null) throw new ArgumentNullException(nameof(message));
            var tasks = peers.Select(p => DeliverAsync(p, new[] { message }, timeout, ct)).ToArray();
            IReadOnlyList<ElectDeliveryReceipt>[] all = await Task.WhenAll(tasks).ConfigureAwait(false);
            return all.Select(r => r[0]).ToArray();
        }
    }
}
