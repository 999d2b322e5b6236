namespace FtCore.Core.App;

/// <summary>
/// One replica's copy of an application's state. FtCore calls it from one thread, in log order, and
/// every replica must reach the same state from the same commands: no clocks, no randomness, no
/// I/O, no iteration over hash order. A command the state machine rejects should return a result
/// that says so (and change nothing); an exception is taken as a bug, and FtCore refuses the
/// request, so an Apply that throws must throw before it changes anything.
/// </summary>
public interface IStateMachine<TCommand, TResult>
{
    /// <summary>Executes one command and returns its result.</summary>
    TResult Apply(TCommand command);

    /// <summary>The whole state as bytes (checkpoints and state transfer).</summary>
    byte[] Snapshot();

    /// <summary>Replaces the whole state with one <see cref="Snapshot"/> made.</summary>
    void Restore(ReadOnlySpan<byte> snapshot);

    /// <summary>A 64-bit digest of the state: equal states have equal digests, on every machine.</summary>
    ulong Digest();

    /// <summary>The state as the console shows it (<c>my_state_S1 = ...</c>).</summary>
    string Describe();
}
