using FtCore.Core.Messages;
using FtCore.Core.Wire;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// Many random inputs, from strangers and from peers that said hello: whatever the bytes, one line
/// and a closed connection each, and the good peer served throughout.
/// </summary>
public sealed class RandomInputTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task Random_bytes_of_any_length_get_one_line_each(bool helloFirst, int seed)
    {
        const int Cases = 60;
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        var random = new Random(seed);
        var peers = new List<RawPeer>();
        try
        {
            for (var i = 0; i < Cases; i++)
            {
                var bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
                var p = await RawPeer.ConnectAsync(rig.Address);
                peers.Add(p);
                if (helloFirst) await p.SendAsync(new Hello(BadInputs.Stranger));
                await p.SendBadAsync(bytes);
                p.ShutdownSend(); // so an input that declares more than it sends ends as a truncated frame
            }
            await rig.ProbeAsync();
            foreach (var p in peers) Assert.True(await p.ClosedByHostAsync(), $"{p.Local} not closed; log:\n{rig.Log.Dump()}");
            await Poll.UntilAsync(() => peers.All(p => rig.Log.WarningsAbout(p.Local).Count > 0), () => $"a line for each; log:\n{rig.Log.Dump()}");
            await rig.ProbeAsync();
            Assert.All(peers, p => Assert.Single(rig.Log.WarningsAbout(p.Local)));
            Assert.Equal(Cases, rig.Warnings.Count);
        }
        finally
        {
            foreach (var p in peers) p.Dispose();
        }
    }

    [Fact]
    public async Task A_frame_that_keeps_arriving_slowly_is_not_taken_for_a_stuck_one()
    {
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo, o => o with { FrameStallTimeout = TimeSpan.FromSeconds(2) });
        using var slow = await RawPeer.HelloAsync(rig.Address, BadInputs.Stranger);
        var frame = MessageCodec.Encode(new AdminReply(new string('s', 60)));
        // A piece every 150 ms: 3 s in all, longer than the stall timeout, but never 2 s without progress.
        var pieces = frame.Chunk(frame.Length / 20 + 1).ToArray();
        foreach (var piece in pieces)
        {
            await slow.SendAsync(piece);
            await Task.Delay(150); // pacing the writer, not waiting for anything
        }
        Assert.Equal(60, ((AdminReply)await slow.ReadFrameAsync()).Text.Length);
        Assert.Empty(rig.Warnings);
    }
}
