using System;
using System.IO;
using System.Net.Sockets;

namespace KevyElect.Net
{
    /// <summary>A network failure talking to one kevy endpoint; the message names the endpoint and what happened.</summary>
    public class KevyNetException : IOException
    {
        /// <summary>Creates the exception; <paramref name="detail"/> is prefixed with the endpoint.</summary>
        public KevyNetException(string endpoint, KevyNetErrorKind kind, string detail, Exception? innerException = null)
            : base(endpoint + ": " + detail, innerException)
        {
            Endpoint = endpoint;
            Kind = kind;
        }

        /// <summary>The <c>host:port</c> the operation was aimed at.</summary>
        public string Endpoint { get; }

        /// <summary>What went wrong.</summary>
        public KevyNetErrorKind Kind { get; }

        /// <summary>The message without the leading endpoint, for re-use inside another endpoint-prefixed message.</summary>
        internal static string Detail(Exception e, string endpoint) =>
            e.Message.StartsWith(endpoint + ": ", StringComparison.Ordinal) ? e.Message.Substring(endpoint.Length + 2) : e.Message;

        /// <summary>Maps a socket-level failure to a typed exception.</summary>
        internal static KevyNetException FromSocket(string endpoint, Exception e, bool connecting)
        {
            if (e is ObjectDisposedException)
                return new KevyNetException(endpoint, KevyNetErrorKind.Closed, "connection closed", e);
            if (e is not SocketException se)
                return new KevyNetException(endpoint, KevyNetErrorKind.SocketError, e.Message, e);
            switch (se.SocketErrorCode)
            {
                case System.Net.Sockets.SocketError.ConnectionRefused:
                    return new KevyNetException(endpoint, KevyNetErrorKind.ConnectRefused, "connection refused (is the node running and listening on that port?)", e);
                case System.Net.Sockets.SocketError.ConnectionReset:
                case System.Net.Sockets.SocketError.ConnectionAborted:
                    return new KevyNetException(endpoint, KevyNetErrorKind.Reset, "connection reset by peer", e);
                case System.Net.Sockets.SocketError.Shutdown:
                case System.Net.Sockets.SocketError.NotConnected:
                case System.Net.Sockets.SocketError.OperationAborted:
                    return new KevyNetException(endpoint, KevyNetErrorKind.Closed, "connection closed", e);
                case System.Net.Sockets.SocketError.TimedOut:
                    return connecting
                        ? new KevyNetException(endpoint, KevyNetErrorKind.ConnectTimeout, "connect timed out in the network stack", e)
                        : new KevyNetException(endpoint, KevyNetErrorKind.Timeout, "timed out in the network stack", e);
                case System.Net.Sockets.SocketError.HostNotFound:
                case System.Net.Sockets.SocketError.NoData:
                case System.Net.Sockets.SocketError.TryAgain:
                case System.Net.Sockets.SocketError.NoRecovery:
                    return new KevyNetException(endpoint, KevyNetErrorKind.Unresolvable, "cannot resolve the host name", e);
                case System.Net.Sockets.SocketError.HostUnreachable:
                case System.Net.Sockets.SocketError.NetworkUnreachable:
                case System.Net.Sockets.SocketError.HostDown:
                case System.Net.Sockets.SocketError.NetworkDown:
                    return new KevyNetException(endpoint, KevyNetErrorKind.Unreachable, "host unreachable (" + se.SocketErrorCode + ")", e);
                default:
                    return new KevyNetException(endpoint, KevyNetErrorKind.SocketError, "socket error " + se.SocketErrorCode + ": " + se.Message, e);
            }
        }
    }
}
