using FtCore.Tests.Shared;
using System.Buffers;
using System.Buffers.Binary;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using Xunit;

namespace FtCore.Core.Tests.Wire;

/// <summary>Each way a frame can be malformed gets a message that says what and where.</summary>
public class DecodeErrorTests
{
    private static byte[] Payload(Message m) => MessageCodec.Encode(m)[WireFormat.LengthPrefixBytes..];

    private static byte[] Payload(MessageKind kind, params byte[] body) => [WireFormat.Version, (byte)kind, .. body];

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static string DecodeError(byte[] payload) =>
        Assert.Throws<DecodeException>(() => MessageCodec.Decode(payload)).Message;

    private static string FrameError(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        return Assert.Throws<DecodeException>(() => MessageCodec.TryReadFrame(ref buffer, out _)).Message;
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(255)]
    public void Unknown_kind(byte kind) =>
        Assert.Equal($"unknown message kind {kind}", DecodeError([WireFormat.Version, kind, 0, 0, 0, 0, 0, 0, 0, 0]));

    [Fact]
    public void Wrong_version() =>
        Assert.Equal("unsupported protocol version 7 (this build speaks 3)", DecodeError([7, (byte)MessageKind.Heartbeat, 0, 0, 0, 0, 0, 0, 0, 0]));

    [Fact]
    public void Oversize_declared_length() =>
        Assert.Equal("frame declares 20000000 bytes, limit 16777216", FrameError([.. Int32(20_000_000), 1, 11]));

    [Fact]
    public void Negative_declared_length_reads_as_huge() =>
        Assert.Equal("frame declares 4294967295 bytes, limit 16777216", FrameError([.. Int32(-1), 1, 11]));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Undersize_declared_length(int declared) =>
        Assert.Equal($"frame declares {declared} bytes, minimum 2 (version and kind)", FrameError([.. Int32(declared), 1, 11]));

    [Fact]
    public void Payload_shorter_than_the_header() =>
        Assert.Equal("frame has 1 bytes, minimum 2 (version and kind)", DecodeError([WireFormat.Version]));

    [Fact]
    public void Payload_over_the_limit() =>
        Assert.Equal("frame has 16777217 bytes, limit 16777216", DecodeError(new byte[WireFormat.MaxFrameBytes + 1]));

    [Fact]
    public void Truncated_body()
    {
        // Version, kind, client (5): RequestNum's 8 bytes start at offset 7.
        var payload = Payload(new ClientRequest(NodeId.Client(1), 3, Ops.Add(4)))[..10];
        Assert.Equal("truncated ClientRequest body: needed 8 more bytes at offset 7, only 3 remain", DecodeError(payload));
    }

    [Fact]
    public void Empty_body() =>
        Assert.Equal("truncated Heartbeat body: needed 8 more bytes at offset 2, only 0 remain", DecodeError(Payload(MessageKind.Heartbeat)));

    [Fact]
    public void Trailing_bytes() =>
        Assert.Equal("trailing 3 bytes after Heartbeat", DecodeError([.. Payload(new Heartbeat(5)), 0, 0, 0]));

    [Fact]
    public void Undefined_node_kind() =>
        Assert.Equal("invalid Launch body: unknown NodeKind 9 at offset 2", DecodeError(Payload(MessageKind.Launch, [9, .. Int32(1)])));

    [Fact]
    public void Node_kind_none_with_an_index() =>
        Assert.Equal("invalid Stop body: node id of kind 0 (none) with index 5 at offset 2", DecodeError(Payload(MessageKind.Stop, [0, .. Int32(5)])));

    [Fact]
    public void Bad_refusal_flag()
    {
        var payload = Payload(new ClientReply(NodeId.Client(1), NodeId.Replica(2), 3, Ops.Num(4)));
        payload[20] = 2;
        Assert.Equal("invalid ClientReply body: boolean byte 2 (expected 0 or 1) at offset 20", DecodeError(payload));
    }

    [Fact]
    public void Undefined_admin_op() =>
        Assert.Equal("invalid Admin body: unknown AdminOp 10 at offset 2", DecodeError(Payload(MessageKind.Admin, [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])));

    [Fact]
    public void Boolean_other_than_0_or_1()
    {
        var payload = Payload(new SyncRequest(1, 2, 3, NeedState: true));
        payload[26] = 2;
        Assert.Equal("invalid SyncRequest body: boolean byte 2 (expected 0 or 1) at offset 26", DecodeError(payload));
    }

    [Fact]
    public void Presence_byte_other_than_0_or_1()
    {
        var payload = Payload(new Sync(1, null, 0, [], 0));
        payload[10] = 0xFF;
        Assert.Equal("invalid Sync body: boolean byte 255 (expected 0 or 1) at offset 10", DecodeError(payload));
    }

    [Fact]
    public void Null_where_a_string_is_required() =>
        Assert.Equal(
            "invalid AdminReply body: null AdminReply.Text where a string is required at offset 2",
            DecodeError(Payload(MessageKind.AdminReply, Int32(-1))));

    [Fact]
    public void Negative_string_length() =>
        Assert.Equal(
            "invalid ClientReply body: OpResult.Refusal string length -2 at offset 21",
            DecodeError([.. Payload(new ClientReply(NodeId.Client(1), NodeId.Replica(1), 1, OpResult.Refuse("no")))[..21], .. Int32(-2)]));

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })] // bad continuation byte
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })] // cut short
    public void Invalid_utf8(byte[] text) =>
        Assert.Equal(
            "invalid AdminReply body: AdminReply.Text is not valid UTF-8 at offset 6",
            DecodeError(Payload(MessageKind.AdminReply, [.. Int32(text.Length), .. text])));

    [Fact]
    public void Negative_count() =>
        Assert.Equal(
            "invalid LfdStatus body: negative LfdStatus.Members count -1 at offset 10",
            DecodeError(Payload(MessageKind.LfdStatus, [0, 0, 0, 0, 0, 0, 0, 0, .. Int32(-1)])));

    [Fact]
    public void Count_larger_than_the_bytes_left() =>
        Assert.Equal(
            "truncated LfdStatus body: LfdStatus.Members count 1000 needs at least 13000 more bytes at offset 14, only 5 remain",
            DecodeError(Payload(MessageKind.LfdStatus, [0, 0, 0, 0, 0, 0, 0, 0, .. Int32(1000), 1, 2, 3, 4, 5])));

    [Fact]
    public void String_longer_than_the_bytes_left() =>
        Assert.Equal(
            "truncated AdminReply body: needed 2147483647 more bytes at offset 6, only 1 remain",
            DecodeError(Payload(MessageKind.AdminReply, [.. Int32(int.MaxValue), (byte)'x'])));

    [Fact]
    public void Decode_errors_are_DecodeExceptions_with_the_standard_constructors()
    {
        var inner = new InvalidOperationException("inner");
        Assert.Equal("malformed frame", new DecodeException().Message);
        Assert.Same(inner, new DecodeException("outer", inner).InnerException);
    }
}
