using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using Xunit;

namespace FtCore.Core.Tests.Wire;

/// <summary>Frames arriving back to back and split anywhere come out whole and in order.</summary>
public class FrameStreamTests
{
    /// <summary>Messages, their concatenated frames, and random cut points into those bytes.</summary>
    private static readonly Gen<(Message[] Messages, byte[] Stream, int[] Cuts)> SplitStream =
        from messages in WireGen.AnyMessages
        let stream = messages.SelectMany(MessageCodec.Encode).ToArray()
        from cuts in Gen.Frequency(
            (3, Gen.Choose(0, stream.Length).ArrayOf()),
            (1, Gen.Choose(0, 5).Select(step => Enumerable.Range(0, stream.Length).Where(i => step == 0 || i % (step + 1) == 0).ToArray())))
        select (messages, stream, cuts);

    private static void AssertSameMessages(IReadOnlyList<Message> expected, IReadOnlyList<Message> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(MessageCodec.WireEquals(expected[i], actual[i]), $"message {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Property(MaxTest = 500)]
    public Property A_split_stream_decodes_to_the_same_messages_in_order() =>
        Prop.ForAll(Arb.From(SplitStream), t =>
        {
            var buffer = ChunkedSequence.Split(t.Stream, t.Cuts);
            var decoded = new List<Message>();
            while (MessageCodec.TryReadFrame(ref buffer, out var message)) decoded.Add(message);
            Assert.Equal(0, buffer.Length);
            AssertSameMessages(t.Messages, decoded);
        });

    /// <summary>As a receive loop sees it: segments arrive one at a time and complete frames are drained after each.</summary>
    [Property(MaxTest = 500)]
    public Property Frames_are_read_as_soon_as_their_last_byte_arrives() =>
        Prop.ForAll(Arb.From(SplitStream), t =>
        {
            var whole = ChunkedSequence.Split(t.Stream, t.Cuts);
            var frameEnds = new List<long>();
            long end = 0;
            foreach (var m in t.Messages) frameEnds.Add(end += MessageCodec.Encode(m).Length);

            var decoded = new List<Message>();
            long consumed = 0;
            foreach (var arrived in t.Cuts.Append(t.Stream.Length).Order())
            {
                var buffer = whole.Slice(consumed, arrived - consumed);
                while (MessageCodec.TryReadFrame(ref buffer, out var message)) decoded.Add(message);
                consumed = arrived - buffer.Length;
                // Exactly the frames that have fully arrived are out.
                Assert.Equal(frameEnds.Count(e => e <= arrived), decoded.Count);
            }
            Assert.Equal(t.Stream.Length, consumed);
            AssertSameMessages(t.Messages, decoded);
        });

    [Fact]
    public void A_frame_with_a_malformed_body_is_skipped_and_the_next_still_reads()
    {
        var bad = MessageCodec.Encode(new Heartbeat(7));
        bad[5] = 99; // unknown kind, length still right
        var stream = MessageCodec.Encode(new Commit(1, 2)).Concat(bad).Concat(MessageCodec.Encode(new Heartbeat(8))).ToArray();
        var buffer = ChunkedSequence.Split(stream, [3, 17, 20, 21]);

        Assert.True(MessageCodec.TryReadFrame(ref buffer, out var first));
        Assert.Equal(new Commit(1, 2), first);
        var e = Assert.Throws<DecodeException>(() => MessageCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal("unknown message kind 99", e.Message);
        Assert.True(MessageCodec.TryReadFrame(ref buffer, out var third));
        Assert.Equal(new Heartbeat(8), third);
        Assert.False(MessageCodec.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void An_empty_buffer_and_a_split_length_prefix_are_incomplete()
    {
        var frame = MessageCodec.Encode(new Heartbeat(1));
        var empty = ReadOnlySequence<byte>.Empty;
        Assert.False(MessageCodec.TryReadFrame(ref empty, out _));

        var buffer = ChunkedSequence.Split(frame, [1, 2, 3]);
        var prefixOnly = buffer.Slice(0, 3);
        Assert.False(MessageCodec.TryReadFrame(ref prefixOnly, out _));
        Assert.True(MessageCodec.TryReadFrame(ref buffer, out var message));
        Assert.Equal(new Heartbeat(1), message);
    }
}
