using System.Collections;
using Xunit;
using KevyElect.Cluster;
using KevyElect.Fleet;

namespace KevyElect.Tests.Fleet;

/// <summary>The inventory parser over already-read data: what makes the whole inventory fail, and what only one cluster.</summary>
public sealed class FleetInventoryParserTests
{
    private const string Table = "n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004,n3@10.0.0.3:6204:6004";

    private static FleetInventory Parse(Hashtable clusters, string? baseDirectory = null) =>
        FleetInventoryParser.Parse(new Hashtable { ["Clusters"] = clusters }, "inv.psd1", baseDirectory);

    [Fact]
    public void Reads_peers_an_array_of_entries_a_bare_string_and_a_config_path_relative_to_the_inventory()
    {
        FleetInventory inventory = Parse(new Hashtable
        {
            ["prod-eu"] = new Hashtable { ["Peers"] = Table, ["Description"] = "orders" },
            ["split"] = new Hashtable { ["Peers"] = new object[] { "n1@10.0.0.1:6204:6004", " n2@10.0.0.2:6204:6004" } },
            ["bare"] = Table,
            ["billing"] = new Hashtable { ["ConfigPath"] = "billing/kevy.toml" },
        }, "/etc/kevy");

        Assert.Equal(new[] { "bare", "billing", "prod-eu", "split" }, inventory.Clusters.Select(c => c.Name));
        FleetCluster eu = inventory.Find("PROD-EU")!;
        Assert.Equal("orders", eu.Description);
        PeerTable table = eu.LoadPeers();
        Assert.Equal(Table, table.ToString());
        Assert.Equal("prod-eu", table.Name);
        Assert.Equal("n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004", inventory.Find("split")!.Peers);
        Assert.Equal(Table, inventory.Find("bare")!.Peers);
        Assert.Equal(Path.GetFullPath("/etc/kevy/billing/kevy.toml"), inventory.Find("billing")!.ConfigPath);
        Assert.All(inventory.Clusters, c => Assert.Null(c.Problem));
    }

    [Theory]
    [InlineData("Peer", "unknown key 'Peer'")]
    [InlineData("Both", "both Peers and ConfigPath")]
    [InlineData("Neither", "neither Peers nor ConfigPath")]
    [InlineData("BadTable", "its Peers cannot be used")]
    public void A_wrong_entry_makes_only_that_cluster_unusable_and_says_why(string shape, string problem)
    {
        Hashtable entry = shape switch
        {
            "Peer" => new Hashtable { ["Peer"] = Table },
            "Both" => new Hashtable { ["Peers"] = Table, ["ConfigPath"] = "kevy.toml" },
            "Neither" => new Hashtable { ["Description"] = "nothing" },
            _ => new Hashtable { ["Peers"] = "n1@10.0.0.1:notaport" },
        };
        FleetInventory inventory = Parse(new Hashtable { ["good"] = Table, ["bad"] = entry });

        Assert.Null(inventory.Find("good")!.Problem);
        FleetCluster bad = inventory.Find("bad")!;
        Assert.Contains(problem, bad.Problem);
        var e = Assert.Throws<FleetClusterException>(() => bad.LoadPeers());
        Assert.StartsWith("cluster 'bad': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kevy_toml_fails_when_the_cluster_is_used_naming_the_cluster_and_the_file()
    {
        FleetCluster cluster = Parse(new Hashtable { ["gone"] = new Hashtable { ["ConfigPath"] = "/nonexistent/kevy.toml" } }).Find("gone")!;
        Assert.Null(cluster.Problem);
        var e = Assert.Throws<FleetClusterException>(() => cluster.LoadPeers());
        Assert.Contains("cluster 'gone'", e.Message);
        Assert.Contains("/nonexistent/kevy.toml", e.Message);
    }

    [Fact]
    public void A_wrong_shape_rejects_the_whole_inventory()
    {
        Assert.Contains("no Clusters key", Assert.Throws<FleetInventoryException>(() => FleetInventoryParser.Parse(new Hashtable(), "inv.psd1", null)).Message);
        Assert.Contains("unknown key 'Cluster'", Assert.Throws<FleetInventoryException>(() =>
            FleetInventoryParser.Parse(new Hashtable { ["Cluster"] = new Hashtable() }, "inv.psd1", null)).Message);
        Assert.Contains("Clusters must be a table", Assert.Throws<FleetInventoryException>(() =>
            FleetInventoryParser.Parse(new Hashtable { ["Clusters"] = "x" }, "inv.psd1", null)).Message);
        Assert.Contains("bad cluster name 'prod eu'", Assert.Throws<FleetInventoryException>(() => Parse(new Hashtable { ["prod eu"] = Table })).Message);
        Assert.Contains("bad cluster name 'p*'", Assert.Throws<FleetInventoryException>(() => Parse(new Hashtable { ["p*"] = Table })).Message);
    }
}
