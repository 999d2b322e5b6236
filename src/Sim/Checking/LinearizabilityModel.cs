namespace FtCore.Sim.Checking;

/// <summary>
/// The sequential specification the search linearizes against, over the operations of one
/// partition (indexed 0..n-1). A state is a long (an application's states are interned by
/// <see cref="TypedModel{TCommand, TResult, TState}"/>), so configurations hash and compare cheaply.
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

    /// <summary>The op as its application writes it ("add 5"), for explanations.</summary>
    public abstract string Format(int op);

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

    public override string Format(int op) => _inner.Format(op);

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
