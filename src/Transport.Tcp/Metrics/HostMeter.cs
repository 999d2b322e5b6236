using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tcp.Metrics;

/// <summary>
/// Feeds <see cref="FtCoreMetrics"/>' instruments from what one <see cref="RoleHost"/> sees, on its
/// loop thread: the role's events (<see cref="OnEvent"/>), the messages it receives
/// (<see cref="OnReceive"/>) and the round trips its <see cref="LinkTimer"/> matches. How each is measured:
/// <list type="bullet">
/// <item>request duration: a client's invoke to its accepted reply (OnCall), on the host's clock;</item>
/// <item>failover stall: the same duration, for a request during which a ViewChange with a newer
/// view arrived or which was retransmitted (RequestRetransmitted);</item>
/// <item>commit duration: a ClientRequest reaching a replica to that replica's execution of it
/// (the passive primary, or every active replica: where the request arrives);</item>
/// <item>view changes: each RmViewChanged; leader changes: each BecameLeader; executed: each entry
/// applied (OnExecuted); heartbeats missed: each HeartbeatFailed or
/// ReplicaExited of an LFD (its "heartbeat to Sy failed" lines);</item>
/// <item>round trip: each reply the host's LinkTimer matches to its request, tagged from (this
/// process) and peer. A client has no LinkTimer (a bench runs 64 of them on one thread): its
/// round trip to each replica is its request's last send to that replica's first reply, timed
/// here from the client's own events and the replies it receives.</item>
/// </list>
/// Nothing allocates per message once a peer has been seen; with nobody listening an instrument's
/// record is a flag test.
/// </summary>
internal sealed class HostMeter
{
    private readonly string _self;
    private readonly NodeMap<string> _peerNames = new();
    /// <summary>Per client, the request a replica received last and when.</summary>
    private readonly NodeMap<(long RequestNum, long Us)> _arrived = new();
    private long _invokedNum = -1;
    private long _invokedUs;
    private long _viewAtInvoke;
    private long _view;
    private bool _disturbed;
    /// <summary>A client's request being timed per replica: its number, when it was last sent, the replicas already answered.</summary>
    private long _timedNum = -1;
    private long _timedSentUs;
    private readonly List<NodeId> _timedAnswered = new(4);

    public HostMeter(NodeId self) => _self = self.ToString();

    /// <summary>
    /// <paramref name="options"/> with this meter watching its events and received messages (the
    /// host's own observer, if any, still sees every event, first).
    /// </summary>
    public HostOptions Watch(HostOptions options)
    {
        var inner = options.OnEvent;
        return options with
        {
            OnEvent = inner is null ? OnEvent : (now, e) => { inner(now, e); OnEvent(now, e); },
            OnCall = options.OnCall is { } c ? (now, e) => { c(now, e); OnCall(now, e); } : OnCall,
            OnExecuted = options.OnExecuted is { } x ? (now, e) => { x(now, e); OnExecuted(now, e); } : OnExecuted,
            OnReceive = options.OnReceive is { } r ? (now, from, m) => { r(now, from, m); OnReceive(now, from, m); } : OnReceive,
        };
    }

    /// <summary>Records the round trips <paramref name="links"/> matches (null: nothing to watch).</summary>
    public void Watch(LinkTimer? links)
    {
        if (links is not null) links.RoundTrip = OnRoundTrip;
    }

    /// <summary>A host and its meter: <paramref name="options"/> watched, the host's links too.</summary>
    public static RoleHost Host(FtCore.Core.Roles.Role role, HostOptions options)
    {
        var meter = new HostMeter(role.Id);
        // A client's round trips are timed by the meter itself (see the class summary).
        var host = new RoleHost(role, meter.Watch(role.Id.Kind == NodeKind.Client ? options with { TimeLinks = false } : options));
        meter.Watch(host.Links);
        return host;
    }

    public void OnReceive(long nowUs, NodeId from, Message m)
    {
        switch (m)
        {
            case ClientRequest r:
                _arrived[r.Client] = (r.RequestNum, nowUs);
                break;
            case ClientReply r when r.RequestNum == _timedNum && !_timedAnswered.Contains(r.Replica):
                _timedAnswered.Add(r.Replica);
                OnRoundTrip(r.Replica, Math.Max(0, nowUs - _timedSentUs));
                break;
            case ViewChange vc when vc.View.Number > _view:
                _view = vc.View.Number;
                if (_invokedNum >= 0 && _view > _viewAtInvoke) _disturbed = true;
                break;
        }
    }

    /// <summary>An entry the replica executed: the executed counter and, for a request that reached this replica, its commit duration.</summary>
    public void OnExecuted(long nowUs, Execution x)
    {
        if (!x.Applied) return;
        FtCoreMetrics.ExecutedCounter.Add(1);
        if (_arrived.TryGetValue(x.Client, out var a) && a.RequestNum == x.RequestNum)
        {
            FtCoreMetrics.CommitDurationHistogram.Record((nowUs - a.Us) / 1e6);
            _arrived[x.Client] = (-1, 0);
        }
    }

    /// <summary>A client's invoke starts its request's clock; the accepted reply records its duration (and the stall, when it was disturbed).</summary>
    public void OnCall(long nowUs, ClientCall x)
    {
        if (!x.Answered)
        {
            _invokedNum = x.RequestNum;
            _invokedUs = nowUs;
            _timedNum = x.RequestNum;
            _timedSentUs = nowUs;
            _timedAnswered.Clear();
            _viewAtInvoke = _view;
            _disturbed = false;
            return;
        }
        if (x.RequestNum != _invokedNum) return;
        var seconds = (nowUs - _invokedUs) / 1e6;
        FtCoreMetrics.RequestDurationHistogram.Record(seconds);
        FtCoreMetrics.RequestsCounter.Add(1);
        if (_disturbed) FtCoreMetrics.FailoverStallHistogram.Record(seconds);
        _invokedNum = -1;
        _disturbed = false;
    }

    public void OnEvent(long nowUs, ConsoleEvent e)
    {
        switch (e)
        {
            case RequestRetransmitted:
                _disturbed = true;
                _timedSentUs = nowUs; // a resend restarts the clock, as a LinkTimer's does
                _timedAnswered.Clear();
                FtCoreMetrics.RetransmitsCounter.Add(1);
                break;
            case BecameLeader:
                FtCoreMetrics.LeaderChangesCounter.Add(1);
                break;
            case RmViewChanged:
                FtCoreMetrics.ViewChangesCounter.Add(1);
                break;
            case HeartbeatFailed or ReplicaExited:
                FtCoreMetrics.HeartbeatsMissedCounter.Add(1);
                break;
        }
    }

    private void OnRoundTrip(NodeId peer, long us)
    {
        if (!FtCoreMetrics.RoundTripHistogram.Enabled) return;
        if (!_peerNames.TryGetValue(peer, out var name))
        {
            name = peer.ToString();
            _peerNames[peer] = name;
        }
        FtCoreMetrics.RoundTripHistogram.Record(us / 1e6, new KeyValuePair<string, object?>("from", _self), new KeyValuePair<string, object?>("peer", name));
    }
}
