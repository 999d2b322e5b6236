using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;
using Xunit;

namespace FtCore.Core.Tests.Links;

public sealed class LinkTimerTests
{
    private static readonly NodeId S1 = NodeId.Replica(1);
    private static readonly NodeId S2 = NodeId.Replica(2);

    [Fact]
    public void A_heartbeat_and_its_ack_make_one_round_trip_per_peer()
    {
        var t = new LinkTimer(NodeId.Lfd(1));
        t.OnSend(S1, new Heartbeat(1), 1_000);
        t.OnSend(S2, new Heartbeat(1), 1_000);
        t.OnReceive(S1, new HeartbeatAck(1, 1), 1_250);
        t.OnReceive(S2, new HeartbeatAck(1, 1), 21_000);
        t.OnReceive(S2, new HeartbeatAck(1, 1), 30_000); // a duplicate answers nothing

        var w = t.TakeWindow();

        Assert.Equal([(S1, 1L, 250L), (S2, 1L, 20_000L)], w.Select(s => (s.To, s.Count, s.MaxUs)));
        Assert.Empty(t.TakeWindow());
        Assert.Equal(2, t.Totals().Count);
    }

    [Fact]
    public void An_ack_covers_every_order_up_to_its_log_end_and_times_the_newest()
    {
        var t = new LinkTimer(S1);
        var op = new Operation([1]);
        t.OnSend(S2, new Order(1, 1, [new Entry(NodeId.Client(1), 1, op)], 0), 100);
        t.OnSend(S2, new Order(1, 2, [new Entry(NodeId.Client(2), 1, op), new Entry(NodeId.Client(3), 1, op)], 0), 300);
        t.OnReceive(S2, new OrderAck(1, 1, 3), 700);
        t.OnReceive(S2, new OrderAck(1, 1, 3), 900);

        var s = Assert.Single(t.TakeWindow());
        Assert.Equal(1, s.Count);
        Assert.Equal(400, s.MaxUs);
    }

    [Fact]
    public void A_resent_request_is_timed_from_its_last_send()
    {
        var t = new LinkTimer(NodeId.Client(1));
        t.OnSend(S1, new ClientRequest(NodeId.Client(1), 5, new Operation([1])), 0);
        t.OnSend(S1, new ClientRequest(NodeId.Client(1), 5, new Operation([1])), 250_000);
        t.OnReceive(S1, new ClientReply(NodeId.Client(1), S1, 5, OpResult.Of([2])), 250_300);

        Assert.Equal(300, Assert.Single(t.TakeWindow()).P50Us);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(12_345)]
    [InlineData(50_000_000)]
    public void Quantiles_are_within_an_eighth_of_the_value(long us)
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < 10; i++) h.Record(us);
        h.Record(us * 2 + 1);

        Assert.InRange(h.QuantileUs(0.5), us, us + us / 8);
        Assert.InRange(h.QuantileUs(1.0), us * 2 + 1, us * 2 + 1);
        Assert.Equal(us, h.MinUs);
    }

    [Fact]
    public void The_median_of_a_spread_is_close()
    {
        var h = new LatencyHistogram();
        for (var us = 1; us <= 1000; us++) h.Record(us);

        Assert.InRange(h.QuantileUs(0.5), 500, 563);
        Assert.InRange(h.QuantileUs(0.99), 990, 1000);
        Assert.Equal(500.5, h.MeanUs);
    }
}
