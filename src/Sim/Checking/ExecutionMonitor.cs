using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>
/// Invariants 2 and 3: every replica that executed sequence number n executed the same request
/// there and reached the same state digest; no (client, request_num) is applied at two places.
/// </summary>
internal sealed class ExecutionMonitor
{
    private readonly record struct At(NodeId Client, long Req, ulong Digest, NodeId By);

    private readonly Dictionary<long, At> _bySeq = [];
    private readonly Dictionary<(NodeId, long), long> _appliedAt = [];

    public ExecutionMonitor(ulong initialDigest) => _bySeq[0] = new At(default, 0, initialDigest, default);

    public (string Invariant, string Message)? OnExecuted(NodeId replica, long seq, NodeId client, long req, bool applied, ulong digest)
    {
        if (_bySeq.TryGetValue(seq, out var first))
        {
            if (first.Client != client || first.Req != req)
            {
                return (Invariants.ReplicasAgree, $"{replica} executed <{client}, {req}> at seq {seq}, but {first.By} executed <{first.Client}, {first.Req}> there");
            }
            if (first.Digest != digest)
            {
                return (Invariants.ReplicasAgree, $"{replica} reached state digest {digest:x16} after seq {seq}, but {first.By} reached {first.Digest:x16}");
            }
        }
        else
        {
            _bySeq[seq] = new At(client, req, digest, replica);
        }
        if (applied)
        {
            if (_appliedAt.TryGetValue((client, req), out var other) && other != seq)
            {
                return (Invariants.ExecutedOnce, $"{replica} applied <{client}, {req}> at seq {seq}, but it was already applied at seq {other}");
            }
            _appliedAt[(client, req)] = seq;
        }
        return null;
    }

    public string? OnCheckpoint(NodeId replica, NodeId from, long seq, ulong digest)
    {
        if (_bySeq.TryGetValue(seq, out var first) && first.Digest != digest)
        {
            return $"{replica} installed a checkpoint from {from} for seq {seq} with digest {digest:x16}, but {first.By} reached {first.Digest:x16} there";
        }
        return null;
    }
}
