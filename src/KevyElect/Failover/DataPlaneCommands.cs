using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

        /// <summary>REPL.TOKEN on <paramref name="peer"/>: its token, or null with the reason (error reply, bad shape, network).</summary>
        public static async Task<(ReplToken? Token, string? Error)> ReplTokenAsync(PeerSpec peer, TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                RespValue reply = await ExecuteAsync(peer, timeout, ct, "REPL.TOKEN").ConfigureAwait(false);
                return ReplToken.TryParse(reply, out ReplToken? token, out string? error) ? (token, null) : (null, error);
            }
            catch (KevyNetException e)
            {
                return (null, e.Message);
            }
        }

        /// <summary>
        /// REPL.WAIT on <paramref name="peer"/> for <paramref name="token"/>, waiting up to <paramref name="wait"/> on the server:
        /// null when it answered +OK (every shard applied the token), else the reply or failure.
        /// </summary>
        public static async Task<string?> ReplWaitAsync(PeerSpec peer, ReplToken token, TimeSpan wait, TimeSpan callTimeout, CancellationToken ct)
        {
            long ms = Math.Max(1, (long)wait.TotalMilliseconds);
            var command = new List<string> { "REPL.WAIT" };
            command.AddRange(token.ToArguments());
            command.Add("TIMEOUT");
            command.Add(ms.ToString(CultureInfo.InvariantCulture));
            try
            {
                RespValue reply = await ExecuteAsync(peer, wait + callTimeout, ct, command.ToArray()).ConfigureAwait(false);
                if (reply.IsError) return "-" + reply.Text;
                return reply.Type == RespType.SimpleString && reply.Text == "OK" ? null : "unexpected reply " + reply;
            }
            catch (KevyNetException e)
            {
                return e.Message;
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
