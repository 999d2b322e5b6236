using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Sim;
using FtCore.Sim.Checking;
using FtCore.Tests.Shared;
using Xunit;

namespace FtCore.Sim.Tests.Checking;

/// <summary>
/// The checker's shortcut: an order the system says the ops took effect in is tried as a
/// linearization before any search. It must never pass a history that is not linearizable, and
/// must not change any other verdict.
/// </summary>
public sealed class WitnessOrderTests
{
    private const string Shortcut = "the order they took effect is a linearization";

    private static readonly Arbitrary<(AtomicWorkload, int)> WorkloadsAndSeeds = Arb.From(
        from app in Gen.Elements("counter", "kv")
        from clients in Gen.Choose(1, 6)
        from ops in Gen.Choose(1, 20)
        from latency in Gen.Choose(1, 30)
        from think in Gen.Choose(0, 10)
        from info in Gen.Elements(0.0, 0.03)
        from fail in Gen.Elements(0.0, 0.05)
        from keys in Gen.Choose(1, 3)
        from seed in Gen.Choose(0, int.MaxValue)
        select (new AtomicWorkload(app, clients, ops, latency, think, info, fail, keys, true, 0.4), seed));

    private static List<CheckedOp> InOrder(List<CheckedOp> ops, List<(NodeId Client, long Req)> order) =>
        order.Select(o => ops.Single(x => x.Client == o.Client && x.Req == o.Req)).ToList();

    [Property(MaxTest = 200)]
    public Property The_order_an_atomic_object_applied_its_ops_in_passes_and_a_broken_result_still_fails_as_before() =>
        Prop.ForAll(WorkloadsAndSeeds, ws =>
        {
            var (w, seed) = ws;
            var app = ShippedApps.All.Get(w.App);
            var history = AtomicSimulator.Run(w, seed, out var order);
            var ops = CheckedOp.Pair(history);
            var r = Linearizability.CheckOps(app, ops, Linearizability.DefaultBudget, InOrder(ops, order));
            Assert.Equal(LinearizabilityVerdict.Linearizable, r.Verdict);
            Assert.Contains(Shortcut, r.Explanation, StringComparison.Ordinal);

            if (AtomicSimulator.MutateImpossibly(history, seed) < 0) return;
            var broken = CheckedOp.Pair(history);
            var withOrder = Linearizability.CheckOps(app, broken, Linearizability.DefaultBudget, InOrder(broken, order));
            var without = Linearizability.Check(app, history);
            Assert.Equal(LinearizabilityVerdict.NotLinearizable, withOrder.Verdict);
            Assert.Equal(without.Explanation, withOrder.Explanation);
            Assert.Equal(without.Witness, withOrder.Witness);
        });

    [Fact]
    public void On_tiny_histories_some_order_passes_exactly_when_brute_force_says_linearizable()
    {
        var passedSomewhere = 0;
        foreach (var name in new[] { "counter", "kv" })
        {
            var app = ShippedApps.All.Get(name);
            for (var seed = 0; seed < 150; seed++)
            {
                var history = BruteForceLinearizability.RandomHistory(name, seed, maxOps: 5);
                var linearizable = BruteForceLinearizability.IsLinearizable(name, history);
                var expected = linearizable ? LinearizabilityVerdict.Linearizable : LinearizabilityVerdict.NotLinearizable;
                var ops = CheckedOp.Pair(history);
                var ok = ops.Where(o => o.Outcome == OpOutcome.Ok).ToList();
                var unknown = ops.Where(o => o.Outcome == OpOutcome.Unknown).ToList();
                var failed = ops.Where(o => o.Outcome == OpOutcome.Fail).ToList();
                var anyPassed = false;
                for (var mask = 0; mask < 1 << unknown.Count; mask++)
                {
                    var chosen = ok.Concat(unknown.Where((_, i) => (mask & (1 << i)) != 0)).ToList();
                    foreach (var order in Permutations(chosen))
                    {
                        var r = Linearizability.CheckOps(app, ops, Linearizability.DefaultBudget, order);
                        Assert.Equal(expected, r.Verdict);
                        var passed = r.Explanation.Contains(Shortcut, StringComparison.Ordinal);
                        Assert.False(passed && !linearizable, $"{name} seed {seed}: an order passed a history brute force calls not linearizable");
                        anyPassed |= passed;
                        if (passed && failed.Count > 0)
                        {
                            // An op that failed never took effect: an order holding it is no linearization.
                            var withFailed = Linearizability.CheckOps(app, ops, Linearizability.DefaultBudget, [.. order, failed[0]]);
                            Assert.DoesNotContain(Shortcut, withFailed.Explanation, StringComparison.Ordinal);
                        }
                    }
                }
                Assert.True(anyPassed == linearizable, $"{name} seed {seed}: linearizable {linearizable}, but some order passed: {anyPassed}");
                if (anyPassed) passedSomewhere++;
            }
        }
        Assert.InRange(passedSomewhere, 30, 300);
    }

    [Fact]
    public void An_order_with_an_op_twice_or_an_op_of_another_history_does_not_pass()
    {
        var w = new AtomicWorkload("counter", 3, 8, MaxLatency: 10, MaxThink: 10);
        var app = ShippedApps.All.Get(w.App);
        var history = AtomicSimulator.Run(w, 5, out var applied);
        var ops = CheckedOp.Pair(history);
        var order = InOrder(ops, applied);
        Assert.Contains(Shortcut, Linearizability.CheckOps(app, ops, Linearizability.DefaultBudget, order).Explanation, StringComparison.Ordinal);

        // The count of ok ops is right, but one read is there twice and the impossible one is missing.
        var c1 = NodeId.Client(1);
        var c2 = NodeId.Client(2);
        var c3 = NodeId.Client(3);
        List<HistoryEvent> bad =
        [
            new(c1, 1, HistoryType.Invoke, Ops.Add(1), null, 0), new(c1, 1, HistoryType.Ok, Ops.Add(1), Ops.Num(1), 1),
            new(c2, 1, HistoryType.Invoke, Ops.Read(), null, 2), new(c2, 1, HistoryType.Ok, Ops.Read(), Ops.Num(1), 3),
            new(c3, 1, HistoryType.Invoke, Ops.Read(), null, 2), new(c3, 1, HistoryType.Ok, Ops.Read(), Ops.Num(5), 3),
        ];
        var badOps = CheckedOp.Pair(bad);
        var twice = Linearizability.CheckOps(app, badOps, Linearizability.DefaultBudget, [badOps[0], badOps[1], badOps[1]]);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, twice.Verdict);

        // The same ops, as objects of another pairing of the same history.
        var foreign = InOrder(CheckedOp.Pair(history), applied);
        Assert.DoesNotContain(Shortcut, Linearizability.CheckOps(app, ops, Linearizability.DefaultBudget, foreign).Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReplicationMode.Active, 1UL)]
    [InlineData(ReplicationMode.Passive, 2UL)]
    public void A_simulated_run_under_faults_passes_by_the_order_its_replicas_applied(ReplicationMode mode, ulong seed)
    {
        foreach (var app in ShippedApps.All)
        {
            var r = SimRunner.Run(new SimOptions { Seed = seed, Mode = mode, App = app, DurationMs = 10_000 });
            Assert.Empty(r.Violations);
            Assert.NotNull(r.Linearizability);
            Assert.Contains(Shortcut, r.Linearizability.Explanation, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<List<CheckedOp>> Permutations(List<CheckedOp> items)
    {
        if (items.Count == 0)
        {
            yield return [];
            yield break;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }
}
