using System.Diagnostics.CodeAnalysis;

namespace FtCore.Core.App.Kv;

/// <summary>
/// Each key a register of string, absent (null) at first: get returns it, put sets it, append
/// returns the new value, cas sets it iff it equals the expected value. Keys are independent.
/// </summary>
public sealed class KvModel : SequentialModel<KvCommand, KvResult, string?>
{
    public override string? Initial => null;

    public override string? Step(string? state, KvCommand command, out KvResult result)
    {
        switch (command.Op)
        {
            case KvOp.Get:
                result = new KvResult(state);
                return state;
            case KvOp.Put:
                result = default;
                return command.Value ?? "";
            case KvOp.Append:
                var next = (state ?? "") + command.Value;
                result = new KvResult(next);
                return next;
            default:
                var swapped = string.Equals(state, command.Value, StringComparison.Ordinal);
                result = new KvResult(null, swapped);
                return swapped ? command.NewValue ?? "" : state;
        }
    }

    public override string? PartitionKey(KvCommand command) => command.Key;

    public override bool IsReadOnly(KvCommand command) => command.Op == KvOp.Get;

    public override bool IsBlindWrite(KvCommand command) => command.Op == KvOp.Put;

    public override IEqualityComparer<string?> StateComparer => NullableOrdinal.Instance;

    public override bool TryGetStateBefore(KvCommand command, KvResult recorded, [MaybeNullWhen(false)] out string? state)
    {
        state = null;
        switch (command.Op)
        {
            case KvOp.Get:
                state = recorded.Value;
                return true;
            case KvOp.Append when recorded.Value is { } after && after.EndsWith(command.Value ?? "", StringComparison.Ordinal):
                var before = after[..^(command.Value ?? "").Length];
                // "" and absent both append to the same value: no one state.
                if (before.Length == 0) return false;
                state = before;
                return true;
            case KvOp.Cas when recorded.Swapped:
                state = command.Value;
                return true;
            default:
                return false;
        }
    }

    public override bool CanReturn(KvCommand command, KvResult recorded) =>
        command.Op != KvOp.Append || (recorded.Value is { } after && after.EndsWith(command.Value ?? "", StringComparison.Ordinal));

    public override bool ChangesNothing(KvCommand command, KvResult recorded) =>
        command.Op == KvOp.Get || (command.Op == KvOp.Cas && !recorded.Swapped);

    public override bool MayLeave(KvCommand command, string? target) => command.Op switch
    {
        KvOp.Get => false,
        KvOp.Put => string.Equals(target, command.Value, StringComparison.Ordinal),
        KvOp.Cas => string.Equals(target, command.NewValue, StringComparison.Ordinal),
        _ => target is not null && target.EndsWith(command.Value ?? "", StringComparison.Ordinal),
    };

    public override string DescribeState(string? state) => state is null ? "absent" : Quote(state);

    /// <summary>A value in explanations: quoted, long values shortened in the middle.</summary>
    public static string Quote(string s) => s.Length <= 40 ? $"\"{s}\"" : $"\"{s[..18]}...{s[^18..]}\" ({s.Length} chars)";

    private sealed class NullableOrdinal : IEqualityComparer<string?>
    {
        public static readonly NullableOrdinal Instance = new();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string? s) => s is null ? 0 : StringComparer.Ordinal.GetHashCode(s);
    }
}
