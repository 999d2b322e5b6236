using FtCore.Tests.Shared;
using FtCore.Core.App;

namespace FtCore.Sim.Tests.UserApps;

/// <summary>A planted user bug: add N adds N plus a coin flip (0 or 1) from <see cref="Random.Shared"/>.</summary>
internal sealed class CoinFlipApp() : AdderApp("coinflip")
{
    public override IStateMachine<long, long> CreateStateMachine() => new State();

    private sealed class State : AdderState
    {
        public override long Apply(long command) => base.Apply(command + Random.Shared.Next(2));
    }
}
