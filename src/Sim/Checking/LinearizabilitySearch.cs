using System.Runtime.InteropServices;

namespace FtCore.Sim.Checking;

/// <summary>
/// Checks one partition (the counter, or one kv key) by a depth-first "just-in-time" search with
/// memoization. Events are walked in time order; a configuration is the model state plus which
/// pending ops are already linearized. At the ok return of op o the search needs o linearized: it
/// extends the configuration by pending ops in front of o (ok ops must reproduce their results,
/// info ops are unconstrained), shortest extensions first, and each extension that linearizes o is
/// a branch; then o is retired and the search goes on to the next return. Failing branches
/// backtrack to the latest return with untried extensions.
/// </summary>
/// <remarks>
/// <para>Completeness: in any linearization, the ops ordered before o are all invoked before o
/// returns (else real time would order them after o), so extending the prefix one pending op at a
/// time reaches every linearization. Ops returning at the same instant as another's invoke are
/// concurrent with it (invokes are processed first).</para>
/// <para>Pruning, each exact:
/// (1) an ok observer (read, get, failed cas) whose result matches the state is linearized at once:
/// it cannot change the state, so doing it now loses nothing.
/// (2) Configurations are memoized per return; all ops before a return are invoked in every branch,
/// so a configuration seen before was explored already. A configuration is also pruned when a seen
/// one is at least as free: the same state and ok set, a subset of the info ops applied (info ops
/// never have to take effect), at least the same room for retroactive writes and no more
/// restrictions.
/// (3) A blind write (kv put) right after an unobserved write hides it. If the hidden op is an info
/// op, dropping it changes nothing. If it is a pending ok put, it is instead inserted retroactively
/// at its own return, just before the last blind write of the prefix, which is allowed when it was
/// invoked no later than that write and everything after it returned; so sequences that hide writes
/// are never generated.
/// (4) When a pending ok op needs a specific state before it (a read's result, the prefix of an
/// append's result, a cas's expected value, the value before an add), the state differs, and every
/// op that could produce it around that op's interval has been used up, the configuration is dead.
/// For o itself the model also gets a stronger, still relaxed, test over the pending ops (the
/// counter: is the needed value an ok-add result or the state plus a sub-sum of info adds).
/// (5) Info ops that do exactly the same thing are interchangeable once both are invoked, so they
/// are applied in invoke order only.</para>
/// <para>The budget counts configurations visited. Dominance is only checked against the first few
/// configurations of a group (same return, state and ok set); beyond that only exact repeats are
/// caught, which keeps each visit cheap when many info ops are pending.</para>
/// </remarks>
internal sealed class LinearizabilitySearch
{
    private const int NoHidden = -1;
    private const int MaxDominanceGroup = 32;

    private readonly LinearizabilityModel _model;
    private readonly IReadOnlyList<CheckedOp> _ops;

    // Per op.
    private readonly bool[] _isOk;
    private readonly int[] _slot;

    // Per ok return j (in time order).
    private readonly int[] _returnOp;
    private readonly int[] _candidateStart;
    private readonly int[] _candidates;
    private readonly int[] _observerStart;
    private readonly int[] _observers;
    private readonly int[] _segmentStart;
    private readonly int[] _segmentObservers;
    private readonly int[] _infoCount;
    private readonly int[] _infoOps;

    /// <summary>Per info op: the previous info op (in invoke order) doing exactly the same, or -1.</summary>
    private readonly int[] _infoTwin;

    // Per op, for pruning (4): the return index from which it is pending, its own return index,
    // the state it needs before it, and the ops that could produce that state around its interval.
    private const int MaxProducers = 64;
    private readonly int[] _firstReturn;
    private readonly int[] _returnIndex;
    private readonly bool[] _hasRequirement;
    private readonly long[] _requirement;
    private readonly int[] _producerStart;
    private readonly int[] _producers;

    private readonly Dictionary<NodeKey, ExtraSet> _memo;

