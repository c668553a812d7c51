using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using KevyElect.Protocol;
using System.Threading;
using KevyElect.Internal;

namespace KevyElect.Lab
{
    public sealed partial class LabDataPlane
    {
        private const string ReplWaitUsage = "ERR REPL.WAIT g0 off0 [g1 off1 ...] [TIMEOUT ms] \u2014 pass a token from REPL.TOKEN";
        private static readonly TimeSpan ReplWaitDefaultTimeout = TimeSpan.FromMilliseconds(1000);

        /// <summary>Answers one client command; REPL.WAIT waits (off the fabric's gate) until its token is applied or its timeout.</summary>
        internal Task<RespValue> HandleCommandAsync(IReadOnlyList<byte[]> args)
        {
            if (!string.Equals(Encoding.UTF8.GetString(args[0]), "REPL.WAIT", StringComparison.OrdinalIgnoreCase))
                return Task.FromResult(HandleCommand(args));
            return ReplWaitAsync(args);
        }

        /// <summary>
        /// REPL.TOKEN: on a master its generation and next offset; on a replica the generation it learned from its source
        /// (0 before the first heartbeat) and the offset it applied. The lab has one shard, so one pair.
        /// </summary>
        private RespValue ReplTokenLocked()
        {
            bool master = _link == null || _promotionStartedAt != null;
            ulong generation = master ? _generation : _link!.SourceGeneration;
            return RespValue.Array(new[] { RespValue.Int((long)generation), RespValue.Int(_log.Count) });
        }

        /// <summary>
        /// REPL.WAIT's immediate answers (usage error, a master's +OK, a token of another stream), else null with the offset
        /// to wait for in <paramref name="wait"/>. A caller that cannot wait gets the answer as of now.
        /// </summary>
        private RespValue ReplWaitCheckLocked(IReadOnlyList<byte[]> args, out (long Offset, TimeSpan Timeout)? wait)
        {
            wait = null;
            if (IsLoadingLocked) return RespValue.Err(LabReplies.Loading);
            if (!TryParseReplWait(args, out var pairs, out TimeSpan timeout)) return RespValue.Err(ReplWaitUsage);
            if (_link == null || _promotionStartedAt != null) return LabReplies.Ok;
            if (pairs.Count != 1)
                return RespValue.Err($"ERR REPL.WAIT token has {pairs.Count} (gen, offset) pair(s) but this replica follows 1 stream(s); take the token from this server's primary with REPL.TOKEN");
            if (_link.SourceGeneration == 0 || pairs[0].Generation != _link.SourceGeneration) return MisdirectedLocked();
            if (_log.Count >= (long)Math.Min(pairs[0].Offset, long.MaxValue)) return LabReplies.Ok;
            wait = ((long)Math.Min(pairs[0].Offset, long.MaxValue), timeout);
            return MisdirectedLocked();
        }

        private async Task<RespValue> ReplWaitAsync(IReadOnlyList<byte[]> args)
        {
            Commands.Add(new LabCommandRecord(DateTimeOffset.UtcNow, args.Select(a => Encoding.UTF8.GetString(a)).ToArray()));
            (long Offset, TimeSpan Timeout)? wait;
            ulong generation;
            lock (_fabric.Gate)
            {
                RespValue now = ReplWaitCheckLocked(args, out wait);
                if (wait == null) return now;
                generation = _link!.SourceGeneration;
            }
            RespValue? answer = null;
            bool answered = await Poll.UntilAsync(() =>
            {
                lock (_fabric.Gate)
                {
                    bool sameStream = _run != RunState.Stopped && _link != null && _promotionStartedAt == null && _link.SourceGeneration == generation;
                    if (!sameStream) answer = MisdirectedLocked();
                    else if (_log.Count >= wait.Value.Offset) answer = LabReplies.Ok;
                }
                return Task.FromResult(answer != null);
            }, wait.Value.Timeout, _fabric.Options.TickInterval, CancellationToken.None, _fabric.Options.TimeProvider).ConfigureAwait(false);
            if (answered) return answer!;
            lock (_fabric.Gate) return MisdirectedLocked();
        }

        /// <summary><c>-MISDIRECTED writer is host:port</c>, naming the upstream's replication address (or unknown).</summary>
        private RespValue MisdirectedLocked()
        {
            if (_link == null) return RespValue.Err("MISDIRECTED writer is unknown");
            var source = _link.SourceId == null ? null : _fabric.Directory.Find(_link.SourceId);
            int port = source?.ReplicationPort ?? _link.Port;
            return RespValue.Err("MISDIRECTED writer is " + _link.Host + ":" + port.ToString(CultureInfo.InvariantCulture));
        }

        private static bool TryParseReplWait(IReadOnlyList<byte[]> args, out List<(ulong Generation, ulong Offset)> pairs, out TimeSpan timeout)
        {
            pairs = new List<(ulong, ulong)>();
            timeout = ReplWaitDefaultTimeout;
            int end = args.Count;
            if (end >= 3 && string.Equals(Encoding.UTF8.GetString(args[end - 2]), "TIMEOUT", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryU64(args[end - 1], out ulong ms)) return false;
                timeout = TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue));
                end -= 2;
            }
            int n = end - 1;
            if (n <= 0 || n % 2 != 0) return false;
            for (int i = 1; i < end; i += 2)
            {
                if (!TryU64(args[i], out ulong g) || !TryU64(args[i + 1], out ulong off)) return false;
                pairs.Add((g, off));
            }
            return true;
        }

        private static bool TryU64(byte[] bytes, out ulong value) =>
            ulong.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
