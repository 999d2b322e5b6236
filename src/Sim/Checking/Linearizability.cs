using System.Globalization;
using System.Text;
using FtCore.Core.App;
using FtCore.Core.History;

namespace FtCore.Sim.Checking;

/// <summary>What <see cref="Linearizability.Check"/> decided about a history.</summary>
public enum LinearizabilityVerdict
{
    Linearizable = 0,
    NotLinearizable = 1,
    /// <summary>The search budget ran out: not a pass.</summary>
    Undecided = 2,
}

/// <summary>
/// The checker's answer. For <see cref="LinearizabilityVerdict.NotLinearizable"/>,
/// <see cref="Explanation"/> names the first ok return that no linearization explains and
/// <see cref="Witness"/> holds the events of the ops overlapping it and of the last few ops before
/// it (at most 20, in time order);
/// <see cref="Key"/> is the kv key it happened on (null for the counter).
/// </summary>
public sealed record LinearizabilityResult(LinearizabilityVerdict Verdict, string Explanation, string? Key, IReadOnlyList<HistoryEvent> Witness)
{
    public bool IsLinearizable => Verdict == LinearizabilityVerdict.Linearizable;
}

/// <summary>
/// Linearizability of a client history (invariant 1 of docs/design.md) against the application's
/// sequential model (<see cref="Application{TCommand, TResult}.Model"/>). When the model gives
/// partition keys, each key's operations are checked on their own.
/// </summary>
/// <remarks>
/// An invoke with an ok completion took effect exactly once between its invoke and its ok, with that
/// result; with fail it never took effect; with info or no completion it took effect at most once,
/// at any time after its invoke, with any result. A completion at the same time as another op's
/// invoke is concurrent with it. The algorithm is described on the internal <c>LinearizabilitySearch</c> class, in the source.
/// </remarks>
public static class Linearizability
{
    public const long DefaultBudget = 2_000_000;

    private const int MaxWitnessEvents = 20;
    private const int MaxListedValues = 12;

