using System;
using System.Management.Automation;
using KevyElect.Protocol;

namespace KevyElect.PowerShell.Support
{
    /// <summary>
    /// Base for cmdlets that take elect messages either from the pipeline or built from
    /// parameters, one parameter set per verb. Ids are checked against the node id rule.
    /// </summary>
    public abstract class ElectMessageCmdlet : AsyncCmdlet
    {
        /// <summary>Parameter set names.</summary>
        protected const string HbSet = "Hb", OfferSet = "Offer", AcceptSet = "Accept", AnnounceSet = "Announce", MessageSet = "Message";

        /// <summary>Messages from the pipeline, e.g. from ConvertFrom-KevyElectFrame.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessageSet, ValueFromPipeline = true, Position = 0)]
        public ElectMessage[] Message { get; set; } = Array.Empty<ElectMessage>();

        /// <summary>HB: the sender id the heartbeat claims (node_id on the wire).</summary>
        [Parameter(Mandatory = true, ParameterSetName = HbSet)]
        [Alias("HbNodeId")]
        public string SenderId { get; set; } = string.Empty;

        /// <summary>HB: the role the heartbeat claims.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HbSet)]
        public ElectRole Role { get; set; }

        /// <summary>OFFER: the candidate id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OfferSet)]
        public string CandidateId { get; set; } = string.Empty;

        /// <summary>ACCEPT: the voter id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AcceptSet)]
        public string AccepterId { get; set; } = string.Empty;

        /// <summary>ANNOUNCE: the new primary's id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AnnounceSet)]
        public string NewPrimaryId { get; set; } = string.Empty;

        /// <summary>ANNOUNCE: the new primary's client address, host:port.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AnnounceSet)]
        [Alias("NewPrimaryAddr")]
        public string NewPrimaryAddress { get; set; } = string.Empty;

        /// <summary>The epoch (OFFER's new_epoch).</summary>
        [Parameter(Mandatory = true, ParameterSetName = HbSet)]
        [Parameter(Mandatory = true, ParameterSetName = OfferSet)]
        [Parameter(Mandatory = true, ParameterSetName = AcceptSet)]
        [Parameter(Mandatory = true, ParameterSetName = AnnounceSet)]
        public ulong Epoch { get; set; }

        /// <summary>HB and OFFER: the replication offset.</summary>
        [Parameter(ParameterSetName = HbSet)]
        [Parameter(ParameterSetName = OfferSet)]
        public ulong ReplOffset { get; set; }

        /// <summary>The messages this invocation stands for: the pipeline's, or the one built from parameters.</summary>
        /// <remarks>Throws a terminating error when an id breaks the node id rule.</remarks>
        protected ElectMessage[] ResolveMessages()
        {
            ElectMessage built;
            switch (ParameterSetName)
            {
                case MessageSet:
                    return Message;
                case HbSet:
                    built = new HbMessage(Epoch, CheckedId(SenderId, nameof(SenderId)), Role, ReplOffset);
                    break;
                case OfferSet:
                    built = new OfferMessage(Epoch, CheckedId(CandidateId, nameof(CandidateId)), ReplOffset);
                    break;
                case AcceptSet:
                    built = new AcceptMessage(Epoch, CheckedId(AccepterId, nameof(AccepterId)));
                    break;
                default:
                    built = new AnnounceMessage(Epoch, CheckedId(NewPrimaryId, nameof(NewPrimaryId)), NewPrimaryAddress);
                    break;
            }
            return new[] { built };
        }

        private string CheckedId(string id, string parameter)
        {
            var problem = NodeIdRule.Check(id);
            if (problem != null)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument("InvalidNodeId", $"-{parameter}: {problem}.", id));
            }
            return id;
        }
    }
}
