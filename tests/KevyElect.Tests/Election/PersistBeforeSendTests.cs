using KevyElect.Election;
using KevyElect.Protocol;
using Xunit;
using static KevyElect.Tests.Election.ElectorTestKit;

namespace KevyElect.Tests.Election;

/// <summary>The pair is durable before any frame depending on it is handed out, and before state moves.</summary>
public class PersistBeforeSendTests
{
    /// <summary>Records each save with the elector's state at that instant; can be told to fail.</summary>
    private sealed class RecordingPersist : IElectPersist
    {
        public Func<ElectState>? Observe;
        public bool Fail;
        public readonly List<(ElectMeta Saved, ElectState? StateAtSave)> Saves = new();
        public ElectMeta Load() => Saves.Count == 0 ? ElectMeta.Empty : Saves[^1].Saved;
        public void Save(ElectMeta meta)
        {
            if (Fail) throw new IOException("disk full");
            Saves.Add((meta, Observe?.Invoke()));
        }
    }

    private static (Elector, RecordingPersist) Make(string id)
    {
        var persist = new RecordingPersist();
        var e = ElectorTestKit.Make(id, persist: persist);
        persist.Observe = () => e.State;
        return (e, persist);
    }

    [Fact]
    public void Candidacy_saves_epoch_and_self_vote_before_anything_changes()
    {
        var (e, p) = Make("n1");
        e.Tick(0);
        var offer = Assert.Single(e.Tick(5000).Of<OfferMessage>());
        var (saved, before) = Assert.Single(p.Saves);
        Assert.Equal(new ElectMeta(offer.Epoch, "n1"), saved);
        Assert.Equal((ElectRole.Replica, 1UL), (before!.Role, before.Epoch));
    }

    [Fact]
    public void A_vote_is_saved_before_the_accept_and_the_epoch_change()
    {
        var (e, p) = Make("n2");
        var accept = Assert.Single(e.OnMessage(new OfferMessage(2, "n1", 0), 0).Of<AcceptMessage>());
        var (saved, before) = Assert.Single(p.Saves);
        Assert.Equal(new ElectMeta(accept.Epoch, "n1"), saved);
        Assert.Equal(1UL, before!.Epoch);
    }

    [Fact]
    public void Announce_and_heartbeat_adoption_save_before_moving_the_epoch()
    {
        var (e, p) = Make("n2");
        e.OnMessage(new AnnounceMessage(3, "n1", "a"), 0);
        e.OnMessage(Hb("n3", 7, ElectRole.Primary), 1);
        Assert.Equal(new[] { new ElectMeta(3, "n1"), new ElectMeta(7, null) }, p.Saves.Select(s => s.Saved));
        Assert.Equal(new ulong[] { 1, 3 }, p.Saves.Select(s => s.StateAtSave!.Epoch));
    }

    [Fact]
    public void When_saving_fails_no_frame_leaves_and_the_state_stays()
    {
        var (e, p) = Make("n1");
        e.Tick(0);
        p.Fail = true;
        Assert.Throws<IOException>(() => e.Tick(5000));
        Assert.Throws<IOException>(() => e.OnMessage(new OfferMessage(9, "n0", 5), 5000));
        var s = e.State;
        Assert.Equal((ElectRole.Replica, 1UL, null), (s.Role, s.Epoch, s.LastAcceptEpoch));
    }
}
