using System;
using KevyElect.Cluster;
using KevyElect.Lab;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// The peer-table text of a row (a Get-KevyElectPeer row, a summary) piped into the next cmdlet loses the alias
    /// ports of a process lab: the relay ports its nodes name each other by. Text equal to a running lab's table
    /// stands for that lab's table, aliases included, so its nodes are still identified.
    /// </summary>
    internal static class LabPeerTables
    {
        /// <summary>The running lab's table that <paramref name="parsed"/> spells, else <paramref name="parsed"/> itself.</summary>
        public static PeerTable WithAliases(PeerTable parsed)
        {
            string text = parsed.ToString();
            foreach (ElectLab lab in ElectLab.Running)
            {
                PeerTable? table = PeersOf(lab);
                if (table != null && string.Equals(table.ToString(), text, StringComparison.Ordinal)) return table;
            }
            return parsed;
        }

        private static PeerTable? PeersOf(ElectLab lab)
        {
            try
            {
                return lab.IsDisposed ? null : lab.Peers;
            }
            catch (InvalidOperationException)
            {
                return null; // a process lab still starting has no table yet
            }
        }
    }
}
