using System;
using System.Globalization;
using KevyElect.Protocol;

namespace KevyElect.Lab
{
    /// <summary>Which way a recorded frame travelled.</summary>
    public enum LabFrameDirection
    {
        /// <summary>Read from an inbound connection of the node's elect listener.</summary>
        Received,

        /// <summary>Queued by the node for one of its outbound peer connections.</summary>
        Sent,
    }

    /// <summary>One elect frame a lab node received or sent, or an inbound connection it dropped.</summary>
    public sealed class LabFrameRecord
    {
        /// <summary>Creates a record.</summary>
        public LabFrameRecord(DateTimeOffset at, string nodeId, LabFrameDirection direction, string peer, ElectMessage? message, string? dropReason = null)
        {
            At = at;
            NodeId = nodeId ?? throw new ArgumentNullException(nameof(nodeId));
            _direction = direction;
            Peer = peer ?? throw new ArgumentNullException(nameof(peer));
            Message = message;
            DropReason = dropReason;
        }

        /// <summary>When the frame was read or queued.</summary>
        public DateTimeOffset At { get; }

        /// <summary>The node that recorded it.</summary>
        public string NodeId { get; }

        private readonly LabFrameDirection _direction;

        /// <summary>Received or Sent.</summary>
        public string Direction => _direction.ToString();

        /// <summary>Received or sent, as the enum.</summary>
        public LabFrameDirection GetDirection() => _direction;

        /// <summary>Received: the remote endpoint of the connection (the sender is whoever the message names). Sent: the recipient id.</summary>
        public string Peer { get; }

        /// <summary>The frame; null when the record is a dropped connection.</summary>
        public ElectMessage? Message { get; }

        /// <summary>Why the connection was dropped (a decode error or the 16 KiB limit); null for a frame.</summary>
        public string? DropReason { get; }

        /// <summary>The frame's verb by name, or null for a dropped connection.</summary>
        public string? Verb => Message?.Verb;

        /// <summary>The frame's verb, or null for a dropped connection.</summary>
        public ElectVerb? GetVerb() => Message?.GetVerb();

        /// <summary>The id the frame claims as its sender.</summary>
        public string? SenderId => Message?.SenderId;

        /// <summary>The Time column: the local time of day, <c>HH:mm:ss.fff</c>.</summary>
        public string Time => At.ToLocalTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The Dir column: <c>in</c> for a frame the node read (or a connection it dropped), <c>out</c> for one it queued.</summary>
        public string Dir => _direction == LabFrameDirection.Received ? "in" : "out";

        /// <summary>The Epoch column: the frame's epoch, or null for a dropped connection.</summary>
        public ulong? Epoch => Message?.Epoch;

        /// <summary>The Sender column: <see cref="SenderId"/>.</summary>
        public string? Sender => SenderId;

        /// <summary>The Detail column: the fields beside verb, epoch and sender, or why the connection was dropped.</summary>
        public string? Detail => Message == null ? DropReason : KevyElect.Protocol.ElectFrameText.Detail(Message);

        /// <inheritdoc />
        public override string ToString() =>
            At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + NodeId + (_direction == LabFrameDirection.Received ? " <- " : " -> ")
            + Peer + " " + (Message?.ToString() ?? "dropped: " + DropReason);
    }
}