    /// <summary>
    /// The frames' queues, one after another: only the top frame's queue grows (at the end), and
    /// popping a frame drops its queue, so one array serves them all.
    /// </summary>
    private Config[] _queues;
    private int _queued;
    private Frame[] _stack;
    private int _depth;
    private int _furthest = -1;
    private readonly int _stopAt;
    private readonly int _pruneBefore;
    private readonly bool _stopAtFirst;
    private int _maxKillBound = -1;
    private readonly List<long> _statesAtStop = [];
    private readonly List<int> _scratch = [];

    /// <param name="ops">Ok and unknown-outcome ops that can change the state (no fail ops, no unknown reads).</param>
    /// <param name="stopAtReturn">Diagnosis: when the op of this return is linearized, record the state
    /// and treat the branch as a dead end, so the search enumerates every way to get there.</param>
    /// <param name="pruneBefore">Pruning (4) only uses ops returning before this return (so that a
    /// diagnosis search is exact about reaching its stop return).</param>
    /// <param name="stopAtFirst">Diagnosis: succeed as soon as the stop return is passed once.</param>
    public LinearizabilitySearch(LinearizabilityModel model, IReadOnlyList<CheckedOp> ops, int stopAtReturn = -1, int pruneBefore = int.MaxValue, bool stopAtFirst = false)
    {
        _model = model;
        _stopAt = stopAtReturn;
        _pruneBefore = pruneBefore;
        _stopAtFirst = stopAtFirst;
        _ops = ops;
        var n = ops.Count;
        _isOk = new bool[n];
        _slot = new int[n];
        _firstReturn = new int[n];
        _returnIndex = new int[n];
        Array.Fill(_returnIndex, int.MaxValue);
        var invokePosition = new int[n];
        var returnPosition = new int[n];

        // Points: (time, 0 = invoke / 1 = return, op). Invokes first at equal times: concurrent.
        var points = new List<(long T, int Kind, int Op)>(2 * n);
        for (var i = 0; i < n; i++)
        {
            _isOk[i] = ops[i].Outcome == OpOutcome.Ok;
            points.Add((ops[i].InvokeNs, 0, i));
            if (_isOk[i]) points.Add((ops[i].ReturnNs, 1, i));
        }
        CollectionsMarshal.AsSpan(points).Sort(new PointOrder(ops));

        // At most one return per op: sized once, no list regrows.
        var returnOp = new List<int>(n);
        var candidateStart = new List<int>(n + 1);
        var candidates = new List<int>(n);
        var observerStart = new List<int>(n + 1);
        var observers = new List<int>();
        var segmentStart = new List<int>(n + 1);
        var segmentObservers = new List<int>();
        var infoCount = new List<int>(n);
        var infoOps = new List<int>();
        var pending = new List<int>();
        var slotUsed = new List<bool>();
        var others = new List<int>();

        segmentStart.Add(0);
        for (var position = 0; position < points.Count; position++)
        {
            var (_, kind, op) = points[position];
            if (kind == 0)
            {
                invokePosition[op] = position;
                _firstReturn[op] = returnOp.Count;
                if (_isOk[op])
                {
                    var slot = slotUsed.IndexOf(false);
                    if (slot < 0)
                    {
                        slot = slotUsed.Count;
                        slotUsed.Add(true);
                    }
                    slotUsed[slot] = true;
                    _slot[op] = slot;
                    pending.Add(op);
                    if (model.IsObserver(op)) segmentObservers.Add(op);
                }
                else
                {
                    _slot[op] = infoOps.Count;
                    infoOps.Add(op);
                }
                continue;
            }

            returnPosition[op] = position;
            _returnIndex[op] = returnOp.Count;
            returnOp.Add(op);
            candidateStart.Add(candidates.Count);
            candidates.Add(op);
            others.Clear();
            foreach (var p in pending)
            {
                if (p == op || model.IsObserver(p)) continue;
                // Ops due soonest first, the likeliest to precede o: an insertion, as a handful are pending at once.
                var at = others.Count;
                others.Add(p);
                while (at > 0 && DueBefore(ops, p, others[at - 1]))
                {
                    others[at] = others[at - 1];
                    at--;
                }
                others[at] = p;
            }
            candidates.AddRange(others);
            observerStart.Add(observers.Count);
            foreach (var p in pending)
            {
                if (model.IsObserver(p)) observers.Add(p);
            }
            infoCount.Add(infoOps.Count);
            segmentStart.Add(segmentObservers.Count);
            pending.Remove(op);
            slotUsed[_slot[op]] = false;
        }

        candidateStart.Add(candidates.Count);
        observerStart.Add(observers.Count);
        _returnOp = [.. returnOp];
        _candidateStart = [.. candidateStart];
        _candidates = [.. candidates];
        _observerStart = [.. observerStart];
        _observers = [.. observers];
        _segmentStart = [.. segmentStart];
        _segmentObservers = [.. segmentObservers];
        _infoCount = [.. infoCount];
        _infoOps = [.. infoOps];
        _infoTwin = new int[n];
        Array.Fill(_infoTwin, -1);
        var lastSame = new Dictionary<FtCore.Core.App.Operation, int>();
        foreach (var p in _infoOps)
        {
            if (lastSame.TryGetValue(ops[p].Op, out var twin)) _infoTwin[p] = twin;
            lastSame[ops[p].Op] = p;
        }

        _hasRequirement = new bool[n];
        _requirement = new long[n];
        _producerStart = new int[n + 1];
        var producers = new List<int>();
        var mine = new List<int>();
        for (var q = 0; q < n; q++)
        {
            _producerStart[q] = producers.Count;
            if (!_isOk[q] || !model.TryGetRequiredBefore(q, out var required)) continue;
            mine.Clear();
            // Ops pending when q is invoked are all still pending at the first return after it.
            var j0 = _firstReturn[q];
            for (var k = _candidateStart[j0]; k < _candidateStart[j0 + 1]; k++)
            {
                var p = _candidates[k];
                if (p != q && model.MayProduce(p, required)) mine.Add(p);
            }
            for (var position = invokePosition[q] + 1; position < returnPosition[q]; position++)
            {
                var (_, kind, p) = points[position];
                if (kind == 0 && _isOk[p] && model.MayProduce(p, required)) mine.Add(p);
            }
            foreach (var p in _infoOps)
            {
                if (invokePosition[p] < returnPosition[q] && model.MayProduce(p, required)) mine.Add(p);
            }
            if (mine.Count > MaxProducers) continue;
            _hasRequirement[q] = true;
            _requirement[q] = required;
            producers.AddRange(mine);
        }
        _producerStart[n] = producers.Count;
        _producers = [.. producers];
        // A search that goes straight through records two configurations per return (the one that
        // linearizes its op, and the next return's entry) and keeps one frame with one queued
        // configuration per return: size them for that at once.
        _memo = new Dictionary<NodeKey, ExtraSet>((2 * _returnOp.Length) + 1);
        _stack = new Frame[_returnOp.Length + 1];
        _queues = new Config[_returnOp.Length + 16];
    }

