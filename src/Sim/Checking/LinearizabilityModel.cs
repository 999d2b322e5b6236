using System.Globalization;
using System.Text;
using FtCore.Core.App;

namespace FtCore.Sim.Checking;

/// <summary>
/// The sequential specification the checker linearizes against, over the operations of one
/// partition (indexed 0..n-1). A state is a long: the counter's value, or for one kv key the
/// interned id of its value (-1 when absent), so configurations hash and compare cheaply.
/// </summary>
internal abstract class LinearizabilityModel
{
    public abstract long Initial { get; }

    /// <summary>
    /// Applies op in state; for ok ops also checks the recorded result (false when it differs).
    /// Unknown-outcome (info) ops are unconstrained.
    /// </summary>
    public abstract bool TryApply(long state, int op, out long next);

    /// <summary>The state after op, ignoring its recorded result.</summary>
    public abstract long Next(long state, int op);

    /// <summary>What op would return in state (for explanations), ignoring its recorded result.</summary>
    public abstract string WouldReturn(long state, int op);

    /// <summary>
    /// An ok op whose application never changes the state when its recorded result matches (read,
    /// get, cas that returned false). Linearizing it as soon as it matches is always safe.
    /// </summary>
    public abstract bool IsObserver(int op);

    /// <summary>
    /// An op whose effect and result do not depend on the state (kv put): if another blind write
    /// follows it with nothing in between, nothing can tell whether it happened.
    /// </summary>
    public virtual bool IsBlindWrite(int op) => false;

    /// <summary>The state op needs right before it, when it needs one (an ok read's result).</summary>
    public virtual bool TryGetRequiredBefore(int op, out long state)
    {
        state = 0;
        return false;
    }

    /// <summary>
    /// Whether applying op in some state could leave the state at target (a necessary condition;
    /// true when unsure).
    /// </summary>
    public virtual bool MayProduce(int op, long target) => true;

    /// <summary>
    /// Whether some sequence of the given ops (each at most once, results ignored where the model
    /// cannot cheaply check them) could take the state from <paramref name="state"/> to
    /// <paramref name="target"/>; a necessary condition, true when unsure.
    /// </summary>
    public virtual bool CanReach(long state, long target, ReadOnlySpan<int> ops)
    {
        foreach (var p in ops)
        {
            if (MayProduce(p, target)) return true;
        }
        return false;
    }

    /// <summary>The state that requirements and <see cref="MayProduce"/> speak about (a wrapper's inner state).</summary>
    public virtual long Project(long state) => state;

    public abstract string DescribeState(long state);

    /// <summary>The recorded result of an ok op, as explanations show it.</summary>
    public abstract string DescribeRecorded(int op);

    /// <summary>Orders states for explanations: numerically or by value.</summary>
    public abstract int CompareStates(long a, long b);
}

internal sealed class CounterModel : LinearizabilityModel
{
    private readonly bool[] _isAdd;
    private readonly long[] _arg;
    private readonly bool[] _ok;
    private readonly long[] _result;

    public CounterModel(IReadOnlyList<CheckedOp> ops)
    {
        _isAdd = new bool[ops.Count];
        _arg = new long[ops.Count];
        _ok = new bool[ops.Count];
        _result = new long[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            _isAdd[i] = ops[i].Op.Kind == OpKind.Add;
            _arg[i] = ops[i].Op.Number;
            _ok[i] = ops[i].Outcome == OpOutcome.Ok;
            _result[i] = ops[i].Result.Number;
        }
    }

    public override long Initial => 0;

    public override bool TryApply(long state, int op, out long next)
    {
        next = _isAdd[op] ? unchecked(state + _arg[op]) : state;
        return !_ok[op] || _result[op] == next;
    }

    public override long Next(long state, int op) => _isAdd[op] ? unchecked(state + _arg[op]) : state;

    public override string WouldReturn(long state, int op) =>
        (_isAdd[op] ? unchecked(state + _arg[op]) : state).ToString(CultureInfo.InvariantCulture);

    public override bool IsObserver(int op) => _ok[op] && !_isAdd[op];

