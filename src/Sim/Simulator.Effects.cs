using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.History;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim.Checking;

namespace FtCore.Sim;

internal sealed partial class Simulator
{
    private readonly List<string> _transcript = [];
    private readonly SimHistory _history;
    private readonly List<Violation> _violations = [];
    private readonly ExecutionMonitor _execution;
    private readonly DetectionMonitor _detection = new();
    private readonly Dictionary<long, (FtCore.Core.Ids.NodeId Leader, long Incarnation)> _leaders = [];
    /// <summary>Per slot: its requests invoked and not yet answered, with when (a closed-loop client has one).</summary>
    private List<(long Req, long AtUs)>?[]? _invokedAtUs;
    private long _deliveries, _dropped, _completed, _longestStallUs, _viewChanges;
    private bool _stopped;

    /// <summary>Ends the batch (every step is a batch of one), drains the role's effects in order, then schedules its next wake-up.</summary>
    private void AfterStep(Slot s)
    {
        var role = s.Role!;
        role.Flush();
        var output = role.Out;
        var index = s.Index;
        for (var i = 0; i < output.Count; i++)
        {
            ref readonly var e = ref output.At(i);
            switch (e.Kind)
            {
                case EffectKind.Send:
                    Hold(e.Message!); // let go below, once every effect of this step is handled
                    if (_options.Transcript)
                    {
                        var line = ConsoleRenderer.Sent(s.Id, e.Target, e.Message!);
                        if (line is not null && (!s.Repeats.IsRepeatSent(e.Target, e.Message!, line) || _options.TranscriptDebug)) Line(s, line);
                    }
                    if (TriggerBeforeSend(s, e)) { role.Out.Clear(); return; }
                    s.Links?.OnSend(e.Target, e.Message!, _now);
                    _report?.OnSend(index, e.Target, e.Message!, _now);
                    Transmit(s, index, e.Target, e.Message!);
                    if (TriggerAfterSend(s, e)) { role.Out.Clear(); return; }
                    break;
                case EffectKind.Emit:
                    if (_options.Transcript)
                    {
                        var line = ConsoleRenderer.Render(s.Id, e.Event!);
                        if (line is not null && (!RepeatFilter.IsRepeat(e.Event!) || _options.TranscriptDebug)) Line(s, line);
                    }
                    _report?.OnEvent(index, e.Event!, _now);
                    Observe(s, index, e.Event!);
                    break;
                case EffectKind.Call:
                    if (_options.Transcript && ConsoleRenderer.Call(e.Call) is { } callLine) Line(s, callLine);
                    _report?.OnCall(index, e.Call, _now);
                    ObserveCall(s, index, e.Call);
                    break;
                case EffectKind.Executed:
                    _report?.OnExecuted(index, e.Execution, _now);
                    ObserveExecution(s, e.Execution);
                    break;
                case EffectKind.Launch:
                    {
                        var r = SlotOf(e.Target);
                        if (r >= 0) StartProcess(_slots[r], byLfd: true);
                        break;
                    }
                case EffectKind.Stop:
                    {
                        var r = SlotOf(e.Target);
                        if (r >= 0) Kill(_slots[r]);
                        break;
                    }
            }
            if (!s.Alive) return;
        }
        // A step that ended early above (its process killed) keeps its holds: those messages stay in the hold table until the run ends, never reused.
        for (var i = 0; i < output.Count; i++)
        {
            ref readonly var e = ref output.At(i);
            if (e.Kind == EffectKind.Send) Release(e.Message!);
        }
        role.Out.Clear();
        CheckViewGrows(s);
        var wake = role.NextWakeupUs;
        if (wake != long.MaxValue)
        {
            // One queued wake per process: an earlier one replaces it; a later one is set when it fires.
            wake = Math.Max(wake, _now);
            if (wake < s.WakeAtUs)
            {
                s.WakeAtUs = wake;
                Push(wake, new Ev(EvKind.Wake, index, s.Pid, default, null, 0));
            }
        }
        if (s.Id.IsClient && !s.SubmitPending && !_clientsQuiet && ((Client)role).Idle)
        {
            s.SubmitPending = true;
            Push(_now + (_config.ThinkMaxUs > 0 ? _workRng.Between(0, _config.ThinkMaxUs) : 0), new Ev(EvKind.Submit, index, s.Pid, default, null, 0));
        }
    }

    private void CheckViewGrows(Slot s)
    {
        long view = s.Role switch
        {
            Replica r => r.ViewNumber,
            Client c => c.ViewNumber,
            Rm rm => rm.CurrentView.Number,
            _ => 0,
        };
        if (view < s.LastView)
        {
            Fail(ViolationKind.Safety, Invariants.OneLeader, $"{s.Id}'s view went back from {s.LastView} to {view}", s.Name);
        }
        s.LastView = view;
    }

