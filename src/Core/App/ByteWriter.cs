using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FtCore.Core.App;

/// <summary>
/// Writes an application's commands, results and snapshots: little-endian integers, length-prefixed
/// UTF-8 strings and byte arrays. Starts in a buffer the caller gives (usually on the stack) and
/// grows into a pooled array; <see cref="ToArray"/> returns the bytes written, then
/// <see cref="Dispose"/> gives any pooled array back. <see cref="ByteReader"/> reads the same format.
/// </summary>
public ref struct ByteWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _position;

    public ByteWriter(Span<byte> initial)
    {
        _buffer = initial;
        _rented = null;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _position;

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(sizeof(int)), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(sizeof(long)), value);

    /// <summary>A string: its UTF-8 byte count, then the bytes.</summary>
    /// <exception cref="ArgumentException">The string is not valid UTF-16 (a lone surrogate), which has no UTF-8 form.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int count;
        try
        {
            count = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("a string that is not valid UTF-16 (a lone surrogate) cannot be encoded", nameof(value), e);
        }
        WriteInt32(count);
        StrictUtf8.GetBytes(value, Take(count));
    }

    /// <summary>A string that may be null (count -1).</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null) WriteInt32(-1);
        else WriteString(value);
    }

    /// <summary>Bytes: their count, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>A copy of the bytes written.</summary>
    public readonly byte[] ToArray() => _buffer[.._position].ToArray();

    /// <summary>The bytes written, valid until the next write or <see cref="Dispose"/>.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void Dispose()
    {
        if (_rented is { } r) ArrayPool<byte>.Shared.Return(r);
        _rented = null;
        _buffer = default;
        _position = 0;
    }

    private Span<byte> Take(int count)
    {
        if (_position + count > _buffer.Length) Grow(count);
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Grow(int count)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count + 64));
        _buffer[.._position].CopyTo(next);
        if (_rented is { } old) ArrayPool<byte>.Shared.Return(old);
        _rented = next;
        _buffer = next;
    }
}