    public override bool TryGetRequiredBefore(int op, out long state)
    {
        state = _isAdd[op] ? unchecked(_result[op] - _arg[op]) : _result[op];
        return _ok[op];
    }

    public override bool MayProduce(int op, long target) => _isAdd[op] && (!_ok[op] || _result[op] == target);

    private const long MaxSumRange = 1 << 16;
    private ulong[] _sums = new ulong[4];
    private readonly List<int> _sumsOf = [];
    private long _sumsLow;
    private long _sumsHigh;
    private bool _sumsValid;
    private readonly List<long> _anchors = [];
    private readonly List<int> _chain = [];

    /// <summary>
    /// Info adds can add any sub-sum of their values; an ok add p can be passed through only from
    /// p.result - p.n and leaves p.result. So target is reachable only if it is an anchor (the
    /// state, or the result of an ok add reachable the same way) plus a sub-sum of the info adds.
    /// Relaxed (an info add may be counted on more than one leg), so it never prunes wrongly.
    /// </summary>
    public override bool CanReach(long state, long target, ReadOnlySpan<int> ops)
    {
        if (!SubsetSums(ops)) return true;
        var sums = _sums.AsSpan(0, (int)((_sumsHigh - _sumsLow) >> 6) + 1);

        // Anchors reachable through chains of ok adds, each pair (anchor, add) tried once.
        _anchors.Clear();
        _anchors.Add(state);
        _chain.Clear();
        foreach (var p in ops)
        {
            if (_ok[p] && _isAdd[p]) _chain.Add(p);
        }
        for (var i = 0; i < _anchors.Count && _chain.Count > 0; i++)
        {
            var a = _anchors[i];
            for (var k = _chain.Count - 1; k >= 0; k--)
            {
                var p = _chain[k];
                if (!IsSum(sums, unchecked(_result[p] - _arg[p]) - a)) continue;
                _anchors.Add(_result[p]);
                _chain.RemoveAt(k);
            }
        }
        foreach (var a in _anchors)
        {
            if (IsSum(sums, target - a)) return true;
        }
        return false;
    }

    /// <summary>
    /// Fills <see cref="_sums"/> with the sub-sums of the info adds among ops, or of a cached
    /// superset of them. False when the values are too large for a bit set.
    /// </summary>
    private bool SubsetSums(ReadOnlySpan<int> ops)
    {
        // Sums over a superset of these info adds still prune soundly (just less), so reuse them
        // while the info adds at hand are a subset of the cached ones (both lists in op order).
        var subset = _sumsValid;
        var cached = 0;
        foreach (var p in ops)
        {
            if (!subset) break;
            if (_ok[p] || !_isAdd[p]) continue;
            while (cached < _sumsOf.Count && _sumsOf[cached] < p) cached++;
            if (cached == _sumsOf.Count || _sumsOf[cached] != p) subset = false;
        }
        if (subset) return true;

        _sumsValid = false;
        _sumsOf.Clear();
        long low = 0, high = 0;
        foreach (var p in ops)
        {
            if (_ok[p] || !_isAdd[p]) continue;
            _sumsOf.Add(p);
            var v = _arg[p];
            if (v > MaxSumRange || v < -MaxSumRange) return false;
            if (v < 0) low += v;
            else high += v;
            if (high - low > MaxSumRange) return false;
        }

        // Bit (x - low) is set when x is a sum of some of the info adds.
        var words = (int)((high - low) >> 6) + 1;
        if (_sums.Length < words) _sums = new ulong[Math.Max(words, _sums.Length * 2)];
        var sums = _sums.AsSpan(0, words);
        sums.Clear();
        Set(sums, -low);
        foreach (var p in _sumsOf)
        {
            ShiftOr(sums, _arg[p]);
        }
        _sumsLow = low;
        _sumsHigh = high;
        _sumsValid = true;
        return true;
    }

    private bool IsSum(ReadOnlySpan<ulong> sums, long d) => d >= _sumsLow && d <= _sumsHigh && Get(sums, d - _sumsLow);

