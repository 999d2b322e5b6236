using System.Runtime.InteropServices;

namespace FtCore.Core.Checking;

/// <summary>
/// Checks one partition (the counter, or one kv key) by a depth-first "just-in-time" search with
/// memoization. Events are walked in time order; a configuration is (model state, pending ok ops
/// already linearized, unknown-outcome ops already linearized). At the ok return of op o the
/// search needs o linearized: it tries o itself first, then other pending ops in front of it (ok
/// ops must reproduce their results; info ops are unconstrained), one op per step, so every order
/// of pending ops is reachable. Then o is retired and the search moves on to the next return.
/// </summary>
/// <remarks>
/// <para>Completeness: in any linearization, the ops ordered before o are all invoked before o
/// returns (else real time would order them after o), so extending the prefix one pending op at a
/// time reaches every linearization. Ops returning at the same instant as another's invoke are
/// concurrent with it (invokes are processed first).</para>
/// <para>Pruning, each exact: (1) an ok observer (read, get, failed cas) whose result matches the
/// current state is linearized immediately: it cannot change the state, so doing it now loses
/// nothing. (2) Configurations are memoized per return point; since all ops before a return point
/// are invoked in every branch, a configuration seen before is either being explored or failed.
/// (3) A configuration is also pruned when a memoized one has the same state and ok set and a subset
/// of its info ops applied: info ops never have to take effect, so the smaller set can do anything
/// the larger can.</para>
/// <para>Depth-first order finds a linearization of a correct history directly, while the memo
/// bounds the work on a wrong one by the number of distinct configurations. The budget counts
/// configurations visited.</para>
/// </remarks>
internal sealed class LinearizabilitySearch
{
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

    private readonly Dictionary<NodeKey, InfoSets> _memo = [];
    private Frame[] _stack = new Frame[64];
    private int _depth;
    private int _furthest = -1;
    private readonly int _stopAt;
    private readonly List<long> _statesAtStop = [];

