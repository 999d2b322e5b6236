using System.Diagnostics.CodeAnalysis;

namespace FtCore.Core.App;

/// <summary>
/// An application's sequential specification, which the linearizability checker holds client
/// histories against (as Porcupine's models): derive from
/// <see cref="SequentialModel{TCommand, TResult, TState}"/>.
/// </summary>
public abstract class SequentialModel<TCommand, TResult>
{
    private protected SequentialModel()
    {
    }

    /// <summary>
    /// Commands with different keys never affect each other, so each key's history is checked on
    /// its own (far faster). Null: one partition for everything.
    /// </summary>
    public virtual string? PartitionKey(TCommand command) => null;

    /// <summary>The command never changes the state: one whose outcome is unknown can be left out.</summary>
    public virtual bool IsReadOnly(TCommand command) => false;

    /// <summary>Gives the model, with its state type, to a checker.</summary>
    public abstract TOut Accept<TOut>(IModelVisitor<TCommand, TResult, TOut> visitor);
}

/// <summary>What a checker implements to receive a model with its state type.</summary>
public interface IModelVisitor<TCommand, TResult, out TOut>
{
    TOut Visit<TState>(SequentialModel<TCommand, TResult, TState> model);
}

/// <summary>
/// A sequential model over states of type <typeparamref name="TState"/>: an initial state and a
/// step. States must be values (equal states compare equal under <see cref="StateComparer"/>);
/// <see cref="Step"/> must not change the state it is given.
/// </summary>
public abstract class SequentialModel<TCommand, TResult, TState> : SequentialModel<TCommand, TResult>
{
    /// <summary>The state before any command.</summary>
    public abstract TState Initial { get; }

    /// <summary>The state after <paramref name="command"/> in <paramref name="state"/>, and the result it returns.</summary>
    public abstract TState Step(TState state, TCommand command, out TResult result);

    /// <summary>Whether a recorded result is the one the model expected.</summary>
    public virtual bool ResultMatches(TResult expected, TResult recorded) => EqualityComparer<TResult>.Default.Equals(expected, recorded);

    /// <summary>How states compare; the default uses the type's own equality (records compare by value).</summary>
    public virtual IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <summary>A state as the checker's explanations show it.</summary>
    public virtual string DescribeState(TState state) => state?.ToString() ?? "null";

    /// <summary>
    /// Optional, for speed: the result and next state of the command do not depend on the state
    /// (a blind write, as kv put). Must be true of the model when it says so.
    /// </summary>
    public virtual bool IsBlindWrite(TCommand command) => false;

    /// <summary>
    /// Optional, for speed: the one state in which <paramref name="command"/> returns
    /// <paramref name="recorded"/> (a counter add that returned 7 after adding 2 ran in 5). Must be
    /// exact when it answers.
    /// </summary>
    public virtual bool TryGetStateBefore(TCommand command, TResult recorded, [MaybeNullWhen(false)] out TState state)
    {
        state = default;
        return false;
    }

    /// <summary>
    /// Optional, for speed: false when no state makes <paramref name="command"/> return
    /// <paramref name="recorded"/> (a kv append whose result does not end with what it appended).
    /// </summary>
    public virtual bool CanReturn(TCommand command, TResult recorded) => true;

    /// <summary>
    /// Optional, for speed: the command, having returned <paramref name="recorded"/>, left the state
    /// as it was (a read; a cas that did not swap). Must be true of the model when it says so.
    /// </summary>
    public virtual bool ChangesNothing(TCommand command, TResult recorded) => IsReadOnly(command);

    /// <summary>
    /// Optional, for speed: whether executing <paramref name="command"/> in some state could leave
    /// <paramref name="target"/> (kv append: only a value ending with what it appends). True when unsure.
    /// </summary>
    public virtual bool MayLeave(TCommand command, TState target) => true;

    public sealed override TOut Accept<TOut>(IModelVisitor<TCommand, TResult, TOut> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }
}
