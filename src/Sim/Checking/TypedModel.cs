using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using FtCore.Core.App;

namespace FtCore.Sim.Checking;

/// <summary>
/// An application's <see cref="SequentialModel{TCommand, TResult, TState}"/> over one partition's
/// operations, with its states interned to longs for the search. Each (state, op) step is computed
/// once; the model's optional hints become the search's prunings.
/// </summary>
internal sealed class TypedModel<TCommand, TResult, TState> : LinearizabilityModel
{
    private readonly Application<TCommand, TResult> _app;
    private readonly SequentialModel<TCommand, TResult, TState> _model;
    private readonly TCommand[] _command;
    private readonly TResult[] _recorded;
    private readonly bool[] _ok;
    private readonly List<TState> _states = [];
    private readonly Dictionary<StateKey, long> _ids;
    private readonly Dictionary<(long State, int Op), (long Next, bool Matches)> _steps = [];
    private readonly long _initial;
    /// <summary>
    /// A model whose states are longs (a counter, a sequence number) uses each state as its own id:
    /// no interning, no table. The sentinel <see cref="Impossible"/> is only ever a required state,
    /// and every step is still checked against the model, so a state equal to it changes no verdict.
    /// </summary>
    private static readonly bool Direct = typeof(TState) == typeof(long);

    /// <summary>The state an ok op needs when no state gives its result: never reached, so the search prunes at once.</summary>
    private static readonly long Impossible = Direct ? long.MinValue : -2;
    private static readonly JsonSerializerOptions JsonText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    /// <summary>Per op: 0 unknown yet, 1 its state after is fixed (in _produces), 2 it may produce anything, 3 it produces nothing new.</summary>
    private readonly byte[] _produceKind;
    private readonly long[] _produces;
    private readonly long[] _lastState;
    private readonly (long Next, bool Matches)[] _lastStep;
    /// <summary>Per op: the model says it never changes the state, so its next state is the state (no interning).</summary>
    private readonly bool[] _readOnly;

    public TypedModel(Application<TCommand, TResult> app, SequentialModel<TCommand, TResult, TState> model, TCommand[] commands, TResult[] recorded, bool[] ok)
    {
        _app = app;
        _model = model;
        _command = commands;
        _recorded = recorded;
        _ok = ok;
        _ids = new Dictionary<StateKey, long>(new StateKeyComparer(model.StateComparer));
        _produceKind = new byte[commands.Length];
        _lastState = new long[commands.Length];
        Array.Fill(_lastState, -1);
        _lastStep = new (long, bool)[commands.Length];
        _readOnly = new bool[commands.Length];
        for (var i = 0; i < commands.Length; i++) _readOnly[i] = model.IsReadOnly(commands[i]);
        _produces = new long[commands.Length];
        _initial = Intern(model.Initial);
    }

    public override long Initial => _initial;

    public override bool TryApply(long state, int op, out long next)
    {
        var (n, matches) = StepOf(state, op);
        next = n;
        return matches;
    }

    public override long Next(long state, int op) => StepOf(state, op).Next;

    public override string WouldReturn(long state, int op)
    {
        _model.Step(StateOf(state), _command[op], out var result);
        return Json(op, result);
    }

    public override string Format(int op) => _app.Format(_command[op]);

    public override bool IsObserver(int op) => _ok[op] && _model.ChangesNothing(_command[op], _recorded[op]);

    public override bool IsBlindWrite(int op) => _model.IsBlindWrite(_command[op]);

    public override bool TryGetRequiredBefore(int op, out long state)
    {
        state = 0;
        if (!_ok[op]) return false;
        if (!_model.CanReturn(_command[op], _recorded[op]))
        {
            state = Impossible;
            return true;
        }
        if (!_model.TryGetStateBefore(_command[op], _recorded[op], out var before)) return false;
        state = Intern(before);
        return true;
    }

    public override bool MayProduce(int op, long target)
    {
        if (_produceKind[op] == 0)
        {
            var command = _command[op];
            if (_readOnly[op] || (_ok[op] && _model.ChangesNothing(command, _recorded[op])))
            {
                _produceKind[op] = 3;
            }
            else if (TryGetRequiredBefore(op, out var before))
            {
                _produceKind[op] = before == Impossible ? (byte)3 : (byte)1;
                if (before != Impossible) _produces[op] = Next(before, op);
            }
            else if (_model.IsBlindWrite(command))
            {
                _produceKind[op] = 1;
                _produces[op] = Next(_initial, op);
            }
            else
            {
                _produceKind[op] = 2;
            }
        }
        return _produceKind[op] switch
        {
            1 => _produces[op] == target,
            2 => target != Impossible && _model.MayLeave(_command[op], StateOf(target)),
            _ => false,
        };
    }

    public override string DescribeState(long state) => state == Impossible ? "no state" : _model.DescribeState(StateOf(state));

    public override string DescribeRecorded(int op) => Json(op, _recorded[op]);

    /// <summary>A result as the history file writes it (strings quoted, cas true or false), long ones shortened.</summary>
    private string Json(int op, TResult result)
    {
        var text = _app.ResultToJson(_command[op], result)?.ToJsonString(JsonText) ?? "null";
        return text.Length <= 60 ? text : $"{text[..28]}...{text[^28..]} ({text.Length} chars)";
    }

    /// <summary>Numbers numerically, anything else by its text.</summary>
    public override int CompareStates(long a, long b)
    {
        if (a == b) return 0;
        var nullA = a == Impossible || StateOf(a) is null;
        var nullB = b == Impossible || StateOf(b) is null;
        if (nullA || nullB) return nullA == nullB ? a.CompareTo(b) : nullA ? -1 : 1;
        var x = DescribeState(a);
        var y = DescribeState(b);
        if (long.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m)
            && long.TryParse(y, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return m.CompareTo(n);
        }
        return string.CompareOrdinal(x, y);
    }

    private (long Next, bool Matches) StepOf(long state, int op)
    {
        // The search asks about one op in one state again and again: the last answer per op first.
        if (_lastState[op] == state) return _lastStep[op];
        // A state that is its own id (a long) steps cheaply: only interned states are worth remembering.
        if (Direct || !_steps.TryGetValue((state, op), out var step))
        {
            var next = _model.Step(StateOf(state), _command[op], out var expected);
            var matches = !_ok[op] || _model.ResultMatches(expected, _recorded[op]);
            step = (_readOnly[op] ? state : Intern(next), matches);
            if (!Direct) _steps.Add((state, op), step);
        }
        _lastState[op] = state;
        _lastStep[op] = step;
        return step;
    }

    private TState StateOf(long id) => Direct ? Unsafe.As<long, TState>(ref id) : _states[(int)id];

    private long Intern(TState state)
    {
        if (Direct) return Unsafe.As<TState, long>(ref state);
        if (_ids.TryGetValue(new StateKey(state), out var id)) return id;
        id = _states.Count;
        _states.Add(state);
        _ids.Add(new StateKey(state), id);
        return id;
    }

    /// <summary>A state as a dictionary key: a null state (kv's absent) is a state like any other.</summary>
    private readonly record struct StateKey(TState State);

    private sealed class StateKeyComparer(IEqualityComparer<TState> inner) : IEqualityComparer<StateKey>
    {
        public bool Equals(StateKey x, StateKey y) => x.State is null ? y.State is null : y.State is not null && inner.Equals(x.State, y.State);

        public int GetHashCode(StateKey key) => key.State is null ? 0 : inner.GetHashCode(key.State);
    }
}
