using System;
using System.Collections.Generic;

namespace KevyElect.Cluster
{
    /// <summary>How <see cref="KevyElect.Observe.PeerProbe"/> probes a cluster.</summary>
    public sealed class ProbeOptions
    {
        /// <summary>The default per-node time budget: 2 s.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Time budget of each node's whole probe (connect, ROLE, INFO replication and the elect-port connect,
        /// run side by side). Nodes are probed in parallel, so a silent node costs one timeout in total.
        /// </summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>Probe only these members (null: every member). Ids not in the table are ignored.</summary>
        public IReadOnlyCollection<string>? NodeIds { get; set; }

        internal void Validate()
        {
            if (Timeout <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the probe timeout must be positive");
        }
    }
}
