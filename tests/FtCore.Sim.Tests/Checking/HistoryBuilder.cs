using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Sim.Tests.Checking;

/// <summary>Builds hand-written histories: one call per operation, request numbers per client.</summary>
internal sealed class HistoryBuilder
{
    private readonly List<HistoryEvent> _events = [];
    private readonly Dictionary<int, long> _nextReq = [];

    public List<HistoryEvent> Events => _events;

    /// <summary>An op that returned ok at <paramref name="ret"/> with <paramref name="result"/>.</summary>
    public HistoryBuilder Ok(int client, Operation op, long inv, long ret, OpResult result)
    {
        var req = NextReq(client);
        _events.Add(new HistoryEvent(NodeId.Client(client), req, HistoryType.Invoke, op, null, inv));
        _events.Add(new HistoryEvent(NodeId.Client(client), req, HistoryType.Ok, op, result, ret));
        return this;
    }

    public HistoryBuilder Add(int client, long n, long inv, long ret, long result) => Ok(client, Ops.Add(n), inv, ret, Ops.Num(result));

    public HistoryBuilder Read(int client, long inv, long ret, long result) => Ok(client, Ops.Read(), inv, ret, Ops.Num(result));

    public HistoryBuilder Get(int client, string key, long inv, long ret, string? result) => Ok(client, Ops.Get(key), inv, ret, Ops.Value(result));

    public HistoryBuilder Put(int client, string key, string value, long inv, long ret) => Ok(client, Ops.Put(key, value), inv, ret, Ops.PutOk());

    public HistoryBuilder Append(int client, string key, string value, long inv, long ret, string result) =>
        Ok(client, Ops.Append(key, value), inv, ret, Ops.Value(result));

    public HistoryBuilder Cas(int client, string key, string? expected, string value, long inv, long ret, bool result) =>
        Ok(client, Ops.Cas(key, expected, value), inv, ret, Ops.Swapped(result));

    /// <summary>An op that ended with info at <paramref name="at"/>: unknown whether it took effect.</summary>
    public HistoryBuilder Info(int client, Operation op, long inv, long at) => Ended(client, op, inv, at, HistoryType.Info);

    /// <summary>An op that surely did not take effect.</summary>
    public HistoryBuilder Fail(int client, Operation op, long inv, long at) => Ended(client, op, inv, at, HistoryType.Fail);

    /// <summary>An op with no completion at all.</summary>
    public HistoryBuilder Pending(int client, Operation op, long inv)
    {
        _events.Add(new HistoryEvent(NodeId.Client(client), NextReq(client), HistoryType.Invoke, op, null, inv));
        return this;
    }

    private HistoryBuilder Ended(int client, Operation op, long inv, long at, HistoryType type)
    {
        var req = NextReq(client);
        _events.Add(new HistoryEvent(NodeId.Client(client), req, HistoryType.Invoke, op, null, inv));
        _events.Add(new HistoryEvent(NodeId.Client(client), req, type, op, null, at));
        return this;
    }

    private long NextReq(int client)
    {
        _nextReq.TryGetValue(client, out var req);
        _nextReq[client] = req + 1;
        return req + 1;
    }
}
