using FtCore.Core.App;
using FtCore.Tests.Shared;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>A planted user bug: the model throws on <c>add 7</c>, so no history with one can be judged.</summary>
internal sealed class ThrowingModelApp() : AdderApp("throwingmodel")
{
    public override SequentialModel<long, long> Model { get; } = new ThrowingModel();

    private sealed class ThrowingModel : SequentialModel<long, long, long>
    {
        public override long Initial => 0;

        public override long Step(long state, long command, out long result) =>
            command == 7 ? throw new InvalidOperationException("no sevens in this model") : result = state + command;
    }
}

/// <summary>A planted user bug: the workload throws when it draws a 9.</summary>
internal sealed class ThrowingWorkloadApp() : AdderApp("throwingworkload")
{
    public override long NextCommand(IRandomSource random)
    {
        var n = base.NextCommand(random);
        return n == 9 ? throw new InvalidOperationException("nine is not a command") : n;
    }
}

/// <summary>A planted user bug in presentation only: Format and FormatResult throw on <c>add 3</c>.</summary>
internal sealed class ThrowingFormatApp() : AdderApp("throwingformat")
{
    public override string Format(long command) => command == 3 ? throw new InvalidOperationException("three will not print") : base.Format(command);

    public override string FormatResult(long command, long result) => command == 3 ? throw new InvalidOperationException("nor will its result") : base.FormatResult(command, result);
}
