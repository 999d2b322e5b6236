using System.Runtime.InteropServices;
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

/// <summary>
/// An invoke paired with its completion (if any). The simulator makes one at each invoke and
/// completes it at the accepted reply; a history read from events is paired by <see cref="Pair"/>.
/// The events themselves are made again from the fields only where they are shown (a witness).
/// </summary>
internal sealed class CheckedOp
{
    public CheckedOp(NodeId client, long req, Operation op, long invokeNs)
    {
        Client = client;
        Req = req;
        Op = op;
        InvokeNs = invokeNs;
        Outcome = OpOutcome.Unknown;
        ReturnNs = long.MaxValue;
    }

    /// <summary>Records the completion; also fixes <see cref="Outcome"/> and <see cref="ReturnNs"/> (read in the search's inner loops).</summary>
    public void Complete(HistoryType type, OpResult? result, long timeNs)
    {
        CompletionType = type;
        _result = result ?? default;
        _hasResult = result is not null;
        CompletionNs = timeNs;
        Outcome = type switch
        {
            HistoryType.Ok => OpOutcome.Ok,
            HistoryType.Fail => OpOutcome.Fail,
            _ => OpOutcome.Unknown,
        };
        ReturnNs = Outcome == OpOutcome.Ok ? timeNs : long.MaxValue;
    }

    /// <summary>The completion's type (ok, fail or info), or null when the op has none.</summary>
    public HistoryType? CompletionType { get; private set; }

    /// <summary>The completion's time (valid when <see cref="CompletionType"/> is set).</summary>
    public long CompletionNs { get; private set; }

    /// <summary>The completion's result as recorded (null for an info without one).</summary>
    public OpResult? CompletionResult => _hasResult ? _result : null;

    // The result and whether there is one, apart: a nullable OpResult would take a word more in every op of a run.
    private OpResult _result;
    private bool _hasResult;

    /// <summary>The invoke event.</summary>
    public HistoryEvent InvokeEvent => new(Client, Req, HistoryType.Invoke, Op, null, InvokeNs);

    /// <summary>The completion event, or null.</summary>
    public HistoryEvent? CompletionEvent => CompletionType is { } t ? new HistoryEvent(Client, Req, t, Op, CompletionResult, CompletionNs) : null;

    public NodeId Client { get; }

    public long Req { get; }

    public Operation Op { get; }

    public long InvokeNs { get; }

    /// <summary>The ok time; <see cref="long.MaxValue"/> when the op never returned ok.</summary>
    public long ReturnNs { get; private set; }

    public OpOutcome Outcome { get; private set; }

    /// <summary>The recorded result of an ok op.</summary>
    public OpResult Result => _result;

    /// <summary>The position in the checked history's op list (sorted by invoke).</summary>
    public int Index { get; set; }

    /// <summary>The model says it never changes the state.</summary>
    public bool IsReadOnly { get; set; }

    public override string ToString() => $"{Client} req {Req}";

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
            var op = new CheckedOp(e.Client, e.Req, e.Op, e.TimeNs);
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
            if (op.CompletionType is { } earlier)
            {
                throw new HistoryFormatException($"{What(e)} is a second completion (already {TypeName(earlier)} at t={op.CompletionNs})");
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
            op.Complete(e.Type, e.Result, e.TimeNs);
        }

        SortByInvoke(ops);
        return ops;
    }

    /// <summary>
    /// Sorts <paramref name="ops"/> by (invoke time, client, req), the order the checker reads, and
    /// numbers them (<see cref="Index"/>). A recorded history is in time order already but for ops
    /// invoked at the same instant, so an insertion sort does it in one pass; a list far from that
    /// order (a history file in any order) is sorted the usual way.
    /// </summary>
    public static void SortByInvoke(List<CheckedOp> ops)
    {
        var span = CollectionsMarshal.AsSpan(ops);
        var order = default(InvokeOrder);
        var movesLeft = 4L * span.Length;
        for (var i = 1; i < span.Length && movesLeft >= 0; i++)
        {
            var op = span[i];
            var at = i;
            while (at > 0 && order.Compare(op, span[at - 1]) < 0 && --movesLeft >= 0)
            {
                span[at] = span[at - 1];
                at--;
            }
            span[at] = op;
        }
        if (movesLeft < 0) span.Sort(order);
        for (var i = 0; i < span.Length; i++) span[i].Index = i;
    }

    private readonly struct InvokeOrder : IComparer<CheckedOp>
    {
        public int Compare(CheckedOp? a, CheckedOp? b)
        {
            var c = a!.InvokeNs.CompareTo(b!.InvokeNs);
            if (c != 0) return c;
            c = a.Client.CompareTo(b.Client);
            return c != 0 ? c : a.Req.CompareTo(b.Req);
        }
    }

    private static string TypeName(HistoryType type) => type switch
    {
        HistoryType.Ok => "ok",
        HistoryType.Fail => "fail",
        HistoryType.Info => "info",
        _ => "invoke",
    };
}
