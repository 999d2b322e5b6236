using System.Runtime.InteropServices;
using FtCore.Core.App;

namespace Bank;

/// <summary>One replica's accounts, and the money deposited less the money withdrawn (which their sum must equal).</summary>
public sealed class BankState : IStateMachine<BankCommand, BankResult>
{
    private readonly long[] _v = new long[BankApp.Accounts.Length + 1]; // the balances, then the net deposits

    public long[] Balances => _v[..^1];
    public long NetDeposits => _v[^1];

    public BankResult Apply(BankCommand c)
    {
        ref var from = ref _v[c.Account];
        if (c.Op is BankOp.Withdraw or BankOp.Transfer && from < c.Amount) return new(false, from);
        if (c.Op != BankOp.Balance) from += c.Op == BankOp.Deposit ? c.Amount : -c.Amount;
        if (c.Op == BankOp.Transfer) _v[c.To] += c.Amount;
        if (c.Op is BankOp.Deposit or BankOp.Withdraw) _v[^1] += c.Op == BankOp.Deposit ? c.Amount : -c.Amount;
        return new(true, from);
    }

    /// <summary>The eight bytes of each long in the machine's order (little-endian wherever .NET runs on x64 and Arm).</summary>
    public byte[] Snapshot() => MemoryMarshal.AsBytes(_v.AsSpan()).ToArray();

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length != 8 * _v.Length) throw new FormatException($"a bank snapshot is {8 * _v.Length} bytes, not {snapshot.Length}");
        snapshot.CopyTo(MemoryMarshal.AsBytes(_v.AsSpan()));
    }

    /// <summary>FNV-1a over the balances and the net deposits: the same on every machine.</summary>
    public ulong Digest() => _v.Aggregate(14695981039346656037UL, (h, v) => unchecked((h ^ (ulong)v) * 1099511628211UL));

    public string Describe() => BankModel.Show(Balances);
}

/// <summary>The specification: the balances of A..E, all 0 at first. Histories are checked against it.</summary>
public sealed class BankModel : SequentialModel<BankCommand, BankResult, long[]>
{
    public override long[] Initial => new long[BankApp.Accounts.Length];

    public override long[] Step(long[] state, BankCommand c, out BankResult result)
    {
        var refused = c.Op is BankOp.Withdraw or BankOp.Transfer && state[c.Account] < c.Amount;
        var next = c.Op == BankOp.Balance || refused ? state : (long[])state.Clone();
        if (c.Op == BankOp.Deposit) next[c.Account] += c.Amount;
        if (c.Op is BankOp.Withdraw or BankOp.Transfer && !refused) next[c.Account] -= c.Amount;
        if (c.Op == BankOp.Transfer && !refused) next[c.To] += c.Amount;
        result = new(!refused, next[c.Account]);
        return next;
    }

    public override bool IsReadOnly(BankCommand c) => c.Op == BankOp.Balance;
    public override bool ChangesNothing(BankCommand c, BankResult recorded) => c.Op == BankOp.Balance || !recorded.Ok;
    public override string DescribeState(long[] state) => Show(state);

    public override IEqualityComparer<long[]> StateComparer { get; } =
        EqualityComparer<long[]>.Create((x, y) => x.AsSpan().SequenceEqual(y), s => s.Aggregate(0, HashCode.Combine));

    public static string Show(long[] balances) => string.Join(" ", balances.Select((b, i) => $"{BankApp.Accounts[i]}={b}"));
}
