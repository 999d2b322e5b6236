using FtCore.Tests.Shared;
using System.Buffers;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using Xunit;

namespace FtCore.Core.Tests.Wire;

/// <summary>The exact bytes of format version 1, and the messages that have no encoding.</summary>
public class EncodeTests
{
    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    [Fact]
    public void Heartbeat_golden_bytes() =>
        Assert.Equal("0A000000" + "03" + "0B" + "0807060504030201", Hex(MessageCodec.Encode(new Heartbeat(0x0102030405060708))));

    [Fact]
    public void ClientRequest_golden_bytes_with_null_empty_and_unicode_strings()
    {
        var m = new ClientRequest(NodeId.Client(1), -1, Ops.Cas("k", null, "é"));
        var expected =
            "23000000" + "03" + "01"            // payload length 35, version 3, ClientRequest
            + "01" + "01000000"                 // C1 (the replica is the connection's, not the message's)
            + "FFFFFFFFFFFFFFFF"                // RequestNum -1
            + "10000000"                        // the operation: 16 bytes, kv's own encoding:
            + "04"                              //   cas
            + "01000000" + "6B"                 //   key "k"
            + "FFFFFFFF"                        //   expected: null (absent)
            + "02000000" + "C3A9";              //   new value "é"
        Assert.Equal(expected, Hex(MessageCodec.Encode(m)));
        Assert.Equal(
            Hex(MessageCodec.Encode(new ClientRequest(m.Client, m.RequestNum, Ops.Cas("k", "", "é")))),
            expected.Replace("FFFFFFFF02000000", "0000000002000000", StringComparison.Ordinal)); // "" is length 0, null is -1
    }

    [Fact]
    public void Empty_view_with_no_leader_round_trips()
    {
        var frame = MessageCodec.Encode(new ViewChange(View.Empty));
        Assert.Equal("17000000" + "03" + "14" + "0000000000000000" + "00000000" + "0000000000" + "00000000", Hex(frame));
        var decoded = Assert.IsType<ViewChange>(MessageCodec.Decode(frame.AsSpan(4)));
        Assert.True(decoded.View.Equivalent(View.Empty));
        Assert.False(decoded.View.HasLeader);
    }

    [Fact]
    public void Sync_without_state_and_with_empty_state_differ()
    {
        var none = MessageCodec.Encode(new Sync(1, null, 0, [], 0));
        var empty = MessageCodec.Encode(new Sync(1, new CheckpointData(0, 0, [], []), 0, [], 0));
        Assert.Equal(none.Length + 24, empty.Length);
        Assert.False(MessageCodec.WireEquals(new Sync(1, null, 0, [], 0), new Sync(1, new CheckpointData(0, 0, [], []), 0, [], 0)));
        Assert.Null(Assert.IsType<Sync>(MessageCodec.Decode(none.AsSpan(4))).State);
    }

    [Fact]
    public void WireEquals_compares_arrays_by_content()
    {
        var a = new Order(1, 1, [new Entry(NodeId.Client(1), 1, Ops.Add(1))], 0);
        var b = new Order(1, 1, [new Entry(NodeId.Client(1), 1, Ops.Add(1))], 0);
        Assert.NotEqual(a, b); // record equality compares the arrays by reference
        Assert.True(MessageCodec.WireEquals(a, b));
        Assert.False(MessageCodec.WireEquals(a, new Order(1, 1, b.Entries, 1)));
    }

    [Fact]
    public void The_largest_frame_encodes_and_reads_back()
    {
        // Version, kind, View, Seq, CheckpointCount, AppState length, Table count.
        const int overhead = 2 + 8 + 8 + 8 + 4 + 4;
        var m = new Checkpoint(1, new CheckpointData(2, 3, new byte[WireFormat.MaxFrameBytes - overhead], []));
        var frame = MessageCodec.Encode(m);
        Assert.Equal(WireFormat.LengthPrefixBytes + WireFormat.MaxFrameBytes, frame.Length);
        var buffer = ChunkedSequence.Split(frame, [1000, 5_000_000]);
        Assert.True(MessageCodec.TryReadFrame(ref buffer, out var decoded));
        Assert.Equal(WireFormat.MaxFrameBytes - overhead, Assert.IsType<Checkpoint>(decoded).Data.AppState.Length);
    }

    [Fact]
    public void A_message_over_the_limit_is_refused_and_nothing_is_written()
    {
        var m = new Checkpoint(1, new CheckpointData(2, 3, new byte[WireFormat.MaxFrameBytes], []));
        var e = Assert.Throws<ArgumentException>(() => MessageCodec.Encode(m));
        Assert.Contains("does not fit in a frame", e.Message, StringComparison.Ordinal);
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => MessageCodec.Encode(m, output));
        Assert.Equal(0, output.WrittenCount);
    }

    // Messages as objects: Message is internal to FtCore.Core, and a public test method takes only public types.
    public static TheoryData<object, string> Unencodable => new()
    {
        { new Order(1, 1, null!, 0), "Order.Entries is null" },
        { new LfdStatus(1, null!), "LfdStatus.Members is null" },
        { new Membership(1, [], null!), "Membership.Lfds is null" },
        { new Checkpoint(1, null!), "Checkpoint.Data is null" },
        { new Checkpoint(1, new CheckpointData(1, 1, null!, [])), "Checkpoint.Data.AppState is null" },
        { new Sync(1, new CheckpointData(1, 1, [], null!), 0, [], 0), "Sync.State.Table is null" },
        { new ViewChange(null!), "ViewChange.View is null" },
        { new ViewChange(new View(1, null!, default, 0)), "ViewChange.View.Members is null" },
        { new AdminReply(null!), "AdminReply.Text is null" },
        { new Launch(new NodeId((NodeKind)9, 1)), "undefined kind 9" },
        { new Launch(new NodeId(0, 5)), "undefined kind 0" },
        { new AdminCommand((AdminOp)99, default, 0), "undefined op 99" },
        { new AdminReply("ok\uDC00"), "AdminReply.Text is not valid UTF-16" },
        { new Unknown(), "no wire encoding for message type Unknown" },
    };

    [Theory]
    [MemberData(nameof(Unencodable))]
    public void Messages_without_an_encoding_are_refused(object message, string reason)
    {
        var m = (Message)message;
        var e = Assert.Throws<ArgumentException>(() => MessageCodec.Encode(m));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_message_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => MessageCodec.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => MessageCodec.Encode(new Heartbeat(1), null!));
    }

    private sealed record Unknown : Message
    {
        public override MessageKind Kind => (MessageKind)99;
    }
}