    /// <summary>Op <paramref name="a"/> returns before <paramref name="b"/> (by index at equal times).</summary>
    private static bool DueBefore(IReadOnlyList<CheckedOp> ops, int a, int b)
    {
        var ra = ops[a].ReturnNs;
        var rb = ops[b].ReturnNs;
        return ra != rb ? ra < rb : a < b;
    }

    /// <summary>Points by time, invokes before returns at equal times, then by client and request.</summary>
    private readonly struct PointOrder(IReadOnlyList<CheckedOp> ops) : IComparer<(long T, int Kind, int Op)>
    {
        public int Compare((long T, int Kind, int Op) a, (long T, int Kind, int Op) b)
        {
            var c = a.T.CompareTo(b.T);
            if (c != 0) return c;
            c = a.Kind.CompareTo(b.Kind);
            if (c != 0) return c;
            c = ops[a.Op].Client.CompareTo(ops[b.Op].Client);
            return c != 0 ? c : ops[a.Op].Req.CompareTo(ops[b.Op].Req);
        }
    }

    public int ReturnCount => _returnOp.Length;

    /// <summary>The op that returns at ok return j.</summary>
    public int OpOfReturn(int j) => _returnOp[j];

    /// <summary>Index of the furthest ok return the search reached, -1 before it started.</summary>
    public int FurthestReturn => _furthest;

