using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// Outbound links: a peer that is not up is dialed with backoff while messages wait in order; a
/// peer that restarts is dialed again and delivery resumes.
/// </summary>
public sealed class LinkTests
{
    private static readonly NodeId Peer = NodeId.Lfd(1);

    private sealed class Sender : IAsyncDisposable
    {
        public Sender(Func<HostOptions, HostOptions>? tune = null)
        {
            Map = TestPorts.CompactMap();
            var options = new HostOptions { Map = Map, Logger = Log, Listen = false };
            Host = new RoleHost(new ScriptRole(NodeId.Replica(1)), tune is null ? options : tune(options));
            Host.Start();
        }

        public ClusterMap Map { get; }
        public CapturingLogger Log { get; } = new();
        public RoleHost Host { get; }

        public void Send(int from, int to) =>
            Host.Invoke((_, role) =>
            {
                for (var i = from; i <= to; i++) role.Out.Send(Peer, new Heartbeat(i));
            });

        public int Lines(string text) => Log.Count(l => l.Text.Contains(text, StringComparison.Ordinal));

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static long[] Heartbeats(FakeListener l, int connection) =>
        l.Received.Where(r => r.Connection == connection && r.Message is Heartbeat).Select(r => ((Heartbeat)r.Message).Count).ToArray();

    private static long[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (long)i).ToArray();

    [Fact]
    public async Task Messages_to_a_peer_that_is_not_up_yet_wait_and_arrive_in_order()
    {
        await using var s = new Sender();
        s.Send(1, 100);
        await Poll.UntilAsync(() => s.Lines("connection refused") > 0, () => $"a failed dial reported; log:\n{s.Log.Dump()}");

        await using var peer = FakeListener.Start(s.Map.Require(Peer));
        await Poll.UntilAsync(() => Heartbeats(peer, 0).Length == 100, () => $"100 heartbeats at the peer; got {Heartbeats(peer, 0).Length}");
        Assert.Equal(new Hello(NodeId.Replica(1)), peer.Received[0].Message);
        Assert.Equal(Range(1, 100), Heartbeats(peer, 0));
        Assert.Equal(1, s.Lines("connection refused")); // the peer stayed down for several attempts: one line
        Assert.Empty(s.Log.Warnings);
    }

    [Fact]
    public async Task Only_the_newest_messages_wait_beyond_the_pending_limit()
    {
        await using var s = new Sender(o => o with { MaxPendingPerPeer = 10 });
        s.Send(1, 50);
        await Poll.UntilAsync(() => s.Lines("connection refused") > 0, () => "a failed dial reported");
        await using var peer = FakeListener.Start(s.Map.Require(Peer));
        await Poll.UntilAsync(() => Heartbeats(peer, 0).Length == 10, () => $"10 heartbeats at the peer; got {Heartbeats(peer, 0).Length}");
        s.Send(51, 51); // after the queued ones: nothing else was waiting
        await Poll.UntilAsync(() => Heartbeats(peer, 0).Length == 11, () => "the next heartbeat");
        Assert.Equal([.. Range(41, 50), 51], Heartbeats(peer, 0));
    }

    [Fact]
    public async Task After_the_peer_restarts_the_link_reconnects_and_delivery_resumes()
    {
        await using var s = new Sender();
        var address = s.Map.Require(Peer);
        var first = FakeListener.Start(address);
        try
        {
            s.Send(1, 10);
            await Poll.UntilAsync(() => Heartbeats(first, 0).Length == 10, () => "10 heartbeats at the first peer");
        }
        finally
        {
            await first.DisposeAsync(); // the peer process dies
        }
        await Poll.UntilAsync(() => s.Lines("lost connection to LFD1") == 1, () => $"the loss noticed; log:\n{s.Log.Dump()}");
        s.Send(11, 20); // queued while the peer is down

        await using var second = FakeListener.Start(address); // restarted on the same port
        await Poll.UntilAsync(() => Heartbeats(second, 0).Length == 10, () => $"10 heartbeats at the restarted peer; got {Heartbeats(second, 0).Length}");
        s.Send(21, 30);
        await Poll.UntilAsync(() => Heartbeats(second, 0).Length == 20, () => "10 more");
        Assert.Equal(Range(11, 30), Heartbeats(second, 0));
        Assert.Equal(new Hello(NodeId.Replica(1)), second.Received[0].Message);
        Assert.Equal(1, second.Connections);
        Assert.Empty(s.Log.Warnings);
    }
}
