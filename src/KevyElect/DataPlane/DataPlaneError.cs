using System;
using System.Globalization;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>A classified data-plane error reply (<c>-CODE message</c>).</summary>
    public sealed class DataPlaneError
    {
        private DataPlaneError(DataPlaneErrorKind kind, string code, string text, string? targetHost, int? targetPort)
        {
            Kind = kind;
            Code = code;
            Text = text;
            TargetHost = targetHost;
            TargetPort = targetPort;
        }

        /// <summary>The class of the error.</summary>
        public DataPlaneErrorKind Kind { get; }

        /// <summary>The first word of the reply, e.g. <c>READONLY</c>.</summary>
        public string Code { get; }

        /// <summary>The whole error text, without the leading dash.</summary>
        public string Text { get; }

        /// <summary>QUIESCED: the handover target. MISDIRECTED: the writer. Otherwise null.</summary>
        public string? TargetHost { get; }

        /// <summary>The port that goes with <see cref="TargetHost"/>.</summary>
        public int? TargetPort { get; }

        /// <summary>
        /// True for the transient errors of a failover (READONLY, QUIESCED, MISDIRECTED, NOREPLICAS,
        /// STALE, LOADING): the same command can succeed later or elsewhere. False for ERR and unknown codes.
        /// </summary>
        public bool IsRetryable => Kind != DataPlaneErrorKind.Err && Kind != DataPlaneErrorKind.Other;

        /// <summary>Classifies an error reply.</summary>
        /// <exception cref="ArgumentException">The reply is not an error.</exception>
        public static DataPlaneError FromReply(RespValue reply)
        {
            if (reply is null) throw new ArgumentNullException(nameof(reply));
            if (!reply.IsError) throw new ArgumentException($"not an error reply: {reply}", nameof(reply));
            return Parse(reply.Text!);
        }

        /// <summary>Classifies the reply when it is an error; false (and null) otherwise.</summary>
        public static bool TryFromReply(RespValue? reply, out DataPlaneError? error)
        {
            error = reply != null && reply.IsError ? Parse(reply.Text!) : null;
            return error != null;
        }

        /// <summary>Classifies error text (with or without the leading dash).</summary>
        public static DataPlaneError Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (text.StartsWith("-", StringComparison.Ordinal)) text = text.Substring(1);
            text = text.TrimEnd('\r', '\n');
            int space = text.IndexOf(' ');
            string code = space < 0 ? text : text.Substring(0, space);
            DataPlaneErrorKind kind = code switch
            {
                "READONLY" => DataPlaneErrorKind.ReadOnly,
                "QUIESCED" => DataPlaneErrorKind.Quiesced,
                "MISDIRECTED" => DataPlaneErrorKind.Misdirected,
                "NOREPLICAS" => DataPlaneErrorKind.NoReplicas,
                "STALE" => DataPlaneErrorKind.Stale,
                "LOADING" => DataPlaneErrorKind.Loading,
                "ERR" => DataPlaneErrorKind.Err,
                _ => DataPlaneErrorKind.Other,
            };

            string? host = null;
            int? port = null;
            if ((kind == DataPlaneErrorKind.Quiesced || kind == DataPlaneErrorKind.Misdirected)
                && TrySplitAddress(LastWord(text), out string h, out int p))
            {
                host = h;
                port = p;
            }
            return new DataPlaneError(kind, code, text, host, port);
        }

        private static string LastWord(string text)
        {
            string trimmed = text.TrimEnd();
            int space = trimmed.LastIndexOf(' ');
            return space < 0 ? trimmed : trimmed.Substring(space + 1);
        }

        // host:port or [v6]:port
        private static bool TrySplitAddress(string word, out string host, out int port)
        {
            host = string.Empty;
            port = 0;
            int colon = word.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(word.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                return false;
            host = word.Substring(0, colon);
            if (host.Length > 1 && host[0] == '[' && host[host.Length - 1] == ']') host = host.Substring(1, host.Length - 2);
            return host.Length > 0;
        }

        /// <inheritdoc />
        public override string ToString() => Text;
    }
}
