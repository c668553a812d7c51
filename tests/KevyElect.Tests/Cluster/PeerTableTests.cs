using KevyElect.Cluster;
using Xunit;

namespace KevyElect.Tests.Cluster;

public class PeerTableTests
{
    [Fact]
    public void Parses_three_entries_with_client_ports()
    {
        var table = PeerTable.Parse("n1@10.0.0.1:6204:6004,n2@10.0.0.2:6204:6004,n3@10.0.0.3:6204:6004");

        Assert.Equal(3, table.Count);
        Assert.Equal(2, table.Quorum);
        Assert.Equal("n2", table[1].Id);
        Assert.Equal("10.0.0.2", table[1].Host);
        Assert.Equal(6204, table[1].ElectPort);
        Assert.Equal(6004, table[1].ClientPort);
        Assert.Equal(16004, table[1].ReplicationPort);
        Assert.Empty(table.Warnings);
    }

    [Fact]
    public void Client_port_defaults_to_elect_port()
    {
        var table = PeerTable.Parse("a@host-a:7000,b@host-b:7001,c@host-c:7002");
        Assert.Equal(7001, table[1].ElectPort);
        Assert.Equal(7001, table[1].ClientPort);
    }

    [Fact]
    public void Trims_whitespace_around_entries()
    {
        var table = PeerTable.Parse("  n1@h1:1:2 ,\tn2@h2:3:4\n, n3@h3:5:6  ");
        Assert.Equal(new[] { "n1", "n2", "n3" }, table.Select(p => p.Id));
        Assert.Equal("h2", table[1].Host);
    }

    [Fact]
    public void Accepts_blank_separated_entries_as_PowerShell_renders_a_table_in_a_string()
    {
        var table = PeerTable.Parse("n1@h1:1:2 n2@[::1]:3:4\tn3@h3:5:6,n4@h4:7");
        Assert.Equal(new[] { "n1", "n2", "n3", "n4" }, table.Select(p => p.Id));
        Assert.Equal("::1", table[1].Host);
    }

    [Fact]
    public void Parses_bracketed_ipv6_hosts()
    {
        var table = PeerTable.Parse("n1@[::1]:6204:6004,n2@[fe80::1]:6214,n3@127.0.0.1:6224:6024");
        Assert.Equal("::1", table[0].Host);
        Assert.Equal(6204, table[0].ElectPort);
        Assert.Equal(6004, table[0].ClientPort);
        Assert.Equal("fe80::1", table[1].Host);
        Assert.Equal(6214, table[1].ClientPort);
        Assert.Equal("[::1]:6004", table[0].ClientAddress);
    }

    [Fact]
    public void ToString_round_trips()
    {
        const string spec = "n1@[::1]:6204:6004,n2@h2:6214:6014,n3@h3:6224:6224";
        var table = PeerTable.Parse(spec);
        Assert.Equal(spec, table.ToString());
        Assert.Equal(spec, PeerTable.Parse(table.ToString()).ToString());
    }

    [Fact]
    public void Find_matches_id_exactly()
    {
        var table = PeerTable.Parse("n1@h:1:2,N1@h:3:4,n3@h:5:6");
        Assert.Equal(3, table.Find("N1")!.ElectPort);
        Assert.Equal(1, table.Find("n1")!.ElectPort);
        Assert.Null(table.Find("n2"));
    }

    [Theory]
    [InlineData("127.0.0.1", 17014, "n2")]   // client
    [InlineData("127.0.0.1", 17214, "n2")]   // elect
    [InlineData("127.0.0.1", 27014, "n2")]   // replication
    [InlineData("127.0.0.1", 27004, "n1")]
    [InlineData("127.0.0.1", 17224, "n3")]
    public void FindByEndpoint_matches_any_of_the_three_ports(string host, int port, string expected)
    {
        var table = PeerTable.Parse("n1@127.0.0.1:17204:17004,n2@127.0.0.1:17214:17014,n3@127.0.0.1:17224:17024");
        Assert.Equal(expected, table.FindByEndpoint(host, port)!.Id);
    }

    [Fact]
    public void FindByEndpoint_compares_hosts_case_insensitively_and_does_not_conflate_loopback()
    {
        var table = PeerTable.Parse("n1@Node-A.example:6204:6004,n2@[::1]:6214:6014,n3@localhost:6224:6024");
        Assert.Equal("n1", table.FindByEndpoint("node-a.EXAMPLE", 6004)!.Id);
        Assert.Equal("n2", table.FindByEndpoint("[::1]", 16014)!.Id);
        Assert.Equal("n2", table.FindByEndpoint("::1", 6214)!.Id);
        Assert.Null(table.FindByEndpoint("127.0.0.1", 6024));
        Assert.Null(table.FindByEndpoint("node-a.example", 6005));
    }