    /// <param name="ops">Ok and unknown-outcome ops that can change the state (no fail ops, no unknown reads).</param>
    /// <param name="stopAtReturn">Explaining mode: when the op of this return is linearized, record the
    /// state and treat the branch as a dead end, so the search enumerates every way to get there.</param>
    public LinearizabilitySearch(LinearizabilityModel model, IReadOnlyList<CheckedOp> ops, int stopAtReturn = -1)
    {
        _model = model;
        _stopAt = stopAtReturn;
        _ops = ops;
        var n = ops.Count;
        _isOk = new bool[n];
        _slot = new int[n];

        // Points: (time, 0 = invoke / 1 = return, op). Invokes first at equal times: concurrent.
        var points = new List<(long T, int Kind, int Op)>(2 * n);
        for (var i = 0; i < n; i++)
        {
            _isOk[i] = ops[i].Outcome == OpOutcome.Ok;
            points.Add((ops[i].InvokeNs, 0, i));
            if (_isOk[i]) points.Add((ops[i].ReturnNs, 1, i));
        }
        points.Sort((a, b) =>
        {
            var c = a.T.CompareTo(b.T);
            if (c != 0) return c;
            c = a.Kind.CompareTo(b.Kind);
            if (c != 0) return c;
            c = ops[a.Op].Client.CompareTo(ops[b.Op].Client);
            return c != 0 ? c : ops[a.Op].Req.CompareTo(ops[b.Op].Req);
        });

        var returnOp = new List<int>();
        var candidateStart = new List<int>();
        var candidates = new List<int>();
        var observerStart = new List<int>();
        var observers = new List<int>();
        var segmentStart = new List<int>();
        var segmentObservers = new List<int>();
        var infoCount = new List<int>();
        var infoOps = new List<int>();
        var pending = new List<int>();
        var slotUsed = new List<bool>();
        var others = new List<int>();

        segmentStart.Add(0);
        foreach (var (_, kind, op) in points)
        {
            if (kind == 0)
            {
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

            returnOp.Add(op);
            candidateStart.Add(candidates.Count);
            candidates.Add(op);
            others.Clear();
            foreach (var p in pending)
            {
                if (p != op && !model.IsObserver(p)) others.Add(p);
            }
            // Ops due soonest first: the likeliest to precede o.
            others.Sort((a, b) => ops[a].ReturnNs != ops[b].ReturnNs ? ops[a].ReturnNs.CompareTo(ops[b].ReturnNs) : a.CompareTo(b));
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
    }

    public int ReturnCount => _returnOp.Length;

    /// <summary>Index of the furthest ok return the search reached, -1 before it started.</summary>
    public int FurthestReturn => _furthest;

    /// <summary>The op at the furthest ok return the search reached (valid after a failed or undecided run).</summary>
    public int FurthestOp => _furthest < 0 ? -1 : _returnOp[_furthest];

    /// <summary>Explaining mode: the states of the configurations that linearized the stop op.</summary>
    public IReadOnlyList<long> StatesAtStop => _statesAtStop;

    /// <summary>Configurations visited (memoized).</summary>
    public long Steps { get; private set; }

    /// <summary>Runs the search. <paramref name="budget"/> is decremented per configuration visited.</summary>
    public LinearizabilityVerdict Run(ref long budget)
    {
        if (_returnOp.Length == 0) return LinearizabilityVerdict.Linearizable;
        var start = SaturateSegment(new Config(_model.Initial, default, default), 0);
        if (!Spend(ref budget)) return LinearizabilityVerdict.Undecided;
        Visit(0, start);
        Arrive(0);
        Push(new Frame(0, start));

        while (_depth > 0)
        {
            ref var top = ref _stack[_depth - 1];
            var j = top.J;
            var c = top.Config;
            var o = _returnOp[j];
            if (c.Ok.Contains(_slot[o]))
            {
                // o is linearized: retire it and move to the next return (a single successor).
                _depth--;
                if (j == _stopAt)
                {
                    _statesAtStop.Add(c.State);
                    continue;
                }
                if (j + 1 == _returnOp.Length) return LinearizabilityVerdict.Linearizable;
                var next = SaturateSegment(new Config(c.State, c.Ok.Remove(_slot[o]), c.Info), j + 1);
                if (!Spend(ref budget)) return LinearizabilityVerdict.Undecided;
                if (Visit(j + 1, next))
                {
                    Arrive(j + 1);
                    Push(new Frame(j + 1, next));
                }
                continue;
            }

            var okCount = _candidateStart[j + 1] - _candidateStart[j];
            var total = okCount + _infoCount[j];
            var pushed = false;
            while (top.Next < total)
            {
                var k = top.Next++;
                var p = k < okCount ? _candidates[_candidateStart[j] + k] : _infoOps[k - okCount];
                if (!TryExtend(c, p, j, out var child)) continue;
                if (!Spend(ref budget)) return LinearizabilityVerdict.Undecided;
                if (Visit(j, child))
                {
                    Push(new Frame(j, child));
                    pushed = true;
                    break;
                }
            }
            if (!pushed) _depth--;
        }
        return LinearizabilityVerdict.NotLinearizable;
    }

    private bool TryExtend(in Config c, int p, int j, out Config child)
    {
        child = default;
        if (_isOk[p] ? c.Ok.Contains(_slot[p]) : c.Info.Contains(_slot[p])) return false;
        if (!_model.TryApply(c.State, p, out var state)) return false;
        child = _isOk[p]
            ? new Config(state, c.Ok.Add(_slot[p]), c.Info)
            : new Config(state, c.Ok, c.Info.Add(_slot[p]));
        if (state != c.State)
        {
            child = Saturate(child, _observers, _observerStart[j], _observerStart[j + 1]);
        }
        return true;
    }

    private Config SaturateSegment(Config c, int j) => Saturate(c, _segmentObservers, _segmentStart[j], _segmentStart[j + 1]);

    /// <summary>Linearizes every listed ok observer whose result matches the current state.</summary>
    private Config Saturate(Config c, int[] list, int from, int to)
    {
        var ok = c.Ok;
        for (var i = from; i < to; i++)
        {
            var p = list[i];
            if (!ok.Contains(_slot[p]) && _model.TryApply(c.State, p, out _)) ok = ok.Add(_slot[p]);
        }
        return new Config(c.State, ok, c.Info);
    }

    private bool Spend(ref long budget)
    {
        Steps++;
        return --budget >= 0;
    }

    /// <summary>Records a configuration at return j; false when it (or one that dominates it) was seen.</summary>
    private bool Visit(int j, in Config c)
    {
        ref var sets = ref CollectionsMarshal.GetValueRefOrAddDefault(_memo, new NodeKey(j, c.State, c.Ok), out var exists);
        if (!exists)
        {
            sets = new InfoSets(c.Info);
            return true;
        }
        if (sets.First.IsSubsetOf(c.Info)) return false;
        if (sets.More is { } more)
        {
            foreach (var s in more)
            {
                if (s.IsSubsetOf(c.Info)) return false;
            }
        }
        (sets.More ??= []).Add(c.Info);
        return true;
    }

    private void Arrive(int j)
    {
        if (j > _furthest) _furthest = j;
    }

    private void Push(in Frame f)
    {
        if (_depth == _stack.Length) Array.Resize(ref _stack, _stack.Length * 2);
        _stack[_depth++] = f;
    }

    private readonly record struct Config(long State, SlotSet Ok, SlotSet Info);

    private readonly record struct NodeKey(int J, long State, SlotSet Ok);

    private struct InfoSets
    {
        public InfoSets(SlotSet first)
        {
            First = first;
        }

        public SlotSet First;
        public List<SlotSet>? More;
    }

    private struct Frame
    {
        public Frame(int j, Config config)
        {
            J = j;
            Config = config;
        }

        public int J;
        public Config Config;
        public int Next;
    }
}
