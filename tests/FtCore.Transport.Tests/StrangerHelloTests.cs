using FtCore.Tests.Shared;
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
        await using var rig = await SoleLeaderServer.StartAsync(transport, "S1-stranger");
        var (server, client, s1, c1) = (rig.Server, rig.Client, SoleLeaderServer.S1, SoleLeaderServer.C1);

        long n = 0;
        async Task AskAsync(string when)
        {
            var k = ++n;
            await client.SendAsync(new ClientRequest(c1, k, Ops.Add(1)));
            try
            {
                var reply = await client.ReadUntilAsync<ClientReply>(r => r.RequestNum == k);
                Assert.Equal(k, Ops.NumberOf(reply.Result));
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
