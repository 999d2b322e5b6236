using System.Buffers.Binary;
using System.Globalization;

namespace FtCore.Core.App.Counter;

/// <summary>The guide's my_state: one integer.</summary>
public sealed class CounterState : IStateMachine<CounterCommand, long>
{
    public long Value { get; private set; }

    public long Apply(CounterCommand command)
    {
        if (command.IsAdd) Value = unchecked(Value + command.Amount);
        return Value;
    }

    public byte[] Snapshot()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Value);
        return bytes;
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length != 8) throw new FormatException($"a counter snapshot is 8 bytes, not {snapshot.Length}");
        Value = BinaryPrimitives.ReadInt64LittleEndian(snapshot);
    }

    public ulong Digest() => unchecked((ulong)Value * 0x9E3779B97F4A7C15UL);

    public string Describe() => Value.ToString(CultureInfo.InvariantCulture);
}
