using System.Text.Json;
using Xunit;
using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Net;
using KevyElect.Observe;
using KevyElect.Protocol;

namespace KevyElect.Tests.Cluster;

/// <summary>Rows and summaries built from the reference server's recorded ROLE and INFO replies.</summary>
public sealed class ProbeRowVectorTests
{
    private static readonly PeerTable Vectors = PeerTable.Parse("n1@127.0.0.1:17204:17004,n2@127.0.0.1:17214:17014,n3@127.0.0.1:17224:17024");

    private static readonly Lazy<Dictionary<string, byte[]>> Replies = new(() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "vectors", "data-plane-replies.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("case").GetString()!, r => Convert.FromHexString(r.GetProperty("reply_hex").GetString()!)));

    private static RespValue Reply(string name)
    {
        Assert.Equal(RespReadStatus.Complete, RespReader.TryReadReply(Replies.Value[name], out var value, out _));
        return value!;
    }

    /// <summary>The row a probe of <paramref name="id"/> would have produced in state <paramref name="state"/>.</summary>
    private static PeerStatus Row(string state, string id)
    {
        var peer = Vectors.Find(id)!;
        var seen = new PeerStatusBuilder.Observation
        {
            ObservedAt = SummaryRows.T0,
            Role = RoleReply.Parse(Reply($"{state}:{peer.ClientPort}:ROLE")),
            Info = ReplicationInfo.Parse(Reply($"{state}:{peer.ClientPort}:INFO replication")),
            Elect = new ElectProbeResult(peer.ElectAddress, true, TimeSpan.FromMilliseconds(1), null, null),
            LatencyMs = 0.5,
        };
        return PeerStatusBuilder.Build(peer, Vectors, seen);
    }

    private static PeerStatus DownRow(string id)
    {
        var peer = Vectors.Find(id)!;
        var seen = new PeerStatusBuilder.Observation { ObservedAt = SummaryRows.T0, ConnectionFailed = true };
        seen.Errors.Add($"connection refused: {id} at {peer.ClientAddress}");
        return PeerStatusBuilder.Build(peer, Vectors, seen);
    }

    [Fact]
    public void Steady_replica_follows_the_primary_by_its_elect_port_and_by_its_replication_port()
    {
        var n2 = Row("steady-state", "n2");
        Assert.Equal(NodeRole.Replica, n2.GetElectRole());
        Assert.Equal(NodeRole.Replica, n2.GetDataRole());
        Assert.True(n2.RoleAgrees);
        Assert.Equal("n1", n2.FollowsNodeId);           // ROLE: 127.0.0.1:17204 (elect port)
        Assert.Equal("127.0.0.1:17204", n2.FollowsAddress);
        Assert.Equal("n1", n2.DataFollowsNodeId);       // INFO: 127.0.0.1:27004 (replication port)
        Assert.Equal("127.0.0.1:27004", n2.DataFollowsAddress);
        Assert.Equal(2, n2.ReplOffset);                 // INFO's slave_repl_offset, not ROLE's 3
        Assert.Equal(0, n2.LagFrames);
        Assert.Equal("up", n2.LinkStatus);
        Assert.True(n2.MasterLinkUp);
        Assert.True(n2.Reachable);
        Assert.Null(n2.Error);
        Assert.Same(Vectors, n2.GetPeerTable());
        Assert.Equal(Vectors.ToString(), n2.Peers);
        Assert.NotNull(n2.GetRoleReply());
        Assert.NotNull(n2.GetReplicationInfo());
    }

    [Fact]
    public void Steady_primary_lists_its_replicas_by_id()
    {
        var n1 = Row("steady-state", "n1");
        Assert.Equal(NodeRole.Primary, n1.GetElectRole());
        Assert.Equal(NodeRole.Primary, n1.GetDataRole());
        Assert.Null(n1.FollowsNodeId);
        Assert.Null(n1.LagFrames);
        Assert.Null(n1.MasterLinkUp);
        Assert.Equal(3, n1.ReplOffset);
        Assert.Equal(new[] { "n2", "n3" }, n1.ReplicaIds);
    }

    [Fact]
    public void After_a_bare_failover_the_old_primary_disagrees_with_itself_and_replicates_from_the_target()
    {
        var n1 = Row("failover-right-args", "n1");
        Assert.Equal(NodeRole.Primary, n1.GetElectRole());
        Assert.Equal(NodeRole.Replica, n1.GetDataRole());
        Assert.False(n1.RoleAgrees);
        Assert.Null(n1.FollowsNodeId);
        Assert.Equal("n3", n1.DataFollowsNodeId);
        var n3 = Row("failover-right-args", "n3");
        Assert.Equal(NodeRole.Replica, n3.GetElectRole());
        Assert.Equal(NodeRole.Primary, n3.GetDataRole());
        Assert.Equal("n1", n3.FollowsNodeId);
        Assert.Equal("connect", n3.LinkStatus);         // ROLE's state: INFO has no link on a master
        Assert.Equal(new[] { "n1" }, n3.ReplicaIds);
    }

    [Fact]
    public void Bare_failover_state_is_inconsistent_with_writes_on_the_target()
    {
        var s = ClusterSummary.From(Vectors, new[] { Row("failover-right-args", "n1"), Row("failover-right-args", "n2"), Row("failover-right-args", "n3") });
        Assert.Equal(ClusterVerdict.Inconsistent, s.GetVerdict());
        Assert.Equal("n1", s.ElectorPrimary);
        Assert.Equal("n3", s.DataPrimary);
        Assert.Equal("n3", s.WritablePrimary);
        Assert.Contains("n1: ROLE says Primary, INFO says Replica", s.Disagreements);
        Assert.Contains("n3: ROLE says Replica, INFO says Primary", s.Disagreements);
        Assert.DoesNotContain(s.Reasons, r => r.StartsWith("n2", StringComparison.Ordinal)); // n2 follows the elected n1 in both views
    }

    [Theory]
    [InlineData("planned-then-announce-before", "n1")]
    [InlineData("planned-then-announce-after", "n3")]
    public void Settled_states_are_healthy(string state, string primary)
    {
        var s = ClusterSummary.From(Vectors, Vectors.Select(p => Row(state, p.Id)).ToArray());
        Assert.Equal(ClusterVerdict.Healthy, s.GetVerdict());
        Assert.Equal(primary, s.ElectorPrimary);
        Assert.Equal(primary, s.DataPrimary);
        Assert.Empty(s.Disagreements);
    }

    [Fact]
    public void After_a_crash_the_survivors_with_one_member_down_are_degraded()
    {
        var s = ClusterSummary.From(Vectors, new[] { Row("crash-after", "n1"), Row("crash-after", "n2"), DownRow("n3") });
        Assert.Equal(ClusterVerdict.Degraded, s.GetVerdict());
        Assert.Equal("n1", s.WritablePrimary);
        Assert.Equal(new[] { "connection refused: n3 at 127.0.0.1:17024" }, s.Reasons);
    }

    [Fact]
    public void A_replica_whose_role_names_nobody_falls_back_to_info()
    {
        var peer = Vectors.Find("n2")!;
        var seen = new PeerStatusBuilder.Observation
        {
            Role = RoleReply.Slave(string.Empty, 0, "connect", 0),
            Info = ReplicationInfo.Parse(Reply("steady-state:17014:INFO replication")),
        };
        var row = PeerStatusBuilder.Build(peer, Vectors, seen);
        Assert.Equal("n1", row.FollowsNodeId);
        Assert.Equal("127.0.0.1:27004", row.FollowsAddress);
        Assert.False(row.Reachable); // no elect probe result
    }

    [Fact]
    public void An_address_outside_the_table_is_kept_as_an_address()
    {
        var peer = Vectors.Find("n2")!;
        var seen = new PeerStatusBuilder.Observation { Role = RoleReply.Slave("10.9.9.9", 6204, "connected", 1) };
        var row = PeerStatusBuilder.Build(peer, Vectors, seen);
        Assert.Null(row.FollowsNodeId);
        Assert.Equal("10.9.9.9:6204", row.FollowsAddress);
        Assert.Equal(NodeRole.Unknown, row.GetDataRole());
        Assert.False(row.RoleAgrees);
    }
}
