using System.Runtime.InteropServices;
using FtCore.Core.App;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// A server replica, active or passive, ordered or naive. Views come from the RM; the leader
/// orders requests, an entry commits once every member of the view acknowledged it, only
/// committed entries are executed and only executed ones are answered. A relaunched replica
/// starts with i_am_ready = 0, logs what is ordered, takes a checkpoint from the leader, and
/// reports ready. See docs/protocol.md.
/// </summary>
internal sealed partial class Replica : Role
{
    private const long RegisterRetryMs = 1000;

    private readonly ClusterOptions _options;
    private readonly IApplication _application;
    private readonly IAppState _app;
    private readonly ReplicaMutation _mutation;

    private View _view = View.Empty;
    private bool _member;
    private bool _ready;
    private bool _synced;
    private bool _leader;

    // The ordered log holds entries _logBase + 1 .. LogEnd; the state reflects entries 1.._stateSeq.
    private readonly List<Entry> _log = new(256);
    private long _logBase;
    private long _stateSeq;
    private long _commitSeq;
    private long _checkpointCount = 1;
    private readonly Dictionary<NodeId, ClientRecord> _table = [];
    private readonly Dictionary<NodeId, long> _highWatermark = [];
    /// <summary>Per client, the highest request number whose copy came to this replica from the client itself.</summary>
    private readonly Dictionary<NodeId, long> _clientCopies = [];
    /// <summary>Per client, the highest request number this replica has replied to.</summary>
    private readonly Dictionary<NodeId, long> _replied = [];

    private long _nextHousekeepingUs = long.MaxValue;
    private long _nextCheckpointUs = long.MaxValue;
    private long _lastHeartbeatUs;
    private long _nextRegisterUs;
    private long _nextSyncRequestUs;
    private long _nextReadyNoticeUs;
    private long _nextAckRepeatUs;

    public Replica(NodeId id, long incarnation, ClusterOptions options, IApplication app)
        : this(id, incarnation, options, app, ReplicaMutation.None)
    {
    }

    internal Replica(NodeId id, long incarnation, ClusterOptions options, IApplication app, ReplicaMutation mutation) : base(id)
    {
        Incarnation = incarnation;
        _options = options;
        ArgumentNullException.ThrowIfNull(app);
        _application = app;
        _app = app.CreateState();
        _mutation = mutation;
    }

    public long Incarnation { get; }

    /// <summary>i_am_ready.</summary>
    public bool IsReady => _ready;

    public bool IsLeader => _leader;

    public bool IsMember => _member;

    public View View => _view;

    public long ViewNumber => _view.Number;

    public long StateSeq => _stateSeq;

    public long CommitSeq => _commitSeq;

    public long LogEnd => _logBase + _log.Count;

    public int LogCount => _log.Count;

    public long CheckpointCount => _checkpointCount;

    public ulong StateDigest => _app.Digest();

    /// <summary>The application state, for the simulator's checks.</summary>
    internal IAppState AppState => _app;

    public string DescribeState() => _app.Describe();

    private NodeId Lfd => _options.MachineOf(Id);

    private bool Executes => _options.Mode == ReplicationMode.Active || _leader;

    public override void Start(long nowUs)
    {
        Out.Emit(new ReplicaStarted(Incarnation));
        Out.Emit(new ReadyChanged(false));
        Out.Send(Lfd, new Register(Incarnation));
        _lastHeartbeatUs = nowUs;
        _nextRegisterUs = nowUs + Ms(RegisterRetryMs);
        _nextHousekeepingUs = nowUs + Ms(_options.RetransmitMs);
        UpdateWakeup();
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        switch (message)
        {
            case Heartbeat hb:
                _lastHeartbeatUs = nowUs;
                Out.Send(from, new HeartbeatAck(hb.Count, Incarnation));
                break;
            case ViewChange vc:
                OnView(nowUs, vc.View);
                break;
            case ClientRequest r when from == r.Client:
                OnClientRequest(nowUs, r.Client, r.RequestNum, r.Op, NoteClientCopy(r.Client, r.RequestNum));
                break;
            case ForwardRequest f:
                if (IsCurrent(f.View, from, "forwarded request") && _leader) OnClientRequest(nowUs, f.Client, f.RequestNum, f.Op, retransmission: false);
                break;
            case Order o:
                if (IsCurrent(o.View, from, "order")) OnOrder(from, o);
                break;
            case Commit c:
                if (IsCurrent(c.View, from, "commit")) OnCommit(from, c);
                break;
            case Sync s:
                if (IsCurrent(s.View, from, "sync")) OnSync(nowUs, from, s);
                break;
            case Checkpoint cp:
                if (IsCurrent(cp.View, from, "checkpoint")) OnCheckpoint(from, cp);
                break;
            case OrderAck a:
                if (IsCurrent(a.View, from, "ack")) OnOrderAck(nowUs, from, a);
                break;
            case SyncRequest sr:
                if (IsCurrent(sr.View, from, "sync request")) OnSyncRequest(nowUs, from, sr);
                else if (sr.View > _view.Number && from.IsReplica) _earlySyncRequests[from] = sr; // its view reached it first
                break;
            default:
                break;
        }
        UpdateWakeup();
    }

