using System;
using System.Collections.Generic;
using System.Text;

namespace KevyElect.Election
{
    /// <summary>The election's pure ordering rules, shared with anything that must predict a winner.</summary>
    public static class ElectionRules
    {
        /// <summary>Votes needed among <paramref name="clusterSize"/> nodes: N/2 + 1.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
        public static int Quorum(int clusterSize)
        {
            if (clusterSize < 1) throw new ArgumentOutOfRangeException(nameof(clusterSize), clusterSize, "a cluster has at least one node");
            return clusterSize / 2 + 1;
        }

        /// <summary>Orders ids byte-wise on their UTF-8 encoding, as the reference compares them.</summary>
        public static int CompareIds(string a, string b)
        {
            if (a is null) throw new ArgumentNullException(nameof(a));
            if (b is null) throw new ArgumentNullException(nameof(b));
            if (IsAscii(a) && IsAscii(b)) return Math.Sign(string.CompareOrdinal(a, b));
            byte[] x = Encoding.UTF8.GetBytes(a), y = Encoding.UTF8.GetBytes(b);
            int n = Math.Min(x.Length, y.Length);
            for (int i = 0; i < n; i++)
            {
                if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
            }
            return x.Length.CompareTo(y.Length);
        }

        /// <summary>
        /// True when candidate <paramref name="aId"/> ranks above <paramref name="bId"/>: a higher offset,
        /// or an equal offset and a byte-wise smaller id.
        /// </summary>
        public static bool Outranks(string aId, ulong aOffset, string bId, ulong bOffset) =>
            aOffset != bOffset ? aOffset > bOffset : CompareIds(aId, bId) < 0;

        /// <summary>The best candidate: highest offset, then byte-wise lowest id. Null when there is none.</summary>
        public static string? PickCandidate(IEnumerable<(string Id, ulong Offset)> candidates)
        {
            if (candidates is null) throw new ArgumentNullException(nameof(candidates));
            string? bestId = null;
            ulong bestOffset = 0;
            foreach (var (id, offset) in candidates)
            {
                if (id is null) throw new ArgumentException("a candidate id is null", nameof(candidates));
                if (bestId is null || Outranks(id, offset, bestId, bestOffset))
                {
                    bestId = id;
                    bestOffset = offset;
                }
            }
            return bestId;
        }

        private static bool IsAscii(string s)
        {
            foreach (char c in s)
            {
                if (c >= 0x80) return false;
            }
            return true;
        }
    }
}
