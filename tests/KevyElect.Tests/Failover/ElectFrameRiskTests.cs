using Xunit;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Protocol;

namespace KevyElect.Tests.Failover;

public sealed class ElectFrameRiskTests
{
    private static readonly PeerTable Table = PeerTable.Parse("n1@127.0.0.1:7201:7001,n2@127.0.0.1:7202:7002,n3@127.0.0.1:7203:7003");

    [Theory]
    [InlineData(ElectRole.Replica)]
    [InlineData(ElectRole.Candidate)]
    public void A_non_primary_heartbeat_under_a_members_id_changes_nothing(ElectRole role) =>
        Assert.Null(ElectFrameRisk.Assess(new HbMessage(5, "n2", role, 0), Table));

    [Fact]
    public void A_primary_heartbeat_makes_lower_epochs_follow_the_sender()
    {
        string? why = ElectFrameRisk.Assess(new HbMessage(5, "n2", ElectRole.Primary, 0), Table);
        Assert.NotNull(why);
        Assert.Contains("below epoch 5 follow 'n2'", why);
    }

    [Fact]
    public void A_heartbeat_under_an_id_outside_the_table_counts_toward_a_majority_whatever_its_role()
    {
        string? why = ElectFrameRisk.Assess(new HbMessage(5, "ghost", ElectRole.Replica, 0), Table);
        Assert.NotNull(why);
        Assert.Contains("'ghost' is not in the peer table", why);
    }

    [Fact]
    public void Offer_accept_and_announce_each_say_how_they_change_who_writes()
    {
        Assert.Contains("votes for 'n3'", ElectFrameRisk.Assess(new OfferMessage(7, "n3", 0), Table));
        Assert.Contains("vote of 'n1'", ElectFrameRisk.Assess(new AcceptMessage(7, "n1"), Table));
        Assert.Contains("adopt 'n2' as primary", ElectFrameRisk.Assess(new AnnounceMessage(7, "n2", "127.0.0.1:7002"), Table));
    }
}
