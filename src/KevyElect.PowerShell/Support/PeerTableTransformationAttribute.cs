using System;
using System.Management.Automation;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Lets -Peers take a peer-table string (<c>n1@host:elect:client,...</c>) as well as a
    /// PeerTable carried by a lab object or a row of Get-KevyElectPeer.
    /// </summary>
    public sealed class PeerTableTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc />
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case PeerTable table:
                    return table;
                case string text:
                    return Parse(text);
                case string[] list when list.Length > 0:
                    return Parse(string.Join(",", Array.ConvertAll(list, e => e.Trim())));
                case object[] entries when entries.Length > 0 && Array.TrueForAll(entries, e => (e is PSObject p ? p.BaseObject : e) is string):
                    // -Peers 'n1@...','n2@...': one entry per element.
                    return Parse(string.Join(",", Array.ConvertAll(entries, e => ((e is PSObject p ? p.BaseObject : e) as string)!.Trim())));
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"-Peers takes a peer table like 'n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004' (or one entry per array element), not a {value?.GetType().Name ?? "null"}.");
            }
        }

        private static PeerTable Parse(string text)
        {
            try { return LabPeerTables.WithAliases(PeerTable.Parse(text)); }
            catch (PeerTableException ex) { throw new ArgumentTransformationMetadataException("-Peers: " + ex.Message, ex); }
        }
    }
}
