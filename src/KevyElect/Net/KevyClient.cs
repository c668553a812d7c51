using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.DataPlane;
using KevyElect.Protocol;

namespace KevyElect.Net
{
    /// <summary>The data-plane queries an operations tool needs, on an open connection or as one-shot calls.</summary>
    public static class KevyClient
    {
        /// <summary>Sends <c>ROLE</c> and parses the reply (the election's view).</summary>
        /// <exception cref="KevyReplyErrorException">The node answered an error.</exception>
        /// <exception cref="KevyNetException">Network failure, or a reply of neither ROLE shape (<see cref="KevyNetErrorKind.ProtocolViolation"/>).</exception>
        public static async Task<RoleReply> RoleAsync(this KevyConnection connection, TimeSpan timeout, CancellationToken ct)
        {
            RespValue reply = await RunAsync(connection, timeout, ct, RoleCommand).ConfigureAwait(false);
            return ToRole(connection, reply);
        }

        private static readonly string[] RoleCommand = { "ROLE" };
        private static readonly string[] InfoCommand = { "INFO", "replication" };

        /// <summary>
        /// Sends <c>ROLE</c> and <c>INFO replication</c> in one write (pipelined: one round trip) and returns both replies
        /// unparsed; turn each into its view with <see cref="ToRole"/> and <see cref="ToInfo"/>, so an error to one still
        /// leaves the other.
        /// </summary>
        internal static Task<(RespValue Role, RespValue Info)> RoleAndInfoAsync(this KevyConnection connection, TimeSpan timeout, CancellationToken ct)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            return connection.ExecutePairAsync(RoleCommand, InfoCommand, timeout, ct);
        }

        /// <summary>A ROLE reply as the election's view; an error reply or another shape throws as <see cref="RoleAsync(KevyConnection, TimeSpan, CancellationToken)"/> does.</summary>
        internal static RoleReply ToRole(KevyConnection connection, RespValue reply)
        {
            ThrowIfError(connection, reply, RoleCommand);
            try
            {
                return RoleReply.Parse(reply);
            }
            catch (FormatException e)
            {
                throw new KevyNetException(connection.Endpoint, KevyNetErrorKind.ProtocolViolation, e.Message, e);
            }
        }

        /// <summary>An INFO replication reply as the data plane's view; throws as <see cref="InfoReplicationAsync(KevyConnection, TimeSpan, CancellationToken)"/> does.</summary>
        internal static ReplicationInfo ToInfo(KevyConnection connection, RespValue reply)
        {
            ThrowIfError(connection, reply, InfoCommand);
            try
            {
                return ReplicationInfo.Parse(reply);
            }
            catch (FormatException e)
            {
                throw new KevyNetException(connection.Endpoint, KevyNetErrorKind.ProtocolViolation, e.Message, e);
            }
        }

        /// <summary>Sends <c>INFO replication</c> and parses the reply (the data plane's view).</summary>
        /// <exception cref="KevyReplyErrorException">The node answered an error.</exception>
        /// <exception cref="KevyNetException">Network failure, or unusable INFO text (<see cref="KevyNetErrorKind.ProtocolViolation"/>).</exception>
        public static async Task<ReplicationInfo> InfoReplicationAsync(this KevyConnection connection, TimeSpan timeout, CancellationToken ct)
        {
            RespValue reply = await RunAsync(connection, timeout, ct, InfoCommand).ConfigureAwait(false);
            return ToInfo(connection, reply);
        }

        /// <summary>Sends <c>PING</c>, expects <c>+PONG</c>, and returns the round-trip time.</summary>
        /// <exception cref="KevyReplyErrorException">The node answered an error (e.g. <c>-LOADING</c>).</exception>
        /// <exception cref="KevyNetException">Network failure, or a reply other than PONG.</exception>
        public static async Task<TimeSpan> PingAsync(this KevyConnection connection, TimeSpan timeout, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            RespValue reply = await RunAsync(connection, timeout, ct, "PING").ConfigureAwait(false);
            TimeSpan elapsed = clock.Elapsed;
            if (!(reply.Type == RespType.SimpleString && reply.Text == "PONG"))
                throw new KevyNetException(connection.Endpoint, KevyNetErrorKind.ProtocolViolation, $"expected +PONG, got {reply}");
            return elapsed;
        }

        /// <summary>Connects, runs <see cref="RoleAsync(KevyConnection, TimeSpan, CancellationToken)"/> and closes; <paramref name="timeout"/> bounds it all.</summary>
        public static Task<RoleReply> RoleAsync(string host, int port, TimeSpan timeout, CancellationToken ct) =>
            OneShotAsync(host, port, timeout, RoleAsync, ct);

        /// <summary>Connects, runs <see cref="InfoReplicationAsync(KevyConnection, TimeSpan, CancellationToken)"/> and closes; <paramref name="timeout"/> bounds it all.</summary>
        public static Task<ReplicationInfo> InfoReplicationAsync(string host, int port, TimeSpan timeout, CancellationToken ct) =>
            OneShotAsync(host, port, timeout, InfoReplicationAsync, ct);

        /// <summary>Connects, runs <see cref="PingAsync(KevyConnection, TimeSpan, CancellationToken)"/> and closes; returns the PING round trip.</summary>
        public static Task<TimeSpan> PingAsync(string host, int port, TimeSpan timeout, CancellationToken ct) =>
            OneShotAsync(host, port, timeout, PingAsync, ct);

        private static async Task<RespValue> RunAsync(KevyConnection connection, TimeSpan timeout, CancellationToken ct, params string[] command)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            RespValue reply = await connection.ExecuteAsync(timeout, ct, command).ConfigureAwait(false);
            ThrowIfError(connection, reply, command);
            return reply;
        }

        private static void ThrowIfError(KevyConnection connection, RespValue reply, string[] command)
        {
            if (reply.IsError)
                throw new KevyReplyErrorException(connection.Endpoint, string.Join(" ", command), DataPlaneError.FromReply(reply));
        }

        private static async Task<T> OneShotAsync<T>(string host, int port, TimeSpan timeout,
            Func<KevyConnection, TimeSpan, CancellationToken, Task<T>> query, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            using (KevyConnection connection = await KevyConnection.ConnectAsync(host, port, timeout, ct).ConfigureAwait(false))
            {
                TimeSpan remaining = SocketConnector.Remaining(timeout, clock);
                if (remaining != Timeout.InfiniteTimeSpan && remaining < TimeSpan.FromMilliseconds(1))
                    remaining = TimeSpan.FromMilliseconds(1);
                return await query(connection, remaining, ct).ConfigureAwait(false);
            }
        }
    }
}
