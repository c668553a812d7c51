using System.Globalization;

namespace KevyElect.Protocol
{
    /// <summary>The <c>host:port</c> text of an endpoint, as ANNOUNCE, ROLE and the peer table write it.</summary>
    internal static class HostPort
    {
        /// <summary>Formats <c>host:port</c>, bracketing IPv6 literals.</summary>
        public static string Format(string host, int port) =>
            (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
    }
}
