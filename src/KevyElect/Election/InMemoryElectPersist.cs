using System;

namespace KevyElect.Election
{
    /// <summary>
    /// Keeps the pair in memory: it survives a new <see cref="Elector"/> built on the same instance
    /// (a simulated restart), not the process.
    /// </summary>
    public sealed class InMemoryElectPersist : IElectPersist
    {
        private ElectMeta _meta;

        /// <summary>Starts empty, or with a pair as if saved earlier.</summary>
        public InMemoryElectPersist(ElectMeta? initial = null) => _meta = initial ?? ElectMeta.Empty;

        /// <summary>How many times <see cref="Save"/> was called.</summary>
        public int SaveCount { get; private set; }

        /// <inheritdoc />
        public ElectMeta Load() => _meta;

        /// <inheritdoc />
        public void Save(ElectMeta meta)
        {
            _meta = meta ?? throw new ArgumentNullException(nameof(meta));
            SaveCount++;
        }
    }
}
