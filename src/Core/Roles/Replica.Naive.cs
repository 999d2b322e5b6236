using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

internal sealed partial class Replica
{
    /// <summary>
    /// The naive designs (docs/design.md, "Order and views"), kept only to show the trade-off
    /// (--protocol naive). Passive: the primary executes and replies at once; backups see only the
    /// periodic checkpoints. Active: every ready replica executes in arrival order, with no sequencer.
    /// </summary>
    private void NaiveRequest(NodeId client, long requestNum, in Operation op)
    {
        if (!_ready) return;
        var replies = _options.Mode == ReplicationMode.Active || _leader;
        if (!replies)
        {
            if (_view.HasLeader) Out.Send(_view.Leader, new ForwardRequest(_view.Number, client, requestNum, op));
            return;
        }
        if (AnswerFromTable(client, requestNum, mayReply: true, retransmission: true)) return;
        var seq = _stateSeq + 1;
        var entry = new Entry(client, requestNum, op);
        _log.Clear();
        _logBase = seq - 1;
        Execute(seq, entry, reply: true);
        _stateSeq = seq;
        _logBase = seq;
        _commitSeq = seq;
    }
}
