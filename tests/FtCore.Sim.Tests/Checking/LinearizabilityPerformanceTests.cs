using FtCore.Tests.Shared;
using FtCore.Core.App;
using System.Diagnostics;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using Xunit;
using Xunit.Abstractions;

namespace FtCore.Sim.Tests.Checking;

/// <summary>Long histories: asserts the verdicts and prints the time (never asserts on it).</summary>
public sealed class LinearizabilityPerformanceTests(ITestOutputHelper output)
{
    private LinearizabilityResult Timed(string label, string app, List<HistoryEvent> history)
    {
        var ops = history.Count(e => e.Type == HistoryType.Invoke);
        var sw = Stopwatch.StartNew();
        var r = Linearizability.Check(ShippedApps.All.Get(app), history);
        sw.Stop();
        output.WriteLine($"{label}: {ops} ops checked in {sw.ElapsedMilliseconds} ms -> {r.Explanation}");
        return r;
    }

    [Fact]
    public void Counter_50000_ops_3_clients()
    {
        var history = AtomicSimulator.Run(new AtomicWorkload("counter", 3, 16_667, MaxLatency: 50, MaxThink: 10), seed: 1);
        var r = Timed("counter, 3 clients", "counter", history);
        Assert.Equal(LinearizabilityVerdict.Linearizable, r.Verdict);

        AtomicSimulator.MutateImpossibly(history, seed: 1);
        r = Timed("counter, 3 clients, one impossible result", "counter", history);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, r.Verdict);
    }

    [Fact]
    public void Counter_30_clients_with_a_few_info_ops()
    {
        var history = AtomicSimulator.Run(
            new AtomicWorkload("counter", 30, 1_000, MaxLatency: 100, MaxThink: 10, InfoRate: 0.0003, FailRate: 0.01, LastMayBePending: true),
            seed: 2);
        var r = Timed("counter, 30 clients", "counter", history);
        Assert.Equal(LinearizabilityVerdict.Linearizable, r.Verdict);

        AtomicSimulator.MutateImpossibly(history, seed: 2);
        r = Timed("counter, 30 clients, one impossible result", "counter", history);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, r.Verdict);
    }

    [Fact]
    public void Kv_30_clients_3_keys_with_a_few_info_ops()
    {
        var history = AtomicSimulator.Run(
            new AtomicWorkload("kv", 30, 1_000, MaxLatency: 100, MaxThink: 10, InfoRate: 0.0003, FailRate: 0.01, Keys: 3, LastMayBePending: true),
            seed: 3);
        var r = Timed("kv, 30 clients, 3 keys", "kv", history);
        Assert.Equal(LinearizabilityVerdict.Linearizable, r.Verdict);

        AtomicSimulator.MutateImpossibly(history, seed: 3);
        r = Timed("kv, 30 clients, 3 keys, one impossible result", "kv", history);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, r.Verdict);
    }

    [Fact]
    public void Kv_30_clients_1_key()
    {
        var history = AtomicSimulator.Run(
            new AtomicWorkload("kv", 30, 1_000, MaxLatency: 100, MaxThink: 10, Keys: 1, ReadRate: 0.3),
            seed: 4);
        var r = Timed("kv, 30 clients, 1 key", "kv", history);
        Assert.Equal(LinearizabilityVerdict.Linearizable, r.Verdict);
    }
}
