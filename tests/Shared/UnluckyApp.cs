using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Tests.Shared;

/// <summary>
/// A user application with a bug on one command: one total, <c>add N</c> returns the new total,
/// but <c>add 13</c> throws (before it changes anything). For tests of how replicas refuse a
/// command they cannot decode or execute. Its name is "unlucky" unless given.
/// </summary>
internal sealed class UnluckyApp(string name = "unlucky") : Application<long, long>
{
    public const long Unlucky = 13;
    public const string Message = "13 is unlucky";

    public override string Name => name;

    public override string Syntax => "add N";

    public override IStateMachine<long, long> CreateStateMachine() => new State();

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

    private sealed class State : IStateMachine<long, long>
    {
        private long _total;

        public long Apply(long command)
        {
            if (command == Unlucky) throw new InvalidOperationException(Message);
            return _total += command;
        }

        public byte[] Snapshot() => BitConverter.GetBytes(_total);

        public void Restore(ReadOnlySpan<byte> snapshot) => _total = BitConverter.ToInt64(snapshot);

        public ulong Digest() => unchecked((ulong)_total * 0x9E3779B97F4A7C15UL);

        public string Describe() => _total.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class AdderModel : SequentialModel<long, long, long>
    {
        public override long Initial => 0;

        public override long Step(long state, long command, out long result) => result = state + command;
    }
}
