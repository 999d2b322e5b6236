using System.Globalization;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Links;
using FtCore.Core.Messages;

namespace FtCore.Sim.Report;

/// <summary>
/// What the simulator tells the report while a run goes: requests, the hops of the first
/// <see cref="MaxPaths"/> requests, process starts and kills, replica states, membership, view
/// changes, and a <see cref="LinkTimer"/> per process fed with its sends and deliveries (virtual
/// time). It exists only when a report is asked for (<see cref="SimOptions.Report"/>): a run
/// without one pays nothing.
/// </summary>
internal sealed class SimRecorder
{
    /// <summary>Requests whose hops are recorded (the first ones; later requests have none).</summary>
    public const int MaxPaths = 20_000;

    private const int MaxHops = 48;

    /// <summary>At most this many log positions are looked at per acknowledgement or commit.</summary>
    private const int MaxSeqScan = 256;

    private readonly string[] _names;
    private readonly NodeId[] _ids;
    private readonly LinkTimer[] _timers;
    private readonly Dictionary<(NodeId Client, long Num), int> _requestIndex = [];
    private readonly Dictionary<(NodeId Client, long Num), int> _pathIndex = [];
    private readonly Dictionary<long, int> _seqPath = [];
    private readonly Dictionary<NodeId, long> _acked = [];
    private readonly Dictionary<NodeId, long> _committed = [];
    private readonly string[] _state;
    private readonly long[] _stateSince;
    private readonly long[] _downSince;
    private readonly long[] _lastSeq;
    private string _lastLeader = "";

    public SimRecorder(IReadOnlyList<NodeId> processes)
    {
        _ids = processes.ToArray();
        _names = _ids.Select(i => i.ToString()).ToArray();
        _timers = _ids.Select(i => new LinkTimer(i)).ToArray();
        _state = _ids.Select(_ => "down").ToArray();
        _stateSince = new long[_ids.Length];
        _downSince = _ids.Select(_ => 0L).ToArray();
        _lastSeq = new long[_ids.Length];
    }

    /// <summary>A request: who, which, when invoked and answered (-1: never), how, by whom, retransmissions.</summary>
    public sealed class Request(NodeId client, long num, long invokeUs)
    {
        public NodeId Client { get; } = client;
        public long Num { get; } = num;
        public long InvokeUs { get; } = invokeUs;
        public long EndUs { get; set; } = -1;
        public bool Refused { get; set; }
        public NodeId Replica { get; set; }
        public int Retries { get; set; }
    }

    public IReadOnlyList<string> Names => _names;
    public List<Request> Requests { get; } = [];
    public List<ReportPath> Paths { get; } = [];
    public List<ReportBand> Bands { get; } = [];
    public List<ReportMark> Marks { get; } = [];
    public List<ReportBand> Diagnosis { get; } = [];
    public List<ReportMembership> Membership { get; } = [];
    public List<ReportState> States { get; } = [];
    /// <summary>Leader changes in the RM's view: when, and the new leader ("none" when it has none).</summary>
    public List<(long AtUs, string Leader)> LeaderChanges { get; } = [];
    /// <summary>Each replica as the run left it (or as it was when a safety violation stopped the run).</summary>
    public List<string> FinalReplicas { get; } = [];
    public bool PathsCapped { get; private set; }

    /// <summary>Every process's round trips over the run, in lane order then peer order.</summary>
    public IEnumerable<LinkStat> Links() => _timers.SelectMany(t => t.Totals());

    public void OnStart(int slot, long nowUs)
    {
        var relaunch = _downSince[slot] > 0;
        if (relaunch)
        {
            if (nowUs > _downSince[slot]) Bands.Add(new ReportBand(_names[slot], "down", _downSince[slot], nowUs, "down"));
            Marks.Add(new ReportMark(_names[slot], "start", nowUs, "started again"));
        }
        _downSince[slot] = -1;
        _lastSeq[slot] = 0;
        if (_ids[slot].IsReplica) SetState(slot, "recovering", nowUs);
    }

    public void OnKill(int slot, long nowUs)
    {
        Marks.Add(new ReportMark(_names[slot], "kill", nowUs, "killed (kill -9)"));
        _downSince[slot] = nowUs;
        if (_ids[slot].IsReplica) SetState(slot, "down", nowUs);
    }

