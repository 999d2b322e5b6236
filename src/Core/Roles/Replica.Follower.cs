using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

internal sealed partial class Replica
{
    private readonly struct PendingForward(long requestNum, Operation op, long atUs)
    {
        public readonly long RequestNum = requestNum;
        public readonly Operation Op = op;
        public readonly long AtUs = atUs;
    }

    private readonly NodeMap<PendingForward> _pendingForwards = new();
    private readonly Dictionary<NodeId, long> _seenOrdered = [];

    /// <summary>
    /// <paramref name="retransmission"/>: the client sent this copy to this replica before (it is
    /// asking again). A first copy of a request this replica already answered (in active mode it
    /// executed it from the sequencer's order first) is not answered again.
    /// </summary>
    private void OnClientRequest(long nowUs, NodeId client, long requestNum, in Operation op, bool retransmission)
    {
        if (!_member) return;
        if (_options.Protocol == ProtocolKind.Naive)
        {
            NaiveRequest(client, requestNum, op);
            return;
        }
        if (_leader)
        {
            LeaderOrder(nowUs, client, requestNum, op, retransmission);
            return;
        }
        // A follower: answer a retransmission it already executed (active), else make sure the leader has it.
        if (_ready && AnswerFromTable(client, requestNum, mayReply: _options.Mode == ReplicationMode.Active && _view.IsReady(Id), retransmission)) return;
        if (_seenOrdered.TryGetValue(client, out var seen) && seen >= requestNum) return;
        if (!_view.HasLeader) return;
        if (_options.Mode == ReplicationMode.Passive)
        {
            Out.Send(_view.Leader, new ForwardRequest(_view.Number, client, requestNum, op));
            // Kept until seen ordered: should we become the leader first, we order it ourselves.
            _pendingForwards[client] = new PendingForward(requestNum, op, long.MaxValue);
            return;
        }
        // Active: the client sent it to the sequencer too; forward only if it is not ordered soon.
        _pendingForwards[client] = new PendingForward(requestNum, op, nowUs);
    }

    private void FlushForwards(long nowUs)
    {
        if (_pendingForwards.Count == 0) return;
        List<NodeId>? done = null;
        foreach (var (client, p) in _pendingForwards)
        {
            if (_seenOrdered.TryGetValue(client, out var seen) && seen >= p.RequestNum)
            {
                (done ??= []).Add(client);
                continue;
            }
            if (p.AtUs == long.MaxValue || nowUs - p.AtUs < Ms(2L * _options.RetransmitMs)) continue; // passive: forwarded already
            Out.Send(_view.Leader, new ForwardRequest(_view.Number, client, p.RequestNum, p.Op));
            (done ??= []).Add(client);
        }
        if (done is null) return;
        foreach (var c in done) _pendingForwards.Remove(c);
    }

    private void NoteOrdered(in Entry e)
    {
        if (!_seenOrdered.TryGetValue(e.Client, out var seen) || seen < e.RequestNum) _seenOrdered[e.Client] = e.RequestNum;
        if (_ready) return;
        if (!_highWatermark.TryGetValue(e.Client, out var hw) || hw < e.RequestNum) _highWatermark[e.Client] = hw = e.RequestNum;
        Out.Emit(new EntryLogged(e.Client, e.RequestNum, hw));
    }

    private void OnOrder(NodeId from, Order o)
    {
        if (_leader || from != _view.Leader || !_synced) return;
        var seq = o.FirstSeq;
        foreach (var e in o.Entries)
        {
            if (seq == LogEnd + 1)
            {
                Append(e);
                NoteOrdered(e);
            }
            else if (seq > LogEnd + 1)
            {
                break; // a gap: the leader resends from our ack
            }
            seq++;
        }
        _commitSeq = Math.Max(_commitSeq, Math.Min(o.Commit, LogEnd));
        DeferAck(from);
        ExecuteUpTo(_commitSeq);
    }

