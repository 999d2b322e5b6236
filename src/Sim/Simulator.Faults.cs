using FtCore.Core.Effects;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

public sealed partial class Simulator
{
    private int _injected, _skipped;
    private long _armAfterReplyUntilUs = -1, _armMidOrderUntilUs = -1, _armTransferUntilUs = -1;

    private int MaxSlowMs => _maxSlowMs ??= (int)_schedule.Faults.Where(f => f.Kind == FaultKind.Slow).Select(f => f.Value).DefaultIfEmpty(0).Max();

    private int? _maxSlowMs;

    /// <summary>A loss, duplication, delay, slowness or partition window is open.</summary>
    private bool NetworkFaultActive()
    {
        if (_now < _lossUntilUs || _now < _dupUntilUs || _now < _spikesUntilUs) return true;
        foreach (var s in _slots) if (_now < s.SlowUntilUs) return true;
        foreach (var c in _cuts) if (c > 0) return true;
        return false;
    }

    /// <summary>Every replica up to the replica count is alive and a ready member of the RM's view.</summary>
    private bool Healthy()
    {
        var view = RmRole.CurrentView;
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (s.Id.Index > RmRole.DesiredReplicas) continue;
            if (s.Role is not Replica r || !r.IsReady || !view.Contains(s.Id, r.Incarnation) || !view.IsReady(s.Id)) return false;
        }
        return true;
    }

    private static bool IsCrash(FaultKind k) => k is FaultKind.Crash or FaultKind.QuickRestart or FaultKind.CrashLeaderAfterReply
        or FaultKind.CrashLeaderMidOrder or FaultKind.CrashDuringTransfer or FaultKind.MachineCrash;

    private static bool IsNetwork(FaultKind k) => k is FaultKind.Partition or FaultKind.Loss or FaultKind.Duplicate or FaultKind.DelaySpikes or FaultKind.Slow;

    private void Fire(FaultEvent f)
    {
        // The fault model: one class of fault at a time. A crash while the network is faulty could
        // combine with a false suspicion of the last other ready replica, which f + 1 replicas
        // cannot survive (docs/protocol.md); network faults wait for a healthy cluster.
        var outside = !_config.Scripted && ((IsCrash(f.Kind) && NetworkFaultActive()) || (IsNetwork(f.Kind) && !Healthy()));
        var ok = !outside && f.Kind switch
        {
            FaultKind.Crash => CrashReplica(ResolveReplica(f.Target)),
            FaultKind.Relaunch => Relaunch(f.Target),
            FaultKind.QuickRestart => QuickRestart(f),
            FaultKind.CrashLeaderAfterReply => Arm(ref _armAfterReplyUntilUs, f),
            FaultKind.CrashLeaderMidOrder => Arm(ref _armMidOrderUntilUs, f),
            FaultKind.CrashDuringTransfer => Arm(ref _armTransferUntilUs, f),
            FaultKind.MachineCrash => CrashMachine(f.Target),
            FaultKind.MachineRestart => RestartMachine(f.Target),
            FaultKind.Partition => Partition(f),
            FaultKind.Loss => Window(ref _lossRate, ref _lossUntilUs, f),
            FaultKind.Duplicate => Window(ref _dupRate, ref _dupUntilUs, f),
            FaultKind.DelaySpikes => Spikes(f),
            FaultKind.Slow => Slow(f),
            FaultKind.Admin => Admin(f),
            _ => false,
        };
        if (ok) _injected++;
        else _skipped++;
        if (_options.Transcript)
        {
            _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] fault {(ok ? "injected" : "skipped (outside the fault model or nothing to do)")}: {f}");
        }
    }

    private Slot? ResolveReplica(string? target)
    {
        if (target == "leader")
        {
            var v = RmRole.CurrentView;
            return v.HasLeader ? _slots[SlotOf(v.Leader)] : null;
        }
        return NodeId.TryParse(target, out var id) && SlotOf(id) is var i and >= 0 && id.IsReplica ? _slots[i] : null;
    }

    /// <summary>The fault model: a crash must leave at least one live, ready member holding the state.</summary>
    private bool SurvivorExcept(Func<Slot, bool> victim)
    {
        var view = RmRole.CurrentView;
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (!s.Alive || victim(s) || s.Id.Index > RmRole.DesiredReplicas) continue; // beyond the count: about to be stopped
            if (s.Role is Replica r && r.IsReady && view.Contains(s.Id, r.Incarnation) && view.IsReady(s.Id)) return true;
        }
        return false;
    }

    private bool CrashReplica(Slot? s)
    {
        if (s is null || !s.Alive) return false;
        if (!_config.Scripted && !SurvivorExcept(x => x == s)) return false;
        Kill(s);
        return true;
    }

    private bool Relaunch(string? target)
    {
        if (target == "all")
        {
            var any = false;
            for (var i = _replicaBase; i < _clientBase; i++)
            {
                var s = _slots[i];
                if (s.Alive || s.Id.Index > RmRole.DesiredReplicas) continue;
                StartProcess(s);
                any |= s.Alive;
            }
            return any;
        }
        var one = ResolveReplica(target);
        if (one is null || one.Alive) return false;
        StartProcess(one);
        return one.Alive;
    }

    private void RelaunchReplica(Slot s) => StartProcess(s);

    private bool QuickRestart(FaultEvent f)
    {
        var s = ResolveReplica(f.Target);
        if (!CrashReplica(s)) return false;
        Push(_now + Math.Max(1, f.Value) * 1000, new Ev(EvKind.Relaunch, Array.IndexOf(_slots, s), 0, default, null, 0));
        return true;
    }

    private bool Arm(ref long until, FaultEvent f)
    {
        until = _now + Math.Max(1000, f.DurationMs > 0 ? f.DurationMs : 3000) * 1000;
        return true;
    }

    private bool CrashMachine(string? target)
    {
        if (!NodeId.TryParse(target, out var lfd) || SlotOf(lfd) is var li && li < 0) return false;
        var l = _slots[li];
        if (!l.Alive) return false;
        bool OnMachine(Slot s) => s.Id.IsReplica && _cluster.MachineOf(s.Id) == lfd;
        if (!_config.Scripted && !SurvivorExcept(OnMachine)) return false;
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (!OnMachine(s)) continue;
            Kill(s);
            _detection.Forget(s.Id, s.Incarnation); // the LFD dies with it: the GFD's timeout is what detects this
        }
        Kill(l);
        return true;
    }

    private bool RestartMachine(string? target)
    {
        if (!NodeId.TryParse(target, out var lfd) || SlotOf(lfd) is var li && li < 0 || _slots[li].Alive) return false;
        StartProcess(_slots[li]);
        return true;
    }

    private bool Partition(FaultEvent f)
    {
        if (!NodeId.TryParse(f.Target, out var a) || !NodeId.TryParse(f.Peer, out var b)) return false;
        int ia = SlotOf(a), ib = SlotOf(b);
        if (ia < 0 || ib < 0 || ia == ib) return false;
        Cut(ia, ib, +1);
        Push(_now + Math.Max(1, f.DurationMs) * 1000, new Ev(EvKind.Uncut, ia, 0, default, null, ib));
        return true;
    }

    private bool Window(ref double rate, ref long until, FaultEvent f)
    {
        rate = Math.Clamp(f.Rate, 0, 1);
        until = _now + Math.Max(1, f.DurationMs) * 1000;
        return true;
    }

    private bool Spikes(FaultEvent f)
    {
        _spikesUntilUs = _now + Math.Max(1, f.DurationMs) * 1000;
        return true;
    }

    private bool Slow(FaultEvent f)
    {
        if (!NodeId.TryParse(f.Target, out var id) || SlotOf(id) is var i && i < 0) return false;
        _slots[i].SlowExtraUs = Math.Max(0, f.Value) * 1000;
        _slots[i].SlowUntilUs = _now + Math.Max(1, f.DurationMs) * 1000;
        return true;
    }

    private bool Admin(FaultEvent f)
    {
        if (f.Admin is not { } op) return false;
        var target = NodeId.TryParse(f.Target, out var t) ? t : default;
        var rm = _slots[0];
        var cmd = new AdminCommand(op, target, f.Value);
        if (_options.Transcript) Line(rm, FtCore.Core.Events.ConsoleRenderer.Received(rm.Id, NodeId.Admin, cmd)!);
        rm.Role!.Receive(_now, NodeId.Admin, cmd);
        AfterStep(rm);
        return true;
    }

    /// <summary>End of the fault phase: heal the network, bring machines and replicas back, require convergence.</summary>
    private void Heal()
    {
        Array.Clear(_cuts);
        _lossUntilUs = _dupUntilUs = _spikesUntilUs = 0;
        _armAfterReplyUntilUs = _armMidOrderUntilUs = _armTransferUntilUs = -1;
        foreach (var s in _slots) s.SlowUntilUs = 0;
        for (var i = _lfdBase; i < _replicaBase; i++) StartProcess(_slots[i]);
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            if (_slots[i].Id.Index <= RmRole.DesiredReplicas) StartProcess(_slots[i]);
        }
        if (_options.Transcript) _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] heal: network healed, machines and replicas relaunched; convergence required");
    }

    /// <summary>Armed faults that fire on a message about to leave: a follower killed during state transfer.</summary>
    private bool TriggerBeforeSend(Slot s, in Effect e)
    {
        if (_armTransferUntilUs > _now && e.Message is Sync { State: not null } && SlotOf(e.Target) is var t && t >= 0 && !NetworkFaultActive())
        {
            var victim = _slots[t];
            if (victim.Alive && SurvivorExcept(x => x == victim))
            {
                _armTransferUntilUs = -1;
                Kill(victim);
                if (_options.Transcript) _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] fault fired: {victim.Id} killed during state transfer");
            }
        }
        return false;
    }

    /// <summary>Armed faults that kill the leader right after a reply, or after an order reached only one follower.</summary>
    private bool TriggerAfterSend(Slot s, in Effect e)
    {
        var armed = (_armAfterReplyUntilUs > _now && e.Message is ClientReply)
            || (_armMidOrderUntilUs > _now && e.Message is Order);
        if (!armed || s.Role is not Replica { IsLeader: true } || NetworkFaultActive() || !SurvivorExcept(x => x == s)) return false;
        if (e.Message is ClientReply) _armAfterReplyUntilUs = -1;
        else _armMidOrderUntilUs = -1;
        if (_options.Transcript) _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] fault fired: leader {s.Id} killed right after sending {e.Message!.Kind}");
        Kill(s);
        return true;
    }
}
