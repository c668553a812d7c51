using KevyElect.DataPlane;
using Xunit;

namespace KevyElect.Tests.DataPlane;

public class ReplicationInfoVectorTests
{
    // Read off the recorded bytes.
    // master: "master slaves=<n> [<i> ip:port state offset/sent/lag ...] offset=<master_repl_offset>"
    // slave:  "slave host:port link=<status> io=<s> sync=<0|1> ro=<0|1> offset=<slave_repl_offset> lag=<frames>"
    public static TheoryData<string, string> Expected => new()
    {
        { "steady-state:17004:INFO replication", "master slaves=2 [0 127.0.0.1:17014 online 3/3/0, 1 127.0.0.1:17024 online 3/3/0] offset=3" },
        { "steady-state:17014:INFO replication", "slave 127.0.0.1:27004 link=up io=0 sync=0 ro=1 offset=2 lag=0" },
        { "failover-right-args:17004:INFO replication", "slave 127.0.0.1:27024 link=up io=0 sync=0 ro=1 offset=78 lag=0" },
        { "failover-right-args:17014:INFO replication", "slave 127.0.0.1:27004 link=up io=0 sync=0 ro=1 offset=0 lag=0" },
        { "failover-right-args:17024:INFO replication", "master slaves=1 [0 127.0.0.1:17004 online 78/79/1] offset=79" },
        { "planned-then-announce-before:17004:INFO replication", "master slaves=2 [0 127.0.0.1:17014 online 1/1/0, 1 127.0.0.1:17024 online 1/1/0] offset=1" },
        { "planned-then-announce-before:17014:INFO replication", "slave 127.0.0.1:27004 link=up io=0 sync=0 ro=1 offset=1 lag=0" },
        { "planned-then-announce-before:17024:INFO replication", "slave 127.0.0.1:27004 link=up io=0 sync=0 ro=1 offset=1 lag=0" },
        { "planned-then-announce-after:17004:INFO replication", "slave 127.0.0.1:27024 link=up io=0 sync=0 ro=1 offset=0 lag=0" },
        { "planned-then-announce-after:17014:INFO replication", "slave 127.0.0.1:27024 link=up io=0 sync=0 ro=1 offset=1 lag=0" },
        { "planned-then-announce-after:17024:INFO replication", "master slaves=2 [0 127.0.0.1:17014 online 0/0/0, 1 127.0.0.1:17004 online 0/0/0] offset=0" },
        { "crash-after:17004:INFO replication", "master slaves=1 [0 127.0.0.1:17014 online 1/0/0] offset=0" },
        { "crash-after:17014:INFO replication", "slave 127.0.0.1:27004 link=up io=0 sync=0 ro=1 offset=1 lag=0" },
    };

    [Fact]
    public void Every_INFO_vector_has_an_expectation()
    {
        var covered = Expected.Select(row => (string)row[0]).ToHashSet();
        Assert.All(DataPlaneVectors.WithCommand("INFO replication"), v => Assert.Contains(v.Case, covered));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Parses_recorded_INFO_replication_reply(string caseName, string expected)
    {
        ReplicationInfo info = ReplicationInfo.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get(caseName)));

        string actual = info.Role == ReplicationRole.Master
            ? $"master slaves={info.ConnectedSlaves} [{string.Join(", ", info.Slaves.Select(s => $"{s.Index} {s.Ip}:{s.Port} {s.State} {s.Offset}/{s.Sent}/{s.Lag}"))}] offset={info.MasterReplOffset}"
            : $"slave {info.MasterHost}:{info.MasterPort} link={info.MasterLinkStatus} io={info.MasterLastIoSecondsAgo} " +
              $"sync={(info.MasterSyncInProgress!.Value ? 1 : 0)} ro={(info.SlaveReadOnly!.Value ? 1 : 0)} offset={info.SlaveReplOffset} lag={info.SlaveLagFrames}";
        Assert.Equal(expected, actual);
        Assert.Empty(info.Other);
    }

    [Fact]
    public void Master_reports_its_replid_and_no_replica_fields()
    {
        ReplicationInfo info = ReplicationInfo.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("steady-state:17004:INFO replication")));
        Assert.Equal(new string('0', 40), info.MasterReplId);
        Assert.Null(info.MasterHost);
        Assert.Null(info.MasterPort);
        Assert.Null(info.SlaveReplOffset);
    }

    [Fact]
    public void Replica_reports_no_master_fields_and_link_up()
    {
        ReplicationInfo info = ReplicationInfo.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("steady-state:17014:INFO replication")));
        Assert.True(info.IsMasterLinkUp);
        Assert.Null(info.ConnectedSlaves);
        Assert.Empty(info.Slaves);
        Assert.Null(info.MasterReplId);
    }

    [Fact]
    public void Replica_INFO_names_the_primary_by_its_replication_port()
    {
        var peers = KevyElect.Cluster.PeerTable.Parse("n1@127.0.0.1:17204:17004,n2@127.0.0.1:17214:17014,n3@127.0.0.1:17224:17024");
        ReplicationInfo info = ReplicationInfo.Parse(DataPlaneVectors.Decode(DataPlaneVectors.Get("failover-right-args:17004:INFO replication")));
        Assert.Equal("n3", peers.FindByEndpoint(info.MasterHost!, info.MasterPort!.Value)!.Id);
    }
}
