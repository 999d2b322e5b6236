namespace FtCore.Core.App;

/// <summary>One replica's state of an application, over encoded commands and results.</summary>
public interface IAppState
{
    /// <summary>
    /// Executes one command. A command that does not decode, or an application that throws, gives a
    /// refusal (<see cref="OpResult.Refused"/>) naming the cause, and the state is left as it was.
    /// </summary>
    OpResult Apply(Operation op);

    /// <summary>
    /// The state as bytes. This and the members below run the application's own code: when it
    /// throws they throw <see cref="ApplicationFaultException"/> naming the application and the member.
    /// </summary>
    byte[] Snapshot();

    /// <exception cref="ApplicationFaultException">The application's Restore threw (a snapshot it cannot read).</exception>
    void Restore(ReadOnlySpan<byte> snapshot);

    ulong Digest();

    /// <summary>The application's own check of the state (<see cref="Application{TCommand, TResult}.CheckState"/>): null when it holds, else what is wrong.</summary>
    string? Check();

    string Describe();
}
