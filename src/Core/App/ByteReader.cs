using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FtCore.Core.App;

/// <summary>
/// Reads what <see cref="ByteWriter"/> wrote. Every read is checked against the bytes that remain;
/// a short, malformed or over-long input throws <see cref="FormatException"/> naming the offset,
/// which FtCore turns into a refusal of the request (never a crash).
/// </summary>
public ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _input;
    private int _position;

    public ByteReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _position = 0;
    }

    public readonly int Remaining => _input.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool()
    {
        var at = _position;
        return ReadByte() switch
        {
            0 => false,
            1 => true,
            var b => throw new FormatException($"a boolean byte must be 0 or 1, not {b} (offset {at})"),
        };
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public string ReadString() =>
        ReadNullableString() ?? throw new FormatException($"a null string where one is required (offset {_position - sizeof(int)})");

    public string? ReadNullableString()
    {
        var at = _position;
        var count = ReadInt32();
        if (count == -1) return null;
        if (count < 0) throw new FormatException($"a string length of {count} (offset {at})");
        var bytes = Take(count);
        if (!Utf8.IsValid(bytes)) throw new FormatException($"a string that is not UTF-8 (offset {at})");
        return Encoding.UTF8.GetString(bytes);
    }

    public byte[] ReadBytes()
    {
        var at = _position;
        var count = ReadInt32();
        if (count < 0) throw new FormatException($"a byte count of {count} (offset {at})");
        return Take(count).ToArray();
    }

    /// <summary>Fails unless everything was read.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0) throw new FormatException($"{Remaining} bytes left over after the value (offset {_position})");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw new FormatException($"needed {count} more bytes at offset {_position}, only {Remaining} remain");
        var span = _input.Slice(_position, count);
        _position += count;
        return span;
    }
}
