using FtCore.Core.Effects;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

internal sealed partial class Simulator
{
    private int _injected, _skipped;
    private long _armAfterReplyUntilUs = -1, _armMidOrderUntilUs = -1, _armTransferUntilUs = -1;
    private int _armAfterReplyFault = -1, _armMidOrderFault = -1, _armTransferFault = -1;

    /// <summary>What became of each fault, in the order they came due (armed faults are updated when they fire).</summary>
    private readonly List<FaultOutcome> _outcomes = [];

    private int MaxSlowMs => _maxSlowMs ??= (int)_schedule.Faults.Where(f => f.Kind == FaultKind.Slow).Select(f => f.Value).DefaultIfEmpty(0).Max();

    private int? _maxSlowMs;

    /// <summary>A fault's result: injected (with what it hit) or skipped (with why).</summary>
    private readonly record struct Outcome(bool Ok, string Detail)
    {
        public static Outcome Done(string detail = "") => new(true, detail);

        public static Outcome Skip(string reason) => new(false, reason);
    }

    /// <summary>A loss, duplication, delay, slowness or partition window is open.</summary>
    private bool NetworkFaultActive() => OpenNetworkFault() is not null;

    /// <summary>Which network fault window is open, or null when none is.</summary>
    private string? OpenNetworkFault()
    {
        if (_now < _lossUntilUs) return "a loss window is open";
        if (_now < _dupUntilUs) return "a duplication window is open";
        if (_now < _spikesUntilUs) return "a delay-spike window is open";
        foreach (var s in _slots) if (_now < s.SlowUntilUs) return $"{s.Id} is slow";
        var n = _slots.Length;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                if (_cuts[a * n + b] > 0) return $"the partition {_slots[a].Id}-{_slots[b].Id} is in force";
            }
        }
        return null;
    }

    /// <summary>Null when every replica up to the replica count is alive and a ready member of the RM's view; else the first that is not.</summary>
    private string? Unhealthy()
    {
        var view = RmRole.CurrentView;
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (s.Id.Index > RmRole.DesiredReplicas) continue;
            if (s.Role is not Replica r) return $"{s.Id} is down";
            if (!r.IsReady) return $"{s.Id} is not ready";
            if (!view.Contains(s.Id, r.Incarnation)) return $"{s.Id} is not in RM view {view.Number}";
            if (!view.IsReady(s.Id)) return $"{s.Id} is not ready in RM view {view.Number}";
        }
        return null;
    }

    private static bool IsCrash(FaultKind k) => k is FaultKind.Crash or FaultKind.QuickRestart or FaultKind.CrashLeaderAfterReply
        or FaultKind.CrashLeaderMidOrder or FaultKind.CrashDuringTransfer or FaultKind.MachineCrash;

    private static bool IsNetwork(FaultKind k) => k is FaultKind.Partition or FaultKind.Loss or FaultKind.Duplicate or FaultKind.DelaySpikes or FaultKind.Slow;

    private void Fire(FaultEvent f)
    {
        var outcome = OutsideFaultModel(f) is { } outside ? Outcome.Skip(outside) : f.Kind switch
        {
            FaultKind.Crash => CrashReplica(f.Target),
            FaultKind.Relaunch => Relaunch(f.Target),
            FaultKind.QuickRestart => QuickRestart(f),
            FaultKind.CrashLeaderAfterReply => Arm(ref _armAfterReplyUntilUs, ref _armAfterReplyFault, f),
            FaultKind.CrashLeaderMidOrder => Arm(ref _armMidOrderUntilUs, ref _armMidOrderFault, f),
            FaultKind.CrashDuringTransfer => Arm(ref _armTransferUntilUs, ref _armTransferFault, f),
            FaultKind.MachineCrash => CrashMachine(f.Target),
            FaultKind.MachineRestart => RestartMachine(f.Target),
            FaultKind.Partition => Partition(f),
            FaultKind.Loss => Window(ref _lossRate, ref _lossUntilUs, f),
            FaultKind.Duplicate => Window(ref _dupRate, ref _dupUntilUs, f),
            FaultKind.DelaySpikes => Spikes(f),
            FaultKind.Slow => Slow(f),
            FaultKind.Admin => Admin(f),
            _ => Outcome.Skip($"unknown fault kind {f.Kind}"),
        };
        if (outcome.Ok) _injected++;
        else _skipped++;
        _outcomes.Add(new FaultOutcome(f, outcome.Ok, outcome.Detail));
        if (_options.Transcript)
        {
            _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] fault {(outcome.Ok ? "injected" : $"skipped ({outcome.Detail})")}: {f}");
        }
    }

    /// <summary>
    /// The fault model: one class of fault at a time. A crash while the network is faulty could
    /// combine with a false suspicion of the last other ready replica, which f + 1 replicas
    /// cannot survive (docs/protocol.md); network faults wait for a healthy cluster.
    /// </summary>
    private string? OutsideFaultModel(FaultEvent f)
    {
        if (_config.Scripted) return null;
        if (IsCrash(f.Kind) && OpenNetworkFault() is { } open) return open + " (crashes wait for a quiet network)";
        if (IsNetwork(f.Kind) && Unhealthy() is { } sick) return sick + " (network faults wait for a healthy cluster)";
        return null;
    }

    /// <summary>Records that an armed fault fired: its outcome names the process it killed.</summary>
    private void Fired(ref int fault, string what)
    {
        if (fault >= 0) _outcomes[fault] = _outcomes[fault] with { Detail = $"fired at {FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}: {what}" };
        fault = -1;
    }

    /// <summary>The replica a target names ("leader" is resolved now), or why there is none.</summary>
    private (Slot? Slot, string? Why) ResolveReplica(string? target)
    {
        if (target == "leader")
        {
            var v = RmRole.CurrentView;
            return v.HasLeader ? (_slots[SlotOf(v.Leader)], null) : (null, $"RM view {v.Number} has no leader");
        }
        return NodeId.TryParse(target, out var id) && id.IsReplica && SlotOf(id) is var i and >= 0
            ? (_slots[i], null)
            : (null, $"no replica '{target}' in this cluster");
    }

    /// <summary>The fault model: a crash must leave at least one live, ready member holding the state.</summary>
    /// <summary>True when a live ready replica would remain without <paramref name="victim"/> (and the slots <paramref name="victims"/> picks).</summary>
    private bool SurvivorExcept(Slot? victim, Func<Slot, bool>? victims = null)
    {
        var view = RmRole.CurrentView;
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (!s.Alive || s == victim || victims?.Invoke(s) == true || s.Id.Index > RmRole.DesiredReplicas) continue; // beyond the count: about to be stopped
            if (s.Role is Replica r && r.IsReady && view.Contains(s.Id, r.Incarnation) && view.IsReady(s.Id)) return true;
        }
        return false;
    }

    private const string NoSurvivor = "would leave no live ready replica";

    private Outcome CrashReplica(string? target)
    {
        var (s, why) = ResolveReplica(target);
        return s is null ? Outcome.Skip(why!) : CrashReplica(s, target);
    }

    private Outcome CrashReplica(Slot s, string? target)
    {
        if (!s.Alive) return Outcome.Skip($"{s.Id} already down");
        if (!_config.Scripted && !SurvivorExcept(s)) return Outcome.Skip($"crashing {s.Id} {NoSurvivor}");
        Kill(s);
        return Outcome.Done(target == "leader" ? s.Id.ToString() : "");
    }

    private Outcome Relaunch(string? target)
    {
        if (target == "all")
        {
            var started = new List<string>();
            string? why = null;
            for (var i = _replicaBase; i < _clientBase; i++)
            {
                var s = _slots[i];
                if (s.Alive || s.Id.Index > RmRole.DesiredReplicas) continue;
                StartProcess(s);
                if (s.Alive) started.Add(s.Id.ToString());
                else why ??= MachineDown(s);
            }
            return started.Count > 0 ? Outcome.Done(string.Join(", ", started)) : Outcome.Skip(why ?? "no replica is down");
        }
        var (one, missing) = ResolveReplica(target);
        if (one is null) return Outcome.Skip(missing!);
        if (one.Alive) return Outcome.Skip($"{one.Id} already up");
        StartProcess(one);
        return one.Alive ? Outcome.Done(target == "leader" ? one.Id.ToString() : "") : Outcome.Skip(MachineDown(one));
    }

    private string MachineDown(Slot replica) => $"{replica.Id}'s machine {_cluster.MachineOf(replica.Id)} is down";

    private void RelaunchReplica(Slot s) => StartProcess(s);

    private Outcome QuickRestart(FaultEvent f)
    {
        var (s, why) = ResolveReplica(f.Target);
        if (s is null) return Outcome.Skip(why!);
        var crashed = CrashReplica(s, f.Target);
        if (crashed.Ok) Push(_now + Math.Max(1, f.Value) * 1000, new Ev(EvKind.Relaunch, Array.IndexOf(_slots, s), 0, default, null, 0));
        return crashed;
    }

    private Outcome Arm(ref long until, ref int fault, FaultEvent f)
    {
        until = _now + Math.Max(1000, f.DurationMs > 0 ? f.DurationMs : 3000) * 1000;
        fault = _outcomes.Count; // the index its outcome is about to take
        return Outcome.Done($"armed until {FtCore.Core.Events.ConsoleRenderer.Timestamp(until)}, did not fire");
    }

    private Outcome CrashMachine(string? target)
    {
        if (!NodeId.TryParse(target, out var lfd) || lfd.Kind != NodeKind.Lfd || SlotOf(lfd) is var li && li < 0) return Outcome.Skip($"no machine '{target}' in this cluster");
        var l = _slots[li];
        if (!l.Alive) return Outcome.Skip($"{lfd} already down");
        bool OnMachine(Slot s) => s.Id.IsReplica && _cluster.MachineOf(s.Id) == lfd;
        if (!_config.Scripted && !SurvivorExcept(null, OnMachine)) return Outcome.Skip($"crashing {lfd} {NoSurvivor}");
        var killed = new List<string>();
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (!OnMachine(s)) continue;
            if (s.Alive) killed.Add(s.Id.ToString());
            Kill(s);
            _detection.Forget(s.Id, s.Incarnation); // the LFD dies with it: the GFD's timeout is what detects this
        }
        Kill(l);
        return Outcome.Done(killed.Count > 0 ? $"{lfd} with {string.Join(", ", killed)}" : $"{lfd} (no replica on it was up)");
    }

    private Outcome RestartMachine(string? target)
    {
        if (!NodeId.TryParse(target, out var lfd) || lfd.Kind != NodeKind.Lfd || SlotOf(lfd) is var li && li < 0) return Outcome.Skip($"no machine '{target}' in this cluster");
        if (_slots[li].Alive) return Outcome.Skip($"{lfd} already up");
        StartProcess(_slots[li]);
        return Outcome.Done();
    }

    private Outcome Partition(FaultEvent f)
    {
        if (!NodeId.TryParse(f.Target, out var a) || SlotOf(a) is var ia && ia < 0) return Outcome.Skip($"no process '{f.Target}' in this cluster");
        if (!NodeId.TryParse(f.Peer, out var b) || SlotOf(b) is var ib && ib < 0) return Outcome.Skip($"no process '{f.Peer}' in this cluster");
        if (ia == ib) return Outcome.Skip($"{a} cannot be cut from itself");
        Cut(ia, ib, +1);
        Push(_now + Math.Max(1, f.DurationMs) * 1000, new Ev(EvKind.Uncut, ia, 0, default, null, ib));
        return Outcome.Done();
    }

    private Outcome Window(ref double rate, ref long until, FaultEvent f)
    {
        rate = Math.Clamp(f.Rate, 0, 1);
        until = _now + Math.Max(1, f.DurationMs) * 1000;
        return Outcome.Done();
    }

    private Outcome Spikes(FaultEvent f)
    {
        _spikesUntilUs = _now + Math.Max(1, f.DurationMs) * 1000;
        return Outcome.Done();
    }

    private Outcome Slow(FaultEvent f)
    {
        if (!NodeId.TryParse(f.Target, out var id) || SlotOf(id) is var i && i < 0) return Outcome.Skip($"no process '{f.Target}' in this cluster");
        _slots[i].SlowExtraUs = Math.Max(0, f.Value) * 1000;
        _slots[i].SlowUntilUs = _now + Math.Max(1, f.DurationMs) * 1000;
        return Outcome.Done();
    }

    private Outcome Admin(FaultEvent f)
    {
        if (f.Admin is not { } op) return Outcome.Skip("an admin fault needs an 'admin' command");
        var target = NodeId.TryParse(f.Target, out var t) ? t : default;
        var rm = _slots[0];
        var cmd = new AdminCommand(op, target, f.Value);
        if (_options.Transcript) Line(rm, FtCore.Core.Events.ConsoleRenderer.Received(rm.Id, NodeId.Admin, cmd)!);
        rm.Role!.Receive(_now, NodeId.Admin, cmd);
        AfterStep(rm);
        return Outcome.Done();
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
            if (victim.Alive && SurvivorExcept(victim))
            {
                _armTransferUntilUs = -1;
                Fired(ref _armTransferFault, $"{victim.Id} killed during state transfer");
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
        if (!armed || s.Role is not Replica { IsLeader: true } || NetworkFaultActive() || !SurvivorExcept(s)) return false;
        if (e.Message is ClientReply)
        {
            _armAfterReplyUntilUs = -1;
            Fired(ref _armAfterReplyFault, $"leader {s.Id} killed right after sending {e.Message.Kind}");
        }
        else
        {
            _armMidOrderUntilUs = -1;
            Fired(ref _armMidOrderFault, $"leader {s.Id} killed right after sending {e.Message!.Kind}");
        }
        if (_options.Transcript) _transcript.Add($"SIM | [{FtCore.Core.Events.ConsoleRenderer.Timestamp(_now)}] fault fired: leader {s.Id} killed right after sending {e.Message!.Kind}");
        Kill(s);
        return true;
    }
}
