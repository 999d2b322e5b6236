using System.Buffers.Binary;
using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Tests.Shared;

/// <summary>
/// A correct user application: one total, <c>add N</c> returns the new total. The faulty
/// applications of the tests derive from it and change one thing.
/// </summary>
internal class AdderApp(string name = "adder") : Application<long, long>
{
    public override string Name => name;

    public override string Syntax => "add N";

    public override IStateMachine<long, long> CreateStateMachine() => new AdderState();

    public override SequentialModel<long, long> Model { get; } = new AdderModel();

    public override void WriteCommand(ref ByteWriter writer, long command) => writer.WriteInt64(command);

    public override long ReadCommand(ref ByteReader reader) => reader.ReadInt64();

    public override void WriteResult(ref ByteWriter writer, long result) => writer.WriteInt64(result);

    public override long ReadResult(ref ByteReader reader) => reader.ReadInt64();

    public override string Format(long command) => string.Create(CultureInfo.InvariantCulture, $"add {command}");

    public override bool TryParse(string text, out long command, out string error)
    {
        var w = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length == 2 && w[0] == "add" && long.TryParse(w[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out command))
        {
            error = "";
            return true;
        }
        command = 0;
        error = Name + " ops: " + Syntax;
        return false;
    }

    public override long NextCommand(IRandomSource random) => 1 + random.Next(9);
}

/// <summary>The adder's specification: the total starts at 0 and add N returns it plus N.</summary>
internal sealed class AdderModel : SequentialModel<long, long, long>
{
    public override long Initial => 0;

    public override long Step(long state, long command, out long result) => result = state + command;

    public override bool TryGetStateBefore(long command, long recorded, out long state)
    {
        state = recorded - command;
        return true;
    }
}

/// <summary>The adder's state: <see cref="Total"/>, saved whole in a snapshot.</summary>
internal class AdderState : IStateMachine<long, long>
{
    protected long Total { get; set; }

    public virtual long Apply(long command) => Total += command;

    public virtual byte[] Snapshot()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Total);
        return bytes;
    }

    public virtual void Restore(ReadOnlySpan<byte> snapshot) => Total = BinaryPrimitives.ReadInt64LittleEndian(snapshot);

    public virtual ulong Digest() => unchecked((ulong)Total * 0x9E3779B97F4A7C15UL);

    public virtual string Describe() => Total.ToString(CultureInfo.InvariantCulture);
}
