using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KevyElect.Protocol;

namespace KevyElect.Net
{
    /// <summary>Resolves a host and opens a TCP connection within a timeout, IPv4 addresses first.</summary>
    internal static class SocketConnector
    {
        internal static void Validate(string host, int port, TimeSpan timeout)
        {
            if (host is null) throw new ArgumentNullException(nameof(host));
            if (host.Trim().Length == 0) throw new ArgumentException("the host is empty", nameof(host));
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "a port is 1..65535");
            ValidateTimeout(timeout);
        }

        internal static void ValidateTimeout(TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive (or infinite)");
        }

        internal static string Unbracket(string host) =>
            host.Length > 1 && host[0] == '[' && host[host.Length - 1] == ']' ? host.Substring(1, host.Length - 2) : host;

        internal static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
        {
            Validate(host, port, timeout);
            host = Unbracket(host.Trim());
            string endpoint = HostPort.Format(host, port);
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();

            IReadOnlyList<IPAddress> addresses = await ResolveAsync(host, endpoint, timeout, ct).ConfigureAwait(false);

            Exception? last = null;
            foreach (IPAddress address in addresses)
            {
                TimeSpan remaining = Remaining(timeout, clock);
                if (remaining <= TimeSpan.Zero)
                    throw new KevyNetException(endpoint, KevyNetErrorKind.ConnectTimeout, "no TCP connection within " + Ms(timeout), last);

                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                Exception? failure = null;
                var deadline = new SocketDeadline(socket, remaining, ct);
                try
                {
                    await socket.ConnectAsync(address, port).ConfigureAwait(false);
                }
                catch (Exception e) when (SocketDeadline.IsSocketFailure(e))
                {
                    failure = e;
                }
                finally
                {
                    deadline.Dispose();
                }

                if (failure is null && !deadline.Fired)
                    return socket;

                socket.Dispose();
                Exception translated = deadline.Translate(failure ?? new ObjectDisposedException(nameof(Socket)), endpoint, connecting: true);
                if (translated is OperationCanceledException) throw translated;
                if (translated is KevyNetException { Kind: KevyNetErrorKind.ConnectTimeout } timedOut)
                    throw new KevyNetException(endpoint, KevyNetErrorKind.ConnectTimeout, "no TCP connection within " + Ms(timeout), timedOut.InnerException);
                last = translated;
            }
            throw last ?? new KevyNetException(endpoint, KevyNetErrorKind.Unresolvable, "the host name resolved to no IPv4 or IPv6 address");
        }

        private static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, string endpoint, TimeSpan timeout, CancellationToken ct)
        {
            if (IPAddress.TryParse(host, out IPAddress? literal))
                return new[] { literal };

            // Name resolution takes no token; race it against the timeout and the caller.
            Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(host);
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                Task delay = Task.Delay(timeout, stop.Token);
                Task first = await Task.WhenAny(lookup, delay).ConfigureAwait(false);
                stop.Cancel();
                if (first != lookup)
                {
                    _ = lookup.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    ct.ThrowIfCancellationRequested();
                    throw new KevyNetException(endpoint, KevyNetErrorKind.ConnectTimeout, "host name not resolved within " + Ms(timeout));
                }
            }

            IPAddress[] found;
            try
            {
                found = await lookup.ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new KevyNetException(endpoint, KevyNetErrorKind.Unresolvable, $"cannot resolve host name '{host}' ({e.SocketErrorCode})", e);
            }

            var ordered = new List<IPAddress>();
            foreach (IPAddress a in found) if (a.AddressFamily == AddressFamily.InterNetwork) ordered.Add(a);
            foreach (IPAddress a in found) if (a.AddressFamily == AddressFamily.InterNetworkV6) ordered.Add(a);
            if (ordered.Count == 0)
                throw new KevyNetException(endpoint, KevyNetErrorKind.Unresolvable, $"host name '{host}' resolved to no IPv4 or IPv6 address");
            return ordered;
        }

        internal static TimeSpan Remaining(TimeSpan timeout, Stopwatch clock) =>
            timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - clock.Elapsed;

        internal static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
    }
}
