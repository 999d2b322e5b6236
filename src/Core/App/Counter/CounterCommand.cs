namespace FtCore.Core.App.Counter;

/// <summary>A counter command: <c>add N</c> (returns the new value) or <c>read</c> (returns the value).</summary>
public readonly record struct CounterCommand(bool IsAdd, long Amount)
{
    public static CounterCommand Add(long amount) => new(true, amount);

    public static CounterCommand Read() => new(false, 0);

    public override string ToString() => IsAdd ? $"add {Amount}" : "read";
}
