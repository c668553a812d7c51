using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Protocol;

/// <summary>The decoder reuses the id (and ANNOUNCE address) string of a peer it heard before, and never returns another id's text.</summary>
public class RecentAsciiStringsTests
{
    private static string IdOf(ElectMessage m) => m switch
    {
        HbMessage hb => hb.NodeId,
        OfferMessage offer => offer.CandidateId,
        AcceptMessage accept => accept.AccepterId,
        AnnounceMessage announce => announce.NewPrimaryId,
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    private static string DecodeId(ElectMessage message)
    {
        DecodeResult r = ElectCodec.Decode(ElectCodec.Encode(message));
        Assert.True(r.IsSuccess, r.Error.ToString());
        return IdOf(r.Message!);
    }

    [Fact]
    public void A_repeated_id_decodes_to_the_same_string_instance_in_every_verb()
    {
        string first = DecodeId(new HbMessage(1, "cache-peer-7", ElectRole.Replica, 5));
        Assert.Same(first, DecodeId(new HbMessage(2, "cache-peer-7", ElectRole.Primary, 9)));
        Assert.Same(first, DecodeId(new OfferMessage(3, "cache-peer-7", 9)));
        Assert.Same(first, DecodeId(new AcceptMessage(3, "cache-peer-7")));
        Assert.Same(first, DecodeId(new AnnounceMessage(3, "cache-peer-7", "127.0.0.1:7001")));
    }

    [Fact]
    public void A_repeated_announce_address_decodes_to_the_same_string_instance()
    {
        static string AddressOf(string address)
        {
            DecodeResult r = ElectCodec.Decode(ElectCodec.Encode(new AnnounceMessage(9, "cache-winner", address)));
            Assert.True(r.IsSuccess, r.Error.ToString());
            return ((AnnounceMessage)r.Message!).NewPrimaryAddr;
        }

        string first = AddressOf("127.0.0.1:17014");
        Assert.Equal("127.0.0.1:17014", first);
        Assert.Same(first, AddressOf("127.0.0.1:17014"));
        Assert.Equal("127.0.0.1:17015", AddressOf("127.0.0.1:17015"));
    }

    [Fact]
    public void Ids_that_share_a_slot_each_decode_to_their_own_text()
    {
        // Same length, first and last byte: the same slot, different ids. Alternating makes each evict the other.
        string[] ids = ["xa0y", "xb0y", "xc0y"];
        for (int round = 0; round < 3; round++)
        {
            foreach (string id in ids) Assert.Equal(id, DecodeId(new HbMessage(1, id, ElectRole.Replica, 0)));
        }
    }

    [Fact]
    public void Non_ascii_and_long_ids_decode_exactly_and_afresh()
    {
        const string unicode = "nœud-東京";
        Assert.Equal(unicode, DecodeId(new HbMessage(1, unicode, ElectRole.Replica, 0)));
        Assert.Equal(unicode, DecodeId(new HbMessage(1, unicode, ElectRole.Replica, 0)));
        string longId = new('z', 40);
        string a = DecodeId(new AcceptMessage(1, longId));
        string b = DecodeId(new AcceptMessage(1, longId));
        Assert.Equal(longId, a);
        Assert.Equal(longId, b);
        Assert.NotSame(a, b);
    }

    [Fact]
    public void Decoding_a_heard_id_allocates_only_the_message()
    {
        byte[] frame = ElectCodec.Encode(new HbMessage(42, "alloc-peer", ElectRole.Replica, 7));
        for (int i = 0; i < 100; i++) _ = ElectCodec.Decode(frame);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) _ = ElectCodec.Decode(frame);
        long perDecode = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;

        // What the message alone takes: the same id string, a new message each time.
        string id = "alloc-peer";
        var kept = new ElectMessage[1000];
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < kept.Length; i++) kept[i] = new HbMessage(42, id, ElectRole.Replica, (ulong)i);
        long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / kept.Length;

        Assert.True(perDecode <= perMessage, $"{perDecode} bytes per decode, {perMessage} per message");
    }
}
