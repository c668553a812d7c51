namespace KevyElect.Lab
{
    /// <summary>What runs a lab's nodes.</summary>
    public enum LabBackend
    {
        /// <summary>The embedded lab (<see cref="LabCluster"/>): the project's model of kevy, inside this process.</summary>
        Embedded,

        /// <summary>Real kevy server processes (<see cref="ProcessLab"/>), one per node.</summary>
        Process,
    }
}
