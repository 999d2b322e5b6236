using System.Buffers.Binary;
using System.Globalization;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>A transfer of <see cref="Amount"/> from account a to b (<see cref="FromA"/>) or from b to a.</summary>
internal readonly record struct Transfer(bool FromA, long Amount)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"transfer {(FromA ? "a b" : "b a")} {Amount}");
}

/// <summary>The balances of accounts a and b.</summary>
internal readonly record struct Balances(long A, long B)
{
    public const long Opening = 10;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"a={A} b={B}");
}

/// <summary>
/// A bank-like user application with a state check (no balance negative, money conserved) and a
/// planted bug: a transfer checks the balance of the account it pays into, not the one it takes
/// from. Its model is the correct bank.
/// </summary>
internal sealed class BankApp : Application<Transfer, bool>
{
    public override string Name => "bank";

    public override string Syntax => "transfer a b N | transfer b a N";

    public override IStateMachine<Transfer, bool> CreateStateMachine() => new State();

    public override SequentialModel<Transfer, bool> Model { get; } = new BankModel();

    public override string? CheckState(IStateMachine<Transfer, bool> state)
    {
        var b = ((State)state).Balances;
        if (b.A < 0 || b.B < 0) return $"a balance is negative ({b})";
        if (b.A + b.B != 2 * Balances.Opening) return $"money is not conserved ({b})";
        return null;
    }

    public override void WriteCommand(ref ByteWriter writer, Transfer command)
    {
        writer.WriteBool(command.FromA);
        writer.WriteInt64(command.Amount);
    }

    public override Transfer ReadCommand(ref ByteReader reader) => new(reader.ReadBool(), reader.ReadInt64());

    public override void WriteResult(ref ByteWriter writer, bool result) => writer.WriteBool(result);

    public override bool ReadResult(ref ByteReader reader) => reader.ReadBool();

    public override string Format(Transfer command) => command.ToString();

    public override bool TryParse(string text, out Transfer command, out string error)
    {
        var w = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (w.Length == 4 && w[0] == "transfer" && (w[1], w[2]) is ("a", "b") or ("b", "a")
            && long.TryParse(w[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            command = new Transfer(w[1] == "a", n);
            error = "";
            return true;
        }
        command = default;
        error = "bank ops: " + Syntax;
        return false;
    }

    public override Transfer NextCommand(IRandomSource random) => new(random.Chance(0.5), 1 + random.Next(9));

    private sealed class State : IStateMachine<Transfer, bool>
    {
        public Balances Balances { get; private set; } = new(Balances.Opening, Balances.Opening);

        public bool Apply(Transfer command)
        {
            var (a, b) = (Balances.A, Balances.B);
            // The planted bug: the balance checked is the receiving account's.
            var checkedBalance = command.FromA ? b : a;
            if (checkedBalance < command.Amount) return false;
            Balances = command.FromA ? new(a - command.Amount, b + command.Amount) : new(a + command.Amount, b - command.Amount);
            return true;
        }

        public byte[] Snapshot()
        {
            var bytes = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, Balances.A);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), Balances.B);
            return bytes;
        }

        public void Restore(ReadOnlySpan<byte> snapshot) =>
            Balances = new(BinaryPrimitives.ReadInt64LittleEndian(snapshot), BinaryPrimitives.ReadInt64LittleEndian(snapshot[8..]));

        public ulong Digest() => unchecked(((ulong)Balances.A * 0x9E3779B97F4A7C15UL) ^ ((ulong)Balances.B * 0xC2B2AE3D27D4EB4FUL));

        public string Describe() => Balances.ToString();
    }
}

/// <summary>The correct bank: a transfer moves the money only when the paying account has it.</summary>
internal sealed class BankModel : SequentialModel<Transfer, bool, Balances>
{
    public override Balances Initial => new(Balances.Opening, Balances.Opening);

    public override Balances Step(Balances state, Transfer command, out bool result)
    {
        var paying = command.FromA ? state.A : state.B;
        result = paying >= command.Amount;
        if (!result) return state;
        return command.FromA
            ? new(state.A - command.Amount, state.B + command.Amount)
            : new(state.A + command.Amount, state.B - command.Amount);
    }
}
