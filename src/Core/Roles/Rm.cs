using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// Replication Manager: owns the view (number, members in join order, who is ready, the leader),
/// follows the GFD's membership, relaunches dead replicas through their machine's LFD when
/// automatic recovery is on, evicts members the leader reports as silent, and applies the admin's
/// run-time changes. Never removes the last ready member: it holds the only copy of the state.
/// </summary>
internal sealed class Rm : Role
{
    private readonly ClusterOptions _options;
    private readonly SlowDetector _slow = new();
    private readonly List<ViewMember> _members = [];
    private ReplicaInc[] _live = [];
    private readonly HashSet<NodeId> _liveLfds = [];
    private View _view = View.Empty;
    private NodeId _preferred;
    private int _desired;
    private bool _auto;
    private int _checkpointFreqMs;
    private bool _everReady;
    private bool _heardFromGfd;
    private readonly long[] _evictedUntilUs;
    private readonly long[] _evictions;
    private readonly long[] _evictedIncarnation;
    /// <summary>Replicas (by index) the GFD has ever reported running.</summary>
    private readonly bool[] _seen;
    /// <summary>Per replica index, the highest incarnation the GFD has reported.</summary>
    private readonly long[] _maxIncarnationSeen;
    /// <summary>Per replica index, incarnations up to this one started before the last start-fresh.</summary>
    private readonly long[] _staleUpTo;
    /// <summary>Per replica index, how many incarnations in a row left the view before they were ready.</summary>
    private readonly int[] _failedStarts;
    /// <summary>Per replica index, no automatic relaunch before this time (a crash loop's back-off).</summary>
    private readonly long[] _relaunchNotBeforeUs;
    private long _nextRelaunchUs = long.MaxValue;
    private long _nextRepeatUs;
    private NodeId[] _announcedMembers = [];
    private long _shrinkSinceUs = long.MinValue / 4;
    private int _maxLfdTimeoutMs;
    private int _maxGfdTimeoutMs;
    private int _maxGfdFreqMs;
    private bool _announcedOnce;
    private bool _saidStateLost;
    private string _holders = "";

    public Rm(ClusterOptions options) : base(NodeId.Rm)
    {
        _options = options;
        _desired = options.Replicas;
        _auto = options.AutoRecovery;
        _checkpointFreqMs = options.CheckpointFreqMs;
        _maxLfdTimeoutMs = options.LfdTimeoutMs;
        _maxGfdTimeoutMs = options.GfdTimeoutMs;
        _maxGfdFreqMs = options.GfdHeartbeatMs;
        _preferred = options.FirstPrimary ?? default;
        _evictedUntilUs = new long[options.MaxReplicas + 1];
        _evictions = new long[options.MaxReplicas + 1];
        _evictedIncarnation = new long[options.MaxReplicas + 1];
        Array.Fill(_evictedIncarnation, -1);
        _seen = new bool[options.MaxReplicas + 1];
        _maxIncarnationSeen = new long[options.MaxReplicas + 1];
        _staleUpTo = new long[options.MaxReplicas + 1];
        Array.Fill(_staleUpTo, -1);
        _failedStarts = new int[options.MaxReplicas + 1];
        _relaunchNotBeforeUs = new long[options.MaxReplicas + 1];
    }

    /// <summary>Starts in a row that died before they were ready, after which automatic relaunches back off.</summary>
    public const int CrashLoopStarts = 3;

    /// <summary>The longest wait between automatic relaunches of a replica that keeps dying before it is ready.</summary>
    public const long CrashLoopMaxBackoffMs = 30_000;

    public View CurrentView => _view;

    public IReadOnlyList<ReplicaInc> LiveMembers => _live;

    public int DesiredReplicas => _desired;

    public bool AutoRecovery => _auto;

    /// <summary>The process the fail-slow detector currently names, or null.</summary>
    public NodeId? SlowSuspect => _slow.Suspect;

    /// <summary>
    /// A process's window of round trips (the fail-slow detector's input). The detector only
    /// observes: the view and every timer stay as they were; a change of diagnosis is an event.
    /// </summary>
    public void OnLinkReport(long nowUs, IReadOnlyList<LinkStat> window)
    {
        _slow.Observe(nowUs, window);
        if (_slow.Evaluate(nowUs) is { } e) Out.Emit(e);
    }

