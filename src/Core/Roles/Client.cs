using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// A client with one outstanding request. Passive: sends to the primary; active: to every member.
/// Retransmits until answered (exactly-once is the replicas' job), keeps the first reply and
/// discards the rest as duplicates, reporting a duplicate whose content differs.
/// </summary>
internal sealed class Client : Role
{
    private const int RecentAnswers = 8;

    private readonly ClusterOptions _options;
    private readonly IApplication _app;
    private View _view = View.Empty;
    private long _nextRequestNum;
    private long _outstanding = -1;
    private Operation _outstandingOp;
    private long _retryAtUs = long.MaxValue;
    private int _attempts;
    private readonly (long Req, Operation Op, OpResult Result)[] _answered = new (long, Operation, OpResult)[RecentAnswers];

    /// <summary>
    /// A client whose first request is <paramref name="firstRequestNum"/> (the guide's 101). A
    /// process that may be a relaunch of an earlier one passes a <paramref name="session"/> above
    /// every earlier one's (see <see cref="RequestNumbers"/>).
    /// </summary>
    public Client(NodeId id, ClusterOptions options, IApplication app, long firstRequestNum = 101, long session = 0) : base(id)
    {
        if (firstRequestNum < 1 || firstRequestNum > RequestNumbers.MaxNumber) throw new ArgumentOutOfRangeException(nameof(firstRequestNum));
        if (session < 0 || session > RequestNumbers.MaxSession) throw new ArgumentOutOfRangeException(nameof(session));
        ArgumentNullException.ThrowIfNull(app);
        _options = options;
        _app = app;
        _nextRequestNum = RequestNumbers.Compose(session, firstRequestNum);
        Array.Fill(_answered, (-1L, default(Operation), default(OpResult)));
    }

    /// <summary>True when no request is outstanding (the host may <see cref="Submit"/>).</summary>
    public bool Idle => _outstanding < 0;

    public long OutstandingRequest => _outstanding;

    public long ViewNumber => _view.Number;

    public override void Start(long nowUs)
    {
        // Ask for the view rather than wait for the RM's next repeat.
        if (_view.Number == 0) Out.Send(NodeId.Rm, new ViewQuery());
        UpdateWakeup();
    }

    /// <summary>The application this client's requests are for.</summary>
    public IApplication App => _app;

    /// <summary>Invokes the next request. The host calls this only when <see cref="Idle"/>.</summary>
    public void Submit(long nowUs, Operation op)
    {
        if (!Idle) throw new InvalidOperationException($"{Id} already has request {RequestNumbers.Display(_outstanding)} outstanding");
        _outstanding = _nextRequestNum++;
        _outstandingOp = op;
        _attempts = 1;
        Out.Call(ClientCall.Invoked(_outstanding, op, _app));
        SendOutstanding();
        _retryAtUs = nowUs + Ms(_options.ClientRetryMs);
        UpdateWakeup();
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        switch (message)
        {
            case ClientReply reply when reply.Client == Id:
                OnReply(reply);
                break;
            case ViewChange vc:
                if (vc.View.Number > _view.Number)
                {
                    var oldTargetsKnown = HasTargets();
                    var oldLeader = _view.Leader;
                    _view = vc.View;
                    // A new leader may not have seen the request: resend at once rather than wait for the retry.
                    if (!Idle && (!oldTargetsKnown || oldLeader != _view.Leader))
                    {
                        SendOutstanding();
                        _retryAtUs = nowUs + Ms(_options.ClientRetryMs);
                    }
                }
                break;
            default:
                break;
        }
        UpdateWakeup();
    }

    public override void Tick(long nowUs)
    {
        if (!Idle && nowUs >= _retryAtUs && !HasTargets())
        {
            _retryAtUs = nowUs + Ms(_options.ClientRetryMs); // nobody to ask yet: the first view sends it
        }
        else if (!Idle && nowUs >= _retryAtUs)
        {
            _attempts++;
            Out.Emit(new RequestRetransmitted(_outstanding, _attempts));
            SendOutstanding();
            _retryAtUs = nowUs + Ms(_options.ClientRetryMs);
        }
        UpdateWakeup();
    }

    private void OnReply(ClientReply reply)
    {
        if (reply.RequestNum == _outstanding)
        {
            Out.Call(ClientCall.Accepted(reply.RequestNum, _outstandingOp, reply.Replica, reply.Result, _app));
            _answered[reply.RequestNum % RecentAnswers] = (reply.RequestNum, _outstandingOp, reply.Result);
            _outstanding = -1;
            _retryAtUs = long.MaxValue;
            return;
        }
        var slot = _answered[reply.RequestNum % RecentAnswers];
        // A reply that differs from the accepted one is reported even when nobody prints lines: it breaks an invariant.
        if (slot.Req == reply.RequestNum && (Out.Console || slot.Result != reply.Result))
        {
            Out.Emit(new DuplicateReplyDiscarded(reply.RequestNum, reply.Replica, slot.Result != reply.Result, reply.Result, slot.Result, slot.Op, _app));
        }
        // A reply to a request this client never sent or forgot long ago: nothing to compare it with.
    }

    private bool HasTargets() => _options.Mode == ReplicationMode.Passive ? _view.HasLeader : _view.Members.Length > 0;

    private void SendOutstanding()
    {
        if (_options.Mode == ReplicationMode.Passive)
        {
            if (_view.HasLeader) Out.Send(_view.Leader, Out.Pool.ClientRequest(Id, _outstanding, _outstandingOp));
            return;
        }
        // One message for every member: what it says does not depend on where it goes.
        var request = Out.Pool.ClientRequest(Id, _outstanding, _outstandingOp);
        foreach (var m in _view.Members)
        {
            Out.Send(m.Replica, request);
        }
    }

    private void UpdateWakeup() => NextWakeupUs = _retryAtUs;
}
