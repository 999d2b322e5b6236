using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// Global Fault Detector: heartbeats every LFD that registered, keeps membership[] as the union of
/// the live LFDs' reports, treats a silent LFD as a lost machine, and tells the RM on every change
/// (and again every heartbeat period, so a lost message is repaired).
/// </summary>
internal sealed class Gfd : Role
{
    private sealed class LfdState
    {
        public bool Alive;
        public long LastReportUs;
        /// <summary>After a heartbeat change: not declared failed before this (see <see cref="DeadlineUs"/>).</summary>
        public long GraceUntilUs;
        public ReplicaInc[] Members = [];
        /// <summary>The count the next heartbeat to this LFD carries (from 1, never repeated).</summary>
        public long NextCount = 1;
    }

    private readonly NodeMap<LfdState> _lfds = new();
    private int _freqMs;
    private int _timeoutMs;
    private long _nextHeartbeatUs;
    private long _version;
    private ReplicaInc[] _members = [];

    public Gfd(ClusterOptions options) : base(NodeId.Gfd)
    {
        _freqMs = options.GfdHeartbeatMs;
        _timeoutMs = options.GfdTimeoutMs;
    }

    /// <summary>membership[]: live replicas in id order. member_count is its length.</summary>
    public IReadOnlyList<ReplicaInc> Members => _members;

    public int HeartbeatFreqMs => _freqMs;

    public override void Start(long nowUs)
    {
        Out.Emit(new GfdMembers([]));
        SendMembership();
        _nextHeartbeatUs = nowUs + Ms(_freqMs);
        UpdateWakeup();
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        switch (message)
        {
            case LfdStatus s when from.Kind == NodeKind.Lfd:
                if (!_lfds.TryGetValue(from, out var l))
                {
                    l = new LfdState();
                    _lfds[from] = l;
                }
                if (!l.Alive)
                {
                    l.Alive = true;
                    Out.Emit(new LfdChanged(from, true, _timeoutMs));
                }
                l.LastReportUs = nowUs;
                l.Members = s.Members;
                Recompute();
                break;
            case SetHeartbeat sh when sh.FreqMs > 0 && sh.TimeoutMs > 0:
                // A shorter timeout must not fail an LFD whose report was due under the old period
                // (found by the simulator, seed 38 passive): each gets the new timeout from now,
                // never later than its old deadline.
                foreach (var (_, s) in _lfds)
                {
                    if (s.Alive) s.GraceUntilUs = Math.Min(DeadlineUs(s), nowUs + Ms(sh.TimeoutMs));
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

    /// <summary>When an alive LFD that stays silent is declared failed.</summary>
    private long DeadlineUs(LfdState l) => Math.Max(l.LastReportUs + Ms(_timeoutMs), l.GraceUntilUs);

    public override void Tick(long nowUs)
    {
        var changed = false;
        foreach (var (id, l) in _lfds)
        {
            if (l.Alive && nowUs >= DeadlineUs(l))
            {
                l.Alive = false;
                l.Members = [];
                Out.Emit(new LfdChanged(id, false, _timeoutMs));
                changed = true;
            }
        }
        if (changed) Recompute();
        if (nowUs >= _nextHeartbeatUs)
        {
            foreach (var (id, l) in _lfds) Out.Send(id, new GfdHeartbeat(l.NextCount++));
            SendMembership();
            _nextHeartbeatUs = nowUs + Ms(_freqMs);
        }
        UpdateWakeup();
    }

    private void Recompute()
    {
        var all = new List<ReplicaInc>();
        foreach (var (_, l) in _lfds)
        {
            if (l.Alive) all.AddRange(l.Members);
        }
        all.Sort();
        if (all.SequenceEqual(_members)) return;
        _members = all.ToArray();
        _version++;
        Out.Emit(new GfdMembers(_members.Select(m => m.Replica).ToArray()));
        SendMembership();
    }

    private void SendMembership()
    {
        var lfds = new List<NodeId>();
        foreach (var (id, l) in _lfds)
        {
            if (l.Alive) lfds.Add(id);
        }
        Out.Send(NodeId.Rm, new Membership(_version, _members, lfds.ToArray()));
    }

    private void UpdateWakeup()
    {
        var next = _nextHeartbeatUs;
        foreach (var (_, l) in _lfds)
        {
            if (l.Alive) next = Math.Min(next, DeadlineUs(l));
        }
        NextWakeupUs = next;
    }
}
