using FtCore.Core.Ids;

namespace FtCore.Sim.Checking;

/// <summary>Invariant 6: a crashed replica is declared failed within the heartbeat timeout plus one delivery.</summary>
internal sealed class DetectionMonitor
{
    private readonly Dictionary<(NodeId, long), long> _crashedAtUs = [];

    public void OnCrash(NodeId replica, long incarnation, long nowUs) => _crashedAtUs[(replica, incarnation)] = nowUs;

    /// <summary>Call when the LFD deletes the replica; returns a message when it was too late.</summary>
    public string? OnDetected(NodeId replica, long incarnation, long nowUs, long boundUs)
    {
        if (!_crashedAtUs.Remove((replica, incarnation), out var at)) return null;
        var took = nowUs - at;
        return took > boundUs
            ? $"{replica} (incarnation {incarnation}) crashed at {FtCore.Core.Events.ConsoleRenderer.Timestamp(at)} but was declared failed only {took / 1000} ms later (bound {boundUs / 1000} ms)"
            : null;
    }

    /// <summary>Crashes whose deadline passed with no detection, while their LFD was up the whole time.</summary>
    public IEnumerable<(NodeId Replica, long Incarnation, long AtUs)> Undetected(long nowUs, Func<NodeId, long, long> boundUs)
    {
        foreach (var ((replica, inc), at) in _crashedAtUs.OrderBy(k => k.Value).ThenBy(k => k.Key.Item1))
        {
            if (nowUs - at > boundUs(replica, inc)) yield return (replica, inc, at);
        }
    }

    /// <summary>A machine crash or a stopped replica: the LFD itself is gone, no detection is owed.</summary>
    public void Forget(NodeId replica, long incarnation) => _crashedAtUs.Remove((replica, incarnation));
}
