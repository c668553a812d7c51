using KevyElect.DataPlane;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.DataPlane;

public class ReplicationInfoTextTests
{
    [Fact]
    public void Accepts_LF_other_sections_and_keeps_unknown_keys()
    {
        const string text = "# Server\nredis_version:7.0.0\n\n# Replication\nrole:slave\nmaster_host:10.0.0.1\nmaster_port:16004\n" +
                            "master_link_status:down\nmaster_last_io_seconds_ago:-1\nmaster_sync_in_progress:1\nslave_read_only:0\n" +
                            "slave_repl_offset:12\nslave_lag_frames:4\nreplica_announced:1\n";
        ReplicationInfo info = ReplicationInfo.Parse(text);

        Assert.Equal(ReplicationRole.Slave, info.Role);
        Assert.Equal("10.0.0.1", info.MasterHost);
        Assert.Equal(16004, info.MasterPort);
        Assert.False(info.IsMasterLinkUp);
        Assert.Equal(-1, info.MasterLastIoSecondsAgo);
        Assert.True(info.MasterSyncInProgress);
        Assert.False(info.SlaveReadOnly);
        Assert.Equal(12, info.SlaveReplOffset);
        Assert.Equal(4, info.SlaveLagFrames);
        Assert.Equal("7.0.0", info.Other["redis_version"]);
        Assert.Equal("1", info.Other["replica_announced"]);
    }

    [Fact]
    public void Slave_lines_are_ordered_by_index_and_tolerate_missing_sent_and_lag()
    {
        const string text = "role:master\r\nconnected_slaves:2\r\nslave1:ip=b,port=2,state=syncing,offset=5\r\nslave0:ip=a,port=1,state=online,offset=9,lag=1\r\n";
        ReplicationInfo info = ReplicationInfo.Parse(text);

        Assert.Equal(new[] { 0, 1 }, info.Slaves.Select(s => s.Index));
        Assert.Equal(new ReplicationInfoSlave(0, "a", 1, "online", 9, null, 1), info.Slaves[0]);
        Assert.Equal(new ReplicationInfoSlave(1, "b", 2, "syncing", 5, null, null), info.Slaves[1]);
    }

    [Theory]
    [InlineData("connected_slaves:1\r\n", "no 'role:' line")]
    [InlineData("role:sentinel\r\n", "role 'sentinel' is neither master nor slave")]
    [InlineData("role:slave\r\nmaster_port:abc\r\n", "master_port 'abc' is not a valid number")]
    [InlineData("role:slave\r\nmaster_port:70000\r\n", "master_port '70000' is not a valid number")]
    [InlineData("role:slave\r\nslave_read_only:yes\r\n", "slave_read_only 'yes' is neither 0 nor 1")]
    [InlineData("role:master\r\nslave0:port=1,state=online\r\n", "slave0 has no ip= field")]
    [InlineData("role:master\r\nslave0:ip=a,port=1,offset=x\r\n", "slave0 offset 'x' is not a valid number")]
    public void Rejects_unusable_text_naming_the_key(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ReplicationInfo.Parse(text));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Rejects_error_and_non_string_replies()
    {
        Assert.Contains("-LOADING", Assert.Throws<FormatException>(() => ReplicationInfo.Parse(RespValue.Err("LOADING busy"))).Message);
        Assert.Throws<FormatException>(() => ReplicationInfo.Parse(RespValue.Int(3)));
        Assert.False(ReplicationInfo.TryParse(RespValue.Null, out _));
        Assert.True(ReplicationInfo.TryParse(RespValue.Bulk("role:master\r\n"), out ReplicationInfo? ok));
        Assert.Equal(ReplicationRole.Master, ok!.Role);
    }
}
