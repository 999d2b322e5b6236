using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace FtCore.Core.Wire;

/// <summary>
/// Writes primitives little-endian into a span. A measuring writer (<see cref="Measuring"/>) writes
/// nothing and only counts, so one body-writing routine both sizes and fills a frame.
/// </summary>
internal ref struct SpanWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _buffer;
    private readonly bool _measuring;
    private int _position;

    private SpanWriter(Span<byte> buffer, bool measuring)
    {
        _buffer = buffer;
        _measuring = measuring;
        _position = 0;
    }

    /// <summary>A writer that fills <paramref name="buffer"/>, which must be large enough.</summary>
    public static SpanWriter Into(Span<byte> buffer) => new(buffer, measuring: false);

    /// <summary>A writer that only counts bytes, failing once the count passes the frame limit.</summary>
    public static SpanWriter Measuring() => new(default, measuring: true);

    /// <summary>Bytes written (or counted) so far.</summary>
    public readonly int Position => _position;

    public void WriteByte(byte value)
    {
        if (!_measuring) _buffer[_position] = value;
        Advance(1);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value)
    {
        if (!_measuring) BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
        Advance(sizeof(int));
    }

    public void WriteInt64(long value)
    {
        if (!_measuring) BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
        Advance(sizeof(long));
    }

    /// <summary>An array's element count. Throws on a null array, which has no encoding.</summary>
    public void WriteCount([NotNull] Array? array, string field)
    {
        if (array is null) throw new ArgumentException($"{field} is null; arrays are never null on the wire", field);
        WriteInt32(array.Length);
    }

    /// <summary>A string that may be null: count -1 for null, else the UTF-8 byte count and bytes.</summary>
    public void WriteNullableString(string? value, string field)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        WriteUtf8(value, field);
    }

    /// <summary>A string that must not be null (same encoding; the decoder rejects the null marker).</summary>
    public void WriteString(string? value, string field)
    {
        if (value is null) throw new ArgumentException($"{field} is null but the field is not nullable", field);
        WriteUtf8(value, field);
    }

    /// <summary>A byte array: its length, then its bytes.</summary>
    public void WriteBytes(byte[]? value, string field)
    {
        WriteCount(value, field);
        if (!_measuring) value.CopyTo(_buffer[_position..]);
        Advance(value.Length);
    }

    private void WriteUtf8(string value, string field)
    {
        int count;
        try
        {
            count = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"{field} is not valid UTF-16 (unpaired surrogate) and cannot be encoded as UTF-8", field, e);
        }
        WriteInt32(count);
        if (!_measuring) StrictUtf8.GetBytes(value, _buffer[_position..]);
        Advance(count);
    }

    private void Advance(int count)
    {
        if (_measuring && (long)_position + count > WireFormat.MaxFrameBytes)
        {
            throw new ArgumentException($"message does not fit in a frame: more than {WireFormat.MaxFrameBytes} bytes");
        }
        _position += count;
    }
}
