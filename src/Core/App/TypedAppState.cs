namespace FtCore.Core.App;

/// <summary>A typed state machine behind the encoded face replicas use; user-code failures become refusals.</summary>
internal sealed class TypedAppState<TCommand, TResult>(Application<TCommand, TResult> app, IStateMachine<TCommand, TResult> state) : IAppState
{
    public OpResult Apply(Operation op)
    {
        TCommand command;
        try
        {
            command = app.Decode(op);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return OpResult.Refuse($"{app.Name} cannot decode the command ({op.Length} bytes): {e.Message}");
        }
        TResult result;
        try
        {
            result = state.Apply(command);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return OpResult.Refuse($"{app.Name} threw {e.GetType().Name} executing '{app.Format(command)}': {e.Message}");
        }
        return app.EncodeResult(result);
    }

    public byte[] Snapshot() => state.Snapshot();

    public void Restore(ReadOnlySpan<byte> snapshot) => state.Restore(snapshot);

    public ulong Digest() => state.Digest();

    public string? Check() => app.CheckState(state);

    public string Describe() => state.Describe();
}
