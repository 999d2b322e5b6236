using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// A hello in a client's name, sent by anyone, takes nothing from the client: on a real replica
/// process, the client that talks keeps getting its replies while a stranger's connection claiming
/// its id is open, and after the stranger closes.
/// </summary>
public sealed class StrangerHelloTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("async")]
    public async Task A_strangers_hello_as_a_client_does_not_take_its_replies(string? transport)
    {
        var basePort = TestPorts.LoopbackBase();
        var map = ClusterMap.Loopback(3, 1, basePort);
        var s1 = NodeId.Replica(1);
        var c1 = NodeId.Client(1);
        await using var lfd = FakeListener.Start(map.Require(NodeId.Lfd(1)));
        using var server = ServerProcess.WithTransport(transport, "S1-stranger", basePort, map.Require(s1),
            "server", "--id", "S1", "--incarnation", "5", "--mode", "passive", "--replicas", "1", "--max-replicas", "1");
        await server.WaitListeningAsync();
        using var rm = await FakeRm.MakeSoleLeaderAsync(server.Address, s1, 5);
        using var client = await RawPeer.HelloAsync(server.Address, c1);
        // The view reaches the replica on the RM's connection; a request that arrives before it is
        // dropped (a real client would retransmit): wait until S1 leads.
        var leads = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!server.Lines().Any(l => l.Contains("Leading view 1", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > leads) throw new TimeoutException("S1 did not lead view 1 within 20 s:\n" + string.Join("\n", server.Lines().TakeLast(30)));
            await Task.Delay(20);
        }

        long n = 0;
        async Task AskAsync(string when)
        {
            var k = ++n;
            await client.SendAsync(new ClientRequest(c1, s1, k, Operation.Add(1)));
            try
            {
                var reply = await client.ReadUntilAsync<ClientReply>(r => r.RequestNum == k);
                Assert.Equal(k, reply.Result.Number);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                throw new InvalidOperationException($"no reply to request {k} {when}: {e.Message}; log:\n{string.Join("\n", server.Lines().TakeLast(30))}", e);
            }
        }

        await AskAsync("before any stranger");
        var stranger = await RawPeer.HelloAsync(server.Address, c1);
        try
        {
            for (var i = 0; i < 3; i++) await AskAsync("while a stranger's connection claims C1");
            // The stranger got none of them, and its connection stays open.
            await Assert.ThrowsAsync<TimeoutException>(() => stranger.ReadFrameAsync(TimeSpan.FromMilliseconds(300)));
        }
        finally
        {
            stranger.Dispose();
        }
        for (var i = 0; i < 3; i++) await AskAsync("after the stranger closed");

        // A second stranger that closes at once, several times: the client is never cut off.
        for (var i = 0; i < 3; i++)
        {
            using (var s = await RawPeer.HelloAsync(server.Address, c1))
            {
                await AskAsync($"with stranger {i + 2} connected");
            }
            await AskAsync($"after stranger {i + 2} closed");
        }
    }
}
