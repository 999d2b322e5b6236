using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim.Checking;
using FtCore.Sim.Faults;
using FtCore.Sim.Network;

namespace FtCore.Sim;

/// <summary>
/// Runs a whole cluster (RM, GFD, LFDs, replicas, clients) on one thread in virtual time: one
/// event queue ordered by (time, sequence number), a faulty network, crashes and relaunches, and
/// the checkers. Same options and schedule = the same run, byte for byte.
/// </summary>
internal sealed partial class Simulator
{
    private enum EvKind : byte { Deliver, Wake, Fault, Submit, Start, Uncut, Relaunch, Heal, QuietClients, LinkReport, ExitNotice }

    private readonly struct Ev(EvKind kind, int slot, int pid, NodeId from, Message? msg, int index)
    {
        public readonly EvKind Kind = kind;
        public readonly int Slot = slot;
        public readonly int Pid = pid;
        public readonly NodeId From = from;
        public readonly Message? Msg = msg;
        public readonly int Index = index;
    }

    private sealed class Slot(NodeId id)
    {
        public readonly NodeId Id = id;
        /// <summary>Its place in the simulator's slot array.</summary>
        public int Index;
        public Role? Role;
        public int Pid;
        public bool Alive;
        public long WakeAtUs = long.MaxValue;
        public long LastView;
        public long Incarnation;
        public long SlowUntilUs;
        public long SlowExtraUs;
        public bool SubmitPending;
        /// <summary>This process was started by its machine's LFD (a Launch), so the LFD sees it exit.</summary>
        public bool LaunchedByLfd;
        /// <summary>The process's round-trip timer (a new one for each start); null for clients.</summary>
        public FtCore.Core.Links.LinkTimer? Links;
        public string Name = id.ToString();
        /// <summary>The process's console filter; a new one for each start, as a new process has.</summary>
        public RepeatFilter Repeats = new();
    }

    private readonly SimOptions _options;
    private readonly RunConfig _config;
    private readonly FaultSchedule _schedule;
    private readonly ClusterOptions _cluster;
    private readonly NetworkOptions _net;
    private readonly IReadOnlyList<(NodeId Id, long AtMs)> _starts;
    private readonly EventQueue<Ev> _queue = new();
    private readonly Slot[] _slots;
    private readonly int _lfdBase, _replicaBase, _clientBase;
    private readonly long[] _latencyUs;
    private readonly int[] _cuts;
    private readonly Prng _netRng, _workRng;
    private readonly Workload _workload;
    private long _seq;
    private long _now;
    private readonly long _endUs;

    private double _lossRate, _dupRate;
    private long _lossUntilUs, _dupUntilUs, _spikesUntilUs;
    private bool _clientsQuiet;

    public Simulator(SimOptions options, RunConfig config, FaultSchedule schedule, IReadOnlyList<(NodeId Id, long AtMs)>? starts = null)
    {
        _options = options;
        _config = config;
        _schedule = schedule;
        _cluster = config.Cluster;
        _net = config.Network;
        _endUs = schedule.DurationMs * 1000L;
        var master = new Prng(options.Seed ^ 0x5EED_F7C0_0E00UL);
        _netRng = master.Fork();
        _workRng = master.Fork();
        _workload = new Workload(options.App, _workRng);

        var slots = new List<Slot> { new(NodeId.Rm), new(NodeId.Gfd) };
        _lfdBase = slots.Count;
        for (var i = 1; i <= _cluster.Machines; i++) slots.Add(new Slot(NodeId.Lfd(i)));
        _replicaBase = slots.Count;
        for (var i = 1; i <= _cluster.MaxReplicas; i++) slots.Add(new Slot(NodeId.Replica(i)));
        _clientBase = slots.Count;
        for (var i = 1; i <= _cluster.Clients; i++) slots.Add(new Slot(NodeId.Client(i)));
        _slots = slots.ToArray();
        _history = new SimHistory(_slots.Length);
        for (var i = 0; i < _slots.Length; i++) _slots[i].Index = i;

        var n = _slots.Length;
        _latencyUs = new long[n * n];
        _cuts = new int[n * n];
        for (var i = 0; i < _latencyUs.Length; i++) _latencyUs[i] = _netRng.Between(_net.LatencyMinUs, _net.LatencyMaxUs);
        _starts = starts ?? DefaultStarts();
        _execution = new ExecutionMonitor(options.App.CreateState().Digest());
        if (options.Report) _report = new Report.SimRecorder(_slots.Select(x => x.Id).ToArray());
    }

