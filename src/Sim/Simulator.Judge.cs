using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Roles;
using FtCore.Sim.Checking;

namespace FtCore.Sim;

internal sealed partial class Simulator
{
    /// <summary>The end-of-run checks: convergence (liveness), detection, and the history's linearizability.</summary>
    private SimResult Judge()
    {
        var checks = new List<(string, string)>();
        if (!_stopped)
        {
            CheckConverged();
            CheckUndetected();
        }
        var history = _history; // the run is over: the result takes it as it is (its events are made if someone reads them)
        LinearizabilityResult? linResult = null;
        // An invoke with no completion counts as info (unknown outcome).
        if (_violations.All(v => v.Invariant != Invariants.Linearizable))
        {
            // The budget bounds the search per operation, not per run: long runs (many clients) get more.
            LinearizabilityResult? lin = null;
            var ops = history.SortedOps(t_checkedOps ??= []);
            try
            {
                lin = Linearizability.CheckOps(_options.App, ops, Math.Max(Linearizability.DefaultBudget, history.Count * 8L), TookEffect());
            }
            catch (ApplicationFaultException e)
            {
                // The model threw: the history cannot be judged, which is never a pass.
                _violations.Add(new Violation(ViolationKind.Safety, Invariants.Application, "the linearizability checker could not run the model: " + e.Message, _now, []));
            }
            finally
            {
                // The answer keeps no op; the list's array serves the next run on this thread.
                ops.Clear();
            }
            if (lin is { Verdict: LinearizabilityVerdict.NotLinearizable })
            {
                var at = lin.Witness.Count > 0 ? lin.Witness[^1].TimeNs / 1000 : _now;
                _violations.Add(new Violation(ViolationKind.Safety, Invariants.Linearizable, lin.Explanation, at, WitnessProcesses(lin.Witness)));
            }
            else if (lin is { Verdict: LinearizabilityVerdict.Undecided })
            {
                // Fails closed: a check that could not decide is never counted as a pass.
                _violations.Add(new Violation(ViolationKind.Safety, Invariants.Linearizable, "checker could not decide within its budget: " + lin.Explanation, _now, []));
            }
            linResult = lin;
        }
        foreach (var name in new[] { Invariants.Linearizable, Invariants.ReplicasAgree, Invariants.ExecutedOnce, Invariants.OneLeader, Invariants.Converged, Invariants.Detection })
        {
            var v = _violations.FirstOrDefault(x => x.Invariant == name);
            var skipped = _stopped && v is null && (name == Invariants.Converged || name == Invariants.Detection);
            checks.Add((name, v is not null ? "VIOLATED: " + v.Message : skipped ? "not judged (run stopped at a safety violation)" : "ok"));
        }
        // The application's own checks are listed when they failed (a summary of a passing run keeps its six lines).
        if (_violations.FirstOrDefault(x => x.Invariant == Invariants.Application) is { } app) checks.Add((Invariants.Application, "VIOLATED: " + app.Message));
        FinishReport();
        return new SimResult
        {
            Options = _options,
            Config = _config,
            Schedule = _schedule,
            RequestsCompleted = _completed,
            FaultsInjected = _injected,
            FaultsSkipped = _skipped,
            FaultOutcomes = _outcomes,
            ViewChanges = _viewChanges,
            Deliveries = _deliveries,
            Dropped = _dropped,
            LongestStallUs = _longestStallUs,
            EndUs = _now,
            Violations = _violations,
            Checks = checks,
            History = history,
            Linearizability = linResult,
            Transcript = _transcript,
            SlowDiagnoses = _diagnoses,
            Recording = _report,
        };
    }

    /// <summary>
    /// The list a run's check sorts its ops into, kept per thread from run to run: at 49,000 ops it
    /// is a large array, and one made per run set off a full collection about every run. Not
    /// re-entrant: a check must not start another run on its thread (only an application's model
    /// code could).
    /// </summary>
    [ThreadStatic]
    private static List<CheckedOp>? t_checkedOps;

    /// <summary>
    /// The clients' ops in the order the replicas applied them (by sequence number), for the checker
    /// to try as a linearization before it searches, made as the checker reads it. An applied
    /// request that no client of the history invoked comes as an op of its own, which is in no
    /// history: the order is then no linearization, and the search decides alone.
    /// </summary>
    private IEnumerable<CheckedOp> TookEffect()
    {
        foreach (var (client, req) in _execution.AppliedInOrder())
        {
            var op = _history.Find(SlotOf(client), req) ?? new CheckedOp(client, req, default, 0);
            // A refused request changed nothing (its replica reports it applied, as a seq it used up).
            if (op.Outcome != OpOutcome.Fail) yield return op;
        }
    }

