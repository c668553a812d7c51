using KevyElect.DataPlane;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.DataPlane;

public class RoleReplyVectorTests
{
    // Read off the recorded bytes: "master <offset> [host:port@offset ...]" or "slave host:port <state> <offset>".
    public static TheoryData<string, string> Expected => new()
    {
        { "steady-state:17004:ROLE", "master 3 [127.0.0.1:17014@3 127.0.0.1:17024@3]" },
        { "steady-state:17014:ROLE", "slave 127.0.0.1:17204 connected 3" },
        { "failover-right-args:17004:ROLE", "master 0 [127.0.0.1:17014@0]" },
        { "failover-right-args:17014:ROLE", "slave 127.0.0.1:17204 connected 0" },
        { "failover-right-args:17024:ROLE", "slave 127.0.0.1:17204 connect 0" },
        { "planned-then-announce-before:17004:ROLE", "master 1 [127.0.0.1:17014@0 127.0.0.1:17024@0]" },
        { "planned-then-announce-before:17014:ROLE", "slave 127.0.0.1:17204 connected 1" },
        { "planned-then-announce-before:17024:ROLE", "slave 127.0.0.1:17204 connected 1" },
        { "planned-then-announce-after:17004:ROLE", "slave 127.0.0.1:17224 connected 0" },
        { "planned-then-announce-after:17014:ROLE", "slave 127.0.0.1:17224 connected 0" },
        { "planned-then-announce-after:17024:ROLE", "master 0 [127.0.0.1:17014@0 127.0.0.1:17004@0]" },
        { "crash-after:17004:ROLE", "master 0 [127.0.0.1:17014@1]" },
        { "crash-after:17014:ROLE", "slave 127.0.0.1:17204 connected 0" },
    };

    [Fact]
    public void Every_ROLE_vector_has_an_expectation()
    {
        var covered = Expected.Select(row => (string)row[0]).ToHashSet();
        Assert.All(DataPlaneVectors.WithCommand("ROLE"), v => Assert.Contains(v.Case, covered));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Parses_recorded_ROLE_reply(string caseName, string expected)
    {
        RoleReply role = RoleReply.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get(caseName)));

        string actual = role.Kind == ReplicationRole.Master
            ? $"master {role.Offset} [{string.Join(" ", role.Replicas.Select(r => $"{r.Host}:{r.Port}@{r.Offset}"))}]"
            : $"slave {role.PrimaryHost}:{role.PrimaryPort} {role.LinkStateText} {role.Offset}";
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_primarys_replica_host_seen_before_is_the_same_string_in_the_next_reply()
    {
        RespValue Reply() => DataPlaneVectors.Decode(DataPlaneVectors.Get("steady-state:17004:ROLE"));
        RoleReply first = RoleReply.Parse(Reply());
        RoleReply next = RoleReply.Parse(Reply());
        Assert.Equal("127.0.0.1", next.Replicas[0].Host);
        Assert.Same(first.Replicas[0].Host, next.Replicas[0].Host);
        Assert.Same(next.Replicas[0].Host, next.Replicas[1].Host);
    }

    [Fact]
    public void Link_state_maps_to_the_enum()
    {
        Assert.Equal(ReplicaLinkState.Connected, RoleReply.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("steady-state:17014:ROLE"))).LinkState);
        Assert.Equal(ReplicaLinkState.Connect, RoleReply.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("failover-right-args:17024:ROLE"))).LinkState);
    }

    [Fact]
    public void Replica_role_names_the_primary_by_its_elect_port()
    {
        var peers = KevyElect.Cluster.PeerTable.Parse("n1@127.0.0.1:17204:17004,n2@127.0.0.1:17214:17014,n3@127.0.0.1:17224:17024");
        RoleReply role = RoleReply.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("planned-then-announce-after:17004:ROLE")));
        Assert.Equal("n3", peers.FindByEndpoint(role.PrimaryHost!, role.PrimaryPort)!.Id);
        Assert.Equal(17224, peers.Find("n3")!.ElectPort);
    }
}
