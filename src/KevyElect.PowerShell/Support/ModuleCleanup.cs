using System.Management.Automation;
using KevyElect.Observe;

namespace KevyElect.PowerShell.Support
{
    /// <summary>On Remove-Module: closes the data-plane connections probes keep for the next probe, rather than leaving them for their idle limit.</summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo) => PeerProbe.CloseIdleConnections();
    }
}
