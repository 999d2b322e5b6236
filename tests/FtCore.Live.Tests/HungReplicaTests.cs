using System.Diagnostics;
using FtCore.Core.Ids;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>
/// A hung replica (SIGSTOP: it keeps its port and answers nothing) is replaced by its LFD: also by
/// an LFD restarted after a kill -9, which takes charge of the replica its previous incarnation
/// launched, and also when the replica hangs right after its launch, before it registers.
/// </summary>
public sealed class HungReplicaTests
{
    [Fact]
    public void A_restarted_LFD_replaces_the_hung_replica_its_previous_incarnation_launched()
    {
        using var c = new LiveCluster("hung-lfd-restart", 17900, "passive");
        var stopped = new List<int>();
        try
        {
            c.StartInfrastructure();
            c.WaitAllReady(3, TimeSpan.FromSeconds(60));
            var lfd = c.PidOf("LFD1") ?? throw new InvalidOperationException("no pid file for LFD1");
            var hung = c.PidOf("S1") ?? throw new InvalidOperationException("no pid file for S1");

            LiveCluster.Kill9(lfd);
            Assert.True(Signals.Stop(hung));
            stopped.Add(hung);
            c.Start("LFD1", "lfd", "--id", "LFD1", "--log-dir", c.Dir);

            // Without taking charge, every relaunch fails with "port in use" while the hung one holds the port.
            Poll.Until(() => !LiveCluster.Alive(hung), TimeSpan.FromSeconds(30),
                () => $"the hung S1 (pid {hung}) killed by the restarted LFD1; LFD1.log:\n{Tail(c, "LFD1")}");
            var log = File.ReadAllText(Path.Combine(c.Dir, "LFD1.log"));
            Assert.Contains($"LFD1: S1 (pid {hung}, launched by a previous LFD) still runs and is not registered; killing it (kill -9)", log, StringComparison.Ordinal);
            AssertServes(c, hung);
        }
        finally
        {
            foreach (var pid in stopped) Signals.Continue(pid);
        }
    }

    [Fact]
    public void A_replica_that_hangs_right_after_its_launch_is_replaced_well_before_10_s()
    {
        using var c = new LiveCluster("hung-at-launch", 17900, "passive");
        var stopped = new List<int>();
        try
        {
            c.StartInfrastructure();
            c.WaitAllReady(3, TimeSpan.FromSeconds(60));
            var first = c.PidOf("S1") ?? throw new InvalidOperationException("no pid file for S1");

            // The RM has LFD1 relaunch S1; the new process hangs as soon as it listens (its pid file appears).
            LiveCluster.Kill9(first);
            var hung = 0;
            Poll.Until(() => c.PidOf("S1") is { } p && p != first && (hung = p) != 0, TimeSpan.FromSeconds(30),
                () => $"S1 relaunched after the kill of pid {first}; LFD1.log:\n{Tail(c, "LFD1")}");
            Assert.True(Signals.Stop(hung));
            stopped.Add(hung);
            var sw = Stopwatch.StartNew();

            Poll.Until(() => !LiveCluster.Alive(hung), TimeSpan.FromSeconds(8),
                () => $"the hung S1 (pid {hung}) killed within 8 s (a launched replica used to get 10 s); LFD1.log:\n{Tail(c, "LFD1")}");
            var replacedMs = sw.ElapsedMilliseconds;
            AssertServes(c, hung);
            Assert.True(replacedMs < 8000, $"replaced after {replacedMs} ms");
        }
        finally
        {
            foreach (var pid in stopped) Signals.Continue(pid);
        }
    }

    /// <summary>A new S1 (not <paramref name="hung"/>) is a ready member with S2 and S3, and a client gets answers.</summary>
    private static void AssertServes(LiveCluster c, int hung)
    {
        var log = Path.Combine(c.Dir, "S1.log");
        Poll.Until(() => NewestStartIsReady(log), TimeSpan.FromSeconds(60), () => $"the new S1 ready; S1.log:\n{Tail(c, "S1")}");
        c.WaitAllReady(3, TimeSpan.FromSeconds(60));
        Assert.NotEqual(hung, c.PidOf("S1"));
        var history = Path.Combine(c.Dir, "C1.history.jsonl");
        c.Start("C1", "client", "--id", "C1", "--auto", "--interval", "0", "--count", "20", "--history", history);
        Poll.Until(() => File.Exists(history) && File.ReadLines(history).Count(l => l.Contains("\"ok\"", StringComparison.Ordinal)) >= 20,
            TimeSpan.FromSeconds(60), () => $"20 replies in {history}");
    }

    /// <summary>The last process that logged to <paramref name="log"/> became ready (i_am_ready = 1 after its "started" line).</summary>
    private static bool NewestStartIsReady(string log)
    {
        if (!File.Exists(log)) return false;
        var lines = File.ReadAllLines(log);
        var start = Array.FindLastIndex(lines, l => l.Contains("] S1 started (incarnation", StringComparison.Ordinal));
        return start >= 0 && lines.Skip(start).Any(l => l.EndsWith("] i_am_ready = 1", StringComparison.Ordinal));
    }

    private static string Tail(LiveCluster c, string name)
    {
        var path = Path.Combine(c.Dir, name + ".log");
        return File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(25)) : "(no log)";
    }
}
