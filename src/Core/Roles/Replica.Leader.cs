using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

internal sealed partial class Replica
{
    private sealed class Follower
    {
        public long Incarnation;
        /// <summary>The follower's log matches ours up to here in this view; -1 until it synced.</summary>
        public long Acked = -1;
        /// <summary>The highest entry sent in this view (by sync or order); -1 before the sync.</summary>
        public long Sent = -1;
        public long LastSentUs;
        public long LastProgressUs;
        public long LastSuspectUs;
        public long LastRetransmitUs;
    }

    private const int MaxOrderBatch = 256;
    private const int MaxSyncEntries = 4096;

    private readonly NodeMap<Follower> _followers = new();
    /// <summary>Sync requests for a view newer than ours (the follower installed it first), the latest per sender.</summary>
    private readonly NodeMap<SyncRequest> _earlySyncRequests = new();
    private readonly Dictionary<NodeId, long> _lastOrdered = [];
    private long _nextCommitBeatUs;

    private void BecomeLeader(long nowUs, bool wasLeader)
    {
        _leader = true;
        _synced = true;
        _followers.Clear();
        foreach (var m in _view.Members)
        {
            if (m.Replica == Id) continue;
            _followers[m.Replica] = new Follower { Incarnation = m.Incarnation, LastProgressUs = nowUs, LastSentUs = nowUs };
        }
        _lastOrdered.Clear();
        foreach (var (c, r) in _table) _lastOrdered[c] = r.RequestNum;
        for (var seq = Math.Max(_stateSeq, _logBase) + 1; seq <= LogEnd; seq++)
        {
            var e = EntryAt(seq);
            if (!_lastOrdered.TryGetValue(e.Client, out var n) || n < e.RequestNum) _lastOrdered[e.Client] = e.RequestNum;
        }
        Out.Emit(new BecameLeader(_view.Number, LogEnd, _commitSeq));
        if (_options.Mode == ReplicationMode.Passive)
        {
            // A backup promoted to primary replays its log after its last checkpoint. Silently: the
            // old primary answered those requests, and a client still waiting for one asks us again
            // when it sees the new view (answered from the table, as is a request it sent us first).
            ExecuteUpTo(_commitSeq, replies: false);
            if (!wasLeader || _nextCheckpointUs == long.MaxValue) _nextCheckpointUs = nowUs + Ms(Math.Max(1, _view.CheckpointFreqMs));
        }
        _nextCommitBeatUs = nowUs;
        OrderForwarded(nowUs);
        TryCommit();
    }

    /// <summary>
    /// Requests this replica handed to the previous leader and has not seen ordered: a client may
    /// have sent one to us as the new leader before we learnt we are, so order them now (or answer
    /// them from the table) instead of waiting for its retransmission.
    /// </summary>
    private void OrderForwarded(long nowUs)
    {
        if (_pendingForwards.Count == 0) return;
        foreach (var (client, p) in _pendingForwards) LeaderOrder(nowUs, client, p.RequestNum, p.Op, retransmission: false);
        _pendingForwards.Clear();
    }

    /// <summary>After a view is installed: answers the sync requests for it that arrived before it did (as its leader); keeps only those for newer views.</summary>
    private void AnswerEarlySyncRequests(long nowUs)
    {
        if (_earlySyncRequests.Count == 0) return;
        List<NodeId>? done = null;
        foreach (var (from, sr) in _earlySyncRequests)
        {
            if (sr.View > _view.Number) continue;
            (done ??= []).Add(from);
            if (sr.View == _view.Number && _leader && _view.IndexOf(from) >= 0) OnSyncRequest(nowUs, from, sr);
        }
        if (done is null) return;
        foreach (var from in done) _earlySyncRequests.Remove(from);
    }

    /// <summary>Orders a new client request, or answers it when it was already executed.</summary>
    private void LeaderOrder(long nowUs, NodeId client, long requestNum, in Operation op, bool retransmission)
    {
        if (AnswerFromTable(client, requestNum, mayReply: true, retransmission)) return;
        if (_mutation != ReplicaMutation.ForgetDuplicateTable
            && _lastOrdered.TryGetValue(client, out var ordered) && ordered >= requestNum) return; // in progress
        var entry = new Entry(client, requestNum, op);
        Append(entry);
        _lastOrdered[client] = requestNum;
        var seq = LogEnd;
        foreach (var (_, f) in _followers)
        {
            if (f.Acked == seq - 1) f.LastProgressUs = nowUs; // it was caught up: its clock starts now
        }
        // Sent to every caught-up follower at the end of the batch, with the other new entries.
        DeferOrder(seq, nowUs);
        if (_mutation == ReplicaMutation.SkipCommitWait && _ready)
        {
            Execute(seq, entry, reply: true);
            _stateSeq = seq;
        }
        TryCommit();
    }