    public void OnSend(int slot, NodeId to, Message m, long nowUs)
    {
        _timers[slot].OnSend(to, m, nowUs);
        switch (m)
        {
            case ClientRequest r when _ids[slot].IsClient:
                Hop(r.Client, r.RequestNum, nowUs, slot, "sends request to " + to);
                break;
            case ForwardRequest f:
                Hop(f.Client, f.RequestNum, nowUs, slot, "forwards to " + to);
                break;
            case Order o:
                for (var i = 0; i < o.Entries.Length; i++)
                {
                    var e = o.Entries[i];
                    var seq = o.FirstSeq + i;
                    if (!_pathIndex.TryGetValue((e.Client, e.RequestNum), out var p)) continue;
                    _seqPath[seq] = p;
                    AddHop(p, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"orders seq {seq} to {to}"));
                }
                Committed(slot, o.Commit, nowUs);
                break;
            case Commit c:
                Committed(slot, c.CommitSeq, nowUs);
                break;
            case ClientReply r:
                Hop(r.Client, r.RequestNum, nowUs, slot, "sends reply");
                break;
        }
    }

    public void OnDeliver(int slot, NodeId from, Message m, long nowUs)
    {
        _timers[slot].OnReceive(from, m, nowUs);
        switch (m)
        {
            case ClientRequest r when _ids[slot].IsReplica:
                Hop(r.Client, r.RequestNum, nowUs, slot, "receives request");
                break;
            case Order o:
                for (var i = 0; i < o.Entries.Length; i++)
                {
                    var e = o.Entries[i];
                    Hop(e.Client, e.RequestNum, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"receives order seq {o.FirstSeq + i} from {from}"));
                }
                break;
            case OrderAck a:
                {
                    _acked.TryGetValue(from, out var last);
                    var lo = Math.Max(last + 1, a.LogEnd - MaxSeqScan + 1);
                    for (var seq = lo; seq <= a.LogEnd; seq++)
                    {
                        if (_seqPath.TryGetValue(seq, out var p)) AddHop(p, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"gets ack of seq {seq} from {from}"));
                    }
                    if (a.LogEnd > last) _acked[from] = a.LogEnd;
                    break;
                }
        }
    }

    public void OnExecuted(int slot, in Execution x, long nowUs)
    {
        _lastSeq[slot] = Math.Max(_lastSeq[slot], x.Seq);
        Hop(x.Client, x.RequestNum, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"{(x.Applied ? "executes" : "skips duplicate")} seq {x.Seq}"));
    }

    /// <summary>A client's invoke (a new request and its path) or accepted reply (the request's end).</summary>
    public void OnCall(int slot, in ClientCall x, long nowUs)
    {
        var me = _names[slot];
        if (!x.Answered)
        {
            _requestIndex[(_ids[slot], x.RequestNum)] = Requests.Count;
            Requests.Add(new Request(_ids[slot], x.RequestNum, nowUs));
            if (Paths.Count < MaxPaths)
            {
                _pathIndex[(_ids[slot], x.RequestNum)] = Paths.Count;
                Paths.Add(new ReportPath(me, x.RequestNum, new List<ReportHop> { new(nowUs, me, "invokes " + x.App.Describe(x.Op)) }));
            }
            else PathsCapped = true;
            return;
        }
        if (_requestIndex.TryGetValue((_ids[slot], x.RequestNum), out var ri))
        {
            var r = Requests[ri];
            r.EndUs = nowUs;
            r.Refused = x.Result.Refused;
            r.Replica = x.Replica;
        }
        Hop(_ids[slot], x.RequestNum, nowUs, slot, $"accepts reply from {x.Replica}{(x.Result.Refused ? " (refused)" : "")}");
    }

    public void OnEvent(int slot, ConsoleEvent e, long nowUs)
    {
        var me = _names[slot];
        switch (e)
        {
            case RequestRetransmitted x:
                if (_requestIndex.TryGetValue((_ids[slot], x.RequestNum), out var rr)) Requests[rr].Retries++;
                Hop(_ids[slot], x.RequestNum, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"retransmits (attempt {x.Attempt})"));
                break;
            case ReadyChanged x:
                SetState(slot, x.Ready ? "ready" : "recovering", nowUs);
                break;
            case BecameLeader x:
                SetState(slot, "leader", nowUs);
                Marks.Add(new ReportMark(me, "leader", nowUs, string.Create(CultureInfo.InvariantCulture, $"leads view {x.View} (log end {x.LogEnd}, commit {x.CommitSeq})")));
                break;
            case ViewInstalled x:
                if (_state[slot] == "leader" && x.View.Leader != _ids[slot]) SetState(slot, "ready", nowUs);
                break;
            case GfdMembers x:
                Membership.Add(new ReportMembership("GFD", nowUs, ConsoleRenderer.Members(x.Members)));
                Marks.Add(new ReportMark(me, "membership", nowUs, ConsoleRenderer.Members(x.Members)));
                break;
            case RmMembers x:
                Membership.Add(new ReportMembership("RM", nowUs, ConsoleRenderer.Members(x.Members)));
                Marks.Add(new ReportMark(me, "membership", nowUs, ConsoleRenderer.Members(x.Members)));
                break;
            case RmViewChanged x:
                {
                    var text = ConsoleRenderer.DescribeView(x.View, x.Mode);
                    Membership.Add(new ReportMembership("RM view", nowUs, text));
                    Marks.Add(new ReportMark(me, "view", nowUs, text));
                    // A failover: a leader other than the last one (the first leader, and views without one, are not).
                    var leader = x.View.HasLeader ? x.View.Leader.ToString() : "";
                    if (leader.Length > 0 && leader != _lastLeader)
                    {
                        if (_lastLeader.Length > 0) LeaderChanges.Add((nowUs, leader));
                        _lastLeader = leader;
                    }
                    break;
                }
            case ReplicaDeleted or HeartbeatFailed or ReplicaExited or LfdChanged or SuspectReported or MemberRemoved or RelaunchRequested or StateLostNotice or ReplicaAdded or AdminApplied:
                Marks.Add(new ReportMark(me, e is ReplicaAdded or AdminApplied ? "membership" : "detect", nowUs, ConsoleRenderer.Render(_ids[slot], e) ?? e.GetType().Name));
                break;
        }
    }

    /// <summary>A diagnosis (a fail-slow suspicion, say) from <paramref name="fromUs"/> to <paramref name="toUs"/> (equal: a mark).</summary>
    public void OnDiagnosis(string process, string kind, long fromUs, long toUs, string label) => Diagnosis.Add(new ReportBand(process, kind, fromUs, toUs, label));

    /// <summary>Closes open states and down bands at the run's end and keeps each replica's description.</summary>
    public void Finish(long endUs, IEnumerable<string> replicas)
    {
        for (var i = 0; i < _ids.Length; i++)
        {
            if (_downSince[i] > 0 && endUs > _downSince[i]) Bands.Add(new ReportBand(_names[i], "down", _downSince[i], endUs, "down"));
            if (_ids[i].IsReplica && endUs > _stateSince[i]) States.Add(new ReportState(_names[i], _state[i], _stateSince[i], endUs));
        }
        foreach (var r in replicas) FinalReplicas.Add(r);
    }

    /// <summary>The highest log position <paramref name="slot"/> executed.</summary>
    public long LastSeq(int slot) => _lastSeq[slot];

    private void SetState(int slot, string state, long nowUs)
    {
        if (_state[slot] == state) return;
        if (nowUs > _stateSince[slot]) States.Add(new ReportState(_names[slot], _state[slot], _stateSince[slot], nowUs));
        _state[slot] = state;
        _stateSince[slot] = nowUs;
    }

    private void Committed(int slot, long commit, long nowUs)
    {
        var id = _ids[slot];
        _committed.TryGetValue(id, out var last);
        if (commit <= last) return;
        for (var seq = Math.Max(last + 1, commit - MaxSeqScan + 1); seq <= commit; seq++)
        {
            if (_seqPath.Remove(seq, out var p)) AddHop(p, nowUs, slot, string.Create(CultureInfo.InvariantCulture, $"commits seq {seq}"));
        }
        _committed[id] = commit;
    }

    private void Hop(NodeId client, long num, long nowUs, int slot, string what)
    {
        if (_pathIndex.TryGetValue((client, num), out var p)) AddHop(p, nowUs, slot, what);
    }

    private void AddHop(int path, long nowUs, int slot, string what)
    {
        var hops = (List<ReportHop>)Paths[path].Hops;
        if (hops.Count < MaxHops) hops.Add(new ReportHop(nowUs, _names[slot], what));
    }
}
