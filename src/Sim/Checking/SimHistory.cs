using System.Collections;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>
/// A simulated run's client history, kept as the checker reads it: one <see cref="CheckedOp"/> per
/// request, made at its invoke and completed at the reply its client accepts, and the order the
/// events happened in. The events themselves (<see cref="HistoryEvent"/>: the history file,
/// <see cref="SimResult.History"/>) are made only when someone reads this list, once.
/// </summary>
internal sealed class SimHistory : IReadOnlyList<HistoryEvent>
{
    private readonly ChunkedList<CheckedOp> _ops = new();
    /// <summary>Every event in the order it happened: its op's position in <see cref="_ops"/> times two, plus one for a completion.</summary>
    private readonly ChunkedList<int> _order = new();
    /// <summary>Per client slot: its request still waiting for a reply (a client has one at most).</summary>
    private readonly (CheckedOp? Op, int At)[] _open;
    /// <summary>Per client slot: its ops in request order (a client numbers its requests one by one), for <see cref="Find"/>.</summary>
    private readonly ChunkedList<CheckedOp>?[] _bySlot;
    private List<HistoryEvent>? _events;

    public SimHistory(int slots)
    {
        _open = new (CheckedOp?, int)[slots];
        _bySlot = new ChunkedList<CheckedOp>?[slots];
    }

    /// <summary>Client <paramref name="client"/> (in <paramref name="slot"/>) invoked <paramref name="req"/>.</summary>
    public void Invoke(int slot, NodeId client, long req, in Operation op, long timeNs)
    {
        // The checker takes (client, req) to name one op: a number used twice would be a second op it cannot tell apart.
        var mine = _bySlot[slot] ??= new();
        if (mine.Count > 0 && req <= mine.Last.Req) throw new InvalidOperationException($"{client} invoked request {req} after {mine.Last.Req}: request numbers must grow");
        var at = _ops.Count;
        _order.Add(2 * at);
        var o = new CheckedOp(client, req, op, timeNs);
        _ops.Add(o);
        mine.Add(o);
        _open[slot] = (o, at);
        _events = null;
    }

    /// <summary>The client in <paramref name="slot"/> accepted a reply to <paramref name="req"/>: ok, or fail when refused.</summary>
    public void Complete(int slot, long req, in OpResult result, long timeNs)
    {
        var (o, at) = _open[slot];
        if (o is null || o.Req != req) throw new InvalidOperationException($"slot {slot} accepted a reply to request {req}, which it has not invoked");
        _open[slot] = (null, 0);
        o.Complete(result.Refused ? HistoryType.Fail : HistoryType.Ok, result, timeNs);
        _order.Add((2 * at) + 1);
        _events = null;
    }

    /// <summary>The op of request <paramref name="req"/> of the client in <paramref name="slot"/>, or null when it invoked none such.</summary>
    public CheckedOp? Find(int slot, long req)
    {
        if ((uint)slot >= (uint)_bySlot.Length || _bySlot[slot] is not { Count: > 0 } mine) return null;
        var i = req - mine[0].Req;
        if (i >= 0 && i < mine.Count && mine[(int)i].Req == req) return mine[(int)i];
        // Numbers with gaps (not what a client makes): look for it.
        for (var j = 0; j < mine.Count; j++)
        {
            if (mine[j].Req == req) return mine[j];
        }
        return null;
    }

    /// <summary>
    /// The ops for <see cref="Linearizability.CheckOps"/>, sorted and numbered, put into
    /// <paramref name="into"/> (emptied first): a copy, as this history keeps its own order. The
    /// caller may reuse one list from run to run, so the one large array of a check is not made anew.
    /// </summary>
    public List<CheckedOp> SortedOps(List<CheckedOp> into)
    {
        into.Clear();
        _ops.CopyTo(into);
        CheckedOp.SortByInvoke(into);
        return into;
    }

    public int Count => _order.Count;

    public HistoryEvent this[int index] => Events()[index];

    public IEnumerator<HistoryEvent> GetEnumerator() => Events().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<HistoryEvent> Events()
    {
        if (_events is not null) return _events;
        var events = new List<HistoryEvent>(_order.Count);
        for (var i = 0; i < _order.Count; i++)
        {
            var e = _order[i];
            var o = _ops[e >> 1];
            events.Add((e & 1) == 0 ? o.InvokeEvent : o.CompletionEvent!);
        }
        return _events = events;
    }
}
