using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FtCore.Core.Wire;

/// <summary>
/// Reads primitives little-endian from a frame payload, checking every read and every declared
/// length against the bytes that remain before touching or allocating anything. Every failure is a
/// <see cref="DecodeException"/> naming the message kind and the payload offset.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    /// <summary>A reader over a whole payload (version, kind, body), positioned at <paramref name="start"/>.</summary>
    public SpanReader(ReadOnlySpan<byte> payload, int start, string context)
    {
        _payload = payload;
        _position = start;
        Context = context;
    }

    /// <summary>What is being read, for error messages (the message kind's name).</summary>
    public string Context { get; }

    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

    public byte ReadByte()
    {
        Need(1);
        return _payload[_position++];
    }

    public bool ReadBool()
    {
        var at = _position;
        return ReadByte() switch
        {
            0 => false,
            1 => true,
            var b => throw Invalid($"boolean byte {b} (expected 0 or 1)", at),
        };
    }

    public int ReadInt32()
    {
        Need(sizeof(int));
        var value = BinaryPrimitives.ReadInt32LittleEndian(_payload[_position..]);
        _position += sizeof(int);
        return value;
    }

    public long ReadInt64()
    {
        Need(sizeof(long));
        var value = BinaryPrimitives.ReadInt64LittleEndian(_payload[_position..]);
        _position += sizeof(long);
        return value;
    }

    /// <summary>
    /// An array's element count, checked to be non-negative and to fit in the remaining bytes at
    /// <paramref name="minElementBytes"/> per element, so the caller may allocate that many.
    /// </summary>
    public int ReadCount(int minElementBytes, string field)
    {
        var at = _position;
        var count = ReadInt32();
        if (count < 0) throw Invalid($"negative {field} count {count}", at);
        var needed = (long)count * minElementBytes;
        if (needed > Remaining)
        {
            throw new DecodeException(
                $"truncated {Context} body: {field} count {count} needs at least {needed} more bytes at offset {_position}, only {Remaining} remain");
        }
        return count;
    }

    /// <summary>A string that may be null (count -1).</summary>
    public string? ReadNullableString(string field)
    {
        var at = _position;
        var length = ReadInt32();
        if (length == -1) return null;
        if (length < -1) throw Invalid($"{field} string length {length}", at);
        return ReadUtf8(length, field);
    }

    /// <summary>A string that must not be null.</summary>
    public string ReadString(string field)
    {
        var at = _position;
        var length = ReadInt32();
        if (length == -1) throw Invalid($"null {field} where a string is required", at);
        if (length < -1) throw Invalid($"{field} string length {length}", at);
        return ReadUtf8(length, field);
    }

    /// <summary>A byte array: its length, then its bytes.</summary>
    public byte[] ReadBytes(string field)
    {
        var count = ReadCount(1, field);
        var bytes = _payload.Slice(_position, count).ToArray();
        _position += count;
        return bytes;
    }

    /// <summary>Fails unless the whole payload has been read.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0) throw new DecodeException($"trailing {Remaining} bytes after {Context}");
    }

    /// <summary>A field whose value is out of range at payload offset <paramref name="at"/>.</summary>
    public readonly DecodeException Invalid(string what, int at) =>
        new($"invalid {Context} body: {what} at offset {at}");

    private string ReadUtf8(int length, string field)
    {
        Need(length);
        var bytes = _payload.Slice(_position, length);
        if (!Utf8.IsValid(bytes)) throw Invalid($"{field} is not valid UTF-8", _position);
        _position += length;
        return Encoding.UTF8.GetString(bytes);
    }

    private readonly void Need(int count)
    {
        if (count > Remaining)
        {
            throw new DecodeException(
                $"truncated {Context} body: needed {count} more bytes at offset {_position}, only {Remaining} remain");
        }
    }
}