    private void OnOrderAck(long nowUs, NodeId from, OrderAck a)
    {
        if (!_leader || !_followers.TryGetValue(from, out var f) || f.Incarnation != a.Incarnation) return;
        var acked = Math.Min(a.LogEnd, LogEnd);
        if (acked > f.Acked)
        {
            f.Acked = acked;
            f.LastProgressUs = nowUs;
            TryCommit();
        }
    }

    /// <summary>Commits what every member of the view holds, executes it, and tells active followers.</summary>
    private void TryCommit()
    {
        if (_options.Protocol == ProtocolKind.Naive) return;
        var commit = LogEnd;
        foreach (var (_, f) in _followers) commit = Math.Min(commit, f.Acked);
        if (commit <= _commitSeq) return;
        _commitSeq = commit;
        ExecuteUpTo(commit);
        if (_options.Mode == ReplicationMode.Active) DeferCommit();
    }

    /// <summary>Tells every synced follower the commit point (active followers execute up to it).</summary>
    private void SendCommit()
    {
        Commit? msg = null;
        foreach (var (id, f) in _followers)
        {
            if (f.Acked < 0) continue;
            msg ??= Out.Pool.Commit(_view.Number, _commitSeq);
            Out.Send(id, msg);
        }
    }

    private void OnSyncRequest(long nowUs, NodeId from, SyncRequest s)
    {
        if (!_leader || !_followers.TryGetValue(from, out var f) || f.Incarnation != s.Incarnation) return;
        CheckpointData? state = null;
        long baseSeq;
        if (s.NeedState || s.CommitSeq < _logBase || s.CommitSeq > LogEnd || LogEnd - s.CommitSeq > MaxSyncEntries)
        {
            state = MakeCheckpoint();
            baseSeq = _stateSeq;
            Out.Emit(new CheckpointSent(from, _app.Describe(), _checkpointCount, _stateSeq, true));
            _checkpointCount++; // a state transfer is a checkpoint too: the next round carries a higher count
        }
        else
        {
            baseSeq = s.CommitSeq;
        }
        Out.Send(from, new Sync(_view.Number, state, baseSeq, Slice(baseSeq, LogEnd), _commitSeq));
        f.Sent = LogEnd;
        f.LastSentUs = nowUs;
    }

    private void LeaderHousekeeping(long nowUs)
    {
        if (_options.Protocol == ProtocolKind.Naive) return; // nothing is ordered, nothing to acknowledge
        var timeoutUs = Ms(_options.AckTimeoutMs);
        foreach (var (id, f) in _followers)
        {
            var behind = f.Acked < LogEnd;
            if (!behind)
            {
                f.LastProgressUs = nowUs;
                continue;
            }
            var retransmitUs = Ms(_options.RetransmitMs);
            if (f.Acked >= 0 && nowUs - f.LastProgressUs >= retransmitUs && nowUs - f.LastRetransmitUs >= retransmitUs)
            {
                f.LastRetransmitUs = nowUs;
                if (f.Acked < _logBase || f.Acked < _stateSeq - MaxSyncEntries)
                {
                    // Too far behind for the log: send state.
                    OnSyncRequest(nowUs, id, new SyncRequest(_view.Number, f.Incarnation, -1, true));
                }
                else
                {
                    var to = Math.Min(LogEnd, f.Acked + MaxOrderBatch);
                    Out.Send(id, Out.Pool.Order(_view.Number, f.Acked + 1, Slice(f.Acked, to), _commitSeq));
                    f.Sent = Math.Max(f.Sent, to);
                    f.LastSentUs = nowUs;
                }
            }
            if (nowUs - f.LastProgressUs >= timeoutUs && nowUs - f.LastSuspectUs >= timeoutUs)
            {
                f.LastSuspectUs = nowUs;
                Out.Emit(new SuspectReported(id, _view.Number, (nowUs - f.LastProgressUs) / 1000));
                Out.Send(NodeId.Rm, new Suspect(_view.Number, id, f.Incarnation));
            }
        }
        if (nowUs >= _nextCommitBeatUs)
        {
            // Commit points travel on orders; when idle, repeat the latest so followers catch up.
            if (_options.Mode == ReplicationMode.Active && _commitSeq > 0) SendCommit();
            _nextCommitBeatUs = nowUs + Ms(Math.Max(200, 5L * _options.RetransmitMs));
        }
    }
}
