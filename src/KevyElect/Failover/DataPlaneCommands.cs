using System;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Net;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>The data-plane commands a failover sends, each on its own short connection.</summary>
    internal static class DataPlaneCommands
    {
        /// <summary>
        /// The key of the write probe. <c>DEL</c> of a key that does not exist is a write (so a replica answers
        /// READONLY and a fenced primary NOREPLICAS) that changes nothing and is not even replicated.
        /// </summary>
        public const string WriteProbeKey = "kevyelect:failover:write-probe";

        public static async Task<RespValue> ExecuteAsync(PeerSpec peer, TimeSpan timeout, CancellationToken ct, params string[] command)
        {
            using (KevyConnection connection = await KevyConnection.ConnectAsync(peer.Host, peer.ClientPort, timeout, ct).ConfigureAwait(false))
            {
                return await connection.ExecuteAsync(timeout, ct, command).ConfigureAwait(false);
            }
        }

        /// <summary>Null when the node accepted the probe write; else why not (error reply or network failure).</summary>
        public static async Task<string?> ProbeWriteAsync(PeerSpec peer, TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                RespValue reply = await ExecuteAsync(peer, timeout, ct, "DEL", WriteProbeKey).ConfigureAwait(false);
                if (reply.IsError) return DataPlaneError.FromReply(reply).Text;
                return reply.Type == RespType.Integer ? null : "unexpected reply " + reply;
            }
            catch (KevyNetException e)
            {
                return e.Message;
            }
        }
    }
}
