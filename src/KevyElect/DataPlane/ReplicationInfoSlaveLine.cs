using System;

namespace KevyElect.DataPlane
{
    /// <summary>Reads the value of one <c>slave&lt;i&gt;:ip=..,port=..,state=..,offset=..,sent=..,lag=..</c> line of INFO replication.</summary>
    internal static class ReplicationInfoSlaveLine
    {
        /// <summary>
        /// Parses <paramref name="value"/>: comma-separated <c>name=value</c> fields, the last of a name
        /// winning; <c>ip</c> and <c>port</c> are required. <paramref name="sharedIp"/>, the previous
        /// line's ip, is reused when this one is the same.
        /// </summary>
        /// <exception cref="FormatException">A required field is missing or a number is unusable (the message names the line and field).</exception>
        public static ReplicationInfoSlave Parse(ReadOnlySpan<byte> key, int index, ReadOnlySpan<byte> value, string? sharedIp)
        {
            ReadOnlySpan<byte> ip = default, port = default, state = default, offset = default, sent = default, lag = default;
            bool hasIp = false, hasPort = false, hasState = false, hasOffset = false, hasSent = false, hasLag = false;
            int start = 0;
            while (start <= value.Length)
            {
                int comma = value.Slice(start).IndexOf((byte)',');
                int end = comma < 0 ? value.Length : start + comma;
                ReadOnlySpan<byte> part = value.Slice(start, end - start);
                start = end + 1;
                int eq = part.IndexOf((byte)'=');
                if (eq <= 0) continue;
                ReadOnlySpan<byte> name = part.Slice(0, eq), field = part.Slice(eq + 1);
                if (ReplyText.Is(name, "ip"u8)) { ip = field; hasIp = true; }
                else if (ReplyText.Is(name, "port"u8)) { port = field; hasPort = true; }
                else if (ReplyText.Is(name, "state"u8)) { state = field; hasState = true; }
                else if (ReplyText.Is(name, "offset"u8)) { offset = field; hasOffset = true; }
                else if (ReplyText.Is(name, "sent"u8)) { sent = field; hasSent = true; }
                else if (ReplyText.Is(name, "lag"u8)) { lag = field; hasLag = true; }
            }

            // Judged in this order: ip, port, then the optional numbers.
            if (!hasIp) throw Missing(key, "ip", value);
            string ipText = sharedIp != null && Same(ip, sharedIp) ? sharedIp : ReplyText.Decode(ip);
            if (!hasPort) throw Missing(key, "port", value);
            int portNumber = (int)ReplicationInfo.FieldLong(key, "port"u8, port, 0, 65535);
            string stateText = hasState ? State(state) : string.Empty;
            long offsetNumber = hasOffset ? ReplicationInfo.FieldLong(key, "offset"u8, offset) : 0;
            long? sentNumber = hasSent ? ReplicationInfo.FieldLong(key, "sent"u8, sent) : null;
            long? lagNumber = hasLag ? ReplicationInfo.FieldLong(key, "lag"u8, lag) : null;
            return new ReplicationInfoSlave(index, ipText, portNumber, stateText, offsetNumber, sentNumber, lagNumber);
        }

        private static FormatException Missing(ReadOnlySpan<byte> key, string name, ReadOnlySpan<byte> value) =>
            new FormatException($"INFO replication: {ReplyText.Decode(key)} has no {name}= field ('{ReplyText.Decode(value)}')");

        /// <summary>The replica states kevy reports, without a new string; anything else as sent.</summary>
        private static string State(ReadOnlySpan<byte> state)
        {
            if (ReplyText.Is(state, "online"u8)) return "online";
            return ReplyText.Is(state, "syncing"u8) ? "syncing" : ReplyText.Decode(state);
        }

        /// <summary>True when <paramref name="utf8"/> is the ASCII text <paramref name="text"/>.</summary>
        private static bool Same(ReadOnlySpan<byte> utf8, string text)
        {
            if (utf8.Length != text.Length) return false;
            for (int i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] >= 0x80 || utf8[i] != text[i]) return false;
            }
            return true;
        }
    }
}
