using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KevyElect.DataPlane;

namespace KevyElect.Failover
{
    /// <summary>
    /// The evidence a planned switchover lost no acknowledged write: per shard, what the old primary had
    /// acknowledged when its writes stopped, against what the target had applied when it was promoted,
    /// and how that was measured.
    /// </summary>
    public sealed class DrainProof
    {
        internal DrainProof(DrainVerdict verdict, string method, IReadOnlyList<ShardDrain> shards)
        {
            _verdict = verdict;
            Method = method;
            Shards = shards;
        }

        private readonly DrainVerdict _verdict;

        /// <summary>What the comparison showed, by name (NoLoss, Loss, Unproven, ...).</summary>
        public string Verdict => _verdict.ToString();

        /// <summary>What the comparison showed, as the enum.</summary>
        public DrainVerdict GetVerdict() => _verdict;

        /// <summary>How it was measured, in one sentence naming the commands and nodes.</summary>
        public string Method { get; }

        /// <summary>Per shard: acknowledged, applied, confirmed, missing.</summary>
        public IReadOnlyList<ShardDrain> Shards { get; }

        /// <summary>True only when every shard was confirmed applied on the target before promotion.</summary>
        public bool NoLoss => _verdict == DrainVerdict.NoLoss;

        /// <summary>Acknowledged frames the target lacked, summed over shards; 0 with <see cref="NoLoss"/>; null when unknown.</summary>
        public long? MissingFrames =>
            Shards.Count == 0 || Shards.Any(s => s.MissingFrames == null) ? (long?)null : Shards.Sum(s => s.MissingFrames!.Value);

        /// <summary>The proof of a target that confirmed every shard of <paramref name="acknowledged"/> (REPL.WAIT answered +OK).</summary>
        internal static DrainProof Confirmed(string method, ReplToken acknowledged, ReplToken? applied) =>
            new DrainProof(DrainVerdict.NoLoss, method, acknowledged.Shards.Select(s =>
                new ShardDrain(s.Shard, s.Generation, s.Offset, AppliedOn(applied, s.Shard), true, 0)).ToArray());

        /// <summary>The proof of a target that did not confirm in time: what it lacked by its own reading, when it could be read.</summary>
        internal static DrainProof Incomplete(string method, ReplToken acknowledged, ReplToken? applied) =>
            new DrainProof(DrainVerdict.Incomplete, method, acknowledged.Shards.Select(s =>
            {
                ulong? at = AppliedOn(applied, s.Shard);
                long? missing = at is ulong a ? (long)Math.Max(0, (decimal)s.Offset - a) : (long?)null;
                return new ShardDrain(s.Shard, s.Generation, s.Offset, at, false, missing);
            }).ToArray());

        /// <summary>No measurement; <paramref name="why"/> says what was done instead.</summary>
        internal static DrainProof Unmeasured(string why) => new DrainProof(DrainVerdict.Unmeasured, why, Array.Empty<ShardDrain>());

        /// <summary>The verdict in a few words, e.g. <c>no acknowledged write lost</c>.</summary>
        public string Summary => _verdict switch
        {
            DrainVerdict.NoLoss => "no acknowledged write lost",
            DrainVerdict.Incomplete => $"target had not applied everything ({(MissingFrames is long m ? m.ToString(CultureInfo.InvariantCulture) : "an unknown number of")} frame(s) missing), so it was not promoted",
            _ => "loss not measured",
        };

        /// <summary>One line: the verdict, the per-shard figures and the method.</summary>
        public string Describe()
        {
            string figures = string.Join(", ", Shards.Select(s =>
                $"shard {s.Shard}: acknowledged {N(s.AcknowledgedOffset)}, target applied {(s.Confirmed ? "all" : s.TargetAppliedOffset is ulong a ? N(a) : "?")}"
                + (s.MissingFrames is long m && m > 0 ? $" ({m} missing)" : string.Empty)));
            string head = Summary;
            return figures.Length == 0 ? $"{head}: {Method}" : $"{head}: {figures}; {Method}";
        }

        /// <inheritdoc />
        public override string ToString() => Describe();

        private static ulong? AppliedOn(ReplToken? token, int shard) => token?.Shards.FirstOrDefault(x => x.Shard == shard)?.Offset;

        private static string N(ulong n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