    private void OnCommit(NodeId from, Commit c)
    {
        if (_leader || from != _view.Leader || !_synced) return;
        _commitSeq = Math.Max(_commitSeq, Math.Min(c.CommitSeq, LogEnd));
        ExecuteUpTo(_commitSeq);
    }

    /// <summary>
    /// Makes the leader's log ours in this view. The first sync of a view keeps only what is known
    /// committed (or the installed state) and drops the rest; later ones only fill in.
    /// </summary>
    private void OnSync(long nowUs, NodeId from, Sync s)
    {
        if (_leader || from != _view.Leader) return;
        if (!_synced)
        {
            if (s.State is null && !_ready) return; // waiting for the state we asked for
            long keep;
            if (s.State is not null && (!_ready || s.State.Seq >= _stateSeq))
            {
                InstallState(s.State, from, stateTransfer: true);
                keep = s.State.Seq;
            }
            else if (s.State is not null)
            {
                keep = _stateSeq; // never roll back: our state is ahead of the leader's checkpoint
                Out.Emit(new CheckpointIgnored(from, s.State.Seq, _stateSeq));
            }
            else
            {
                keep = s.BaseSeq;
            }
            if (keep < _logBase || keep < _stateSeq || keep > LogEnd || s.BaseSeq > keep)
            {
                // Our log cannot be joined to this sync: ask for state instead.
                Out.Send(from, new SyncRequest(_view.Number, Incarnation, -1, true));
                return;
            }
            var dropped = (int)(LogEnd - keep);
            TruncateAfter(keep);
            if (dropped > 0) _seenOrdered.Clear(); // those entries are gone: forward such requests again
            _commitSeq = Math.Min(_commitSeq, LogEnd);
            AppendFrom(s.BaseSeq, s.Entries);
            _synced = true;
            if (!_ready && s.State is not null) SetReady(true);
            _commitSeq = Math.Max(_commitSeq, Math.Min(s.CommitSeq, LogEnd));
            Out.Emit(new Synced(_view.Number, keep, LogEnd, _commitSeq, dropped));
            _nextReadyNoticeUs = nowUs;
        }
        else
        {
            if (s.State is not null && s.State.Seq > _stateSeq) InstallState(s.State, from, stateTransfer: true);
            if (s.BaseSeq <= LogEnd) AppendFrom(s.BaseSeq, s.Entries);
            _commitSeq = Math.Max(_commitSeq, Math.Min(s.CommitSeq, LogEnd));
        }
        Out.Send(from, Out.Pool.OrderAck(_view.Number, Incarnation, LogEnd));
        ExecuteUpTo(_commitSeq);
        if (_ready && !_view.IsReady(Id) && nowUs >= _nextReadyNoticeUs)
        {
            Out.Send(NodeId.Rm, new ReadyNotice(_view.Number, Incarnation));
            _nextReadyNoticeUs = nowUs + Ms(4L * _options.RetransmitMs);
        }
    }

    /// <summary>Appends the entries after LogEnd from a run that starts at baseSeq + 1.</summary>
    private void AppendFrom(long baseSeq, Entry[] entries)
    {
        for (var seq = LogEnd + 1; seq <= baseSeq + entries.Length; seq++)
        {
            var e = entries[seq - baseSeq - 1];
            Append(e);
            NoteOrdered(e);
        }
    }

    /// <summary>A backup installs the primary's periodic checkpoint, unless it would roll its state back.</summary>
    private void OnCheckpoint(NodeId from, Checkpoint cp)
    {
        if (_leader || from != _view.Leader || !_synced) return;
        if (cp.Data.Seq < _stateSeq)
        {
            Out.Emit(new CheckpointIgnored(from, cp.Data.Seq, _stateSeq));
            return;
        }
        InstallState(cp.Data, from, stateTransfer: false);
        if (_options.Protocol == ProtocolKind.Ordered) Out.Send(from, Out.Pool.OrderAck(_view.Number, Incarnation, LogEnd));
    }
}
