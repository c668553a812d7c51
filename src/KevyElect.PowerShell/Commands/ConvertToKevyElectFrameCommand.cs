using System.Management.Automation;
using KevyElect.PowerShell.Support;
using KevyElect.Protocol;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>Encodes elect messages into wire frames (bytes, or hex with -AsHex).</summary>
    [Cmdlet(VerbsData.ConvertTo, "KevyElectFrame", DefaultParameterSetName = MessageSet)]
    [OutputType(typeof(byte[]), typeof(string))]
    public sealed class ConvertToKevyElectFrameCommand : ElectMessageCmdlet
    {
        /// <summary>Write lowercase hex text instead of a byte array.</summary>
        [Parameter]
        public SwitchParameter AsHex { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var message in ResolveMessages())
            {
                if (message is null) continue;
                var frame = ElectCodec.Encode(message);
                if (AsHex) WriteObject(Hex.Format(frame));
                else WriteObject(frame, enumerateCollection: false);
            }
        }
    }
}