    /// <summary>Everything starts at once, as a machine boot would; replicas and clients a moment later.</summary>
    private List<(NodeId, long)> DefaultStarts()
    {
        var list = new List<(NodeId, long)> { (NodeId.Rm, 0), (NodeId.Gfd, 0) };
        for (var i = 1; i <= _cluster.Machines; i++) list.Add((NodeId.Lfd(i), 0));
        for (var i = 1; i <= _cluster.Replicas; i++) list.Add((NodeId.Replica(i), 10L * i));
        for (var i = 1; i <= _cluster.Clients; i++) list.Add((NodeId.Client(i), 100));
        return list;
    }

    private int SlotOf(NodeId id) => id.Kind switch
    {
        NodeKind.Rm => 0,
        NodeKind.Gfd => 1,
        NodeKind.Lfd when id.Index >= 1 && id.Index <= _cluster.Machines => _lfdBase + id.Index - 1,
        NodeKind.Replica when id.Index >= 1 && id.Index <= _cluster.MaxReplicas => _replicaBase + id.Index - 1,
        NodeKind.Client when id.Index >= 1 && id.Index <= _cluster.Clients => _clientBase + id.Index - 1,
        _ => -1,
    };

    private Rm RmRole => (Rm)_slots[0].Role!;

    private void Push(long atUs, in Ev ev) => _queue.Enqueue(atUs, _seq++, ev);

    /// <summary>Runs to the end (or the first safety violation) and judges the run.</summary>
    public SimResult Run()
    {
        foreach (var (id, atMs) in _starts) Push(atMs * 1000, new Ev(EvKind.Start, SlotOf(id), 0, default, null, 0));
        for (var i = 0; i < _schedule.Faults.Count; i++) Push(_schedule.Faults[i].AtMs * 1000, new Ev(EvKind.Fault, 0, 0, default, null, i));
        if (!_config.Scripted) Push(_schedule.HealAtMs * 1000, new Ev(EvKind.Heal, 0, 0, default, null, 0));
        Push(Math.Max(0, _endUs - QuietUs), new Ev(EvKind.QuietClients, 0, 0, default, null, 0));
        Push(LinkReportUs, new Ev(EvKind.LinkReport, 0, 0, default, null, 0));

        while (_queue.TryDequeue(out var ev, out var time))
        {
            if (time > _endUs) break;
            _now = time;
            try
            {
                Dispatch(ev);
            }
            catch (ApplicationFaultException e)
            {
                // The application's own code threw (a Restore that cannot read its Snapshot, say): report it with the replay.
                string[] who = ev.Kind is EvKind.Deliver or EvKind.Wake or EvKind.Submit or EvKind.Start or EvKind.Relaunch ? [_slots[ev.Slot].Name] : [];
                var doing = ev.Kind == EvKind.Deliver ? $" handling {ev.Msg!.GetType().Name} from {ev.From}" : "";
                Fail(ViolationKind.Safety, Invariants.Application, $"{(who.Length > 0 ? who[0] : "a process")}{doing}: {e.Message}", who);
            }
            if (_stopped) break;
        }
        _now = Math.Max(_now, _stopped ? _now : _endUs);
        return Judge();
    }

    /// <summary>From a child's exit to its LFD's role hearing of it.</summary>
    private const long ExitNoticeUs = 500;

