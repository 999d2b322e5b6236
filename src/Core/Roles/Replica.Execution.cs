using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

internal sealed partial class Replica
{
    /// <summary>Executes committed entries in sequence order up to <paramref name="seq"/>; <paramref name="replies"/> false replays without answering.</summary>
    private void ExecuteUpTo(long seq, bool replies = true)
    {
        if (!_ready || !Executes) return;
        // A replica answers only once the RM counts it ready (the leader always is).
        var reply = replies && (_leader || (_options.Mode == ReplicationMode.Active && _view.IsReady(Id)));
        var target = Math.Min(seq, LogEnd);
        while (_stateSeq < target)
        {
            var next = _stateSeq + 1;
            Execute(next, EntryAt(next), reply);
            _stateSeq = next;
        }
        TrimLog();
    }

    /// <summary>Applies one entry, or skips it when the per-client table shows it already executed.</summary>
    private void Execute(long seq, in Entry e, bool reply)
    {
        if (_mutation != ReplicaMutation.ForgetDuplicateTable
            && _table.TryGetValue(e.Client, out var done) && done.RequestNum >= e.RequestNum)
        {
            Out.Executed(new Execution(_view.Number, seq, e.Client, e.RequestNum, false, ExecutionDigest()));
            if (reply && done.RequestNum == e.RequestNum) SendReply(e.Client, e.RequestNum, done.Reply);
            return;
        }
        if (Out.Console) Out.Emit(new StateLine(true, _app.Describe(), e.Client, e.RequestNum));
        var result = _app.Apply(e.Op);
        if (result.Refusal is { } why) Out.Emit(new RequestRefused(e.Client, e.RequestNum, _application.Name, why));
        _table[e.Client] = new ClientRecord(e.Client, e.RequestNum, result);
        if (Out.Console) Out.Emit(new StateLine(false, _app.Describe(), e.Client, e.RequestNum));
        Out.Executed(new Execution(_view.Number, seq, e.Client, e.RequestNum, true, ExecutionDigest()));
        if (reply) SendReply(e.Client, e.RequestNum, result);
    }

    /// <summary>The state's digest after an execution, for whoever compares them (see <see cref="Effects.Outbox.Digests"/>); 0 otherwise.</summary>
    private ulong ExecutionDigest() => Out.Digests ? _app.Digest() : 0;

    private void SendReply(NodeId client, long requestNum, OpResult result)
    {
        if (!_replied.TryGetValue(client, out var last) || last < requestNum) _replied[client] = requestNum;
        Out.Send(client, Out.Pool.ClientReply(client, Id, requestNum, result));
    }

    /// <summary>Notes a copy of a request that came from the client itself; true when it sent this one here before.</summary>
    private bool NoteClientCopy(NodeId client, long requestNum)
    {
        var seen = _clientCopies.TryGetValue(client, out var last);
        if (!seen || last < requestNum) _clientCopies[client] = requestNum;
        return seen && last >= requestNum;
    }

    /// <summary>
    /// True when the request was already executed here. It is answered from the table when it is
    /// the last one executed for its client, unless this replica already replied to it and this is
    /// not the client asking again (the first copy arriving after execution: one reply per replica).
    /// </summary>
    private bool AnswerFromTable(NodeId client, long requestNum, bool mayReply, bool retransmission)
    {
        if (_mutation == ReplicaMutation.ForgetDuplicateTable) return false;
        if (!_table.TryGetValue(client, out var done) || done.RequestNum < requestNum) return false;
        var repliedAlready = _replied.TryGetValue(client, out var last) && last >= requestNum;
        if (mayReply && done.RequestNum == requestNum && (retransmission || !repliedAlready)) SendReply(client, requestNum, done.Reply);
        return true;
    }

    private CheckpointData MakeCheckpoint()
    {
        var table = new ClientRecord[_table.Count];
        var i = 0;
        foreach (var (_, r) in _table) table[i++] = r;
        Array.Sort(table, static (a, b) => a.Client.CompareTo(b.Client));
        return new CheckpointData(_stateSeq, _checkpointCount, _app.Snapshot(), table);
    }

    /// <summary>Replaces the state with a checkpoint; the log keeps only what comes after it.</summary>
    private void InstallState(CheckpointData data, NodeId from, bool stateTransfer)
    {
        _app.Restore(data.AppState);
        _table.Clear();
        foreach (var r in data.Table) _table[r.Client] = r;
        if (data.Seq >= LogEnd)
        {
            _log.Clear();
            _logBase = data.Seq;
        }
        else if (data.Seq > _logBase)
        {
            _log.RemoveRange(0, (int)(data.Seq - _logBase));
            _logBase = data.Seq;
        }
        _stateSeq = data.Seq;
        _commitSeq = Math.Max(Math.Min(_commitSeq, LogEnd), data.Seq);
        // Like the primary's, the local count names the next checkpoint: never one this replica already saw or sent.
        _checkpointCount = Math.Max(_checkpointCount, data.CheckpointCount + 1);
        Out.Emit(new CheckpointInstalled(from, _app.Describe(), data.CheckpointCount, data.Seq, _app.Digest(), stateTransfer));
    }

    /// <summary>The primary's periodic checkpoint to every backup (passive mode).</summary>
    private void SendPeriodicCheckpoint()
    {
        if (!_leader || _options.Mode != ReplicationMode.Passive) return;
        var data = MakeCheckpoint();
        var sent = false;
        foreach (var m in _view.Members)
        {
            if (m.Replica == Id) continue;
            Out.Emit(new CheckpointSent(m.Replica, _app.Describe(), _checkpointCount, _stateSeq, false));
            Out.Send(m.Replica, new Checkpoint(_view.Number, data));
            sent = true;
        }
        if (sent) _checkpointCount++;
    }
}
