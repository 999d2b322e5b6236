using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Messages;
using FtCore.Core.Wire;
using Xunit;

namespace FtCore.Core.Tests.Wire;

public class RoundTripTests
{
    // Kinds by name: MessageKind is internal to FtCore.Core, and a public test method takes only public types.
    public static TheoryData<string> Kinds => new(Enum.GetNames<MessageKind>());

    /// <summary>decode(encode(m)) has the same fields as m (arrays by content) and encodes to the same bytes.</summary>
    private static bool RoundTrips(Message m)
    {
        var frame = MessageCodec.Encode(m);
        var decoded = MessageCodec.Decode(frame.AsSpan(WireFormat.LengthPrefixBytes));
        return decoded.GetType() == m.GetType()
            && decoded.Kind == m.Kind
            && DeepEquality.AreEqual(decoded, m)
            && MessageCodec.WireEquals(decoded, m)
            && MessageCodec.Encode(decoded).AsSpan().SequenceEqual(frame);
    }

    [Property(MaxTest = 1500)]
    public Property Any_message_round_trips() => Prop.ForAll(WireGen.MessageArb, RoundTrips);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_round_trips(string kind)
    {
        var property = Prop.ForAll(Arb.From(WireGen.ByKind[Enum.Parse<MessageKind>(kind)]), RoundTrips);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), property);
    }

    [Property(MaxTest = 300)]
    public Property Encoding_is_deterministic() => Prop.ForAll(WireGen.MessageArb, m =>
        MessageCodec.Encode(m).AsSpan().SequenceEqual(MessageCodec.Encode(m)));

    [Property(MaxTest = 300)]
    public Property Buffer_writer_gets_the_same_frame() => Prop.ForAll(WireGen.MessageArb, m =>
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(new byte[] { 0xAA, 0xBB });
        var written = MessageCodec.Encode(m, output);
        var frame = MessageCodec.Encode(m);
        return written == frame.Length
            && output.WrittenCount == 2 + frame.Length
            && output.WrittenSpan[2..].SequenceEqual(frame);
    });

    [Property(MaxTest = 300)]
    public Property Length_prefix_counts_the_payload() => Prop.ForAll(WireGen.MessageArb, m =>
    {
        var frame = MessageCodec.Encode(m);
        return BitConverter.ToInt32(frame, 0) == frame.Length - WireFormat.LengthPrefixBytes
            && frame[4] == WireFormat.Version
            && frame[5] == (byte)m.Kind;
    });
}
