using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>The floor of sim-bench is a real event loop: seeded, repeatable, and it delivers what it is asked to.</summary>
public sealed class BareEventLoopTests
{
    [Fact]
    public void A_seed_replays_the_same_deliveries_and_another_seed_does_not()
    {
        Assert.Equal(BareEventLoop.Run(7, 10_000), BareEventLoop.Run(7, 10_000));
        Assert.NotEqual(BareEventLoop.Run(7, 10_000), BareEventLoop.Run(8, 10_000));
        Assert.NotEqual(BareEventLoop.Run(7, 10_000), BareEventLoop.Run(7, 10_001));
    }
}
