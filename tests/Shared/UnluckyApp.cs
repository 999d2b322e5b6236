using FtCore.Core.App;

namespace FtCore.Tests.Shared;

/// <summary>
/// A user application with a bug on one command: one total, <c>add N</c> returns the new total,
/// but <c>add 13</c> throws (before it changes anything). For tests of how replicas refuse a
/// command they cannot decode or execute. Its name is "unlucky" unless given.
/// </summary>
internal sealed class UnluckyApp(string name = "unlucky") : AdderApp(name)
{
    public const long Unlucky = 13;
    public const string Message = "13 is unlucky";

    public override IStateMachine<long, long> CreateStateMachine() => new State();

    private sealed class State : AdderState
    {
        public override long Apply(long command) =>
            command == Unlucky ? throw new InvalidOperationException(Message) : base.Apply(command);
    }
}
