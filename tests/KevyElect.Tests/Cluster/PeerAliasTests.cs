using KevyElect.Cluster;
using Xunit;

namespace KevyElect.Tests.Cluster;

/// <summary>Alias ports: a node reached through relays is still found by the ports its peers name it by.</summary>
public sealed class PeerAliasTests
{
    private static readonly PeerTable Table = PeerTable.Create(new[]
    {
        new PeerSpec("n1", "127.0.0.1", 17204, 17004, new[] { 15001, 25001, 15002 }),
        new PeerSpec("n2", "127.0.0.1", 17214, 17014),
    });

    [Theory]
    [InlineData(15001, "n1")]
    [InlineData(25001, "n1")]
    [InlineData(17004, "n1")]
    [InlineData(27014, "n2")]
    public void FindByEndpoint_MatchesAliasPortsBesideTheThreePorts(int port, string expected) =>
        Assert.Equal(expected, Table.FindByEndpoint("127.0.0.1", port)!.Id);

    [Fact]
    public void AliasesAreNotPartOfThePeerTableSyntax()
    {
        Assert.Equal("n1@127.0.0.1:17204:17004,n2@127.0.0.1:17214:17014", Table.ToString());
        Assert.Empty(Table[1].AliasPorts);
        Assert.Null(Table.FindByEndpoint("localhost", 15001));
    }

    [Fact]
    public void AnAliasOutsideThePortRange_IsRefused()
    {
        var ex = Assert.Throws<PeerTableException>(() => PeerTable.Create(new[] { new PeerSpec("n1", "127.0.0.1", 6204, 6004, new[] { 70000 }) }));
        Assert.Contains("alias port", ex.Message);
    }
}