    private long QuietUs => Math.Min(5_000_000L, _endUs / 4);

    private void Dispatch(in Ev ev)
    {
        switch (ev.Kind)
        {
            case EvKind.Deliver:
                Deliver(ev);
                break;
            case EvKind.Wake:
                {
                    var s = _slots[ev.Slot];
                    if (!s.Alive || s.Pid != ev.Pid || s.WakeAtUs != _now) return;
                    s.WakeAtUs = long.MaxValue;
                    s.Role!.Tick(_now);
                    AfterStep(s);
                    break;
                }
            case EvKind.Fault:
                Fire(_schedule.Faults[ev.Index]);
                break;
            case EvKind.Submit:
                {
                    var s = _slots[ev.Slot];
                    s.SubmitPending = false;
                    if (!s.Alive || s.Pid != ev.Pid || _clientsQuiet) return;
                    var c = (Client)s.Role!;
                    if (!c.Idle) return;
                    c.Submit(_now, _workload.Next());
                    AfterStep(s);
                    break;
                }
            case EvKind.Start:
                StartProcess(_slots[ev.Slot]);
                break;
            case EvKind.Uncut:
                Cut(ev.Slot, ev.Index, -1);
                break;
            case EvKind.Relaunch:
                RelaunchReplica(_slots[ev.Slot]);
                break;
            case EvKind.Heal:
                Heal();
                break;
            case EvKind.QuietClients:
                _clientsQuiet = true;
                break;
            case EvKind.LinkReport:
                ReportLinks();
                break;
            case EvKind.ExitNotice:
                {
                    // The LFD's host saw its child exit: ev.From is the replica, ev.Index its incarnation.
                    var lfd = _slots[ev.Slot];
                    if (!lfd.Alive || lfd.Pid != ev.Pid) return;
                    ((Lfd)lfd.Role!).ReplicaExited(_now, ev.From, ev.Index);
                    AfterStep(lfd);
                    break;
                }
        }
    }

    private void Deliver(in Ev ev)
    {
        var s = _slots[ev.Slot];
        if (!s.Alive || s.Pid != ev.Pid)
        {
            _dropped++;
            Release(ev.Msg!);
            return;
        }
        if (DeferIfSlow(ev)) return; // the same copy, delivered later: still held
        _deliveries++;
        s.Links?.OnReceive(ev.From, ev.Msg!, _now);
        _report?.OnDeliver(ev.Slot, ev.From, ev.Msg!, _now);
        if (_options.Transcript)
        {
            var line = ConsoleRenderer.Received(s.Id, ev.From, ev.Msg!);
            if (line is not null && (!s.Repeats.IsRepeatReceived(ev.From, ev.Msg!, line) || _options.TranscriptDebug)) Line(s, line);
        }
        s.Role!.Receive(_now, ev.From, ev.Msg!);
        AfterStep(s);
        Release(ev.Msg!);
    }

    /// <summary>Starts a new process (incarnation) of <paramref name="s"/>: by its machine's LFD (<paramref name="byLfd"/>), or by hand, as at boot.</summary>
    private void StartProcess(Slot s, bool byLfd = false)
    {
        if (s.Alive) return;
        if (s.Id.IsReplica && !_slots[SlotOf(_cluster.MachineOf(s.Id))].Alive) return; // its machine is down
        s.Pid++;
        s.Alive = true;
        s.WakeAtUs = long.MaxValue;
        s.LastView = 0;
        s.SubmitPending = false;
        s.LaunchedByLfd = byLfd;
        s.Repeats = new RepeatFilter();
        s.Links = s.Id.IsClient ? null : new FtCore.Core.Links.LinkTimer(s.Id);
        s.Role = s.Id.Kind switch
        {
            NodeKind.Rm => new Rm(_cluster),
            NodeKind.Gfd => new Gfd(_cluster),
            NodeKind.Lfd => new Lfd(s.Id, _cluster),
            NodeKind.Replica => new Replica(s.Id, ++s.Incarnation, _cluster, _options.App, _options.Mutation),
            NodeKind.Client => new Client(s.Id, _cluster, _options.App),
            _ => throw new InvalidOperationException($"cannot start {s.Id}"),
        };
        s.Role.Out.Console = _options.Transcript;
        if (_options.ReuseMessages) s.Role.Out.Pool = _pool;
        _report?.OnStart(Array.IndexOf(_slots, s), _now);
        s.Role.Start(_now);
        AfterStep(s);
    }

