using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;
using Xunit;

namespace FtCore.Core.Tests.Links;

/// <summary>LinkTimer's per-sample callback (live metrics record each round trip through it).</summary>
public sealed class LinkTimerRoundTripTests
{
    [Fact]
    public void Each_matched_reply_is_reported_once_with_its_peer_and_round_trip()
    {
        var t = new LinkTimer(NodeId.Lfd(1));
        var seen = new List<(NodeId, long)>();
        t.RoundTrip = (peer, us) => seen.Add((peer, us));
        t.OnSend(NodeId.Replica(1), new Heartbeat(1), 1_000);
        t.OnSend(NodeId.Replica(2), new Heartbeat(1), 1_000);
        t.OnReceive(NodeId.Replica(2), new HeartbeatAck(1, 1), 1_400);
        t.OnReceive(NodeId.Replica(2), new HeartbeatAck(1, 1), 1_900); // a duplicate answers nothing
        t.OnReceive(NodeId.Replica(3), new HeartbeatAck(1, 1), 2_000); // never asked
        t.OnReceive(NodeId.Replica(1), new HeartbeatAck(1, 1), 3_000);

        Assert.Equal([(NodeId.Replica(2), 400L), (NodeId.Replica(1), 2_000L)], seen);
        Assert.Equal(2, t.TakeWindow().Sum(s => s.Count)); // the windows are kept as before
    }
}