    public override void Start(long nowUs)
    {
        Out.Emit(new RmMembers([]));
        _announcedOnce = true;
        _nextRepeatUs = nowUs + Ms(_options.ViewRepeatMs);
        _nextRelaunchUs = nowUs + Ms(_options.RelaunchRetryMs);
        UpdateWakeup();
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        switch (message)
        {
            case Membership m when from == NodeId.Gfd:
                OnMembership(nowUs, m);
                break;
            case ReadyNotice r when from.IsReplica:
                OnReady(nowUs, from, r);
                break;
            case Suspect s when from.IsReplica:
                OnSuspect(nowUs, from, s);
                break;
            case AdminCommand a:
                OnAdmin(nowUs, from, a);
                break;
            case LinkReport l when !from.IsClient:
                Out.Emit(new LinkWindowReceived(from, l.Links));
                OnLinkReport(nowUs, l.Links);
                break;
            case ViewQuery when from.IsClient && _view.Number > 0:
                Out.Send(from, new ViewChange(_view));
                break;
            default:
                break;
        }
        UpdateWakeup();
    }

    public override void Tick(long nowUs)
    {
        if (nowUs >= _nextRepeatUs)
        {
            Broadcast();
            _nextRepeatUs = nowUs + Ms(_options.ViewRepeatMs);
        }
        if (nowUs >= _nextRelaunchUs)
        {
            Reconcile(nowUs);
            RelaunchMissing(nowUs);
            _nextRelaunchUs = nowUs + Ms(_options.RelaunchRetryMs);
        }
        UpdateWakeup();
    }

    private void OnMembership(long nowUs, Membership m)
    {
        _heardFromGfd = true;
        _live = m.Members;
        foreach (var r in _live)
        {
            if (r.Replica.Index >= _seen.Length) continue;
            _seen[r.Replica.Index] = true;
            _maxIncarnationSeen[r.Replica.Index] = Math.Max(_maxIncarnationSeen[r.Replica.Index], r.Incarnation);
        }
        _liveLfds.Clear();
        foreach (var l in m.Lfds) _liveLfds.Add(l);
        var ids = _live.Select(r => r.Replica).ToArray();
        if (!_announcedOnce || !ids.AsSpan().SequenceEqual(_announcedMembers))
        {
            _announcedMembers = ids;
            _announcedOnce = true;
            Out.Emit(new RmMembers(ids));
        }
        Reconcile(nowUs);
    }

    private bool IsLive(NodeId replica, long incarnation)
    {
        foreach (var r in _live)
        {
            if (r.Replica == replica && r.Incarnation == incarnation) return true;
        }
        return false;
    }

    private int ReadyCount()
    {
        var n = 0;
        foreach (var m in _members) if (m.Ready) n++;
        return n;
    }

