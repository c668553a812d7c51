using KevyElect.Cluster;
using Xunit;

namespace KevyElect.Tests.Cluster;

public sealed class KevyTomlTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kevytoml-" + Guid.NewGuid().ToString("N"));

    public KevyTomlTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_dir, "kevy.toml");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Peers = "n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004,n3@10.0.0.3:6204:6004";

    [Fact]
    public void Loads_a_full_file()
    {
        string path = Write($"""
            # a node of the cluster
            [server]
            port = 6004
            bind = "0.0.0.0"

            [cluster]
            node_id = "n2"
            peers = "{Peers}"
            elect_port_base = 7300
            """);

        KevyConfig config = KevyToml.Load(path);

        Assert.Equal("n2", config.NodeId);
        Assert.Equal(3, config.Peers.Count);
        Assert.Equal("10.0.0.2", config.Self.Host);
        Assert.Equal(7300, config.ElectPortBase);
        Assert.Equal(7300, config.EffectiveElectPort);
        Assert.Equal(6004, config.ServerPort);
        Assert.Equal(path, config.SourcePath);
    }

    [Fact]
    public void Optional_keys_default()
    {
        KevyConfig config = KevyToml.Parse($"[cluster]\nnode_id = \"n1\"\npeers = \"{Peers}\"\n", "inline");
        Assert.Equal(0, config.ElectPortBase);
        Assert.Null(config.ServerPort);
        Assert.Null(config.SourcePath);
        Assert.Equal(6204, config.EffectiveElectPort); // peer client port 6004 + 200
    }

    [Fact]
    public void Missing_cluster_table_is_named()
    {
        string path = Write("[server]\nport = 6004\n");
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("[cluster]", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Missing_peers_is_named()
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse("[cluster]\nnode_id = \"n1\"\n", "a.toml"));
        Assert.Equal("a.toml: [cluster] peers: missing", e.Message);
    }

    [Fact]
    public void Missing_node_id_is_named()
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse($"[cluster]\npeers = \"{Peers}\"\n", "a.toml"));
        Assert.Equal("a.toml: [cluster] node_id: missing", e.Message);
    }

    [Fact]
    public void Node_id_not_in_peers_lists_the_ids()
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse($"[cluster]\nnode_id = \"n9\"\npeers = \"{Peers}\"\n", "a.toml"));
        Assert.Contains("a.toml: [cluster] node_id", e.Message);
        Assert.Contains("'n9' is not in peers (ids: n1, n2, n3)", e.Message);
    }

    [Fact]
    public void Bad_peer_entry_names_file_key_and_entry()
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse("[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1,n2@h:notaport\"\n", "a.toml"));
        Assert.Equal("n2@h:notaport", e.Entry);
        Assert.Equal("a.toml: [cluster] peers: peer entry 'n2@h:notaport': elect port 'notaport' is not a number", e.Message);
        Assert.IsType<PeerTableException>(e.InnerException);
    }

    [Theory]
    [InlineData("[cluster]\nnode_id = 1\npeers = \"n1@h:1\"\n", "[cluster] node_id", "expected a string but found the integer 1")]
    [InlineData("[cluster]\nnode_id = \"n1\"\npeers = [\"n1@h:1\"]\n", "[cluster] peers", "expected a string but found an array")]
    [InlineData("[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1\"\nelect_port_base = \"7000\"\n", "[cluster] elect_port_base", "expected an integer but found the string \"7000\"")]
    [InlineData("[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1\"\nelect_port_base = 70000\n", "[cluster] elect_port_base", "70000 is outside 0..65535")]
    [InlineData("[server]\nport = true\n[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1\"\n", "[server] port", "expected an integer but found the boolean true")]
    [InlineData("[server]\nport = 0\n[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1\"\n", "[server] port", "0 is outside 1..65535")]
    [InlineData("cluster = 3\n", "cluster", "expected a table but found the integer 3")]
    public void Wrong_types_are_named(string toml, string key, string problem)
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse(toml, "a.toml"));
        Assert.Equal($"a.toml: {key}: {problem}", e.Message);
        Assert.Equal(key, e.Key);
        Assert.Equal("a.toml", e.SourceName);
    }

    [Fact]
    public void Syntax_error_names_file_and_line()
    {
        string path = Write("[cluster]\nnode_id = \"n1\"\npeers = \"n1@h:1\n");
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Load(path));
        Assert.StartsWith(path + ": line 3", e.Message);
        Assert.Contains("TOML syntax error", e.Message);
    }

    [Fact]
    public void Syntax_error_on_a_later_line_reports_that_line()
    {
        var e = Assert.Throws<PeerTableException>(() => KevyToml.Parse("[cluster]\nnode_id = \"n1\"\n\n\nthis is = not toml\n", "b.toml"));
        Assert.StartsWith("b.toml: line 5, column 6: TOML syntax error: Expected `=`", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        string path = Path.Combine(_dir, "absent.toml");
        var e = Assert.Throws<FileNotFoundException>(() => KevyToml.Load(path));
        Assert.Contains(path, e.Message);
    }
}