    /// <summary>Checks <paramref name="history"/> (events in any order) against <paramref name="app"/>'s model.</summary>
    /// <param name="budget">Maximum configurations the search may visit, over all partitions; when it runs
    /// out the verdict is <see cref="LinearizabilityVerdict.Undecided"/>. After a violation, the few
    /// searches that pinpoint and explain it get their own budget (the same, capped at 500,000 each).</param>
    /// <exception cref="HistoryFormatException">The events do not pair up (a completion with no invoke,
    /// two invokes or two completions of one request, a completion before its invoke or for another op,
    /// an ok without result), or an operation or result is not the application's.</exception>
    /// <exception cref="ApplicationFaultException">The application's model (or its <c>Format</c>) threw.</exception>
    public static LinearizabilityResult Check(IApplication app, IReadOnlyList<HistoryEvent> history, long budget = DefaultBudget)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(history);
        return CheckOps(app, CheckedOp.Pair(history), budget);
    }

    /// <summary>
    /// Checks paired ops (the simulator's, which it pairs as the run goes): <paramref name="ops"/>
    /// sorted and numbered by <see cref="CheckedOp.SortByInvoke"/>, each completion for its invoke's operation.
    /// </summary>
    /// <param name="tookEffect">Optional: the ops of <paramref name="ops"/> in the order the system says
    /// they took effect (a simulated run's execution order). When that order is a linearization (see
    /// <see cref="IsLinearization"/>) the history is linearizable without a search; when it is not, the
    /// search decides and explains, as without it. For a model whose hints agree with its
    /// <c>Step</c> (as <see cref="SequentialModel{TCommand, TResult, TState}"/> requires) it only
    /// saves time: no verdict changes but an undecided one, which becomes the pass it was.</param>
    internal static LinearizabilityResult CheckOps(IApplication app, List<CheckedOp> ops, long budget, IEnumerable<CheckedOp>? tookEffect = null)
    {
        try
        {
            return app.Accept(new TypedCheck(ops, budget, tookEffect));
        }
        catch (Exception e) when (e is not (HistoryFormatException or ApplicationFaultException or OutOfMemoryException or InsufficientExecutionStackException))
        {
            // Everything the search calls beyond FtCore's own code is the application's: its model's Initial, Step and hints, its Format.
            throw new ApplicationFaultException(app.Name, "model", e);
        }
    }

    /// <summary>Decodes the history with the application's types, then checks it against its model.</summary>
    private sealed class TypedCheck(List<CheckedOp> ops, long budget, IEnumerable<CheckedOp>? tookEffect) : IApplicationVisitor<LinearizabilityResult>
    {
        public LinearizabilityResult Visit<TCommand, TResult>(Application<TCommand, TResult> app)
        {
            // The order given is tried first, decoding as it goes: a passing run makes no array per op.
            if (tookEffect is not null && app.Model.Accept(new WitnessCheck<TCommand, TResult>(app, ops, tookEffect)))
            {
                return Linearizable(ops, ", the order they took effect is a linearization");
            }
            var commands = new TCommand[ops.Count];
            var results = new TResult[ops.Count];
            var ok = new bool[ops.Count];
            for (var i = 0; i < ops.Count; i++)
            {
                var op = ops[i];
                commands[i] = DecodeCommand(app, op);
                ok[i] = op.Outcome == OpOutcome.Ok;
                if (ok[i]) results[i] = DecodeResult(app, op);
            }
            return app.Model.Accept(new ModelCheck<TCommand, TResult>(app, ops, commands, results, ok, budget));
        }
    }

    private static TCommand DecodeCommand<TCommand, TResult>(Application<TCommand, TResult> app, CheckedOp op)
    {
        try
        {
            return app.Decode(op.Op);
        }
        catch (FormatException e)
        {
            throw new HistoryFormatException($"{op.Client} req {op.Req}: not a {app.Name} operation: {e.Message}");
        }
    }

    private static TResult DecodeResult<TCommand, TResult>(Application<TCommand, TResult> app, CheckedOp op)
    {
        try
        {
            return app.DecodeResult(op.Result);
        }
        catch (FormatException e)
        {
            throw new HistoryFormatException($"{op.Client} req {op.Req}: not a {app.Name} result: {e.Message}");
        }
    }

    private sealed class WitnessCheck<TCommand, TResult>(Application<TCommand, TResult> app, List<CheckedOp> ops, IEnumerable<CheckedOp> order)
        : IModelVisitor<TCommand, TResult, bool>
    {
        public bool Visit<TState>(SequentialModel<TCommand, TResult, TState> model)
        {
            try
            {
                return IsLinearization(app, model, ops, order);
            }
            catch (HistoryFormatException)
            {
                // An op that is not the application's: the full check reports it, as it would have without the order.
                return false;
            }
        }
    }

    private sealed class ModelCheck<TCommand, TResult>(
        Application<TCommand, TResult> app, List<CheckedOp> ops, TCommand[] commands, TResult[] results, bool[] ok, long budget)
        : IModelVisitor<TCommand, TResult, LinearizabilityResult>
    {
        public LinearizabilityResult Visit<TState>(SequentialModel<TCommand, TResult, TState> model)
        {
            var byKey = new Dictionary<string, List<CheckedOp>>(StringComparer.Ordinal);
            var unkeyed = new List<CheckedOp>();
            foreach (var op in ops)
            {
                op.IsReadOnly = model.IsReadOnly(commands[op.Index]);
                var key = model.PartitionKey(commands[op.Index]);
                if (key is null)
                {
                    unkeyed.Add(op);
                    continue;
                }
                if (!byKey.TryGetValue(key, out var list)) byKey.Add(key, list = []);
                list.Add(op);
            }
            var partitions = new List<(string? Key, List<CheckedOp> Ops)>();
            if (unkeyed.Count > 0 || byKey.Count == 0) partitions.Add((null, unkeyed));
            var keys = byKey.Keys.ToList();
            keys.Sort(StringComparer.Ordinal);
            foreach (var key in keys) partitions.Add((key, byKey[key]));
            return CheckPartitions(ops, partitions, byKey.Count > 0, budget, relevant =>
            {
                var c = new TCommand[relevant.Count];
                var r = new TResult[relevant.Count];
                var k = new bool[relevant.Count];
                for (var i = 0; i < relevant.Count; i++)
                {
                    var at = relevant[i].Index;
                    c[i] = commands[at];
                    r[i] = results[at];
                    k[i] = ok[at];
                }
                return new TypedModel<TCommand, TResult, TState>(app, model, c, r, k);
            });
        }
    }

    private static LinearizabilityResult CheckPartitions(
        List<CheckedOp> ops, List<(string? Key, List<CheckedOp> Ops)> partitions, bool keyed, long budget, Func<List<CheckedOp>, LinearizabilityModel> modelOf)
    {
        var remaining = budget;
        long steps = 0;
        LinearizabilityResult? failure = null;
        long failureTime = 0;
        foreach (var (key, partitionOps) in partitions)
        {
            // Fail ops never took effect; an unknown read has no effect and no result to explain.
            var relevant = partitionOps
                .Where(o => o.Outcome == OpOutcome.Ok || (o.Outcome == OpOutcome.Unknown && !o.IsReadOnly))
                .ToList();
            var model = modelOf(relevant);
            var search = new LinearizabilitySearch(model, relevant);
            var verdict = search.Run(ref remaining);
            steps += search.Steps;
            if (verdict == LinearizabilityVerdict.NotLinearizable)
            {
                var (index, explanation) = Diagnose(model, search, relevant, DiagnosisBudget(budget));
                var failed = relevant[index];
                if (failure is null || failed.ReturnNs < failureTime)
                {
                    failure = new LinearizabilityResult(LinearizabilityVerdict.NotLinearizable, explanation, key, Witness(failed, partitionOps));
                    failureTime = failed.ReturnNs;
                }
            }
            else if (verdict == LinearizabilityVerdict.Undecided)
            {
                if (failure is not null) return failure;
                var reached = search.FurthestOp < 0 ? "its first return" : Describe(relevant[search.FurthestOp], model.Format(search.FurthestOp)) + $" at t={relevant[search.FurthestOp].ReturnNs}";
                return new LinearizabilityResult(
                    LinearizabilityVerdict.Undecided,
                    $"undecided: the search budget of {budget} configurations ran out{(key is null ? "" : $" on key {Quote(key)}")} after reaching {reached} (return {search.FurthestReturn + 1} of {search.ReturnCount})",
                    key,
                    []);
            }
        }

        if (failure is not null) return failure;
        var keysPart = keyed ? $" on {partitions.Count} key{(partitions.Count == 1 ? "" : "s")}" : "";
        return Linearizable(ops, $"{keysPart}, {steps} configurations searched");
    }

    /// <summary>The linearizable answer: the ops counted, then <paramref name="tail"/> (how it was found).</summary>
    private static LinearizabilityResult Linearizable(List<CheckedOp> ops, string tail)
    {
        int okCount = 0, failCount = 0;
        foreach (var o in ops)
        {
            if (o.Outcome == OpOutcome.Ok) okCount++;
            else if (o.Outcome == OpOutcome.Fail) failCount++;
        }
        return new LinearizabilityResult(
            LinearizabilityVerdict.Linearizable,
            $"linearizable: {ops.Count} ops ({okCount} ok, {ops.Count - okCount - failCount} info or pending, {failCount} failed){tail}",
            null,
            []);
    }

    /// <summary>
    /// True when <paramref name="order"/> is a linearization of <paramref name="ops"/>: it holds every
    /// ok op once, no fail op (one that never took effect), and any unknown ones; applied one after
    /// another from the model's initial state (each partition key's from its own), each ok op gets
    /// its recorded result; and no op comes after one invoked later than it returned. That is the
    /// definition of linearizability with a witness, so a true answer needs no search. Each op is
    /// decoded as the order reaches it, and the ops it leaves out at the end, so that a true answer
    /// also means every op is the application's (<see cref="HistoryFormatException"/> otherwise).
    /// </summary>
    private static bool IsLinearization<TCommand, TResult, TState>(
        Application<TCommand, TResult> app, SequentialModel<TCommand, TResult, TState> model, List<CheckedOp> ops, IEnumerable<CheckedOp> order)
    {
        // One bit per op: in the order yet. A bit set rather than a bool per op, so that it stays a small array.
        var seen = new ulong[(ops.Count + 63) >> 6];
        var okInOrder = 0;
        // A keyed model's state is one key's: each key is stepped from the initial state on its own.
        var unkeyed = model.Initial;
        var byKey = new Dictionary<string, TState>(StringComparer.Ordinal);
        var latestInvoke = long.MinValue;
        foreach (var op in order)
        {
            var i = op.Index;
            if ((uint)i >= (uint)ops.Count || !ReferenceEquals(ops[i], op) || (seen[i >> 6] & (1UL << i)) != 0 || op.Outcome == OpOutcome.Fail) return false;
            seen[i >> 6] |= 1UL << i;
            var command = DecodeCommand(app, op);
            // An unknown read has no effect and no result to explain: as good as left out (the search leaves it out too).
            if (op.Outcome == OpOutcome.Unknown && model.IsReadOnly(command)) continue;
            // An op invoked after this one returned is already in the order before it: real time broken.
            if (latestInvoke > op.ReturnNs) return false;
            latestInvoke = Math.Max(latestInvoke, op.InvokeNs);
            var key = model.PartitionKey(command);
            var before = key is null ? unkeyed : byKey.TryGetValue(key, out var known) ? known : model.Initial;
            var after = model.Step(before, command, out var result);
            if (key is null) unkeyed = after;
            else byKey[key] = after;
            if (op.Outcome == OpOutcome.Ok)
            {
                if (!model.ResultMatches(result, DecodeResult(app, op))) return false;
                okInOrder++;
            }
        }
        var okTotal = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Outcome == OpOutcome.Ok) okTotal++;
            else if ((seen[i >> 6] & (1UL << i)) == 0) DecodeCommand(app, ops[i]);
        }
        return okInOrder == okTotal;
    }

    /// <summary>
    /// Finds the first ok return that no linearization gets past and says what it could have
    /// returned. The failed search cut some branches early (pruning 4), so it only brackets that
    /// return: it reached <see cref="LinearizabilitySearch.FurthestReturn"/> and every branch dies by
    /// <see cref="LinearizabilitySearch.MaxKillBound"/>. A binary search in between asks whether a
    /// given return can be passed, with pruning limited to ops returning no later than it, which is
    /// exact. Then a search with the failed op's result unconstrained collects every state it could
    /// have been linearized in.
    /// </summary>
    private static (int Op, string Explanation) Diagnose(LinearizabilityModel model, LinearizabilitySearch failedSearch, List<CheckedOp> ops, long cap)
    {
        var complete = true;
        var lo = failedSearch.FurthestReturn;
        var hi = Math.Max(lo, failedSearch.MaxKillBound);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var probe = new LinearizabilitySearch(model, ops, stopAtReturn: mid, pruneBefore: mid + 1, stopAtFirst: true);
            var budget = cap;
            var verdict = probe.Run(ref budget);
            if (verdict == LinearizabilityVerdict.NotLinearizable)
            {
                hi = mid;
            }
            else
            {
                complete &= verdict == LinearizabilityVerdict.Linearizable;
                lo = mid + 1;
            }
        }

        var index = failedSearch.OpOfReturn(lo);
        var op = ops[index];
        var explaining = new ExplainingModel(model, index);
        var search = new LinearizabilitySearch(explaining, ops, stopAtReturn: lo, pruneBefore: lo);
        var searchBudget = cap;
        complete &= search.Run(ref searchBudget) != LinearizabilityVerdict.Undecided;
        var states = search.StatesAtStop.Select(explaining.Before).Distinct().ToList();
        states.Sort(model.CompareStates);
        var results = new List<string>();
        foreach (var s in states)
        {
            var r = model.WouldReturn(s, index);
            if (!results.Contains(r, StringComparer.Ordinal)) results.Add(r);
        }

        var sb = new StringBuilder();
        sb.Append(Describe(op, model.Format(index))).Append(" returned ").Append(model.DescribeRecorded(index))
            .Append(" at t=").Append(op.ReturnNs.ToString(CultureInfo.InvariantCulture));
        if (results.Count == 0)
        {
            // Only when the diagnosis ran out of budget: the verdict itself is still exact.
            return (index, sb.Append(" but no linearization gets past it (the diagnosis ran out of budget before listing alternatives); invoked at t=")
                .Append(op.InvokeNs.ToString(CultureInfo.InvariantCulture)).ToString());
        }
        sb.Append(" but every linearization gives ").Append(complete ? "one of " : "(search cut short) one of ")
            .Append(ListOf(results));
        if (!op.IsReadOnly)
        {
            sb.Append(" (state before it one of ").Append(ListOf(states.Select(model.DescribeState).ToList())).Append(')');
        }
        sb.Append("; invoked at t=").Append(op.InvokeNs.ToString(CultureInfo.InvariantCulture));
        return (index, sb.ToString());
    }

    /// <summary>Each diagnosis search (after a failure) gets the caller's budget, capped so a failure report stays quick.</summary>
    private static long DiagnosisBudget(long budget) => Math.Clamp(budget, 10_000, 500_000);

    /// <summary>An op in explanations: "C1 req 104 add 5" (<paramref name="text"/>: the model's <see cref="LinearizabilityModel.Format"/>).</summary>
    private static string Describe(CheckedOp op, string text) => $"{op.Client} req {op.Req} {text}";

    /// <summary>A key in explanations: quoted, long keys shortened in the middle.</summary>
    private static string Quote(string s) => s.Length <= 40 ? $"\"{s}\"" : $"\"{s[..18]}...{s[^18..]}\" ({s.Length} chars)";

    private static string ListOf(List<string> values)
    {
        var shown = values.Take(MaxListedValues);
        var more = values.Count > MaxListedValues ? $", … ({values.Count - MaxListedValues} more)" : "";
        return "{" + string.Join(", ", shown) + more + "}";
    }

    /// <summary>
    /// The events of the failed op, of the ops overlapping it (nearest invoke first) and of the few
    /// ops that returned last before it was invoked (the usual cause of a stale read): at most
    /// <see cref="MaxWitnessEvents"/> events, in time order.
    /// </summary>
    private static List<HistoryEvent> Witness(CheckedOp failed, List<CheckedOp> partitionOps)
    {
        const int MaxOthers = (MaxWitnessEvents / 2) - 1;
        const int MinPreceding = 3;
        var overlapping = partitionOps
            .Where(p => p != failed
                && p.Outcome != OpOutcome.Fail
                && p.InvokeNs <= failed.ReturnNs
                && p.ReturnNs >= failed.InvokeNs)
            .OrderBy(p => Math.Abs((decimal)p.InvokeNs - failed.InvokeNs))
            .ThenBy(p => p.InvokeNs)
            .ThenBy(p => p.Client)
            .ThenBy(p => p.Req)
            .ToList();
        var preceding = partitionOps
            .Where(p => p.Outcome == OpOutcome.Ok && p.ReturnNs < failed.InvokeNs)
            .OrderByDescending(p => p.ReturnNs)
            .ThenBy(p => p.Client)
            .ThenBy(p => p.Req)
            .Take(MaxOthers)
            .ToList();
        var overlapTaken = Math.Min(overlapping.Count, MaxOthers - Math.Min(MinPreceding, preceding.Count));
        var chosen = overlapping.Take(overlapTaken)
            .Concat(preceding.Take(MaxOthers - overlapTaken))
            .Prepend(failed);
        var events = new List<HistoryEvent>();
        foreach (var p in chosen)
        {
            events.Add(p.InvokeEvent);
            if (p.CompletionEvent is { } done) events.Add(done);
        }
        events.Sort(static (a, b) =>
        {
            var c = a.TimeNs.CompareTo(b.TimeNs);
            if (c != 0) return c;
            c = (a.Type == HistoryType.Invoke ? 0 : 1).CompareTo(b.Type == HistoryType.Invoke ? 0 : 1);
            if (c != 0) return c;
            c = a.Client.CompareTo(b.Client);
            return c != 0 ? c : a.Req.CompareTo(b.Req);
        });
        return events;
    }
}
