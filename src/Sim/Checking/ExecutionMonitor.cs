using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>A broken invariant 2 or 3 as the monitor saw it, with every replica the message names.</summary>
internal readonly record struct ExecutionProblem(string Invariant, string Message, string[] Processes);

/// <summary>
/// Invariants 2 and 3: every replica that executed sequence number n executed the same request
/// there and reached the same state digest; no (client, request_num) is applied at two places.
/// </summary>
internal sealed class ExecutionMonitor
{
    private readonly record struct At(NodeId Client, long Req, ulong Digest, NodeId By);

    /// <summary>Per sequence number from 1: the first execution seen (its By, a replica, is never the default id, which marks "none").</summary>
    private readonly DenseMap<At> _bySeq = new();
    /// <summary>Sequence number 0: the initial state, which no replica executed.</summary>
    private readonly At _initial;
    /// <summary>Per client: where each of its requests was applied.</summary>
    private readonly Dictionary<NodeId, DenseMap<long>> _appliedAt = [];
    private long _maxSeq;

    public ExecutionMonitor(ulong initialDigest) => _initial = new At(default, 0, initialDigest, default);

    private bool TryAt(long seq, out At at)
    {
        if (seq != 0) return _bySeq.TryGetValue(seq, out at);
        at = _initial;
        return true;
    }

    public ExecutionProblem? OnExecuted(NodeId replica, long seq, NodeId client, long req, bool applied, ulong digest)
    {
        if (TryAt(seq, out var first))
        {
            if (first.Client != client || first.Req != req)
            {
                return new(Invariants.ReplicasAgree, $"{replica} executed <{client}, {req}> at seq {seq}, but {first.By} executed <{first.Client}, {first.Req}> there", Names(replica, first.By));
            }
            if (first.Digest != digest)
            {
                return new(Invariants.ReplicasAgree, $"{replica} reached state digest {digest:x16} after seq {seq}, but {first.By} reached {first.Digest:x16} (the same commands gave different states: does the application read a clock, a random number or hash order, or keep state outside what it applies?)", Names(replica, first.By));
            }
        }
        else
        {
            _bySeq.Set(seq, new At(client, req, digest, replica));
            _maxSeq = Math.Max(_maxSeq, seq);
        }
        if (applied)
        {
            if (!_appliedAt.TryGetValue(client, out var places)) _appliedAt.Add(client, places = new DenseMap<long>());
            if (places.TryGetValue(req, out var other) && other != seq)
            {
                var by = TryAt(other, out var there) ? there.By : default;
                return new(Invariants.ExecutedOnce, $"{replica} applied <{client}, {req}> at seq {seq}, but it was already applied at seq {other}", Names(replica, by, client));
            }
            places.Set(req, seq);
        }
        return null;
    }

    public ExecutionProblem? OnCheckpoint(NodeId replica, NodeId from, long seq, ulong digest)
    {
        if (TryAt(seq, out var first) && first.Digest != digest)
        {
            return new(Invariants.ReplicasAgree, $"{replica} installed a checkpoint from {from} for seq {seq} with digest {digest:x16}, but {first.By} reached {first.Digest:x16} there (restoring a snapshot gave another state: does Snapshot save everything, and Restore read it all back?)", Names(replica, from, first.By));
        }
        return null;
    }

    /// <summary>
    /// The requests in the order they took effect: by sequence number, each where it was applied
    /// (an entry skipped as a duplicate is left out). Where the replicas disagree, the first
    /// executor's request stands (a violation was reported then).
    /// </summary>
    public IEnumerable<(NodeId Client, long Req)> AppliedInOrder()
    {
        for (long seq = 1; seq <= _maxSeq; seq++)
        {
            if (!_bySeq.TryGetValue(seq, out var at)) continue;
            if (_appliedAt.TryGetValue(at.Client, out var places) && places.TryGetValue(at.Req, out var appliedAt) && appliedAt == seq) yield return (at.Client, at.Req);
        }
    }

    /// <summary>The distinct named processes, the reporting replica first; the initial state's "by" (no process) is left out.</summary>
    private static string[] Names(params NodeId[] ids) =>
        ids.Where(i => i != default).Select(i => i.ToString()).Distinct().ToArray();
}
