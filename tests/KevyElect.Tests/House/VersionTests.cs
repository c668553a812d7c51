using Xunit;
using System.Text.RegularExpressions;
using KevyElect.Lab;
using KevyElect.Protocol;

namespace KevyElect.Tests.House;

public class VersionTests
{
    [Fact]
    public void The_assemblies_carry_the_manifests_ModuleVersion()
    {
        // Directory.Build.props reads the version from the manifest; this holds it to that.
        string manifest = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "KevyElect.psd1"));
        Match m = Regex.Match(manifest, @"ModuleVersion\s*=\s*'([0-9.]+)'");
        Assert.True(m.Success, "KevyElect.psd1 has no ModuleVersion");
        var expected = new Version(m.Groups[1].Value);

        foreach (var assembly in new[] { typeof(ElectCodec).Assembly, typeof(ElectLab).Assembly })
        {
            Version actual = assembly.GetName().Version!;
            Assert.Equal(expected, new Version(actual.Major, actual.Minor, actual.Build));
        }
    }
}
