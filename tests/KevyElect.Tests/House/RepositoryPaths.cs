namespace KevyElect.Tests.House;

/// <summary>Finds files of the repository from the test output folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder that holds KevyElect.psd1.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KevyElect.psd1"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no KevyElect.psd1 above {AppContext.BaseDirectory}");
    }
}