    public override void Tick(long nowUs)
    {
        if (nowUs >= _nextRegisterUs)
        {
            // The LFD may have forgotten us (a cut link, a restarted LFD): register again.
            if (nowUs - _lastHeartbeatUs >= Ms(RegisterRetryMs)) Out.Send(Lfd, new Register(Incarnation));
            _nextRegisterUs = nowUs + Ms(RegisterRetryMs);
        }
        if (nowUs >= _nextHousekeepingUs)
        {
            if (_leader) LeaderHousekeeping(nowUs);
            else if (_member) FollowerHousekeeping(nowUs);
            _nextHousekeepingUs = nowUs + Ms(_options.RetransmitMs);
        }
        if (nowUs >= _nextCheckpointUs)
        {
            SendPeriodicCheckpoint();
            _nextCheckpointUs = nowUs + Ms(Math.Max(1, _view.CheckpointFreqMs));
        }
        UpdateWakeup();
    }

    /// <summary>True for a message of the current view from a member; refuses (and says so) older views.</summary>
    private bool IsCurrent(long view, NodeId from, string what)
    {
        if (view < _view.Number)
        {
            Out.Emit(new StaleRefused(from, what, view, _view.Number));
            return false;
        }
        return view == _view.Number && _member && _view.IndexOf(from) >= 0;
    }

    private void OnView(long nowUs, View v)
    {
        if (v.Number <= _view.Number) return;
        FlushBatch(); // what this batch held back belongs to the old view
        var wasLeader = _leader;
        _view = v;
        _member = v.Contains(Id, Incarnation);
        _leader = false;
        _synced = false;
        Out.Emit(new ViewInstalled(v, _member));
        if (!_member)
        {
            _nextCheckpointUs = long.MaxValue;
            return;
        }
        if (!_ready && v.IsReady(Id))
        {
            // Only the RM's bootstrap marks a replica ready that never reported ready:
            // it is the first replica of its kind and the initial state is the correct state.
            SetReady(true);
        }
        if (v.Leader == Id && _ready)
        {
            BecomeLeader(nowUs, wasLeader);
        }
        else
        {
            _nextCheckpointUs = long.MaxValue;
            if (v.HasLeader) SendSyncRequest(nowUs);
        }
        AnswerEarlySyncRequests(nowUs);
    }

    private void SetReady(bool ready)
    {
        if (_ready == ready) return;
        _ready = ready;
        Out.Emit(new ReadyChanged(ready));
    }

    private void SendSyncRequest(long nowUs)
    {
        Out.Send(_view.Leader, new SyncRequest(_view.Number, Incarnation, _commitSeq, !_ready));
        _nextSyncRequestUs = nowUs + Ms(4L * _options.RetransmitMs);
    }

    private void FollowerHousekeeping(long nowUs)
    {
        if (!_view.HasLeader) return;
        if (!_synced)
        {
            if (nowUs >= _nextSyncRequestUs) SendSyncRequest(nowUs);
            return;
        }
        if (_ready && !_view.IsReady(Id) && nowUs >= _nextReadyNoticeUs)
        {
            Out.Send(NodeId.Rm, new ReadyNotice(_view.Number, Incarnation));
            _nextReadyNoticeUs = nowUs + Ms(4L * _options.RetransmitMs);
        }
        if (nowUs >= _nextAckRepeatUs && _options.Protocol == ProtocolKind.Ordered)
        {
            // A lost acknowledgement (of a sync, say) must not leave the leader waiting for a new order.
            Out.Send(_view.Leader, Out.Pool.OrderAck(_view.Number, Incarnation, LogEnd));
            _nextAckRepeatUs = nowUs + Ms(4L * _options.RetransmitMs);
        }
        FlushForwards(nowUs);
    }

    private void UpdateWakeup() => NextWakeupUs = Math.Min(Math.Min(_nextRegisterUs, _nextHousekeepingUs), _nextCheckpointUs);

    private Entry EntryAt(long seq) => _log[(int)(seq - _logBase - 1)];

    private void Append(in Entry e) => _log.Add(e);

    private void TruncateAfter(long seq)
    {
        var keep = (int)(seq - _logBase);
        if (keep < _log.Count) _log.RemoveRange(keep, _log.Count - keep);
    }

    private Entry[] Slice(long afterSeq, long toSeq)
    {
        if (toSeq <= afterSeq) return [];
        var from = (int)(afterSeq - _logBase);
        var entries = Out.Pool.Entries((int)(toSeq - afterSeq));
        CollectionsMarshal.AsSpan(_log).Slice(from, entries.Length).CopyTo(entries); // one copy, not a List and then an array
        return entries;
    }

    /// <summary>Drops executed entries far behind, keeping a window for lagging followers.</summary>
    private void TrimLog()
    {
        var window = _options.LogWindow;
        if (_log.Count <= 2 * window) return;
        var upTo = Math.Min(_stateSeq, LogEnd) - window;
        var drop = (int)(upTo - _logBase);
        if (drop <= 0) return;
        _log.RemoveRange(0, drop);
        _logBase += drop;
    }
}
