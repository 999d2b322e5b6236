using FtCore.Tests.Shared;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>
/// A planted user bug: the implementation adds N + 1 while the model (the adder's) adds N. Every
/// replica agrees; only the client history, held against the model, shows it.
/// </summary>
internal sealed class OffByOneApp() : AdderApp("offbyone")
{
    public override IStateMachine<long, long> CreateStateMachine() => new State();

    private sealed class State : AdderState
    {
        public override long Apply(long command) => base.Apply(command + 1);
    }
}
