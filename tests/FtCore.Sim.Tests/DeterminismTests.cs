using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Roles;
using FtCore.Sim;
using Xunit;

namespace FtCore.Sim.Tests;

public class DeterminismTests
{
    [Theory]
    [InlineData(ReplicationMode.Active, "counter", 11UL)]
    [InlineData(ReplicationMode.Passive, "kv", 12UL)]
    public void Same_seed_gives_the_same_transcript_and_history(ReplicationMode mode, string app, ulong seed)
    {
        var o = new SimOptions { Seed = seed, Mode = mode, App = ShippedApps.All.Get(app), DurationMs = 20_000, Transcript = true };
        var a = SimRunner.Run(o);
        var b = SimRunner.Run(o);
        Assert.True(a.Transcript.Count > 1000);
        Assert.Equal(a.Transcript, b.Transcript);
        Assert.Equal(History(a), History(b));
        Assert.Equal(a.Deliveries, b.Deliveries);
    }

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        var a = SimRunner.Run(new SimOptions { Seed = 1, DurationMs = 10_000 });
        var b = SimRunner.Run(new SimOptions { Seed = 2, DurationMs = 10_000 });
        Assert.NotEqual(History(a), History(b));
    }

    [Fact]
    public void Transcript_does_not_change_the_run()
    {
        var o = new SimOptions { Seed = 5, DurationMs = 15_000 };
        var quiet = SimRunner.Run(o);
        var loud = SimRunner.Run(o with { Transcript = true });
        Assert.Equal(History(quiet), History(loud));
    }

    /// <summary>
    /// The simulator gives delivered messages back for the roles to reuse. A role that kept a message
    /// past handling it, or a message reused while a copy was still in flight (a duplicate, an order
    /// sent to every follower), would show here as a different run.
    /// </summary>
    [Theory]
    [InlineData(ReplicationMode.Active, "counter", 21UL, FaultClass.All)]
    [InlineData(ReplicationMode.Active, "kv", 22UL, FaultClass.Loss)]
    [InlineData(ReplicationMode.Passive, "counter", 23UL, FaultClass.All)]
    [InlineData(ReplicationMode.Passive, "kv", 24UL, FaultClass.Crash)]
    public void Reusing_messages_changes_nothing(ReplicationMode mode, string app, ulong seed, FaultClass faults)
    {
        var o = new SimOptions { Seed = seed, Mode = mode, App = ShippedApps.All.Get(app), Faults = faults, DurationMs = 15_000, Transcript = true };
        var reused = SimRunner.Run(o);
        var fresh = SimRunner.Run(o with { ReuseMessages = false });
        Assert.True(reused.Deliveries > 10_000);
        Assert.Equal(fresh.Transcript, reused.Transcript);
        Assert.Equal(History(fresh), History(reused));
        Assert.Equal(fresh.Checks, reused.Checks);
    }

    private static string History(SimResult r)
    {
        var w = new StringWriter();
        HistoryJson.Write(w, r.History, r.Options.App);
        return w.ToString();
    }
}
