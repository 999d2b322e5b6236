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

    private static string History(SimResult r)
    {
        var w = new StringWriter();
        HistoryJson.Write(w, r.History, r.Options.App);
        return w.ToString();
    }
}
