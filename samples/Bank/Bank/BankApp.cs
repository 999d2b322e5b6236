using System.Globalization;
using FtCore.Core.App;

namespace Bank;

public enum BankOp : byte { Deposit = 1, Withdraw, Transfer, Balance }

/// <summary>A command on accounts 0..4 (A..E): Account is the one read or debited, To the one a transfer credits.</summary>
public readonly record struct BankCommand(BankOp Op, int Account, long Amount = 0, int To = 0)
{
    public override string ToString() => $"{BankApp.Verbs[(int)Op - 1]} {BankApp.Accounts[Account]}"
        + Op switch { BankOp.Transfer => $" {BankApp.Accounts[To]} {Amount}", BankOp.Balance => "", _ => $" {Amount}" };
}

/// <summary>Ok false: refused for insufficient funds, nothing changed. Balance: Account's balance after the command.</summary>
public readonly record struct BankResult(bool Ok, long Balance);

/// <summary>A bank of five accounts, A..E: money moves between them but is never made or lost.</summary>
public sealed class BankApp : Application<BankCommand, BankResult>
{
    public const string Accounts = "ABCDE";
    public static readonly string[] Verbs = ["deposit", "withdraw", "transfer", "balance"];
    private static readonly BankModel SharedModel = new();

    public override string Name => "bank";
    public override string Syntax => "deposit ACCOUNT N | withdraw ACCOUNT N | transfer FROM TO N | balance ACCOUNT (accounts A..E, N 1..1000000)";
    public override IStateMachine<BankCommand, BankResult> CreateStateMachine() => new BankState();
    public override SequentialModel<BankCommand, BankResult> Model => SharedModel;

    public override void WriteCommand(ref ByteWriter writer, BankCommand c)
    {
        writer.WriteByte((byte)c.Op); writer.WriteByte((byte)c.Account); writer.WriteInt64(c.Amount); writer.WriteByte((byte)c.To);
    }

    public override BankCommand ReadCommand(ref ByteReader reader)
    {
        var c = new BankCommand((BankOp)reader.ReadByte(), reader.ReadByte(), reader.ReadInt64(), reader.ReadByte());
        return IsValid(c) ? c : throw new FormatException($"not a bank command: op {c.Op}, accounts {c.Account} and {c.To}, amount {c.Amount}");
    }

    public override void WriteResult(ref ByteWriter writer, BankResult result)
    {
        writer.WriteBool(result.Ok); writer.WriteInt64(result.Balance);
    }

    public override BankResult ReadResult(ref ByteReader reader) => new(reader.ReadBool(), reader.ReadInt64());

    public override string FormatResult(BankCommand command, BankResult result) =>
        result.Ok ? result.Balance.ToString(CultureInfo.InvariantCulture) : $"insufficient funds ({Accounts[command.Account]} has {result.Balance})";

    /// <summary>Money is conserved: no balance below 0, and the balances sum to the deposits less the withdrawals.</summary>
    public override string? CheckState(IStateMachine<BankCommand, BankResult> state)
    {
        var s = (BankState)state;
        if (s.Balances.Any(b => b < 0)) return "a negative balance: " + s.Describe();
        return s.Balances.Sum() == s.NetDeposits ? null : $"money not conserved: {s.Describe()}, but deposits less withdrawals are {s.NetDeposits}";
    }

    public override bool TryParse(string text, out BankCommand command, out string error)
    {
        var w = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var op = (BankOp)(w.Length == 0 ? 0 : Array.IndexOf(Verbs, w[0].ToLowerInvariant()) + 1);
        var amount = 0L;
        var parsed = w.Length == op switch { BankOp.Balance => 2, BankOp.Transfer => 4, _ => 3 }
            && (op == BankOp.Balance || long.TryParse(w[^1], NumberStyles.None, CultureInfo.InvariantCulture, out amount));
        command = parsed ? new(op, Account(w[1]), amount, op == BankOp.Transfer ? Account(w[2]) : 0) : default;
        error = "bank ops: " + Syntax;
        return parsed && IsValid(command);
    }

    /// <summary>The seeded workload: the four commands alike, on any account, amounts 1..100.</summary>
    public override BankCommand NextCommand(IRandomSource random)
    {
        var (op, account, amount) = ((BankOp)(1 + random.Next(4)), random.Next(Accounts.Length), random.Between(1, 100));
        return op == BankOp.Balance ? new(op, account) : new(op, account, amount, op == BankOp.Transfer ? random.Next(Accounts.Length) : 0);
    }

    private static int Account(string word) => word.Length == 1 ? Accounts.IndexOf(char.ToUpperInvariant(word[0]), StringComparison.Ordinal) : -1;

    private static bool IsValid(BankCommand c) =>
        c.Op is >= BankOp.Deposit and <= BankOp.Balance && (uint)c.Account < Accounts.Length && (uint)c.To < Accounts.Length
        && (c.Op == BankOp.Balance ? c.Amount == 0 : c.Amount is >= 1 and <= 1_000_000) && (c.Op == BankOp.Transfer || c.To == 0);
}
