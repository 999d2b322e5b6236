using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// What a replica sends once per batch of inputs instead of once per input (<see cref="Role.Flush"/>):
/// the leader's new entries as one <see cref="Order"/> per follower, an active leader's
/// <see cref="Commit"/>, and a follower's cumulative <see cref="OrderAck"/>. Each goes where the
/// first message of its group would have gone, so with one input per batch (the simulator) the
/// effects are the same as sending at once. A view change flushes first: what is held back
/// always leaves in the view it belongs to.
/// </summary>
internal sealed partial class Replica
{
    // Leader: entries _batchFirstSeq..LogEnd are new since the last flush (0: none).
    private long _batchFirstSeq;
    private long _batchOrderPos;
    private long _batchOrderAtUs;
    // Active leader: the commit point moved since the last flush.
    private bool _batchCommit;
    private long _batchCommitPos;
    // Follower: an acknowledgement owed to the leader.
    private bool _batchAck;
    private long _batchAckPos;
    private NodeId _batchAckTo;

    public override void Flush() => FlushBatch();

    private void DeferOrder(long seq, long nowUs)
    {
        if (_batchFirstSeq == 0)
        {
            _batchFirstSeq = seq;
            _batchOrderPos = Out.Position;
        }
        _batchOrderAtUs = nowUs;
    }

    private void DeferCommit()
    {
        if (_batchCommit) return;
        _batchCommit = true;
        _batchCommitPos = Out.Position;
    }

    private void DeferAck(NodeId leader)
    {
        if (_batchAck) return;
        _batchAck = true;
        _batchAckPos = Out.Position;
        _batchAckTo = leader;
    }

    /// <summary>Sends what the batch held back, each group at its place (the latest place first, so earlier ones stay put).</summary>
    private void FlushBatch()
    {
        if (_batchFirstSeq == 0 && !_batchCommit && !_batchAck) return;
        Span<(long Pos, int Group)> groups = stackalloc (long, int)[3];
        var n = 0;
        if (_batchFirstSeq != 0) groups[n++] = (_batchOrderPos, 0);
        if (_batchCommit) groups[n++] = (_batchCommitPos, 1);
        if (_batchAck) groups[n++] = (_batchAckPos, 2);
        groups[..n].Sort(static (a, b) => b.Pos.CompareTo(a.Pos));
        // A follower that gets an order in this flush learns the commit point from it.
        Span<bool> ordered = stackalloc bool[_followers.Count];
        foreach (var (pos, group) in groups[..n])
        {
            switch (group)
            {
                case 0:
                    FlushOrders(pos, ordered);
                    break;
                case 1:
                    FlushCommit(pos, ordered);
                    break;
                default:
                    FlushAck(pos);
                    break;
            }
        }
    }

    /// <summary>One order per caught-up follower with every entry it lacks; one behind by a gap waits for housekeeping, as before.</summary>
    private void FlushOrders(long pos, Span<bool> ordered)
    {
        var first = _batchFirstSeq;
        _batchFirstSeq = 0;
        if (!_leader || first > LogEnd) return;
        Order? batch = null;
        var i = 0;
        foreach (var (id, f) in _followers)
        {
            var index = i++;
            if (f.Sent < 0 || f.Sent < first - 1 || f.Sent >= LogEnd) continue;
            var order = f.Sent == first - 1
                ? batch ??= Out.Pool.Order(_view.Number, first, Slice(first - 1, LogEnd), _commitSeq)
                : Out.Pool.Order(_view.Number, f.Sent + 1, Slice(f.Sent, LogEnd), _commitSeq);
            pos = Out.SendAt(pos, id, order);
            f.Sent = LogEnd;
            f.LastSentUs = _batchOrderAtUs;
            ordered[index] = true; // it carries the current commit point
        }
    }

    /// <summary>The active leader's commit point, to every synced follower that got no order carrying it.</summary>
    private void FlushCommit(long pos, ReadOnlySpan<bool> ordered)
    {
        _batchCommit = false;
        if (!_leader || _options.Mode != ReplicationMode.Active) return;
        Commit? msg = null;
        var i = 0;
        foreach (var (id, f) in _followers)
        {
            var index = i++;
            if (f.Acked < 0 || ordered[index]) continue;
            msg ??= Out.Pool.Commit(_view.Number, _commitSeq);
            pos = Out.SendAt(pos, id, msg);
        }
    }

    /// <summary>One cumulative acknowledgement: our log matches the leader's up to LogEnd in this view.</summary>
    private void FlushAck(long pos)
    {
        _batchAck = false;
        if (_leader || !_synced || !_member) return;
        Out.SendAt(pos, _batchAckTo, Out.Pool.OrderAck(_view.Number, Incarnation, LogEnd));
    }
}