    private static void Set(Span<ulong> bits, long i) => bits[(int)(i >> 6)] |= 1UL << (int)(i & 63);

    private static bool Get(ReadOnlySpan<ulong> bits, long i) => (bits[(int)(i >> 6)] & (1UL << (int)(i & 63))) != 0;

    /// <summary>bits |= bits shifted by v (towards higher sums when v > 0).</summary>
    private static void ShiftOr(Span<ulong> bits, long v)
    {
        if (v == 0) return;
        var n = bits.Length;
        var wordShift = (int)(Math.Abs(v) >> 6);
        var bitShift = (int)(Math.Abs(v) & 63);
        if (v > 0)
        {
            for (var i = n - 1; i >= wordShift; i--)
            {
                var src = i - wordShift;
                var w = bits[src] << bitShift;
                if (bitShift != 0 && src > 0) w |= bits[src - 1] >> (64 - bitShift);
                bits[i] |= w;
            }
        }
        else
        {
            for (var i = 0; i + wordShift < n; i++)
            {
                var src = i + wordShift;
                var w = bits[src] >> bitShift;
                if (bitShift != 0 && src + 1 < n) w |= bits[src + 1] << (64 - bitShift);
                bits[i] |= w;
            }
        }
    }

    public override string DescribeState(long state) => state.ToString(CultureInfo.InvariantCulture);

    public override string DescribeRecorded(int op) => _result[op].ToString(CultureInfo.InvariantCulture);

    public override int CompareStates(long a, long b) => a.CompareTo(b);
}

/// <summary>One key of the kv store. Values are interned; -1 is "absent".</summary>
internal sealed class KvModel : LinearizabilityModel
{
    private const int Absent = -1;
    private const int Impossible = -2;

    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _ids = new(SampledStringComparer.Instance);

    private readonly OpKind[] _kind;
    private readonly bool[] _ok;
    /// <summary>put: value id; cas: expected id (Absent for null); append: unused.</summary>
    private readonly int[] _a;
    /// <summary>cas: new value id.</summary>
    private readonly int[] _b;
    /// <summary>append: the appended text.</summary>
    private readonly string[] _text;
    /// <summary>get/append: recorded result id (Absent for null; append null is Impossible); cas: 1 or 0.</summary>
    private readonly long[] _result;
    /// <summary>ok append: the id of its result without its text (the state it needs), or Impossible.</summary>
    private readonly long[] _before;
    /// <summary>Last checked (state, verdict) of each ok append: the check costs the length of the value.</summary>
    private readonly long[] _appendCacheState;
    private readonly bool[] _appendCacheOk;

    public KvModel(IReadOnlyList<CheckedOp> ops)
    {
        var n = ops.Count;
        _kind = new OpKind[n];
        _ok = new bool[n];
        _a = new int[n];
        _b = new int[n];
        _text = new string[n];
        _result = new long[n];
        _appendCacheState = new long[n];
        _appendCacheOk = new bool[n];
        _before = new long[n];
        for (var i = 0; i < n; i++)
        {
            var op = ops[i].Op;
            _kind[i] = op.Kind;
            _ok[i] = ops[i].Outcome == OpOutcome.Ok;
            _text[i] = "";
            _appendCacheState[i] = long.MinValue;
            var result = ops[i].Result;
            switch (op.Kind)
            {
                case OpKind.Get:
                    _result[i] = result.Text is null ? Absent : Intern(result.Text);
                    break;
                case OpKind.Put:
                    _a[i] = Intern(op.Text ?? "");
                    break;
                case OpKind.Append:
                    _text[i] = op.Text ?? "";
                    _result[i] = result.Text is null ? Impossible : Intern(result.Text);
                    _before[i] = result.Text is { } r && r.EndsWith(_text[i], StringComparison.Ordinal)
                        ? Intern(r[..^_text[i].Length])
                        : Impossible;
                    break;
                case OpKind.Cas:
                    _a[i] = op.Text is null ? Absent : Intern(op.Text);
                    _b[i] = Intern(op.Text2 ?? "");
                    _result[i] = result.Number;
                    break;
                default:
                    throw new InvalidOperationException($"kv does not support {op.Name}");
            }
        }
    }

