using System.Buffers.Binary;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tests.Support;

/// <summary>Raw frames, good and bad, byte by byte as the wire format describes them.</summary>
internal static class Frames
{
    public static byte[] Of(params Message[] messages) => messages.SelectMany(MessageCodec.Encode).ToArray();

    /// <summary>A frame with any version, kind and body; the length prefix is right.</summary>
    public static byte[] Raw(byte version, byte kind, ReadOnlySpan<byte> body)
    {
        var frame = new byte[WireFormat.LengthPrefixBytes + WireFormat.HeaderBytes + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, WireFormat.HeaderBytes + body.Length);
        frame[4] = version;
        frame[5] = kind;
        body.CopyTo(frame.AsSpan(6));
        return frame;
    }

    /// <summary>A good message's frame with another protocol version byte.</summary>
    public static byte[] WithVersion(Message m, byte version)
    {
        var frame = MessageCodec.Encode(m);
        frame[4] = version;
        return frame;
    }

    /// <summary>Just a length prefix declaring <paramref name="declared"/> payload bytes, then a few of them.</summary>
    public static byte[] Declaring(uint declared, int bodyBytes = 0)
    {
        var frame = new byte[WireFormat.LengthPrefixBytes + bodyBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, declared);
        if (bodyBytes > 0) frame[4] = WireFormat.Version;
        if (bodyBytes > 1) frame[5] = (byte)MessageKind.Heartbeat;
        return frame;
    }

    /// <summary>The first <paramref name="keep"/> bytes of a good frame (a truncated frame).</summary>
    public static byte[] Truncated(Message m, int keep) => MessageCodec.Encode(m)[..keep];

    public static byte[] Random(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
