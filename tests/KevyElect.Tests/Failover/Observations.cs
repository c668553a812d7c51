using KevyElect.Cluster;
using KevyElect.DataPlane;
using KevyElect.Failover;

namespace KevyElect.Tests.Failover;

/// <summary>Builds node observations as ROLE and INFO would report them.</summary>
internal sealed class Observations
{
    public Observations(string peers) => Table = PeerTable.Parse(peers);

    public static Observations ThreeNodes() => new("n1@127.0.0.1:7201:7001,n2@127.0.0.1:7202:7002,n3@127.0.0.1:7203:7003");

    public static Observations TwoNodes() => new("n1@127.0.0.1:7201:7001,n2@127.0.0.1:7202:7002");

    public PeerTable Table { get; }

    /// <summary>The feed generation of the primary's stream in these observations.</summary>
    public const ulong Generation = 4242;

    public static ReplToken Token(ulong generation, long offset) =>
        ReplToken.Create(new[] { new ReplShardPosition(0, generation, (ulong)offset) });

    public NodeObservation Primary(string id, long offset, bool replToken = true) =>
        new(Table, Table.Find(id)!, RoleReply.Master(offset, Array.Empty<RoleReplica>()),
            ReplicationInfo.Parse($"# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_repl_offset:{offset}\r\n"), true, null,
            replToken ? Token(Generation, offset) : null, replToken ? null : "ERR unknown command 'REPL.TOKEN'");

    /// <summary>A replica; <paramref name="generation"/> is the stream it follows per REPL.TOKEN (default: the primary's).</summary>
    public NodeObservation Replica(string id, string of, long offset, long lag = 0, string link = "up", bool electUp = true, bool roleMaster = false, string? infoOf = null,
        ulong generation = Generation)
    {
        PeerSpec primary = Table.Find(of)!;
        PeerSpec dataSource = Table.Find(infoOf ?? of)!;
        RoleReply role = roleMaster ? RoleReply.Master(offset, Array.Empty<RoleReplica>()) : RoleReply.Slave(primary.Host, primary.ElectPort, "connected", offset);
        var info = ReplicationInfo.Parse($"# Replication\r\nrole:slave\r\nmaster_host:{dataSource.Host}\r\nmaster_port:{dataSource.ReplicationPort}\r\n"
            + $"master_link_status:{link}\r\nslave_repl_offset:{offset}\r\nslave_lag_frames:{lag}\r\n");
        return new NodeObservation(Table, Table.Find(id)!, role, info, electUp, null, Token(generation, offset), null);
    }

    /// <summary>A data-plane master whose elector is a replica (e.g. after a bare FAILOVER).</summary>
    public NodeObservation DataMasterElectReplica(string id, string electOf, long offset) =>
        new(Table, Table.Find(id)!, RoleReply.Slave("127.0.0.1", Table.Find(electOf)!.ElectPort, "connect", 0),
            ReplicationInfo.Parse($"role:master\r\nmaster_repl_offset:{offset}\r\n"), true);

    public NodeObservation Down(string id) => new(Table, Table.Find(id)!, null, null, false, "connection refused");

    public FailoverPlan Plan(FailoverRequest request, params NodeObservation[] nodes) => FailoverPlanner.Plan(Table, nodes, request);
}
