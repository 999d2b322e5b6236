using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>How an operation ended: ok (took effect once, result known), fail (never took effect),
/// or unknown (info or no completion: may take effect at any time after its invoke, or never).</summary>
internal enum OpOutcome : byte
{
    Ok = 0,
    Unknown = 1,
    Fail = 2,
}

/// <summary>An invoke paired with its completion (if any).</summary>
internal sealed class CheckedOp
{
    private HistoryEvent? _completion;

    public CheckedOp(HistoryEvent invoke)
    {
        Invoke = invoke;
        InvokeNs = invoke.TimeNs;
        Outcome = OpOutcome.Unknown;
        ReturnNs = long.MaxValue;
    }

    public HistoryEvent Invoke { get; }

    /// <summary>The completion; setting it also fixes <see cref="Outcome"/> and <see cref="ReturnNs"/> (read in the search's inner loops).</summary>
    public HistoryEvent? Completion
    {
        get => _completion;
        set
        {
            _completion = value;
            Outcome = value?.Type switch
            {
                HistoryType.Ok => OpOutcome.Ok,
                HistoryType.Fail => OpOutcome.Fail,
                _ => OpOutcome.Unknown,
            };
            ReturnNs = Outcome == OpOutcome.Ok ? value!.TimeNs : long.MaxValue;
        }
    }

    public NodeId Client => Invoke.Client;

    public long Req => Invoke.Req;

    public Operation Op => Invoke.Op;

    public long InvokeNs { get; }

    /// <summary>The ok time; <see cref="long.MaxValue"/> when the op never returned ok.</summary>
    public long ReturnNs { get; private set; }

    public OpOutcome Outcome { get; private set; }

    /// <summary>The recorded result of an ok op.</summary>
    public OpResult Result => Completion?.Result ?? default;

    /// <summary>The position in the checked history's op list (sorted by invoke).</summary>
    public int Index { get; set; }

    /// <summary>Writes an op of this history as its application does; shared by all its ops, called only for explanations.</summary>
    public Func<int, string>? TextOf { get; set; }

    /// <summary>The operation as the application writes it ("add 5").</summary>
    public string Text => TextOf?.Invoke(Index) ?? "";

    /// <summary>The model says it never changes the state.</summary>
    public bool IsReadOnly { get; set; }

    public override string ToString() => $"{Client} req {Req} {Text}";

    /// <summary>A completion event as the format errors name it (built only when one is thrown).</summary>
    private static string What(HistoryEvent e) => $"{e.Client} req {e.Req}: {TypeName(e.Type)} at t={e.TimeNs}";

    /// <summary>
    /// Pairs invokes with completions by (client, req), in any list order, and validates the history.
    /// The result is sorted by (invoke time, client, req).
    /// </summary>
    public static List<CheckedOp> Pair(IReadOnlyList<HistoryEvent> history)
    {
        // About half the events are invokes.
        var ops = new List<CheckedOp>((history.Count / 2) + 1);
        var byRequest = new Dictionary<(NodeId Client, long Req), CheckedOp>((history.Count / 2) + 1);
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i] ?? throw new HistoryFormatException($"event #{i} is null");
            if (e.Type != HistoryType.Invoke) continue;
            if (byRequest.TryGetValue((e.Client, e.Req), out var first))
            {
                throw new HistoryFormatException($"{e.Client} req {e.Req} is invoked twice (at t={first.InvokeNs} and t={e.TimeNs})");
            }
            var op = new CheckedOp(e);
            byRequest.Add((e.Client, e.Req), op);
            ops.Add(op);
        }

        foreach (var e in history)
        {
            if (e.Type == HistoryType.Invoke) continue;
            if (!byRequest.TryGetValue((e.Client, e.Req), out var op))
            {
                throw new HistoryFormatException($"{What(e)} has no invoke");
            }
            if (op.Completion is { } earlier)
            {
                throw new HistoryFormatException($"{What(e)} is a second completion (already {TypeName(earlier.Type)} at t={earlier.TimeNs})");
            }
            if (e.TimeNs < op.InvokeNs)
            {
                throw new HistoryFormatException($"{What(e)} is before its invoke at t={op.InvokeNs}");
            }
            if (e.Op != op.Op)
            {
                throw new HistoryFormatException($"{What(e)} is for another operation than its invoke");
            }
            if (e.Type == HistoryType.Ok && e.Result is null)
            {
                throw new HistoryFormatException($"{What(e)} has no result");
            }
            op.Completion = e;
        }

        ops.Sort(static (a, b) =>
        {
            var c = a.InvokeNs.CompareTo(b.InvokeNs);
            if (c != 0) return c;
            c = a.Client.CompareTo(b.Client);
            return c != 0 ? c : a.Req.CompareTo(b.Req);
        });
        for (var i = 0; i < ops.Count; i++) ops[i].Index = i;
        return ops;
    }

    private static string TypeName(HistoryType type) => type switch
    {
        HistoryType.Ok => "ok",
        HistoryType.Fail => "fail",
        HistoryType.Info => "info",
        _ => "invoke",
    };
}
