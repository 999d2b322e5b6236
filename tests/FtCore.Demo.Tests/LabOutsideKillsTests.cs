using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>How the lab tells a replica killed from outside (pane Ctrl-C, kill -9 by hand) from its own kills.</summary>
public sealed class LabOutsideKillsTests
{
    private readonly Dictionary<int, string> _running = [];

    private LabOutsideKills Watch() => new(() => _running.Select(x => (x.Value, x.Key)).ToList(), _running.ContainsKey);

    [Fact]
    public void A_replica_that_dies_without_the_lab_killing_it_is_reported_once_and_down_until_relaunched()
    {
        _running[100] = "S1";
        _running[200] = "S2";
        var w = Watch();
        Assert.Empty(w.Poll().Killed);
        _running.Remove(200);
        var (killed, back) = w.Poll();
        Assert.Equal([("S2", 200)], killed);
        Assert.Empty(back);
        Assert.Equal(["S2"], w.Down);
        Assert.Empty(w.Poll().Killed);
        // Relaunched (by the RM or by hand): a new pid for S2.
        _running[300] = "S2";
        (killed, back) = w.Poll();
        Assert.Empty(killed);
        Assert.Equal([("S2", 300)], back);
        Assert.Empty(w.Down);
    }

    [Fact]
    public void The_labs_own_kill_is_not_news()
    {
        _running[100] = "S1";
        var w = Watch();
        w.Poll();
        w.KilledByLab(100);
        _running.Remove(100);
        Assert.Empty(w.Poll().Killed);
        Assert.Empty(w.Down);
        // Its relaunch is not reported as a comeback either.
        _running[101] = "S1";
        Assert.Empty(w.Poll().Back);
    }

    [Fact]
    public void A_replica_relaunched_before_the_lab_looked_is_reported_killed_but_not_down()
    {
        _running[100] = "S3";
        var w = Watch();
        w.Poll();
        _running.Remove(100);
        _running[150] = "S3";
        var (killed, back) = w.Poll();
        Assert.Equal([("S3", 100)], killed);
        Assert.Empty(back);
        Assert.Empty(w.Down);
    }
}