    [Theory]
    [InlineData("n1@h:1,n2h:2,n3@h:3", "n2h:2", "missing '@'")]
    [InlineData("n1@h:1,n1@h:2", "n1@h:2:2", "duplicate node id 'n1'")]
    [InlineData("@h:1", "@h:1", "empty node id")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc@h:1", "abcdefghijabcdefghijabcdefghijabc@h:1", "33 bytes")]
    [InlineData("n\u00e9@h:1", "n\u00e9@h:1", "printable ASCII")]
    [InlineData("n\u0001@h:1", "n\u0001@h:1", "control character 0x01")]
    [InlineData("n1@:6204", "n1@:6204", "missing host")]
    [InlineData("n1@h", "n1@h", "missing elect port")]
    [InlineData("n1@h/x:1", "n1@h/x:1", "bad host 'h/x'")]
    [InlineData("n1@h:port", "n1@h:port", "elect port 'port' is not a number")]
    [InlineData("n1@h:1:x2", "n1@h:1:x2", "client port 'x2' is not a number")]
    [InlineData("n1@h:0", "n1@h:0", "elect port 0 is outside 1..65535")]
    [InlineData("n1@h:1:65536", "n1@h:1:65536", "client port 65536 is outside 1..65535")]
    [InlineData("n1@h:1:99999999999", "n1@h:1:99999999999", "outside 1..65535")]
    [InlineData("n1@h:1:", "n1@h:1:", "missing client port")]
    [InlineData("n1@h:1:2:3", "n1@h:1:2:3", "too many ':' fields")]
    [InlineData("n1@::1:1:2", "n1@::1:1:2", "missing host")]
    [InlineData("n1@fe80::1:1:2", "n1@fe80::1:1:2", "too many ':' fields")]
    [InlineData("n1@[::1:1:2", "n1@[::1:1:2", "unterminated '['")]
    [InlineData("n1@[::1]:1:2:3", "n1@[::1]:1:2:3", "too many ports")]
    [InlineData("n1@[::1]1", "n1@[::1]1", "expected ':' after ']'")]
    [InlineData("n1@[]:1", "n1@[]:1", "missing host between '[' and ']'")]
    [InlineData("n1@[10.0.0.1]:1", "n1@[10.0.0.1]:1", "must hold an IPv6 address")]
    public void Rejects_bad_entries_naming_the_entry_and_the_reason(string spec, string entry, string reason)
    {
        var e = Assert.Throws<PeerTableException>(() => PeerTable.Parse(spec));
        Assert.Equal(entry, e.Entry);
        Assert.Contains(reason, e.Reason);
        Assert.Contains($"'{entry}'", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejects_an_empty_table(string spec)
    {
        var e = Assert.Throws<PeerTableException>(() => PeerTable.Parse(spec));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Rejects_an_empty_entry_between_commas()
    {
        var e = Assert.Throws<PeerTableException>(() => PeerTable.Parse("n1@h:1,,n3@h:3"));
        Assert.Contains("entry 2 of 3 is empty", e.Message);
    }

    [Fact]
    public void Id_of_exactly_32_bytes_is_accepted()
    {
        string id = new string('x', 32);
        Assert.Equal(id, PeerTable.Parse(id + "@h:1")[0].Id);
    }

    [Fact]
    public void Single_peer_warns_of_no_fault_tolerance()
    {
        var w = Assert.Single(PeerTable.Parse("n1@h:1").Warnings);
        Assert.Contains("no fault tolerance", w);
    }

    [Fact]
    public void Two_peers_warn_that_quorum_is_two_of_two()
    {
        var w = Assert.Single(PeerTable.Parse("n1@h:1,n2@h:2").Warnings);
        Assert.Contains("no fault tolerance", w);
        Assert.Contains("2 of 2", w);
    }

    [Theory]
    [InlineData(4, 3, 1)]
    [InlineData(6, 5, 2)]
    public void Even_peer_counts_warn_they_tolerate_no_more_than_one_fewer(int n, int fewer, int tolerated)
    {
        string spec = string.Join(",", Enumerable.Range(1, n).Select(i => $"n{i}@h:{i}"));
        var w = Assert.Single(PeerTable.Parse(spec).Warnings);
        Assert.Contains($"tolerate {tolerated} failure", w);
        Assert.Contains($"no more than {fewer} peers", w);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Odd_counts_above_one_have_no_warnings(int n)
    {
        string spec = string.Join(",", Enumerable.Range(1, n).Select(i => $"n{i}@h:{i}"));
        Assert.Empty(PeerTable.Parse(spec).Warnings);
    }

    [Fact]
    public void Create_validates_like_parse()
    {
        var ok = PeerTable.Create(new[] { new PeerSpec("a", "h", 1, 2), new PeerSpec("b", "::1", 3, 4), new PeerSpec("c", "h", 5, 6) });
        Assert.Equal("a@h:1:2,b@[::1]:3:4,c@h:5:6", ok.ToString());

        Assert.Contains("duplicate node id", Assert.Throws<PeerTableException>(() =>
            PeerTable.Create(new[] { new PeerSpec("a", "h", 1, 2), new PeerSpec("a", "h", 3, 4) })).Message);
        Assert.Contains("client port 0", Assert.Throws<PeerTableException>(() =>
            PeerTable.Create(new[] { new PeerSpec("a", "h", 1, 0) })).Message);
        Assert.Contains("bad host", Assert.Throws<PeerTableException>(() =>
            PeerTable.Create(new[] { new PeerSpec("a", "h h", 1, 2) })).Message);
        Assert.Contains("empty", Assert.Throws<PeerTableException>(() =>
            PeerTable.Create(Array.Empty<PeerSpec>())).Message);
    }
}
