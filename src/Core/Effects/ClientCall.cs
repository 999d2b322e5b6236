using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Core.Effects;

/// <summary>
/// A client's request at one of its two moments. At its invoke (<paramref name="Answered"/> false):
/// a history "invoke", and the console's <c>request_num 101: add 5</c>. At the first reply the client
/// accepts (<paramref name="Answered"/> true), from <paramref name="Replica"/>: a history "ok", or
/// "fail" when <paramref name="Result"/> is a refusal; no console line. <paramref name="App"/> reads
/// the operation and the result.
/// </summary>
internal readonly record struct ClientCall(bool Answered, long RequestNum, Operation Op, NodeId Replica, OpResult Result, IApplication App)
{
    public static ClientCall Invoked(long requestNum, in Operation op, IApplication app) => new(false, requestNum, op, default, default, app);

    public static ClientCall Accepted(long requestNum, in Operation op, NodeId replica, in OpResult result, IApplication app) => new(true, requestNum, op, replica, result, app);

    /// <summary>This moment as a line of <paramref name="client"/>'s history: invoke, ok, or fail for a refusal.</summary>
    public HistoryEvent ToHistory(NodeId client, long requestNum, long timeNs) =>
        Answered
            ? new HistoryEvent(client, requestNum, Result.Refused ? HistoryType.Fail : HistoryType.Ok, Op, Result, timeNs)
            : new HistoryEvent(client, requestNum, HistoryType.Invoke, Op, null, timeNs);
}
