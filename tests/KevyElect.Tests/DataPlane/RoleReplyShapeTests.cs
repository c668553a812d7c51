using KevyElect.DataPlane;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.DataPlane;

public class RoleReplyShapeTests
{
    private static RespValue Arr(params RespValue[] items) => RespValue.Array(items);
    private static RespValue B(string s) => RespValue.Bulk(s);
    private static RespValue I(long n) => RespValue.Int(n);

    public static TheoryData<string, RespValue> BadShapes => new()
    {
        { "the server answered an error", RespValue.Err("ERR unknown command") },
        { "expected a non-empty array", RespValue.Simple("OK") },
        { "expected a non-empty array", Arr() },
        { "unknown role 'sentinel'", Arr(B("sentinel"), Arr()) },
        { "the first element is not a role name", Arr(I(1)) },
        { "a master reply has 3 elements, this one has 2", Arr(B("master"), I(1)) },
        { "the master offset is not an integer", Arr(B("master"), B("x"), Arr()) },
        { "the replica list is not an array", Arr(B("master"), I(1), B("x")) },
        { "replica 0 is not an [ip, port, offset] triple", Arr(B("master"), I(1), Arr(Arr(B("h"), B("1")))) },
        { "replica 1 port is not a port number", Arr(B("master"), I(1), Arr(Arr(B("h"), B("1"), B("0")), Arr(B("h"), B("70000"), B("0")))) },
        { "replica 0 offset is not an integer", Arr(B("master"), I(1), Arr(Arr(B("h"), B("1"), B("zz")))) },
        { "a slave reply has 5 elements, this one has 4", Arr(B("slave"), B("h"), I(1), B("connected")) },
        { "the primary port is not a port number", Arr(B("slave"), B("h"), B("p"), B("connected"), I(0)) },
        { "the link state is not a string", Arr(B("slave"), B("h"), I(1), I(2), I(0)) },
        { "the replica offset is not an integer", Arr(B("slave"), B("h"), I(1), B("sync"), RespValue.Null) },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void Rejects_unexpected_shapes_saying_what_is_wrong(string reason, RespValue reply)
    {
        var e = Assert.Throws<FormatException>(() => RoleReply.Parse(reply));
        Assert.StartsWith("unexpected ROLE reply: " + reason, e.Message);
        Assert.False(RoleReply.TryParse(reply, out RoleReply? role));
        Assert.Null(role);
    }

    [Fact]
    public void Accepts_integer_replica_fields_and_unknown_link_states()
    {
        Assert.True(RoleReply.TryParse(Arr(B("master"), I(7), Arr(Arr(B("::1"), I(6004), I(5)))), out RoleReply? master));
        Assert.Equal(new RoleReplica("::1", 6004, 5), Assert.Single(master!.Replicas));

        RoleReply slave = RoleReply.Parse(Arr(B("slave"), B("h"), I(6204), B("handshake"), I(9)));
        Assert.Equal(ReplicaLinkState.Other, slave.LinkState);
        Assert.Equal("handshake", slave.LinkStateText);
        Assert.Equal(9, slave.Offset);
    }
}
