using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// Local Fault Detector: heartbeats the replicas of its machine every heartbeat_freq, declares one
/// failed when no reply came for the timeout, or at once when its host saw the process of one it
/// launched exit (<see cref="ReplicaExited"/>), reports its whole local membership to the GFD
/// (state-based, as the reply to every GFD heartbeat and on every change), and launches or stops
/// replica processes on the RM's request (the machine's local factory).
/// </summary>
internal sealed class Lfd : Role
{
    private enum Health : byte { Registered, Alive, Failed }

    private sealed class Local
    {
        public long Incarnation;
        public Health Health;
        public long LastAckUs;
        /// <summary>After a heartbeat change: not declared failed before this (see <see cref="DeadlineUs"/>).</summary>
        public long GraceUntilUs;
        public long RegisteredUs;
        /// <summary>This LFD launched it (it registered after a launch request), as opposed to one that registered on its own.</summary>
        public bool LaunchedHere;
        /// <summary>Its process exited: no late heartbeat reply of this incarnation may bring it back.</summary>
        public bool Exited;
    }

    /// <summary>A replica that failed and stays silent this many timeouts is forgotten until it registers again.</summary>
    private const int ForgetAfterTimeouts = 10;

    private readonly ClusterOptions _options;
    private readonly NodeMap<Local> _local = new();
    private readonly NodeMap<long> _launchedAtUs = new();
    private int _freqMs;
    private int _timeoutMs;
    /// <summary>heartbeat_count per replica: the next heartbeat to it carries this number (from 1, never repeated).</summary>
    private readonly NodeMap<long> _heartbeatCount = new();
    private long _nextHeartbeatUs;
    private long _lastGfdCount;

    public Lfd(NodeId id, ClusterOptions options) : base(id)
    {
        _options = options;
        _freqMs = options.LfdHeartbeatMs;
        _timeoutMs = options.LfdTimeoutMs;
    }

    public int HeartbeatFreqMs => _freqMs;

    public int TimeoutMs => _timeoutMs;

    /// <summary>The replicas this LFD currently reports alive, in id order.</summary>
    public ReplicaInc[] AliveReplicas()
    {
        var list = new List<ReplicaInc>();
        foreach (var (id, l) in _local)
        {
            if (l.Health == Health.Alive) list.Add(new ReplicaInc(id, l.Incarnation));
        }
        return list.ToArray();
    }

    public override void Start(long nowUs)
    {
        _nextHeartbeatUs = nowUs;
        Out.Emit(new HeartbeatFreqChanged(Id, _freqMs, _timeoutMs));
        Report();
        Tick(nowUs);
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        switch (message)
        {
            case Register r when from.IsReplica:
                OnRegister(nowUs, from, r.Incarnation);
                break;
            case HeartbeatAck ack when from.IsReplica:
                OnAck(nowUs, from, ack.Incarnation);
                break;
            case GfdHeartbeat hb:
                // The reply to heartbeat n carries n, once; a duplicate or late copy gets a plain report.
                var fresh = hb.Count != _lastGfdCount;
                if (fresh) _lastGfdCount = hb.Count;
                Report(fresh ? hb.Count : 0);
                break;
            case Launch l:
                OnLaunch(nowUs, l.Replica);
                break;
            case Stop s:
                OnStop(s.Replica);
                break;
            case SetHeartbeat sh when sh.FreqMs > 0 && sh.TimeoutMs > 0:
                // As the GFD: a shorter timeout counts from now for a replica heard from under the
                // old period, never later than its old deadline.
                foreach (var (_, s) in _local)
                {
                    if (s.Health != Health.Failed) s.GraceUntilUs = Math.Min(DeadlineUs(s), nowUs + Ms(sh.TimeoutMs));
                }
                _freqMs = sh.FreqMs;
                _timeoutMs = sh.TimeoutMs;
                _nextHeartbeatUs = Math.Min(_nextHeartbeatUs, nowUs + Ms(_freqMs));
                Out.Emit(new HeartbeatFreqChanged(Id, _freqMs, _timeoutMs));
                break;
            default:
                break;
        }
        UpdateWakeup();
    }

    public override void Tick(long nowUs)
    {
        CheckDeadlines(nowUs);
        if (nowUs >= _nextHeartbeatUs)
        {
            foreach (var (id, _) in _local) SendHeartbeat(id);
            _nextHeartbeatUs = nowUs + Ms(_freqMs);
        }
        UpdateWakeup();
    }

    private void OnRegister(long nowUs, NodeId replica, long incarnation)
    {
        if (_local.TryGetValue(replica, out var l))
        {
            if (l.Incarnation == incarnation) return;
            if (l.Incarnation > incarnation) return; // a late register from a dead start
            if (l.Health == Health.Alive)
            {
                // Killed and relaunched faster than the timeout: the old start is gone all the same.
                Out.Emit(new ReplicaDeleted(Id, replica, l.Incarnation));
                _local.Remove(replica);
                Report();
            }
        }
        var launchedHere = _launchedAtUs.Remove(replica);
        _local[replica] = new Local { Incarnation = incarnation, Health = Health.Registered, LastAckUs = nowUs, RegisteredUs = nowUs, LaunchedHere = launchedHere };
        SendHeartbeat(replica);
    }

