namespace FtCore.Core.App;

/// <summary>
/// An application's own code threw where FtCore cannot turn it into a refusal: its state machine's
/// <c>Snapshot</c>, <c>Restore</c>, <c>Digest</c> or <c>Describe</c>, or its <c>CheckState</c>.
/// The replica's state can no longer be trusted: the simulator reports a violation of the
/// application checks, a live replica stops.
/// </summary>
public sealed class ApplicationFaultException : Exception
{
    public ApplicationFaultException(string app, string member, Exception inner)
        : base($"{app}'s {member} threw {inner?.GetType().Name}: {inner?.Message}", inner)
    {
        App = app;
        Member = member;
    }

    public ApplicationFaultException()
        : base("an application's code threw")
    {
    }

    public ApplicationFaultException(string message)
        : base(message)
    {
    }

    public ApplicationFaultException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The application's name ("" when not given).</summary>
    public string App { get; } = "";

    /// <summary>What threw: Snapshot, Restore, Digest, Describe or CheckState ("" when not given).</summary>
    public string Member { get; } = "";
}
