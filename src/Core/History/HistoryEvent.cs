using FtCore.Core.App;
using FtCore.Core.Ids;

namespace FtCore.Core.History;

/// <summary>invoke, ok (applied, result known), fail (surely not applied), info (unknown).</summary>
public enum HistoryType : byte
{
    Invoke = 0,
    Ok = 1,
    Fail = 2,
    Info = 3,
}

/// <summary>
/// One line of a client history (docs/design.md, "History file"). <see cref="TimeNs"/> is monotonic
/// nanoseconds: virtual in the simulator, the client's monotonic clock live.
/// </summary>
public sealed record HistoryEvent(NodeId Client, long Req, HistoryType Type, Operation Op, OpResult? Result, long TimeNs);
