using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>Invariant 6: a crashed replica is declared failed within the heartbeat timeout plus one delivery.</summary>
internal sealed class DetectionMonitor
{
    private readonly Dictionary<(NodeId, long), (long At, long BoundUs)> _crashedAtUs = [];

    /// <summary>Records a crash with the bound in force then (a run-time heartbeat change may move it).</summary>
    public void OnCrash(NodeId replica, long incarnation, long nowUs, long boundUs) => _crashedAtUs[(replica, incarnation)] = (nowUs, boundUs);

    /// <summary>Call when the LFD deletes the replica; returns a message when it was too late.</summary>
    public string? OnDetected(NodeId replica, long incarnation, long nowUs, long boundUs)
    {
        if (!_crashedAtUs.Remove((replica, incarnation), out var crash)) return null;
        var at = crash.At;
        boundUs = Math.Max(boundUs, crash.BoundUs);
        var took = nowUs - at;
        return took > boundUs
            ? $"{replica} (incarnation {incarnation}) crashed at {FtCore.Core.Events.ConsoleRenderer.Timestamp(at)} but was declared failed only {took / 1000} ms later (bound {boundUs / 1000} ms)"
            : null;
    }

    /// <summary>Crashes whose deadline passed with no detection, while their LFD was up the whole time.</summary>
    public IEnumerable<(NodeId Replica, long Incarnation, long AtUs)> Undetected(long nowUs, Func<NodeId, long, long> boundUs)
    {
        foreach (var ((replica, inc), crash) in _crashedAtUs.OrderBy(k => k.Value.At).ThenBy(k => k.Key.Item1))
        {
            if (nowUs - crash.At > Math.Max(crash.BoundUs, boundUs(replica, inc))) yield return (replica, inc, crash.At);
        }
    }

    /// <summary>A machine crash or a stopped replica: the LFD itself is gone, no detection is owed.</summary>
    public void Forget(NodeId replica, long incarnation) => _crashedAtUs.Remove((replica, incarnation));
}