    /// <summary>A client's invoke or accepted reply: the history, the reply bookkeeping and the longest stall.</summary>
    private void ObserveCall(Slot s, int index, in ClientCall x)
    {
        if (!x.Answered)
        {
            _history.Invoke(index, s.Id, x.RequestNum, x.Op, _now * 1000);
            InvokedAt(index, x.RequestNum, _now);
            return;
        }
        _history.Complete(index, x.RequestNum, x.Result, _now * 1000);
        _completed++;
        RecordReply(index, x.RequestNum, x.Replica);
        if (TakeInvokedAt(index, x.RequestNum) is { } at) _longestStallUs = Math.Max(_longestStallUs, _now - at);
    }

    private void Observe(Slot s, int index, ConsoleEvent e)
    {
        switch (e)
        {
            case DuplicateReplyDiscarded { Differs: true } x:
                Fail(ViolationKind.Safety, Invariants.ReplicasAgree,
                    $"{s.Id} got reply {x.App.DescribeResult(x.Op, x.Result)} from {x.Replica} for request {x.RequestNum} but accepted {x.App.DescribeResult(x.Op, x.Accepted)}", s.Name, x.Replica.ToString());
                break;
            case CheckpointInstalled x:
                {
                    var bad = _execution.OnCheckpoint(s.Id, x.From, x.Seq, x.Digest);
                    if (bad is { } b) Fail(ViolationKind.Safety, b.Invariant, b.Message, b.Processes);
                    else if (AppStateProblem(s) is { } wrong) FailAppState(s, $"after installing a checkpoint from {x.From} (seq {x.Seq})", wrong);
                    break;
                }
            case RequestRefused x:
                // The workload is the application's own: a command it cannot decode or execute is its bug.
                Fail(ViolationKind.Safety, Invariants.Application, $"{s.Id} refused <{x.Client}, {x.RequestNum}> of its own workload: {x.Reason}", s.Name);
                break;
            case BecameLeader x:
                {
                    var inc = ((Replica)s.Role!).Incarnation;
                    if (_leaders.TryGetValue(x.View, out var other) && (other.Leader != s.Id || other.Incarnation != inc))
                    {
                        Fail(ViolationKind.Safety, Invariants.OneLeader, $"{s.Id} leads view {x.View}, but {other.Leader} already led it", s.Name, other.Leader.ToString());
                    }
                    _leaders[x.View] = (s.Id, inc);
                    break;
                }
            case ReplicaDeleted x:
                {
                    var lfd = (Lfd)s.Role!;
                    var late = _detection.OnDetected(x.Replica, x.Incarnation, _now, lfd.TimeoutMs * 1000L + _net.MaxDelayUs(MaxSlowMs));
                    if (late is not null) Fail(ViolationKind.Liveness, Invariants.Detection, late, s.Name);
                    break;
                }
            case RmViewChanged:
                _viewChanges++;
                break;
            case SlowSuspected or SlowCleared:
                ObserveSlow(e);
                break;
        }
    }

    private void InvokedAt(int index, long req, long atUs)
    {
        var all = _invokedAtUs ??= new List<(long, long)>?[_slots.Length];
        var list = all[index] ??= [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Req == req)
            {
                list[i] = (req, atUs);
                return;
            }
        }
        list.Add((req, atUs));
    }

    private long? TakeInvokedAt(int index, long req)
    {
        if (_invokedAtUs?[index] is not { } list) return null;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Req == req)
            {
                var at = list[i].AtUs;
                list.RemoveAt(i);
                return at;
            }
        }
        return null;
    }

    /// <summary>Invariant 2 (replicas agree) and 3 (executed at most once) at each execution, then the application's own state check.</summary>
    private void ObserveExecution(Slot s, in Execution x)
    {
        var bad = _execution.OnExecuted(s.Id, x.Seq, x.Client, x.RequestNum, x.Applied, x.Digest);
        if (bad is { } b) Fail(ViolationKind.Safety, b.Invariant, b.Message, b.Processes);
        else if (x.Applied && AppStateProblem(s) is { } wrong) FailAppState(s, $"after executing seq {x.Seq} <{x.Client}, {x.RequestNum}>", wrong);
    }

    /// <summary>What the application's own state check finds wrong in replica <paramref name="s"/>, or null.</summary>
    private static string? AppStateProblem(Slot s) => s.Role is Replica r ? r.AppState.Check() : null;

    private void FailAppState(Slot s, string when, string wrong) =>
        Fail(ViolationKind.Safety, Invariants.Application, $"{s.Id} {when}: {_options.App.Name}'s state check failed: {wrong} (state {((Replica)s.Role!).DescribeState()})", s.Name);

    private void Fail(ViolationKind kind, string invariant, string message, params string[] processes)
    {
        _violations.Add(new Violation(kind, invariant, message, _now, processes));
        if (kind == ViolationKind.Safety) _stopped = true;
    }
}
