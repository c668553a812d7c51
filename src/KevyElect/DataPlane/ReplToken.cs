using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KevyElect.Protocol;

namespace KevyElect.DataPlane
{
    /// <summary>One shard's position in a <see cref="ReplToken"/>.</summary>
    /// <param name="Shard">The shard's index (its replication port is client + 10000 + shard).</param>
    /// <param name="Generation">The feed generation: a primary's own, or the one a replica learned from its upstream (0 = not learned yet).</param>
    /// <param name="Offset">On a primary the next offset of the shard's feed; on a replica the offset it has applied.</param>
    public sealed record ReplShardPosition(int Shard, ulong Generation, ulong Offset);

    /// <summary>
    /// A <c>REPL.TOKEN</c> reply: per shard, the feed generation and offset. On a primary it is what the
    /// primary has acknowledged so far (every write it answered lies below the offsets); on a replica it is
    /// how far the replica has applied the stream of the generation it follows. <c>REPL.WAIT</c> on a replica
    /// with a primary's token answers <c>+OK</c> once every shard has applied it.
    /// </summary>
    public sealed class ReplToken : IEquatable<ReplToken>
    {
        private ReplToken(IReadOnlyList<ReplShardPosition> shards) => Shards = shards;

        /// <summary>The shards, in index order.</summary>
        public IReadOnlyList<ReplShardPosition> Shards { get; }

        /// <summary>
        /// Reads a reply of the form <c>[gen0, off0, gen1, off1, ...]</c> (integers or decimal bulk strings).
        /// False, with <paramref name="error"/> saying why, for an error reply or any other shape.
        /// </summary>
        public static bool TryParse(RespValue reply, out ReplToken? token, out string? error)
        {
            if (reply is null) throw new ArgumentNullException(nameof(reply));
            token = null;
            if (reply.IsError)
            {
                error = "-" + reply.Text;
                return false;
            }
            if (reply.Type != RespType.Array || reply.Items.Count == 0 || reply.Items.Count % 2 != 0)
            {
                error = "REPL.TOKEN answered " + reply + ", not an even-length array of (generation, offset) pairs";
                return false;
            }
            var shards = new ReplShardPosition[reply.Items.Count / 2];
            for (int i = 0; i < shards.Length; i++)
            {
                if (!TryNumber(reply.Items[2 * i], out ulong generation) || !TryNumber(reply.Items[2 * i + 1], out ulong offset))
                {
                    error = $"REPL.TOKEN pair {i} is not two unsigned integers: {reply}";
                    return false;
                }
                shards[i] = new ReplShardPosition(i, generation, offset);
            }
            token = new ReplToken(shards);
            error = null;
            return true;
        }

        /// <summary>Builds a token from explicit positions (tests, and tools that compose one).</summary>
        public static ReplToken Create(IEnumerable<ReplShardPosition> shards)
        {
            var list = (shards ?? throw new ArgumentNullException(nameof(shards))).OrderBy(s => s.Shard).ToArray();
            if (list.Length == 0) throw new ArgumentException("a token has at least one shard", nameof(shards));
            return new ReplToken(list);
        }

        /// <summary>
        /// True when <paramref name="replica"/> (a replica's token) follows the stream this (a primary's) token
        /// describes: as many shards, and every generation equal and known (non-zero).
        /// </summary>
        public bool IsStreamOf(ReplToken replica)
        {
            if (replica is null) throw new ArgumentNullException(nameof(replica));
            return replica.Shards.Count == Shards.Count
                && Shards.Zip(replica.Shards, (p, r) => p.Generation != 0 && p.Generation == r.Generation).All(same => same);
        }

        /// <summary>The arguments of <c>REPL.WAIT</c> for this token: <c>g0 off0 g1 off1 ...</c>.</summary>
        public IReadOnlyList<string> ToArguments() =>
            Shards.SelectMany(s => new[] { s.Generation.ToString(CultureInfo.InvariantCulture), s.Offset.ToString(CultureInfo.InvariantCulture) }).ToArray();

        /// <inheritdoc />
        public bool Equals(ReplToken? other) => other != null && Shards.SequenceEqual(other.Shards);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as ReplToken);

        /// <inheritdoc />
        public override int GetHashCode() => Shards.Aggregate(17, (h, s) => unchecked(h * 31 + s.GetHashCode()));

        /// <summary>The token for people: <c>shard0=gen:offset shard1=gen:offset</c>.</summary>
        public override string ToString() =>
            string.Join(" ", Shards.Select(s => $"shard{s.Shard}={s.Generation.ToString(CultureInfo.InvariantCulture)}:{s.Offset.ToString(CultureInfo.InvariantCulture)}"));

        private static bool TryNumber(RespValue item, out ulong value)
        {
            value = 0;
            switch (item.Type)
            {
                case RespType.Integer:
                    if (item.Integer < 0) return false;
                    value = (ulong)item.Integer;
                    return true;
                case RespType.BulkString:
                case RespType.SimpleString:
                    return ulong.TryParse(item.Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
                default:
                    return false;
            }
        }
    }
}
