using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>Frames cut anywhere by TCP decode; frames packed together decode in order; answers go back on the asker's connection.</summary>
public sealed class FramingTests
{
    [Fact]
    public async Task A_frame_split_into_one_byte_writes_decodes()
    {
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        using var peer = await RawPeer.ConnectAsync(rig.Address);
        await peer.SendByteByByteAsync(Frames.Of(new Hello(NodeId.Client(1)), new AdminReply("split"), new AdminReply("apart")));
        Assert.Equal("split", ((AdminReply)await peer.ReadFrameAsync()).Text);
        Assert.Equal("apart", ((AdminReply)await peer.ReadFrameAsync()).Text);
        Assert.Empty(rig.Warnings);
    }

    [Fact]
    public async Task Many_frames_in_one_write_decode_in_order()
    {
        const int N = 2000;
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        using var peer = await RawPeer.ConnectAsync(rig.Address);
        var frames = new List<Message> { new Hello(NodeId.Client(1)) };
        frames.AddRange(Enumerable.Range(1, N).Select(i => new AdminReply(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await peer.SendAsync(Frames.Of([.. frames]));
        for (var i = 1; i <= N; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ((AdminReply)await peer.ReadFrameAsync()).Text);
        }
        Assert.Empty(rig.Warnings);
    }

    [Fact]
    public async Task A_frame_of_exactly_the_limit_decodes()
    {
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        using var peer = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1));
        // AdminReply's payload: version, kind, a 4-byte string length, the text.
        var text = new string('x', WireFormat.MaxFrameBytes - WireFormat.HeaderBytes - 4);
        var frame = MessageCodec.Encode(new AdminReply(text));
        Assert.Equal(WireFormat.LengthPrefixBytes + WireFormat.MaxFrameBytes, frame.Length);
        await peer.SendAsync(frame);
        Assert.Equal(text.Length, ((AdminReply)await peer.ReadFrameAsync()).Text.Length);
        Assert.Empty(rig.Warnings);
    }

    [Fact]
    public async Task A_host_answers_each_client_on_the_connection_the_client_opened()
    {
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        using var c1 = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1));
        using var c2 = await RawPeer.HelloAsync(rig.Address, NodeId.Client(2));
        await c2.SendAsync(new AdminReply("to C2"));
        await c1.SendAsync(new AdminReply("to C1"));
        Assert.Equal("to C1", ((AdminReply)await c1.ReadFrameAsync()).Text);
        Assert.Equal("to C2", ((AdminReply)await c2.ReadFrameAsync()).Text);

        // A client with no connection: the message is dropped, as a lossy network would; nothing breaks.
        rig.Host.Invoke((_, role) => role.Out.Send(NodeId.Client(7), new AdminReply("nobody")));
        // A client that left: the same.
        c2.Dispose();
        rig.Host.Invoke((_, role) => role.Out.Send(NodeId.Client(2), new AdminReply("gone")));
        await c1.SendAsync(new AdminReply("still here"));
        Assert.Equal("still here", ((AdminReply)await c1.ReadFrameAsync()).Text);
        await rig.ProbeAsync();
        Assert.Empty(rig.Warnings);
    }
}
