using System;
using KevyElect.Protocol;

namespace KevyElect.Failover
{
    /// <summary>
    /// One frame delivered (or not) to one node's elect port. The port never answers, so a delivered frame
    /// only means the bytes were written; its effect shows on the data plane.
    /// </summary>
    public sealed record ElectDeliveryReceipt
    {
        private readonly TimeSpan _elapsed;

        /// <summary>A receipt.</summary>
        /// <param name="target">The node id.</param>
        /// <param name="endpoint">Its elect <c>host:port</c>.</param>
        /// <param name="message">The message sent.</param>
        /// <param name="bytes">Bytes written (0 when it failed).</param>
        /// <param name="hex">The frame as lowercase hex.</param>
        /// <param name="elapsed">Connect plus write time, or until the failure.</param>
        /// <param name="error">Why it failed, or null when delivered.</param>
        public ElectDeliveryReceipt(string target, string endpoint, ElectMessage message, int bytes, string hex, TimeSpan elapsed, string? error)
        {
            Target = target;
            Endpoint = endpoint;
            Message = message;
            Bytes = bytes;
            Hex = hex;
            _elapsed = elapsed;
            Error = error;
        }

        /// <summary>The node id.</summary>
        public string Target { get; }

        /// <summary>Its elect <c>host:port</c>.</summary>
        public string Endpoint { get; }

        /// <summary>The frame's verb, by name (Hb, Offer, Accept, Announce).</summary>
        public string Verb => Message.Verb;

        /// <summary>The frame's verb as the enum.</summary>
        public ElectVerb GetVerb() => Message.GetVerb();

        /// <summary>The message sent.</summary>
        public ElectMessage Message { get; }

        /// <summary>Bytes written (0 when it failed).</summary>
        public int Bytes { get; }

        /// <summary>The frame as lowercase hex.</summary>
        public string Hex { get; }

        /// <summary>Why it failed, or null when delivered.</summary>
        public string? Error { get; }

        /// <summary>True when the frame was written.</summary>
        public bool Delivered => Error is null;

        /// <summary>The name of the cluster the target belongs to (its inventory name), or null for a cluster named only by its peer table.</summary>
        public string? ClusterName { get; init; }

        /// <summary>Connect plus write time (or until the failure) in milliseconds.</summary>
        public double ElapsedMs => Math.Round(_elapsed.TotalMilliseconds, 2);

        /// <summary>Connect plus write time, or until the failure.</summary>
        public TimeSpan GetElapsed() => _elapsed;
    }
}
