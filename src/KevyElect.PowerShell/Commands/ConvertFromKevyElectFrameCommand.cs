using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using KevyElect.PowerShell.Support;
using KevyElect.Protocol;

namespace KevyElect.PowerShell.Commands
{
    /// <summary>
    /// Decodes elect frames from bytes, hex text or files of concatenated frames into typed messages.
    /// A bad frame is a non-terminating error naming its byte offset and failure kind.
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "KevyElectFrame", DefaultParameterSetName = BytesSet)]
    [OutputType(typeof(HbMessage), typeof(OfferMessage), typeof(AcceptMessage), typeof(AnnounceMessage))]
    public sealed class ConvertFromKevyElectFrameCommand : PSCmdlet
    {
        private const string BytesSet = "Bytes", HexSet = "Hex", PathSet = "Path", LiteralPathSet = "LiteralPath";
        private readonly List<byte> _pipedBytes = new List<byte>();

        /// <summary>Raw bytes. Bytes arriving through the pipeline are joined into one stream and decoded at the end.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BytesSet, ValueFromPipeline = true, Position = 0)]
        public byte[] InputObject { get; set; } = Array.Empty<byte>();

        /// <summary>Hex text; each string is decoded on its own and may hold several frames.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HexSet, ValueFromPipeline = true)]
        public string[] Hex { get; set; } = Array.Empty<string>();

        /// <summary>Files of concatenated frames (wildcards allowed), e.g. a capture's payload.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files of concatenated frames, taken literally; binds PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>After a bad frame, skip to the next '*' and carry on instead of stopping.</summary>
        [Parameter]
        public SwitchParameter Resync { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case BytesSet:
                    if (InputObject != null) _pipedBytes.AddRange(InputObject);
                    break;
                case HexSet:
                    foreach (var text in Hex) DecodeHex(text);
                    break;
                case PathSet:
                    foreach (var pattern in Path)
                    {
                        foreach (var file in ResolveWildcard(pattern)) DecodeFile(file);
                    }
                    break;
                default:
                    foreach (var literal in LiteralPath) DecodeFile(GetUnresolvedProviderPathFromPSPath(literal));
                    break;
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (ParameterSetName == BytesSet) Emit(_pipedBytes.ToArray(), "input bytes");
        }

        private void DecodeHex(string text)
        {
            byte[] bytes;
            try { bytes = KevyElect.Protocol.Hex.Parse(text); }
            catch (FormatException ex)
            {
                WriteError(ErrorRecords.InvalidData("BadHex", $"-Hex: {ex.Message}.", text));
                return;
            }
            Emit(bytes, "hex input");
        }

        private IEnumerable<string> ResolveWildcard(string pattern)
        {
            Collection<string>? paths = null;
            try { paths = GetResolvedProviderPathFromPSPath(pattern, out _); }
            catch (ItemNotFoundException ex)
            {
                WriteError(ErrorRecords.From(ex, "PathNotFound", ErrorCategory.ObjectNotFound, pattern));
            }
            return paths ?? (IEnumerable<string>)Array.Empty<string>();
        }

        private void DecodeFile(string file)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(file); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.From(ex, "FileUnreadable", ErrorCategory.ReadError, file));
                return;
            }
            Emit(bytes, file);
        }

        private void Emit(byte[] bytes, string source)
        {
            foreach (var frame in ElectFrameScanner.Scan(bytes, Resync))
            {
                if (frame.Message != null)
                {
                    WriteObject(frame.Message);
                    continue;
                }
                WriteError(ErrorRecords.InvalidData("DecodeFailed", frame.DescribeFailure(source, Resync)!, source));
            }
        }
    }
}
