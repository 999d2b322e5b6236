using System.Buffers;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using Xunit;

namespace FtCore.Core.Tests.Wire;

/// <summary>Whatever bytes arrive, decoding returns a message or throws <see cref="DecodeException"/>, nothing else.</summary>
public class MalformedInputTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    /// <summary>Bytes that often land on the values that steer decoding: 0, 1, -1, small counts.</summary>
    private static readonly Gen<byte> InterestingByte = Gen.Frequency(
        (4, Gen.Elements<byte>(0, 1, 2, 0xFF, 0x7F, 0x80)),
        (6, AnyByte));

    private static readonly byte[] DefinedKinds = Enum.GetValues<MessageKind>().Select(k => (byte)k).ToArray();

    /// <summary>A payload with a plausible header (usually right version, usually a defined kind) and a random body.</summary>
    private static readonly Gen<byte[]> PlausiblePayload =
        from version in Gen.Frequency((9, Gen.Constant(WireFormat.Version)), (1, AnyByte))
        from kind in Gen.Frequency((9, Gen.Elements(DefinedKinds)), (1, AnyByte))
        from body in InterestingByte.ArrayOf()
        select new[] { version, kind }.Concat(body).ToArray();

    /// <summary>
    /// Decodes, letting any exception but <see cref="DecodeException"/> escape (and fail the test).
    /// Returns null when the input was rejected.
    /// </summary>
    private static Message? DecodeOrReject(ReadOnlySpan<byte> payload)
    {
        try
        {
            return MessageCodec.Decode(payload);
        }
        catch (DecodeException)
        {
            return null;
        }
    }

    /// <summary>Rejected, or accepted and canonical: the message re-encodes to exactly the input.</summary>
    private static bool RejectedOrCanonical(byte[] payload)
    {
        var message = DecodeOrReject(payload);
        return message is null || MessageCodec.Encode(message).AsSpan(WireFormat.LengthPrefixBytes).SequenceEqual(payload);
    }

    private static byte[] Payload(Message m) => MessageCodec.Encode(m)[WireFormat.LengthPrefixBytes..];

    [Property(MaxTest = 1000)]
    public Property Random_bytes_decode_or_throw_DecodeException() =>
        Prop.ForAll(Arb.From(AnyByte.ArrayOf()), RejectedOrCanonical);

    [Property(MaxTest = 3000)]
    public Property Random_bodies_under_a_valid_header_decode_or_throw_DecodeException() =>
        Prop.ForAll(Arb.From(PlausiblePayload), RejectedOrCanonical);

    [Property(MaxTest = 200)]
    public Property Every_truncation_of_a_valid_frame_is_rejected() =>
        Prop.ForAll(Arb.From(WireGen.AnyMessage.Resize(20)), m =>
        {
            var frame = MessageCodec.Encode(m);
            var payload = frame.AsSpan(WireFormat.LengthPrefixBytes);
            for (var length = 0; length < payload.Length; length++)
            {
                var prefix = payload[..length].ToArray();
                Assert.Throws<DecodeException>(() => MessageCodec.Decode(prefix));
            }
            for (var length = 0; length < frame.Length; length++)
            {
                var buffer = new ReadOnlySequence<byte>(frame, 0, length);
                Assert.False(MessageCodec.TryReadFrame(ref buffer, out var message));
                Assert.Null(message);
                Assert.Equal(length, buffer.Length);
            }
        });

    [Property(MaxTest = 3000)]
    public Property Single_byte_corruptions_decode_or_throw_DecodeException() =>
        Prop.ForAll(
            Arb.From(
                from m in WireGen.AnyMessage
                from position in Gen.Choose(0, int.MaxValue)
                from flip in Gen.Choose(1, 255)
                select (m, position, (byte)flip)),
            t =>
            {
                var payload = Payload(t.m);
                payload[t.position % payload.Length] ^= t.Item3;
                return RejectedOrCanonical(payload);
            });

    [Property(MaxTest = 1000)]
    public Property Single_byte_corruptions_of_whole_frames_read_or_throw_DecodeException() =>
        Prop.ForAll(
            Arb.From(
                from m in WireGen.AnyMessage
                from position in Gen.Choose(0, int.MaxValue)
                from flip in Gen.Choose(1, 255)
                select (m, position, (byte)flip)),
            t =>
            {
                var frame = MessageCodec.Encode(t.m);
                frame[t.position % frame.Length] ^= t.Item3;
                var buffer = new ReadOnlySequence<byte>(frame);
                try
                {
                    // A corrupted length may leave the frame incomplete (false) or read a shorter one.
                    MessageCodec.TryReadFrame(ref buffer, out _);
                }
                catch (DecodeException)
                {
                }
            });

    [Property(MaxTest = 500)]
    public Property Huge_declared_lengths_throw_without_allocating_them() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(WireFormat.MaxFrameBytes + 1, int.MaxValue).Select(i => (uint)i)
                .Or(Gen.Elements(uint.MaxValue, (uint)int.MaxValue + 1, 0x8000_0001u, (uint)WireFormat.MaxFrameBytes + 1))),
            declared =>
            {
                var frame = new byte[64];
                BinaryPrimitives.WriteUInt32LittleEndian(frame, declared);
                frame[4] = WireFormat.Version;
                frame[5] = (byte)MessageKind.Heartbeat;
                var buffer = new ReadOnlySequence<byte>(frame);
                var allocated = AllocatedBytesDuring(() =>
                {
                    var e = Assert.Throws<DecodeException>(() => MessageCodec.TryReadFrame(ref buffer, out _));
                    Assert.Equal($"frame declares {declared} bytes, limit {WireFormat.MaxFrameBytes}", e.Message);
                });
                Assert.Equal(64, buffer.Length);
                Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
            });

    [Fact]
    public void A_frame_declaring_the_maximum_waits_for_its_bytes_without_allocating_them()
    {
        var frame = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(frame, WireFormat.MaxFrameBytes);
        frame[4] = WireFormat.Version;
        var buffer = new ReadOnlySequence<byte>(frame);
        var allocated = AllocatedBytesDuring(() => Assert.False(MessageCodec.TryReadFrame(ref buffer, out _)));
        Assert.Equal(16, buffer.Length);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    // Kinds by name: MessageKind is internal to FtCore.Core, and a public test method takes only public types.
    public static TheoryData<string, int> CountFields => new()
    {
        // Kind, then the payload offset of its first count field (after version, kind and fixed fields).
        { nameof(MessageKind.LfdStatus), 2 + 8 },
        { nameof(MessageKind.Membership), 2 + 8 },
        { nameof(MessageKind.Order), 2 + 8 + 8 },
        { nameof(MessageKind.ViewChange), 2 + 8 },
        { nameof(MessageKind.AdminReply), 2 },
        { nameof(MessageKind.Checkpoint), 2 + 8 + 8 + 8 },
    };

    [Theory]
    [MemberData(nameof(CountFields))]
    public void Huge_counts_throw_without_allocating_them(string kindName, int countOffset)
    {
        var kind = Enum.Parse<MessageKind>(kindName);
        foreach (var count in new[] { int.MaxValue, WireFormat.MaxFrameBytes, 1 << 20, 1000 })
        {
            var payload = new byte[countOffset + 4 + 16];
            payload[0] = WireFormat.Version;
            payload[1] = (byte)kind;
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(countOffset), count);
            var allocated = AllocatedBytesDuring(() =>
            {
                var e = Assert.Throws<DecodeException>(() => MessageCodec.Decode(payload));
                Assert.StartsWith($"truncated {kind} body: ", e.Message);
            });
            Assert.True(allocated < 64 * 1024, $"{kind} count {count}: allocated {allocated} bytes");
        }
    }

    private static long AllocatedBytesDuring(Action action)
    {
        action(); // Warm up: first throws load resources and JIT code.
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