    /// <summary>The op at the furthest ok return the search reached (valid after a failed or undecided run).</summary>
    public int FurthestOp => _furthest < 0 ? -1 : _returnOp[_furthest];

    /// <summary>
    /// Every branch that pruning (4) cut fails at or before this return; with
    /// <see cref="FurthestReturn"/> it bounds where an unpruned search would have failed.
    /// </summary>
    public int MaxKillBound => _maxKillBound;

    /// <summary>Diagnosis: the states of the configurations that linearized the stop op.</summary>
    public IReadOnlyList<long> StatesAtStop => _statesAtStop;

    /// <summary>Configurations visited (memoized).</summary>
    public long Steps { get; private set; }

    /// <summary>Runs the search. <paramref name="budget"/> is decremented per configuration visited.</summary>
    public LinearizabilityVerdict Run(ref long budget)
    {
        if (_returnOp.Length == 0) return LinearizabilityVerdict.Linearizable;
        var start = SaturateSegment(new Config(_model.Initial, default, default, long.MinValue, NoHidden), 0);
        if (!Spend(ref budget)) return LinearizabilityVerdict.Undecided;
        Visit(0, start);
        var entered = Enter(0, start, ref budget);
        if (entered is Progress.Success or Progress.OutOfBudget) return Verdict(entered);

        while (_depth > 0)
        {
            ref var top = ref _stack[_depth - 1];
            var j = top.J;
            var o = _returnOp[j];
            var okCount = _candidateStart[j + 1] - _candidateStart[j];
            var retro = _model.IsBlindWrite(o) ? 1 : 0;
            var total = okCount + retro + _infoCount[j];
            var descended = false;

            // Breadth-first over the extensions of the entry configuration: each one that
            // linearizes o is a branch (depth-first); the others are extended further.
            while (top.Head < _queued && !descended)
            {
                var c = _queues[top.Head];
                while (top.Cursor < total)
                {
                    var k = top.Cursor++;
                    Config child;
                    if (retro == 1 && k == 1)
                    {
                        if (c.LastWriteReturnFloor < _ops[o].InvokeNs) continue;
                        child = c with { Ok = c.Ok.Add(_slot[o]) };
                    }
                    else
                    {
                        var index = k > 1 ? k - retro : k;
                        var p = index < okCount ? _candidates[_candidateStart[j] + index] : _infoOps[index - okCount];
                        if (!TryExtend(c, p, j, out child)) continue;
                    }
                    if (!Spend(ref budget)) return LinearizabilityVerdict.Undecided;
                    if (!child.Ok.Contains(_slot[o]))
                    {
                        if (!IsDead(child, j) && CanReachRequirement(child, j) && Visit(j, child))
                        {
                            Enqueue(child);
                        }
                        continue;
                    }
                    if (!Visit(j, child)) continue;
                    var progress = Enter(j, child, ref budget);
                    if (progress == Progress.Descended)
                    {
                        descended = true;
                        break;
                    }
                    if (progress != Progress.Continue) return Verdict(progress);
                }
                if (!descended)
                {
                    top.Head++;
                    top.Cursor = 0;
                }
            }

            if (!descended)
            {
                _queued = top.QueueStart;
                _depth--;
            }
        }
        return LinearizabilityVerdict.NotLinearizable;
    }

    private static LinearizabilityVerdict Verdict(Progress p) =>
        p == Progress.Success ? LinearizabilityVerdict.Linearizable : LinearizabilityVerdict.Undecided;

    /// <summary>
    /// Takes a configuration at return j forward through every return it already satisfies, then
    /// opens a frame at the first return it does not.
    /// </summary>
    private Progress Enter(int j, Config c, ref long budget)
    {
        while (true)
        {
            if (j > _furthest) _furthest = j;
            var o = _returnOp[j];
            if (IsDead(c, j)) return Progress.Continue;
            if (!c.Ok.Contains(_slot[o]))
            {
                if (!CanReachRequirement(c, j)) return Progress.Continue;
                Push(new Frame(j, _queued));
                Enqueue(c);
                return Progress.Descended;
            }
            if (j == _stopAt)
            {
                _statesAtStop.Add(c.State);
                return _stopAtFirst ? Progress.Success : Progress.Continue;
            }
            if (j + 1 == _returnOp.Length) return Progress.Success;
            c = SaturateSegment(c with { Ok = c.Ok.Remove(_slot[o]), Hidden = c.Hidden == o ? NoHidden : c.Hidden }, j + 1);
            j++;
            if (!Spend(ref budget)) return Progress.OutOfBudget;
            if (!Visit(j, c)) return Progress.Continue;
        }
    }

