using System;
using System.Management.Automation;
using KevyElect.Cluster;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Resolves the cluster a cmdlet names by -Peers or -ConfigPath. Shared by <see cref="KevyClusterCmdlet"/>
    /// and cmdlets that cannot derive from it (Send-KevyElectMessage derives from <see cref="ElectMessageCmdlet"/>).
    /// </summary>
    internal static class ClusterPeers
    {
        /// <summary>The table from <paramref name="peers"/>, else read from <paramref name="configPath"/>; a terminating error if neither works.</summary>
        public static PeerTable Resolve(PSCmdlet cmdlet, PeerTable? peers, string? configPath)
        {
            if (peers != null) return peers;
            if (string.IsNullOrEmpty(configPath))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("NoCluster",
                    "Name the cluster with -Peers (or pipe an object with a Peers property) or -ConfigPath.", null));
            }
            string path = cmdlet.GetUnresolvedProviderPathFromPSPath(configPath);
            if (System.IO.Directory.Exists(path))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.InvalidArgument("ConfigIsDirectory",
                    $"-ConfigPath '{path}' is a directory: name the kevy.toml file in it (e.g. {System.IO.Path.Combine(path, "kevy.toml")}).", path));
            }
            if (!System.IO.File.Exists(path))
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(new System.IO.FileNotFoundException($"-ConfigPath '{path}' does not exist.", path),
                    "ConfigNotFound", ErrorCategory.ObjectNotFound, path));
            }
            try
            {
                return KevyToml.Load(path).Peers;
            }
            catch (UnauthorizedAccessException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(new UnauthorizedAccessException($"-ConfigPath '{path}' cannot be read: permission denied.", ex),
                    "ConfigUnreadable", ErrorCategory.PermissionDenied, path));
            }
            catch (PeerTableException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(ex, "BadConfig", ErrorCategory.InvalidData, path));
            }
            catch (System.IO.IOException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(ex, "ConfigUnreadable", ErrorCategory.ReadError, path));
            }
            throw new InvalidOperationException("unreachable");
        }
    }
}