    public override long Initial => Absent;

    public override bool TryApply(long state, int op, out long next)
    {
        switch (_kind[op])
        {
            case OpKind.Get:
                next = state;
                return !_ok[op] || _result[op] == state;
            case OpKind.Put:
                next = _a[op];
                return true;
            case OpKind.Cas:
                var success = state == _a[op];
                next = success ? _b[op] : state;
                return !_ok[op] || _result[op] == (success ? 1 : 0);
            default:
                return TryAppend(state, op, out next);
        }
    }

    public override long Next(long state, int op)
    {
        switch (_kind[op])
        {
            case OpKind.Get:
                return state;
            case OpKind.Put:
                return _a[op];
            case OpKind.Cas:
                return state == _a[op] ? _b[op] : state;
            default:
                var current = state == Absent ? "" : _strings[(int)state];
                return Intern(current + _text[op]);
        }
    }

    private bool TryAppend(long state, int op, out long next)
    {
        var current = state == Absent ? "" : _strings[(int)state];
        if (!_ok[op])
        {
            next = Intern(current + _text[op]);
            return true;
        }

        next = _result[op];
        if (_appendCacheState[op] == state) return _appendCacheOk[op];
        var ok = next >= 0 && IsConcatenation(_strings[(int)next], current, _text[op]);
        _appendCacheState[op] = state;
        _appendCacheOk[op] = ok;
        return ok;
    }

    private static bool IsConcatenation(string whole, string head, string tail) =>
        whole.Length == head.Length + tail.Length
        && whole.AsSpan().StartsWith(head.AsSpan())
        && whole.AsSpan(head.Length).SequenceEqual(tail.AsSpan());

    public override string WouldReturn(long state, int op)
    {
        switch (_kind[op])
        {
            case OpKind.Get:
                return DescribeValue(state);
            case OpKind.Put:
                return "nothing";
            case OpKind.Cas:
                return state == _a[op] ? "true" : "false";
            default:
                var current = state == Absent ? "" : _strings[(int)state];
                return Quote(current + _text[op]);
        }
    }

    public override bool IsBlindWrite(int op) => _kind[op] == OpKind.Put;

    public override bool TryGetRequiredBefore(int op, out long state)
    {
        state = 0;
        if (!_ok[op]) return false;
        switch (_kind[op])
        {
            case OpKind.Get:
                state = _result[op];
                return true;
            case OpKind.Cas when _result[op] == 1:
                state = _a[op];
                return true;
            case OpKind.Append:
                // An empty prefix is either "" or absent: no single state to require.
                state = _before[op];
                return state == Impossible || _strings[(int)state].Length > 0;
            default:
                return false;
        }
    }

    public override bool MayProduce(int op, long target) => _kind[op] switch
    {
        OpKind.Get => false,
        OpKind.Put => _a[op] == target,
        OpKind.Cas => (!_ok[op] || _result[op] == 1) && _b[op] == target,
        _ => _ok[op]
            ? _result[op] == target
            : target >= 0 && _strings[(int)target].EndsWith(_text[op], StringComparison.Ordinal),
    };

    public override bool IsObserver(int op) =>
        _ok[op] && (_kind[op] == OpKind.Get || (_kind[op] == OpKind.Cas && _result[op] == 0));

    public override string DescribeState(long state) => state == Absent ? "absent" : Quote(_strings[(int)state]);

    public override string DescribeRecorded(int op) => _kind[op] switch
    {
        OpKind.Get => DescribeValue(_result[op]),
        OpKind.Put => "nothing",
        OpKind.Cas => _result[op] == 1 ? "true" : _result[op] == 0 ? "false" : _result[op].ToString(CultureInfo.InvariantCulture),
        _ => _result[op] == Impossible ? "null" : DescribeValue(_result[op]),
    };

    public override int CompareStates(long a, long b)
    {
        if (a == b) return 0;
        if (a == Absent) return -1;
        if (b == Absent) return 1;
        return string.CompareOrdinal(_strings[(int)a], _strings[(int)b]);
    }

