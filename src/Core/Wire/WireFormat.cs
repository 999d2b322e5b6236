namespace FtCore.Core.Wire;

/// <summary>
/// The wire format, version 3 (an application's command and result travel as its own encoded bytes; a client request names no replica, its connection does). A frame is a 4-byte little-endian payload length, then the payload:
/// one byte protocol <see cref="Version"/>, one byte <see cref="Messages.MessageKind"/>, then the
/// message body. The length counts the payload only (version, kind and body), never itself.
/// </summary>
/// <remarks>
/// Body encoding, little-endian throughout: fields in declaration order; <c>int</c> and <c>long</c>
/// as 4 and 8 bytes; <c>bool</c> as one byte 0 or 1; a string as an int32 UTF-8 byte count then the
/// bytes, with count -1 for null (so null and "" differ); an array or <c>byte[]</c> as an int32
/// element count then the elements; a nullable record as a presence byte 0 or 1 then the record;
/// an enum as its byte value. Decoding accepts exactly what encoding produces, so a frame that
/// decodes re-encodes to the same bytes.
/// </remarks>
internal static class WireFormat
{
    /// <summary>The protocol version this build writes and the only one it reads.</summary>
    public const byte Version = 3;

    /// <summary>The largest payload (the bytes after the length field) a frame may declare.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>Bytes of the little-endian payload length that starts every frame.</summary>
    public const int LengthPrefixBytes = 4;

    /// <summary>Bytes of the payload header: version, then message kind.</summary>
    public const int HeaderBytes = 2;

    /// <summary>The smallest payload a frame may declare: a header with an empty body.</summary>
    public const int MinFrameBytes = HeaderBytes;
}
