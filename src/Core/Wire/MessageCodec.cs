using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using FtCore.Core.Messages;

namespace FtCore.Core.Wire;

/// <summary>
/// Encodes messages to frames and decodes them back (format in <see cref="WireFormat"/>).
/// Encoding is deterministic: equal messages give equal bytes. Decoding throws only
/// <see cref="DecodeException"/>, whatever the input, and allocates nothing a declared length or
/// count asks for until the bytes to fill it are known to be there.
/// </summary>
internal static class MessageCodec
{
    // Each kind's name for decode errors, made once: Enum.ToString boxes, on every frame read.
    private static readonly string[] KindNames = MakeKindNames();

    private static string[] MakeKindNames()
    {
        var names = new string[256];
        for (var i = 0; i < names.Length; i++) names[i] = ((MessageKind)i).ToString();
        return names;
    }

    /// <summary>The whole frame, length prefix included.</summary>
    /// <exception cref="ArgumentException">The message has no encoding (a null array or required
    /// field, an undefined enum value, an unpaired surrogate) or exceeds <see cref="WireFormat.MaxFrameBytes"/>.</exception>
    public static byte[] Encode(Message m)
    {
        var payloadBytes = MeasurePayload(m);
        var frame = new byte[WireFormat.LengthPrefixBytes + payloadBytes];
        WriteFrame(m, frame, payloadBytes);
        return frame;
    }

    /// <summary>Writes the whole frame, length prefix included, to <paramref name="output"/>; returns its size.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode(Message)"/>; nothing is written.</exception>
    public static int Encode(Message m, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var payloadBytes = MeasurePayload(m);
        var frameBytes = WireFormat.LengthPrefixBytes + payloadBytes;
        WriteFrame(m, output.GetSpan(frameBytes)[..frameBytes], payloadBytes);
        output.Advance(frameBytes);
        return frameBytes;
    }

    /// <summary>Decodes one frame's payload: version, kind and body, without the length prefix.</summary>
    /// <exception cref="DecodeException">The payload is malformed in any way.</exception>
    public static Message Decode(ReadOnlySpan<byte> frameWithoutLengthPrefix)
    {
        var payload = frameWithoutLengthPrefix;
        if (payload.Length < WireFormat.MinFrameBytes)
        {
            throw new DecodeException($"frame has {payload.Length} bytes, minimum {WireFormat.MinFrameBytes} (version and kind)");
        }
        if (payload.Length > WireFormat.MaxFrameBytes)
        {
            throw new DecodeException($"frame has {payload.Length} bytes, limit {WireFormat.MaxFrameBytes}");
        }
        var version = payload[0];
        if (version != WireFormat.Version)
        {
            throw new DecodeException($"unsupported protocol version {version} (this build speaks {WireFormat.Version})");
        }
        var kind = (MessageKind)payload[1];
        if (!Enum.IsDefined(kind)) throw new DecodeException($"unknown message kind {(byte)kind}");

        var reader = new SpanReader(payload, WireFormat.HeaderBytes, KindNames[(byte)kind]);
        var message = MessageBodies.Read(ref reader, kind);
        reader.ExpectEnd();
        return message;
    }

    /// <summary>
    /// Consumes one complete frame from the front of <paramref name="buffer"/>, which may hold a
    /// partial frame or several, split across segments anywhere. Returns false, leaving the buffer
    /// alone, until the whole frame has arrived.
    /// </summary>
    /// <exception cref="DecodeException">
    /// The declared length is below <see cref="WireFormat.MinFrameBytes"/> or above
    /// <see cref="WireFormat.MaxFrameBytes"/> (checked as soon as the 4 length bytes are in; the
    /// buffer is left alone and the stream cannot be resynchronised: close the connection), or the
    /// payload is malformed (the buffer has then been advanced past that frame, so a host may
    /// drop it and read on).
    /// </exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out Message? message)
    {
        message = null;
        if (buffer.Length < WireFormat.LengthPrefixBytes) return false;

        Span<byte> prefix = stackalloc byte[WireFormat.LengthPrefixBytes];
        buffer.Slice(0, WireFormat.LengthPrefixBytes).CopyTo(prefix);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (declared > WireFormat.MaxFrameBytes)
        {
            throw new DecodeException($"frame declares {declared} bytes, limit {WireFormat.MaxFrameBytes}");
        }
        if (declared < WireFormat.MinFrameBytes)
        {
            throw new DecodeException($"frame declares {declared} bytes, minimum {WireFormat.MinFrameBytes} (version and kind)");
        }

        var payloadBytes = (int)declared;
        if (buffer.Length - WireFormat.LengthPrefixBytes < payloadBytes) return false;

        var payload = buffer.Slice(WireFormat.LengthPrefixBytes, payloadBytes);
        buffer = buffer.Slice(payload.End);
        message = DecodePayload(payload);
        return true;
    }

    /// <summary>True when both messages encode to the same bytes (records compare arrays by reference).</summary>
    public static bool WireEquals(Message a, Message b) => Encode(a).AsSpan().SequenceEqual(Encode(b));

    private static Message DecodePayload(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment) return Decode(payload.FirstSpan);

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Decode(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int MeasurePayload(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var measure = SpanWriter.Measuring();
        WritePayload(ref measure, m);
        return measure.Position;
    }

    private static void WriteFrame(Message m, Span<byte> frame, int payloadBytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(frame, payloadBytes);
        var writer = SpanWriter.Into(frame[WireFormat.LengthPrefixBytes..]);
        WritePayload(ref writer, m);
        if (writer.Position != payloadBytes)
        {
            throw new InvalidOperationException($"codec bug: {m.Kind} measured {payloadBytes} bytes but wrote {writer.Position}");
        }
    }

    private static void WritePayload(ref SpanWriter w, Message m)
    {
        w.WriteByte(WireFormat.Version);
        w.WriteByte((byte)m.Kind);
        MessageBodies.Write(ref w, m);
    }
}
