using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>The bad-input requirement on a real `ftcore server` process, its lines read from its --log file.</summary>
public sealed class ServerProcessTests
{
    /// <summary>On Linux a process runs its connections on the reactor; elsewhere (or with FTCORE_TRANSPORT=async) on .NET's socket engine: both are held to the same.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("async")]
    public async Task A_server_process_drops_each_bad_connection_with_one_line_and_keeps_answering_its_lfd(string? transport)
    {
        var basePort = TestPorts.LoopbackBase();
        var map = ClusterMap.Loopback(3, 1, basePort);
        await using var lfd = FakeListener.Start(map.Require(NodeId.Lfd(1)));
        using var server = ServerProcess.WithTransport(transport, "S1", basePort, map.Require(NodeId.Replica(1)), "server", "--id", "S1", "--incarnation", "5", "--replicas", "1", "--max-replicas", "1");
        await server.WaitListeningAsync();
        await lfd.WaitForAsync<Register>(r => r.Incarnation == 5);

        // The LFD's heartbeat, answered at the LFD's address.
        using var good = await RawPeer.HelloAsync(server.Address, NodeId.Lfd(1));
        var beat = 0;
        async Task ProbeAsync()
        {
            var k = ++beat;
            await good.SendAsync(new Heartbeat(k));
            await lfd.WaitForAsync<HeartbeatAck>(a => a.Count == k && a.Incarnation == 5);
        }
        await ProbeAsync();

        // Every kind of bad input at once, each on its own connection. The server's hello timeout is
        // the default 5 s; a frame stuck after a hello waits 30 s, so that one is left to the in-process tests.
        var inputs = Enum.GetValues<BadInput>().Where(i => i != BadInput.StuckInsideFrameAfterHello).ToArray();
        var bad = new List<(BadInput Input, RawPeer Peer)>();
        try
        {
            foreach (var input in inputs)
            {
                var p = await RawPeer.ConnectAsync(server.Address);
                bad.Add((input, p));
                var bytes = BadInputs.Bytes(input);
                if (bytes.Length > 0) await p.SendBadAsync(bytes);
                if (BadInputs.ClosesAfterSending(input)) p.ShutdownSend();
            }
            await ProbeAsync();

            foreach (var (input, p) in bad) Assert.True(await p.ClosedByHostAsync(), $"{input}: not closed; log:\n{string.Join("\n", server.Lines())}");
            await Poll.UntilAsync(() => bad.All(b => server.WarningsAbout(b.Peer.Local).Count > 0),
                () => $"a line for every bad connection; log:\n{string.Join("\n", server.Lines())}");
            await ProbeAsync();

            var helloMs = (long)new HostOptions { Map = map, Logger = HostLogging.Null }.HelloTimeout.TotalMilliseconds;
            foreach (var (input, p) in bad)
            {
                var line = Assert.Single(server.WarningsAbout(p.Local));
                Assert.Contains("warning: S1: dropped connection from", line, StringComparison.Ordinal);
                Assert.Contains(BadInputs.Problem(input, helloMs), line, StringComparison.Ordinal);
            }
            Assert.Equal(bad.Count, server.Lines().Count(l => l.Contains("warning:", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var (_, p) in bad) p.Dispose();
        }
    }
}
