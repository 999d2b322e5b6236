using System.Buffers.Binary;
using System.Globalization;

namespace FtCore.Core.App;

/// <summary>The guide's my_state: one integer. add n returns the new value; read returns it.</summary>
public sealed class CounterApp : IApplication
{
    public long Value { get; private set; }

    public string Name => "counter";

    public bool Supports(OpKind kind) => kind is OpKind.Add or OpKind.Read;

    public OpResult Apply(in Operation op)
    {
        switch (op.Kind)
        {
            case OpKind.Add:
                Value = unchecked(Value + op.Number);
                return new OpResult(Value);
            case OpKind.Read:
                return new OpResult(Value);
            default:
                throw new InvalidOperationException($"counter does not support {op.Name}");
        }
    }

    public byte[] Snapshot()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Value);
        return bytes;
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length != 8) throw new FormatException($"counter snapshot must be 8 bytes, got {snapshot.Length}");
        Value = BinaryPrimitives.ReadInt64LittleEndian(snapshot);
    }

    public ulong Digest() => unchecked((ulong)Value * 0x9E3779B97F4A7C15UL);

    public string Describe() => Value.ToString(CultureInfo.InvariantCulture);
}