    /// <summary>Brings the view in line with the live membership and the desired count.</summary>
    private void Reconcile(long nowUs)
    {
        var changed = false;
        // Remove members that are no longer alive (or were replaced by a newer incarnation).
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            var m = _members[i];
            if (IsLive(m.Replica, m.Incarnation)) continue;
            if (m.Ready && ReadyCount() == 1 && !NewerIncarnationLive(m)) continue; // the only copy of the state
            _members.RemoveAt(i);
            Out.Emit(new MemberRemoved(m.Replica, m.Incarnation, "no longer in the GFD's membership"));
            if (!m.Ready) NoteFailedStart(nowUs, m.Replica);
            changed = true;
        }
        // Shrink: members beyond the desired count leave, as long as a ready one stays. A ready one
        // leaves only after a detection window has passed since the command: a survivor that had
        // already died (its crash not yet reported) would otherwise take the last copy of the state.
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            var m = _members[i];
            if (m.Replica.Index <= _desired) continue;
            if (m.Ready && ReadyCount() == 1) continue;
            if (m.Ready && nowUs < _shrinkSinceUs + Ms(DetectionWindowMs)) continue;
            _members.RemoveAt(i);
            Out.Emit(new MemberRemoved(m.Replica, m.Incarnation, $"replica count is {_desired}"));
            Out.Send(_options.MachineOf(m.Replica), new Stop(m.Replica));
            changed = true;
        }
        // Add live replicas that are not members yet, not ready; the very first one starts ready.
        foreach (var r in _live)
        {
            if (r.Replica.Index > _desired || r.Replica.Index >= _evictedUntilUs.Length) continue;
            if (IndexOf(r.Replica) >= 0 || IsStale(r)) continue;
            if (_evictedIncarnation[r.Replica.Index] == r.Incarnation && nowUs < _evictedUntilUs[r.Replica.Index]) continue;
            var bootstrap = !_everReady;
            _members.Add(new ViewMember(r.Replica, r.Incarnation, bootstrap));
            if (bootstrap) _everReady = true;
            changed = true;
        }
        changed |= ChooseLeader();
        if (changed) NewView();
        NoteStateLost();
    }

    /// <summary>
    /// True when no live member is ready although one was: the ready members, the only holders of
    /// the state, are all gone from the GFD's membership (or were replaced by new, empty starts), so
    /// no replica can become ready again until one of them is back.
    /// </summary>
    private bool StateLost()
    {
        if (!_everReady || !_heardFromGfd) return false;
        foreach (var m in _members)
        {
            if (m.Ready && IsLive(m.Replica, m.Incarnation)) return false;
        }
        return true;
    }

    /// <summary>Says once, when it happens, that the state is gone and what the operator can do.</summary>
    private void NoteStateLost()
    {
        var lost = StateLost();
        if (!lost)
        {
            var ready = _members.Where(m => m.Ready).Select(m => m.Replica.ToString()).ToArray();
            if (ready.Length > 0) _holders = string.Join(", ", ready);
        }
        else if (!_saidStateLost)
        {
            Out.Emit(new StateLostNotice(_holders));
        }
        _saidStateLost = lost;
    }

    /// <summary>
    /// The operator's way out when the state is gone: forget it, and let the next replica started
    /// after this command begin from the initial state (the others recover from it). Every
    /// incarnation the RM has seen before is stopped and never admitted again, whether it runs now
    /// or comes back later (one that was only cut off, or one that synced but was not yet counted
    /// ready, may hold the old state: mixed with the new one, the replicas would diverge).
    /// </summary>
    private string StartFresh(long nowUs)
    {
        foreach (var m in _members)
        {
            if (m.Ready && IsLive(m.Replica, m.Incarnation)) return $"refused: {m.Replica} is ready and holds the state";
        }
        if (!_everReady) return "refused: no replica has been ready yet; the first one to start begins with the initial state";
        Array.Copy(_maxIncarnationSeen, _staleUpTo, _staleUpTo.Length);
        foreach (var m in _members) _staleUpTo[m.Replica.Index] = Math.Max(_staleUpTo[m.Replica.Index], m.Incarnation);
        _members.Clear();
        _everReady = false;
        Array.Fill(_evictedUntilUs, 0);
        ForgetCrashLoops(0);
        var stopping = _live.Where(IsStale).Select(r => r.Replica.ToString()).ToArray();
        StopStale();
        Reconcile(nowUs);
        if (_members.Count == 0 && _view.Members.Length > 0) NewView(); // nobody fresh yet: an empty view
        var next = _auto ? "the RM relaunches them" : "launch them again (ftcore admin launch Sn)";
        return stopping.Length == 0
            ? "starting fresh: the next replica to start begins from the initial state"
            : $"starting fresh: stopping {string.Join(", ", stopping)} (started before, they may hold the old state); {next}, and the first to start begins from the initial state";
    }

    /// <summary>True for an incarnation started before the last start-fresh: never a member again.</summary>
    private bool IsStale(ReplicaInc r) => r.Replica.Index < _staleUpTo.Length && r.Incarnation <= _staleUpTo[r.Replica.Index];

    /// <summary>Asks the LFDs to stop every running stale incarnation (repeated until they are gone).</summary>
    private void StopStale()
    {
        foreach (var r in _live)
        {
            if (IsStale(r)) Out.Send(_options.MachineOf(r.Replica), new Stop(r.Replica));
        }
    }

    private bool NewerIncarnationLive(ViewMember m)
    {
        foreach (var r in _live)
        {
            if (r.Replica == m.Replica && r.Incarnation > m.Incarnation) return true;
        }
        return false;
    }

    private int IndexOf(NodeId replica)
    {
        for (var i = 0; i < _members.Count; i++)
        {
            if (_members[i].Replica == replica) return i;
        }
        return -1;
    }

    /// <summary>Whether the leader the view should have differs from the current one.</summary>
    private bool ChooseLeader() => PickLeader() != _view.Leader;

    /// <summary>The designated replica (until it first leads) if ready, else the current leader if still a ready member, else the first ready member.</summary>
    private NodeId PickLeader()
    {
        var pi = _preferred.IsReplica ? IndexOf(_preferred) : -1;
        if (pi >= 0 && _members[pi].Ready) return _preferred;
        var ci = _view.HasLeader ? IndexOf(_view.Leader) : -1;
        if (ci >= 0 && _members[ci].Ready && _members[ci].Incarnation == _view.IncarnationOf(_view.Leader)) return _view.Leader;
        foreach (var m in _members)
        {
            if (m.Ready) return m.Replica;
        }
        return default;
    }

    private void NewView()
    {
        _view = new View(_view.Number + 1, _members.ToArray(), PickLeader(), _checkpointFreqMs);
        // A designated primary is a one-time choice: once it leads, a later failover is final, and
        // the ex-primary comes back as a backup (the guide's milestone 5), not as the leader again.
        if (_view.Leader == _preferred) _preferred = default;
        Out.Emit(new RmViewChanged(_view, _options.Mode));
        Broadcast();
    }

    private void Broadcast()
    {
        if (_view.Number == 0) return;
        var msg = new ViewChange(_view);
        for (var i = 1; i <= _options.MaxReplicas; i++)
        {
            // Only to replicas that have been seen running: one that is not up yet (or not part of
            // this milestone, which runs S1 alone) gets its view once its LFD reports it, so nobody
            // dials a replica that was never there. One seen before keeps getting views: should it
            // be cut off rather than dead, the next view tells it it is out.
            if (!_seen[i]) continue;
            var replica = NodeId.Replica(i);
            Out.Send(replica, msg);
        }
        for (var i = 1; i <= _options.Clients; i++) Out.Send(NodeId.Client(i), msg);
    }

    private void OnReady(long nowUs, NodeId from, ReadyNotice r)
    {
        // Only a sync in the current view proves the replica holds everything committed so far.
        if (r.View != _view.Number) return;
        var i = IndexOf(from);
        if (i < 0 || _members[i].Incarnation != r.Incarnation || _members[i].Ready) return;
        _members[i] = _members[i] with { Ready = true };
        _everReady = true;
        _failedStarts[from.Index] = 0;
        _relaunchNotBeforeUs[from.Index] = 0;
        ChooseLeader();
        NewView();
        _ = nowUs;
    }

    private void OnSuspect(long nowUs, NodeId from, Suspect s)
    {
        if (s.View != _view.Number || _view.Leader != from) return;
        var i = IndexOf(s.Replica);
        if (i < 0 || _members[i].Incarnation != s.Incarnation) return;
        if (_members[i].Ready && ReadyCount() == 1) return;
        var idx = s.Replica.Index;
        _evictions[idx]++;
        var backoffMs = Math.Min(8000L, 500L << (int)Math.Min(_evictions[idx] - 1, 4));
        _evictedUntilUs[idx] = nowUs + Ms(backoffMs);
        _evictedIncarnation[idx] = s.Incarnation;
        _members.RemoveAt(i);
        Out.Emit(new MemberRemoved(s.Replica, s.Incarnation, $"suspected by {from}; may rejoin in {backoffMs} ms"));
        ChooseLeader();
        NewView();
    }

    /// <summary>
    /// A member left before it was ready: killed while it recovered, or dying on its own each time it
    /// starts (an application whose Restore throws). Counted only under automatic recovery. From the
    /// <see cref="CrashLoopStarts"/>th such start in a row, automatic relaunches of it wait, twice as
    /// long each time up to <see cref="CrashLoopMaxBackoffMs"/>, instead of every
    /// RelaunchRetryMs: a replica that cannot start does not fill every console. A start that
    /// becomes ready ends it.
    /// </summary>
    private void NoteFailedStart(long nowUs, NodeId replica)
    {
        var idx = replica.Index;
        if (idx >= _failedStarts.Length || !_auto) return;
        var n = ++_failedStarts[idx];
        if (n < CrashLoopStarts) return;
        var backoffMs = Math.Min(CrashLoopMaxBackoffMs, (long)_options.RelaunchRetryMs << Math.Min(n - CrashLoopStarts + 1, 8));
        _relaunchNotBeforeUs[idx] = nowUs + Ms(backoffMs);
        Out.Emit(new RelaunchBackedOff(replica, n, backoffMs));
    }

    /// <summary>Forgets the crash loops of the replicas above index <paramref name="above"/>.</summary>
    private void ForgetCrashLoops(int above)
    {
        for (var i = above + 1; i < _failedStarts.Length; i++)
        {
            _failedStarts[i] = 0;
            _relaunchNotBeforeUs[i] = 0;
        }
    }

    private void RelaunchMissing(long nowUs)
    {
        if (!_heardFromGfd) return;
        foreach (var r in _live)
        {
            // Started by hand beyond the replica count: it does not belong; its LFD stops it.
            if (r.Replica.Index > _desired && IndexOf(r.Replica) < 0) Out.Send(_options.MachineOf(r.Replica), new Stop(r.Replica));
        }
        StopStale();
        if (!_auto) return;
        for (var i = 1; i <= _desired; i++)
        {
            var replica = NodeId.Replica(i);
            if (_live.Any(r => r.Replica == replica && !IsStale(r))) continue;
            var lfd = _options.MachineOf(replica);
            if (!_liveLfds.Contains(lfd)) continue;
            if (nowUs < _relaunchNotBeforeUs[i]) continue; // a crash loop: see NoteFailedStart
            Out.Emit(new RelaunchRequested(replica, lfd));
            Out.Send(lfd, new Launch(replica));
        }
    }

    private void OnAdmin(long nowUs, NodeId from, AdminCommand a)
    {
        string outcome;
        switch (a.Op)
        {
            case AdminOp.ShowView or AdminOp.WatchView:
                outcome = ConsoleRenderer.DescribeView(_view, _options.Mode) + $"; replicas {_desired}, recovery {(_auto ? "auto" : "manual")}, checkpoint_freq {_checkpointFreqMs} ms";
                if (StateLost()) outcome += "; STATE LOST: no ready replica is left; " + StateLostNotice.Advice;
                break;
            case AdminOp.StartFresh:
                outcome = StartFresh(nowUs);
                break;
            case AdminOp.SetReplicaCount when a.Value >= 1 && a.Value <= _options.MaxReplicas:
                if (a.Value < _desired) _shrinkSinceUs = nowUs;
                _desired = (int)a.Value;
                ForgetCrashLoops(_desired); // a replica taken out and added back later starts without a wait
                outcome = $"replica count {_desired}";
                if (_members.Any(m => m.Ready && m.Replica.Index > _desired)) outcome += $" (ready replicas beyond it leave after {DetectionWindowMs} ms, once every crash would have been seen)";
                Reconcile(nowUs);
                RelaunchMissing(nowUs);
                break;
            case AdminOp.SetReplicaCount:
                outcome = $"refused: replica count must be 1..{_options.MaxReplicas}";
                break;
            case AdminOp.SetLfdHeartbeat when a.Value > 0 && a.Target.Kind == NodeKind.Lfd && a.Target.Index <= _options.Machines:
                var timeoutMs = (int)(a.Value * _options.TimeoutRatioPercent / 100);
                _maxLfdTimeoutMs = Math.Max(_maxLfdTimeoutMs, timeoutMs);
                Out.Send(a.Target, new SetHeartbeat((int)a.Value, timeoutMs));
                outcome = $"{a.Target} heartbeat_freq {a.Value} ms";
                break;
            case AdminOp.SetGfdHeartbeat when a.Value > 0:
                _maxGfdFreqMs = Math.Max(_maxGfdFreqMs, (int)a.Value);
                _maxGfdTimeoutMs = Math.Max(_maxGfdTimeoutMs, (int)(a.Value * 3));
                Out.Send(NodeId.Gfd, new SetHeartbeat((int)a.Value, (int)(a.Value * 3)));
                outcome = $"GFD heartbeat_freq {a.Value} ms";
                break;
            case AdminOp.SetCheckpointFreq when a.Value > 0:
                _checkpointFreqMs = (int)a.Value;
                outcome = $"checkpoint_freq {a.Value} ms";
                NewView();
                break;
            case AdminOp.SetPrimary when a.Target.IsReplica && a.Target.Index <= _options.MaxReplicas:
                _preferred = a.Target;
                var was = _view.Leader;
                if (ChooseLeader()) NewView();
                outcome = _view.Leader == a.Target ? $"{a.Target} leads" : $"{a.Target} will lead once it is a ready member (leader stays {(was.IsReplica ? was.ToString() : "none")})";
                break;
            case AdminOp.SetAutoRecovery:
                _auto = a.Value != 0;
                ForgetCrashLoops(0); // the operator took over or handed back: count afresh
                outcome = _auto ? "automatic recovery" : "manual recovery";
                break;
            case AdminOp.LaunchReplica when a.Target.IsReplica && a.Target.Index <= _options.MaxReplicas:
                {
                    var lfd = _options.MachineOf(a.Target);
                    if (_live.Any(r => r.Replica == a.Target && !IsStale(r))) outcome = $"refused: {a.Target} is running";
                    else if (!_liveLfds.Contains(lfd)) outcome = $"refused: {lfd}, the machine of {a.Target}, is down";
                    else
                    {
                        Out.Emit(new RelaunchRequested(a.Target, lfd));
                        Out.Send(lfd, new Launch(a.Target));
                        outcome = $"launching {a.Target} via {lfd}";
                    }
                    break;
                }
            default:
                outcome = "refused: " + WhyRefused(a);
                break;
        }
        if (a.Op != AdminOp.WatchView) Out.Emit(new AdminApplied(a.ToString(), outcome));
        if (from.Kind == NodeKind.Admin) Out.Send(from, new AdminReply(outcome));
    }

    /// <summary>Why a command that matched no case above is refused, in words an operator can act on.</summary>
    private string WhyRefused(AdminCommand a) => a.Op switch
    {
        AdminOp.SetLfdHeartbeat when a.Target.Kind != NodeKind.Lfd || a.Target.Index < 1 || a.Target.Index > _options.Machines
            => $"no {a.Target} in this cluster (LFDs: {Range("LFD", _options.Machines)})",
        AdminOp.SetPrimary or AdminOp.LaunchReplica when !a.Target.IsReplica || a.Target.Index < 1 || a.Target.Index > _options.MaxReplicas
            => $"no {a.Target} in this cluster (replicas: {Range("S", _options.MaxReplicas)})",
        AdminOp.SetLfdHeartbeat or AdminOp.SetGfdHeartbeat => $"the heartbeat frequency must be above 0 ms, not {a.Value} ms",
        AdminOp.SetCheckpointFreq => $"the checkpoint frequency must be above 0 ms, not {a.Value} ms",
        _ => $"'{a}' is not a command this RM knows",
    };

    private static string Range(string prefix, int count) => count == 1 ? $"{prefix}1" : $"{prefix}1..{prefix}{count}";

    /// <summary>Long enough for any crash at the time of a decision to reach the RM: LFD or GFD timeout plus a report.</summary>
    private int DetectionWindowMs => Math.Max(_maxLfdTimeoutMs, _maxGfdTimeoutMs) + 2 * _maxGfdFreqMs;

    private void UpdateWakeup() => NextWakeupUs = Math.Min(_nextRepeatUs, _nextRelaunchUs);
}
