using System.Net;
using System.Net.Sockets;
using KevyElect.Cluster;
using KevyElect.Failover;
using KevyElect.Protocol;
using Xunit;

namespace KevyElect.Tests.Failover;

public class ElectDeliveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Accepts one connection on 127.0.0.1 and returns every byte read until the sender closes.</summary>
    private static (int Port, Task<byte[]> Received, TcpListener Listener) Receiver()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        async Task<byte[]> ReadAll()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using Socket socket = await listener.AcceptSocketAsync(cts.Token);
            var all = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) all.Write(buffer, 0, n);
            return all.ToArray();
        }
        return (((IPEndPoint)listener.LocalEndpoint).Port, ReadAll(), listener);
    }

    [Fact]
    public async Task Every_verb_arrives_as_its_exact_frame_with_a_receipt_per_message()
    {
        var (port, received, listener) = Receiver();
        try
        {
            var peer = new PeerSpec("n1", "127.0.0.1", port, 7001);
            ElectMessage[] messages =
            {
                new HbMessage(3, "n2", ElectRole.Replica, 10), new OfferMessage(4, "n2", 10),
                new AcceptMessage(4, "n3"), new AnnounceMessage(4, "n2", "127.0.0.1:7002"),
            };
            var receipts = await ElectDelivery.DeliverAsync(peer, messages, Timeout, CancellationToken.None);
            byte[] bytes = await received;

            Assert.Equal(messages.SelectMany(ElectCodec.Encode).ToArray(), bytes);
            Assert.Equal(new[] { ElectVerb.Hb, ElectVerb.Offer, ElectVerb.Accept, ElectVerb.Announce }, receipts.Select(r => r.GetVerb()));
            Assert.All(receipts, r => Assert.True(r.Delivered));
            Assert.Equal(bytes.Length, receipts.Sum(r => r.Bytes));
            Assert.Equal(Hex.Format(ElectCodec.Encode(messages[3])), receipts[3].Hex);
            Assert.All(receipts, r => Assert.Equal("n1", r.Target));
            Assert.All(receipts, r => Assert.Equal("127.0.0.1:" + port, r.Endpoint));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_closed_port_gives_receipts_with_the_error_instead_of_throwing()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var receipts = await ElectDelivery.BroadcastAsync(new[] { new PeerSpec("n9", "127.0.0.1", port, 7009) },
            new AcceptMessage(1, "n1"), Timeout, CancellationToken.None);
        var receipt = Assert.Single(receipts);
        Assert.False(receipt.Delivered);
        Assert.Equal(0, receipt.Bytes);
        Assert.Contains("refused", receipt.Error);
    }

    [Fact]
    public async Task A_stand_in_heartbeats_as_a_replica_under_its_reserved_id_until_stopped()
    {
        var (port, received, listener) = Receiver();
        try
        {
            var table = PeerTable.Parse($"n1@127.0.0.1:{port}:7001,n2@127.0.0.1:7202:7002");
            var standIn = StandInVoter.Start(table, table.Find("n1")!, 77, 1, TimeSpan.FromMilliseconds(20), Timeout);
            // Wait for a few heartbeats rather than a fixed time: a loaded machine may be slow to connect.
            await Eventually.HoldsAsync(() => standIn.HeartbeatsSent >= 3, TimeSpan.FromSeconds(10), "three stand-in heartbeats");
            standIn.Stop();
            Assert.False(standIn.IsRunning);
            byte[] bytes = await received;
            var first = ElectCodec.Decode(bytes);
            Assert.Equal(new HbMessage(77, "kevyelect-standin", ElectRole.Replica, 0), first.Message);
            Assert.True(standIn.HeartbeatsSent >= 2);
            Assert.Equal(standIn.HeartbeatsSent * ElectCodec.Encode(first.Message!).Length, bytes.Length);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_stand_in_id_inside_the_peer_table_is_refused()
    {
        var table = PeerTable.Parse("kevyelect-standin@127.0.0.1:7201:7001,n2@127.0.0.1:7202:7002");
        var e = Assert.Throws<ArgumentException>(() => StandInVoter.Start(table, table.Find("n2")!, 1, 1, TimeSpan.FromMilliseconds(50), Timeout));
        Assert.Contains("kevyelect-standin", e.Message);
        Assert.Equal("kevyelect-standin-2", StandInVoter.IdFor(2));
    }
}