    private string DescribeValue(long id) => id == Absent ? "null" : Quote(_strings[(int)id]);

    private int Intern(string s)
    {
        if (_ids.TryGetValue(s, out var id)) return id;
        id = _strings.Count;
        _strings.Add(s);
        _ids.Add(s, id);
        return id;
    }

    /// <summary>A JSON-style quoted string, cut to 40 characters.</summary>
    internal static string Quote(string s)
    {
        const int Max = 40;
        var sb = new StringBuilder(Math.Min(s.Length, Max) + 8).Append('"');
        var n = Math.Min(s.Length, Max);
        for (var i = 0; i < n; i++)
        {
            var c = s[i];
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        sb.Append('"');
        if (s.Length > Max) sb.Append("…(").Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        return sb.ToString();
    }
}

/// <summary>
/// Ordinal string equality with a hash that samples at most 64 characters (plus the length), so
/// interning long appended values costs O(1) to hash. Only used for lookups, never iterated.
/// </summary>
internal sealed class SampledStringComparer : IEqualityComparer<string>
{
    public static readonly SampledStringComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        var h = new HashCode();
        h.Add(obj.Length);
        if (obj.Length <= 64)
        {
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
        }
        else
        {
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan(0, 16)));
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan(obj.Length - 32)));
            var step = obj.Length / 16;
            for (var i = 16; i < obj.Length - 32; i += step) h.Add(obj[i]);
        }
        return h.ToHashCode();
    }
}

/// <summary>
/// Wraps a model to explain a failed op: the target op is applied with its result unconstrained
/// and the state remembers the inner state the target was applied in, so a search that stops at the
/// target's return collects every state the target could have been linearized in.
/// </summary>
internal sealed class ExplainingModel : LinearizabilityModel
{
    private readonly LinearizabilityModel _inner;
    private readonly int _target;
    private readonly List<(long State, long Before, bool Applied)> _states = [];
    private readonly Dictionary<(long State, long Before, bool Applied), int> _ids = [];

    public ExplainingModel(LinearizabilityModel inner, int target)
    {
        _inner = inner;
        _target = target;
        Initial = Id(inner.Initial, 0, false);
    }

    public override long Initial { get; }

    /// <summary>The inner state the target op was applied in.</summary>
    public long Before(long state) => _states[(int)state].Before;

    public override bool TryApply(long state, int op, out long next)
    {
        var (inner, before, applied) = _states[(int)state];
        if (op == _target)
        {
            next = applied ? state : Id(_inner.Next(inner, op), inner, true);
            return !applied;
        }
        if (!_inner.TryApply(inner, op, out var n))
        {
            next = state;
            return false;
        }
        next = Id(n, before, applied);
        return true;
    }

    public override long Next(long state, int op) => TryApply(state, op, out var next) ? next : state;

    public override string WouldReturn(long state, int op) => _inner.WouldReturn(_states[(int)state].State, op);

    public override bool IsObserver(int op) => op != _target && _inner.IsObserver(op);

    public override bool IsBlindWrite(int op) => op != _target && _inner.IsBlindWrite(op);

    public override bool TryGetRequiredBefore(int op, out long state)
    {
        state = 0;
        return op != _target && _inner.TryGetRequiredBefore(op, out state);
    }

    public override bool MayProduce(int op, long target) => op == _target || _inner.MayProduce(op, target);

    public override long Project(long state) => _states[(int)state].State;

    public override bool CanReach(long state, long target, ReadOnlySpan<int> ops) => true;

    public override string DescribeState(long state) => _inner.DescribeState(_states[(int)state].State);

    public override string DescribeRecorded(int op) => _inner.DescribeRecorded(op);

    public override int CompareStates(long a, long b) => _inner.CompareStates(_states[(int)a].State, _states[(int)b].State);

    private int Id(long state, long before, bool applied)
    {
        if (_ids.TryGetValue((state, before, applied), out var id)) return id;
        id = _states.Count;
        _states.Add((state, before, applied));
        _ids.Add((state, before, applied), id);
        return id;
    }
}