    /// <summary>Every heartbeat to a replica carries a count one higher than the previous one to it, whatever triggered it.</summary>
    private void SendHeartbeat(NodeId replica)
    {
        var count = _heartbeatCount.GetValueOrDefault(replica, 1);
        _heartbeatCount[replica] = count + 1;
        Out.Send(replica, new Heartbeat(count));
    }

    private void OnAck(long nowUs, NodeId replica, long incarnation)
    {
        if (_local.TryGetValue(replica, out var known) && known.Incarnation < incarnation)
        {
            OnRegister(nowUs, replica, incarnation); // its register was lost; the reply proves the new start
        }
        if (!_local.TryGetValue(replica, out var l) || l.Incarnation != incarnation || l.Exited) return;
        l.LastAckUs = nowUs;
        if (l.Health != Health.Alive)
        {
            l.Health = Health.Alive;
            Out.Emit(new ReplicaAdded(Id, replica, incarnation));
            Report();
        }
    }

    private void CheckDeadlines(long nowUs)
    {
        List<NodeId>? forget = null;
        foreach (var (id, l) in _local)
        {
            var deadline = DeadlineUs(l);
            if (l.Health == Health.Alive && nowUs >= deadline)
            {
                l.Health = Health.Failed;
                Out.Emit(new HeartbeatFailed(Id, id, l.Incarnation, _timeoutMs));
                Out.Emit(new ReplicaDeleted(Id, id, l.Incarnation));
                Report();
            }
            else if (l.Health == Health.Registered && l.LaunchedHere && nowUs >= deadline)
            {
                // Launched here, registered, but never answered a heartbeat (hung right after its
                // launch): failed, so the RM's next launch request replaces it. It was never added,
                // so no delete. One that registered on its own (with a restarted LFD) may be the
                // last holder of the state: it is left alone, as before, until it is forgotten.
                l.Health = Health.Failed;
                Out.Emit(new HeartbeatFailed(Id, id, l.Incarnation, _timeoutMs));
            }
            else if (l.Health != Health.Alive && nowUs >= l.LastAckUs + Ms((long)_timeoutMs * ForgetAfterTimeouts))
            {
                (forget ??= []).Add(id);
            }
        }
        if (forget is null) return;
        foreach (var id in forget) _local.Remove(id);
    }

    /// <summary>
    /// The process of incarnation <paramref name="incarnation"/> of <paramref name="replica"/>, one
    /// this LFD launched, has exited (its host saw the child end). A heartbeat cannot reach a
    /// process that is gone, so it is failed now rather than after the timeout: the same step as a
    /// timeout, earlier. A hang, a pause or a cut link still needs the timeout. An exit of an older
    /// incarnation, or of one already failed or forgotten, changes nothing.
    /// </summary>
    public void ReplicaExited(long nowUs, NodeId replica, long incarnation)
    {
        if (!_local.TryGetValue(replica, out var l) || l.Incarnation != incarnation) return;
        // A reply it sent just before it died may still be on its way: it must not revive it.
        l.Exited = true;
        if (l.Health != Health.Failed)
        {
            var wasAlive = l.Health == Health.Alive;
            l.Health = Health.Failed;
            Out.Emit(new ReplicaExited(Id, replica, incarnation));
            if (wasAlive)
            {
                Out.Emit(new ReplicaDeleted(Id, replica, incarnation));
                Report();
            }
        }
        UpdateWakeup();
    }

    private void OnLaunch(long nowUs, NodeId replica)
    {
        if (_local.TryGetValue(replica, out var l) && l.Health != Health.Failed) return; // already running
        // The launched process registers within a moment; do not start a second one meanwhile.
        if (_launchedAtUs.TryGetValue(replica, out var at) && nowUs - at < Ms(Math.Max(2L * _timeoutMs, 500))) return;
        _launchedAtUs[replica] = nowUs;
        Out.Emit(new LaunchingReplica(Id, replica));
        Out.Launch(replica);
    }

    private void OnStop(NodeId replica)
    {
        Out.Emit(new StoppingReplica(Id, replica));
        Out.Stop(replica);
        if (_local.Remove(replica, out var l) && l.Health == Health.Alive)
        {
            Out.Emit(new ReplicaDeleted(Id, replica, l.Incarnation));
            Report();
        }
    }

    /// <summary>Sends the whole local membership: as the reply to GFD heartbeat <paramref name="heartbeatCount"/>, or (0) on a change of its own.</summary>
    private void Report(long heartbeatCount = 0) => Out.Send(NodeId.Gfd, new LfdStatus(heartbeatCount, AliveReplicas()));

    /// <summary>When a replica that stays silent is declared failed.</summary>
    private long DeadlineUs(Local l) => Math.Max(l.LastAckUs + Ms(_timeoutMs), l.GraceUntilUs);

    private void UpdateWakeup()
    {
        var next = _nextHeartbeatUs;
        foreach (var (_, l) in _local)
        {
            var due = l.Health != Health.Failed
                ? DeadlineUs(l)
                : l.LastAckUs + Ms((long)_timeoutMs * ForgetAfterTimeouts);
            if (due < next) next = due;
        }
        NextWakeupUs = next;
    }
}
