using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>Warnings about a peer table that parses but tolerates fewer failures than it could.</summary>
    internal static class PeerTableLint
    {
        internal static IReadOnlyList<string> Check(int count)
        {
            var warnings = new List<string>();
            int quorum = count / 2 + 1;
            if (count == 1)
            {
                warnings.Add("a single peer has no fault tolerance: there is nothing to fail over to");
            }
            else if (count == 2)
            {
                warnings.Add("2 peers have no fault tolerance: the quorum is 2 of 2, so losing either node stops elections");
            }
            else if (count % 2 == 0)
            {
                int tolerated = count - quorum;
                warnings.Add($"{count} peers (quorum {quorum}) tolerate {tolerated} failure(s), no more than {count - 1} peers would: an odd count is better");
            }
            return warnings;
        }
    }
}
