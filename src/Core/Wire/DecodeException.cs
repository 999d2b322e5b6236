namespace FtCore.Core.Wire;

/// <summary>
/// Malformed input to <see cref="MessageCodec"/>: a bad length, version or kind, a truncated body,
/// an invalid field or trailing bytes. The only exception decoding throws; the host drops the frame
/// or closes the connection.
/// </summary>
internal sealed class DecodeException : Exception
{
    public DecodeException()
        : base("malformed frame")
    {
    }

    public DecodeException(string message)
        : base(message)
    {
    }

    public DecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
