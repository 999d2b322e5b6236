using System.Diagnostics;
using System.Globalization;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;

namespace FtCore.Demo.Bench;

/// <summary>One kill: whom, how long the clients waited at most (and when that wait began, after the kill), how long until all three were ready again.</summary>
/// <see cref="ViewChanges"/> is 3 for a clean cycle (removed, rejoined not ready, ready); more means other replicas were suspected meanwhile.
internal sealed record KillCycle(string Victim, bool WasLeader, double StallMs, double StallStartMs, double RecoverMs, long RequestsInCycle, long ViewChanges);

/// <summary>What a failover run measured.</summary>
internal sealed record FailoverResult
{
    public required string Mode { get; init; }
    /// <summary>The cluster's base port (RM; GFD +1, LFDi +10+i, Si +100+i): free again once the bench is done.</summary>
    public required int BasePort { get; init; }
    public required string Kill { get; init; }
    public required int Clients { get; init; }
    public required long LfdHeartbeatMs { get; init; }
    public required IReadOnlyList<KillCycle> Cycles { get; init; }
    public required long Requests { get; init; }
    public required int Failed { get; init; }
    /// <summary>The application run.</summary>
    public required string App { get; init; }
    /// <summary>Requests the application refused: a bug in its codec or its state machine.</summary>
    public required long Refused { get; init; }
    public required LinearizabilityVerdict Verdict { get; init; }
    public required string VerdictText { get; init; }

    public double StallMedianMs => Median(Cycles.Select(c => c.StallMs));
    public double StallMaxMs => Cycles.Count == 0 ? 0 : Cycles.Max(c => c.StallMs);
    public double RecoverMedianMs => Median(Cycles.Select(c => c.RecoverMs));

    /// <summary>Every request answered, none refused, and the history linearizable: no acknowledged update lost or applied twice.</summary>
    public bool Passed => Failed == 0 && Refused == 0 && Verdict == LinearizabilityVerdict.Linearizable;

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return 0;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}

