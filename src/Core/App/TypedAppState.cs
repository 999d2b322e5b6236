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

    public byte[] Snapshot()
    {
        try
        {
            return state.Snapshot();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fault("Snapshot", e);
        }
    }

    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        try
        {
            state.Restore(snapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fault("Restore", e);
        }
    }

    public ulong Digest()
    {
        try
        {
            return state.Digest();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fault("Digest", e);
        }
    }

    public string? Check()
    {
        try
        {
            return app.CheckState(state);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fault("CheckState", e);
        }
    }

    public string Describe()
    {
        try
        {
            return state.Describe();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fault("Describe", e);
        }
    }

    private ApplicationFaultException Fault(string member, Exception e) => new(app.Name, member, e);
}
