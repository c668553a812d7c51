namespace KevyElect.Election
{
    /// <summary>
    /// Durable storage of <see cref="ElectMeta"/>. When <see cref="Save"/> returns the pair is durable:
    /// the elector saves before any frame that depends on it leaves the node.
    /// </summary>
    public interface IElectPersist
    {
        /// <summary>The last saved pair, or <see cref="ElectMeta.Empty"/> when nothing was saved.</summary>
        ElectMeta Load();

        /// <summary>Makes <paramref name="meta"/> durable before returning.</summary>
        void Save(ElectMeta meta);
    }
}