/// <summary>
/// `ftcore bench --failover`: closed-loop clients run while the leader (or a follower) is killed
/// with SIGKILL, again and again; each time the bench waits until the RM has relaunched it and all
/// three are ready, then lets the clients run a little longer. The stall of a kill is the longest
/// any request waited for its reply among those in flight between the kill and the next kill.
/// Afterwards: requests never answered or refused, and the linearizability checker on the whole
/// history against the application's model (which finds any acknowledged update lost or applied twice).
/// </summary>
internal static class FailoverRun
{
    private static readonly TimeSpan RecoverDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task<FailoverResult> RunAsync(BenchOptions o, Action<string> say, CancellationToken cancel)
    {
        await using var session = await BenchSession.StartAsync(o, keepHistory: true, say, cancel).ConfigureAwait(false);
        try
        {
            var r = await MeasureAsync(o, session, say, cancel).ConfigureAwait(false);
            if (!r.Passed) session.Clean = false;
            return r;
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException) session.Clean = false; // interrupted: nothing to study
            throw;
        }
    }

    private static async Task<FailoverResult> MeasureAsync(BenchOptions o, BenchSession s, Action<string> say, CancellationToken cancel)
    {
        foreach (var c in s.Clients) c.StartLoop();
        await Task.Delay(TimeSpan.FromMilliseconds(o.WarmupMs), cancel).ConfigureAwait(false);
        var windows = new List<(string Victim, bool WasLeader, long KillNs, long ReadyNs, long EndNs, long Done, long Views)>();
        for (var i = 1; i <= o.Repeats; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var view = s.Cluster.ShowView(TimeSpan.FromSeconds(2)) ?? throw new BenchFailedException("the RM did not answer `show`");
            var leader = ViewText.Leader(view) ?? throw new BenchFailedException($"no leader: {view}");
            var victim = o.Kill == "leader" ? leader : ViewText.ReadyMembers(view).First(m => m != leader);
            var name = victim.ToString();
            var pid = s.Cluster.PidOf(name) ?? throw new BenchFailedException($"no running process of {name} in {s.Cluster.PidDir}");
            var viewAtKill = ViewText.Number(view);
            var doneBefore = s.Completed();
            var killNs = BenchClient.NowNs();
            BenchCluster.Kill9(pid);
            var (ready, last) = s.Cluster.WaitAllReady(RecoverDeadline, cancel, v =>
                ViewText.Number(v) > viewAtKill + 1 && s.Cluster.PidOf(name) is { } p && p != pid);
            cancel.ThrowIfCancellationRequested();
            if (!ready) throw new BenchFailedException($"kill {i}: {name} not relaunched and ready within {RecoverDeadline.TotalSeconds:0} s; last view: {last ?? "(no answer)"}");
            var readyNs = BenchClient.NowNs();
            await Task.Delay(Settle, cancel).ConfigureAwait(false);
            var endNs = BenchClient.NowNs();
            windows.Add((name, victim == leader, killNs, readyNs, endNs, s.Completed() - doneBefore, ViewText.Number(last!) - viewAtKill));
            say(string.Create(CultureInfo.InvariantCulture,
                $"  kill {i}/{o.Repeats}: {name} ({(victim == leader ? "leader" : "follower")}, pid {pid}); all 3 ready again after {(readyNs - killNs) / 1e6:0} ms"));
        }
        var failed = await s.StopClientsAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        // Every client is idle now (or stuck for good): their histories no longer change.
        var history = new List<HistoryEvent>();
        foreach (var c in s.Clients) history.AddRange(await c.HistoryAsync().ConfigureAwait(false));

        var cycles = new List<KillCycle>();
        foreach (var w in windows)
        {
            var (stall, startNs) = LongestWait(history, w.KillNs, w.EndNs);
            cycles.Add(new KillCycle(w.Victim, w.WasLeader, stall / 1e6, (startNs - w.KillNs) / 1e6, (w.ReadyNs - w.KillNs) / 1e6, w.Done, w.Views));
        }
        var ops = history.Count(h => h.Type == HistoryType.Invoke);
        var check = Linearizability.Check(ProgramApps.Get(o.App), history, Math.Max(Linearizability.DefaultBudget, 50L * ops));
        return new FailoverResult
        {
            Mode = o.Mode,
            BasePort = s.Cluster.BasePort,
            Kill = o.Kill,
            Clients = o.Clients,
            LfdHeartbeatMs = o.LfdHeartbeatMs,
            Cycles = cycles,
            Requests = s.Completed(),
            Failed = failed,
            App = o.App,
            Refused = s.Refused(),
            Verdict = check.Verdict,
            VerdictText = check.Verdict switch
            {
                LinearizabilityVerdict.Linearizable => "linearizable",
                LinearizabilityVerdict.NotLinearizable => "NOT linearizable: " + check.Explanation,
                _ => "undecided (checker budget ran out)",
            },
        };
    }

    /// <summary>The longest wait of any request in flight at some point of [from, to], and when it began; one never answered waits until <paramref name="toNs"/>.</summary>
    private static (long Ns, long StartNs) LongestWait(List<HistoryEvent> history, long fromNs, long toNs)
    {
        var invoked = new Dictionary<(NodeId, long), long>();
        long longest = 0, start = fromNs;
        foreach (var e in history)
        {
            if (e.Type == HistoryType.Invoke) invoked[(e.Client, e.Req)] = e.TimeNs;
        }
        var answered = new HashSet<(NodeId, long)>();
        foreach (var e in history)
        {
            if (e.Type != HistoryType.Ok || !invoked.TryGetValue((e.Client, e.Req), out var at)) continue;
            answered.Add((e.Client, e.Req));
            if (e.TimeNs < fromNs || at > toNs || e.TimeNs - at <= longest) continue;
            longest = e.TimeNs - at;
            start = at;
        }
        foreach (var ((c, r), at) in invoked)
        {
            if (answered.Contains((c, r)) || at > toNs || toNs - at <= longest) continue;
            longest = toNs - at;
            start = at;
        }
        return (longest, start);
    }
}