    /// <summary>Which replica's reply each client accepted, per request: names the replicas of a linearizability witness.</summary>
    /// <remarks>Per client slot, by request number (no hashing per reply).</remarks>
    private DenseMap<FtCore.Core.Ids.NodeId>?[]? _repliedBy;

    private void RecordReply(int slot, long req, FtCore.Core.Ids.NodeId replica) =>
        ((_repliedBy ??= new DenseMap<FtCore.Core.Ids.NodeId>?[_slots.Length])[slot] ??= new()).Set(req, replica);

    private bool TryRepliedBy(FtCore.Core.Ids.NodeId client, long req, out FtCore.Core.Ids.NodeId replica)
    {
        replica = default;
        var slot = SlotOf(client);
        return slot >= 0 && _repliedBy?[slot] is { } map && map.TryGetValue(req, out replica);
    }

    /// <summary>The clients of a witness's operations, then the replicas whose replies they accepted.</summary>
    private string[] WitnessProcesses(IReadOnlyList<HistoryEvent> witness)
    {
        var clients = witness.Select(w => w.Client.ToString()).Distinct();
        var replicas = witness.Where(w => w.Type == HistoryType.Ok && TryRepliedBy(w.Client, w.Req, out _))
            .Select(w => { TryRepliedBy(w.Client, w.Req, out var r); return r.ToString(); }).Distinct().Order(StringComparer.Ordinal);
        return clients.Concat(replicas).ToArray();
    }

    /// <summary>Invariant 5: after the last fault and a settle time, everything agrees and every request finished.</summary>
    private void CheckConverged()
    {
        var rm = RmRole;
        var view = rm.CurrentView;
        var live = new List<(FtCore.Core.Ids.NodeId Id, long Inc)>();
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            if (_slots[i].Alive) live.Add((_slots[i].Id, _slots[i].Incarnation));
        }
        var problems = new List<string>();
        var gfd = (Gfd)_slots[1].Role!;
        var totalOutage = live.Count == 0; // only a script kills every replica (m1): then no state survives to serve
        var gfdSet = gfd.Members.Select(m => (m.Replica, m.Incarnation)).ToList();
        if (!gfdSet.SequenceEqual(live)) problems.Add($"GFD membership [{string.Join(", ", gfdSet.Select(m => m.Replica))}] is not the live replicas [{string.Join(", ", live.Select(m => m.Id))}]");
        var viewSet = view.Members.Select(m => (m.Replica, m.Incarnation)).OrderBy(m => m.Replica).ToList();
        if (!totalOutage && !viewSet.SequenceEqual(live)) problems.Add($"RM view {view.Number} members [{string.Join(", ", viewSet.Select(m => m.Replica))}] are not the live replicas");
        foreach (var m in view.Members.Where(m => !m.Ready && !totalOutage)) problems.Add($"{m.Replica} is not ready in RM view {view.Number}");
        for (var i = _replicaBase; i < _clientBase; i++)
        {
            var s = _slots[i];
            if (s.Role is not Replica r) continue;
            if (!r.IsReady) problems.Add($"{s.Id} has i_am_ready = 0");
            else if (r.ViewNumber != view.Number) problems.Add($"{s.Id} is in view {r.ViewNumber}, the RM in {view.Number}");
        }
        for (var i = _clientBase; i < _slots.Length; i++)
        {
            if (!totalOutage && _slots[i].Role is Client { Idle: false } c) problems.Add($"{_slots[i].Id} request {c.OutstandingRequest} never completed");
        }
        if (problems.Count > 0)
        {
            _violations.Add(new Violation(ViolationKind.Liveness, Invariants.Converged, string.Join("; ", problems), _now,
                _slots.Select(s => s.Name).ToArray()));
        }
    }

    private void CheckUndetected()
    {
        foreach (var (replica, inc, at) in _detection.Undetected(_now, (r, i) => BoundUs(r)))
        {
            _violations.Add(new Violation(ViolationKind.Liveness, Invariants.Detection,
                $"{replica} (incarnation {inc}) crashed at {FtCore.Core.Events.ConsoleRenderer.Timestamp(at)} and was never declared failed", at,
                [replica.ToString(), _cluster.MachineOf(replica).ToString()]));
        }
    }

    private long BoundUs(FtCore.Core.Ids.NodeId replica)
    {
        var lfd = _slots[SlotOf(_cluster.MachineOf(replica))].Role as Lfd;
        return (lfd?.TimeoutMs ?? _cluster.LfdTimeoutMs) * 1000L + _net.MaxDelayUs(MaxSlowMs);
    }
}