    private void Kill(Slot s)
    {
        if (!s.Alive) return;
        s.Alive = false;
        s.Role = null;
        s.WakeAtUs = long.MaxValue;
        _report?.OnKill(Array.IndexOf(_slots, s), _now);
        if (_options.Transcript) Line(s, "*** killed (kill -9)");
        if (s.Id.IsReplica && _slots[SlotOf(_cluster.MachineOf(s.Id))] is { Role: Lfd lfd } machine)
        {
            if (lfd.AliveReplicas().Contains(new ReplicaInc(s.Id, s.Incarnation)))
            {
                // Detection is owed only for a replica its LFD currently counts as alive.
                _detection.OnCrash(s.Id, s.Incarnation, _now, lfd.TimeoutMs * 1000L + _net.MaxDelayUs(MaxSlowMs));
            }
            if (s.LaunchedByLfd)
            {
                // Its parent sees the exit a moment later (SIGCHLD, then a post to the LFD's loop).
                Push(_now + ExitNoticeUs, new Ev(EvKind.ExitNotice, machine.Index, machine.Pid, s.Id, null, checked((int)s.Incarnation)));
            }
        }
    }

    private void Line(Slot s, string text)
    {
        _transcript.Add($"{s.Name} | [{ConsoleRenderer.Timestamp(_now)}] {text}");
    }

    /// <summary>Sends a message through the simulated network: cuts, loss, latency, spikes, slowness, duplicates.</summary>
    private void Transmit(Slot from, int fromIndex, NodeId to, Message msg)
    {
        var ti = SlotOf(to);
        if (ti < 0) return;
        var target = _slots[ti];
        if (!target.Alive)
        {
            _dropped++;
            return;
        }
        var n = _slots.Length;
        if (_cuts[fromIndex * n + ti] > 0)
        {
            _dropped++;
            return;
        }
        var faultable = fromIndex > 1 && ti > 1; // RM and GFD links stay outside the fault model
        if (faultable && _now < _lossUntilUs && _netRng.Chance(_lossRate))
        {
            _dropped++;
            return;
        }
        var delay = Delay(fromIndex, ti);
        Push(_now + delay, new Ev(EvKind.Deliver, ti, target.Pid, from.Id, msg, 0));
        Hold(msg);
        if (faultable && _now < _dupUntilUs && _netRng.Chance(_dupRate))
        {
            Push(_now + Delay(fromIndex, ti), new Ev(EvKind.Deliver, ti, target.Pid, from.Id, msg, 0));
            Hold(msg);
        }
    }

    private long Delay(int fromIndex, int ti)
    {
        var baseUs = _latencyUs[fromIndex * _slots.Length + ti];
        var delay = baseUs;
        if (_net.JitterFraction > 0) delay += (long)(baseUs * _net.JitterFraction * _netRng.NextDouble());
        if (_now < _spikesUntilUs && _netRng.Chance(_net.SpikeRate)) delay += _net.SpikeMs * 1000L;
        return Math.Max(1, delay);
    }

    private void Cut(int a, int b, int delta)
    {
        var n = _slots.Length;
        _cuts[a * n + b] = Math.Max(0, _cuts[a * n + b] + delta);
        _cuts[b * n + a] = Math.Max(0, _cuts[b * n + a] + delta);
    }
}