    private bool TryExtend(in Config c, int p, int j, out Config child)
    {
        child = default;
        if (_isOk[p] ? c.Ok.Contains(_slot[p]) : c.Info.Contains(_slot[p])) return false;
        // Identical info ops are interchangeable: apply them in invoke order only; see remark (5).
        if (!_isOk[p] && _infoTwin[p] >= 0 && !c.Info.Contains(_slot[_infoTwin[p]])) return false;
        var blind = _model.IsBlindWrite(p);
        // A blind write right after an unobserved write hides it; see remark (3).
        if (blind && c.Hidden != NoHidden) return false;
        if (!_model.TryApply(c.State, p, out var state)) return false;
        var returnNs = _ops[p].ReturnNs;
        var hides = blind || (!_isOk[p] && state != c.State);
        child = new Config(
            state,
            _isOk[p] ? c.Ok.Add(_slot[p]) : c.Ok,
            _isOk[p] ? c.Info : c.Info.Add(_slot[p]),
            blind ? returnNs : Math.Min(c.LastWriteReturnFloor, returnNs),
            hides ? p : NoHidden);
        if (state != c.State)
        {
            child = Saturate(child, _observers, _observerStart[j], _observerStart[j + 1]);
        }
        return true;
    }

    /// <summary>
    /// Pruning (4): some pending ok op not yet linearized needs a state other than the current one,
    /// and every op that could produce that state before it returns is already used up.
    /// </summary>
    private bool IsDead(in Config c, int j)
    {
        for (var k = _candidateStart[j]; k < _candidateStart[j + 1]; k++)
        {
            if (Starved(c, j, _candidates[k])) return Killed(_candidates[k]);
        }
        for (var k = _observerStart[j]; k < _observerStart[j + 1]; k++)
        {
            if (Starved(c, j, _observers[k])) return Killed(_observers[k]);
        }
        return false;
    }

    /// <summary>
    /// Pruning (4) for o itself, with the model's full reachability test over the pending ops not
    /// yet applied (for the counter: sums of info adds and chains of ok adds).
    /// </summary>
    private bool CanReachRequirement(in Config c, int j)
    {
        var o = _returnOp[j];
        if (!_hasRequirement[o] || j >= _pruneBefore) return true;
        var required = _requirement[o];
        var state = _model.Project(c.State);
        if (state == required) return true;
        _scratch.Clear();
        for (var k = _candidateStart[j] + 1; k < _candidateStart[j + 1]; k++)
        {
            var p = _candidates[k];
            if (!c.Ok.Contains(_slot[p])) _scratch.Add(p);
        }
        for (var k = 0; k < _infoCount[j]; k++)
        {
            var p = _infoOps[k];
            if (!c.Info.Contains(_slot[p])) _scratch.Add(p);
        }
        if (_model.CanReach(state, required, CollectionsMarshal.AsSpan(_scratch))) return true;
        Killed(o);
        return false;
    }

    private bool Killed(int q)
    {
        _maxKillBound = Math.Max(_maxKillBound, _returnIndex[q]);
        return true;
    }

    private bool Starved(in Config c, int j, int q)
    {
        if (!_hasRequirement[q] || _returnIndex[q] >= _pruneBefore || c.Ok.Contains(_slot[q]) || _model.Project(c.State) == _requirement[q]) return false;
        for (var k = _producerStart[q]; k < _producerStart[q + 1]; k++)
        {
            var p = _producers[k];
            if (j < _firstReturn[p]) return false;
            if (_isOk[p] ? _returnIndex[p] >= j && !c.Ok.Contains(_slot[p]) : !c.Info.Contains(_slot[p])) return false;
        }
        return true;
    }

    private Config SaturateSegment(Config c, int j) => Saturate(c, _segmentObservers, _segmentStart[j], _segmentStart[j + 1]);

    /// <summary>Linearizes every listed ok observer whose result matches the current state.</summary>
    private Config Saturate(Config c, int[] list, int from, int to)
    {
        var ok = c.Ok;
        var floor = c.LastWriteReturnFloor;
        for (var i = from; i < to; i++)
        {
            var p = list[i];
            if (!ok.Contains(_slot[p]) && _model.TryApply(c.State, p, out _))
            {
                ok = ok.Add(_slot[p]);
                floor = Math.Min(floor, _ops[p].ReturnNs);
            }
        }
        return ok == c.Ok ? c : c with { Ok = ok, LastWriteReturnFloor = floor, Hidden = NoHidden };
    }

    private bool Spend(ref long budget)
    {
        Steps++;
        return --budget >= 0;
    }

    /// <summary>Records a configuration at return j; false when it (or one at least as free) was seen.</summary>
    private bool Visit(int j, in Config c)
    {
        var extra = new Extra(c.Info, c.LastWriteReturnFloor, c.Hidden);
        ref var sets = ref CollectionsMarshal.GetValueRefOrAddDefault(_memo, new NodeKey(j, c.State, c.Ok), out var exists);
        if (!exists)
        {
            sets = new ExtraSet(extra);
            return true;
        }
        if (sets.First.Dominates(extra)) return false;
        if (sets.More is { } more)
        {
            foreach (var s in more)
            {
                if (s.Dominates(extra)) return false;
            }
        }
        // Dominance checks are linear in the group, so big groups only catch exact repeats.
        if (sets.More is null || sets.More.Count < MaxDominanceGroup)
        {
            (sets.More ??= []).Add(extra);
            return true;
        }
        return (sets.Exact ??= []).Add(extra);
    }

    private void Enqueue(in Config c)
    {
        if (_queued == _queues.Length) Array.Resize(ref _queues, _queues.Length * 2);
        _queues[_queued++] = c;
    }

    private void Push(in Frame f)
    {
        if (_depth == _stack.Length) Array.Resize(ref _stack, _stack.Length * 2);
        _stack[_depth++] = f;
    }

    private enum Progress
    {
        Continue,
        Descended,
        Success,
        OutOfBudget,
    }

    /// <param name="LastWriteReturnFloor">The earliest return time among the last blind write of the
    /// prefix and everything after it (long.MinValue before any): a pending blind write invoked no
    /// later than this can be inserted just before that last write, where nothing sees it.</param>
    /// <param name="Hidden">The write applied last (a blind write, or an info op that changed the
    /// state) while nothing has observed it yet; NoHidden otherwise.</param>
    private readonly record struct Config(long State, SlotSet Ok, SlotSet Info, long LastWriteReturnFloor, int Hidden);

    private readonly record struct NodeKey(int J, long State, SlotSet Ok);

    /// <summary>The parts of a configuration where one can be strictly freer than another.</summary>
    private readonly record struct Extra(SlotSet Info, long LastWriteReturnFloor, int Hidden)
    {
        /// <summary>Fewer unknown ops used, more room for retroactive writes, fewer restrictions.</summary>
        public bool Dominates(in Extra other) =>
            Info.IsSubsetOf(other.Info)
            && LastWriteReturnFloor >= other.LastWriteReturnFloor
            && (Hidden == NoHidden || Hidden == other.Hidden);
    }

    private struct ExtraSet
    {
        public ExtraSet(Extra first)
        {
            First = first;
        }

        public Extra First;
        public List<Extra>? More;
        public HashSet<Extra>? Exact;
    }

    /// <summary>A return whose op is not yet linearized: a queue of extensions, breadth-first (from QueueStart in the shared queue array; Head indexes that array).</summary>
    private struct Frame
    {
        public Frame(int j, int queueStart)
        {
            J = j;
            QueueStart = queueStart;
            Head = queueStart;
        }

        public int J;
        public int QueueStart;
        public int Head;
        public int Cursor;
    }
}
