using FtCore.Tests.Shared;
using FtCore.Core.App;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using Xunit;

namespace FtCore.Sim.Tests.Checking;

public sealed class LinearizabilityPropertyTests
{
    private static readonly Arbitrary<int> Seeds = Arb.From(Gen.Choose(0, int.MaxValue));

    private static readonly Gen<AtomicWorkload> Workloads =
        from app in Gen.Elements("counter", "kv")
        from clients in Gen.Choose(1, 8)
        from ops in Gen.Choose(1, 25)
        from latency in Gen.Choose(0, 30)
        from think in Gen.Choose(0, 10)
        from info in Gen.Elements(0.0, 0.01, 0.03)
        from fail in Gen.Elements(0.0, 0.05)
        from keys in Gen.Choose(1, 3)
        from pending in Gen.Elements(false, true)
        from reads in Gen.Elements(0.1, 0.4, 0.7)
        select new AtomicWorkload(app, clients, ops, latency, think, info, fail, keys, pending, reads);

    private static readonly Arbitrary<(AtomicWorkload, int)> WorkloadsAndSeeds =
        Arb.From(from w in Workloads from seed in Gen.Choose(0, int.MaxValue) select (w, seed));

    [Property(MaxTest = 300)]
    public Property Histories_of_an_atomic_object_are_linearizable() =>
        Prop.ForAll(WorkloadsAndSeeds, ws =>
        {
            var (w, seed) = ws;
            var history = AtomicSimulator.Run(w, seed);
            AssertLinearizable(w, seed, Linearizability.Check(ShippedApps.All.Get(w.App), history));
        });

    /// <summary>
    /// Found by the property above (FsCheck replay (8160289036640692097,5780774425274077261,83)):
    /// 68 kv appends to one key, every one overlapping every other, have up to 68! orders, and the
    /// search budget runs out. The checker must say so (undecided, which fails closed), never
    /// "not linearizable".
    /// </summary>
    [Fact]
    public void All_at_once_appends_to_one_key_are_undecided_never_a_violation()
    {
        var w = new AtomicWorkload("kv", 6, 12, 0, 0, 0.01, 0, 1, true, 0.1);
        var r = Linearizability.Check(ShippedApps.All.Get(w.App), AtomicSimulator.Run(w, 1837323829));
        Assert.NotEqual(LinearizabilityVerdict.NotLinearizable, r.Verdict);
        AssertLinearizable(w, 1837323829, r);
    }

    /// <summary>
    /// An atomic object's history is linearizable. Only where every operation overlaps every
    /// other (no latency, no think time: all at one instant) and kv writes make every order a
    /// different state may the search give up: undecided, never a violation.
    /// </summary>
    private static void AssertLinearizable(AtomicWorkload w, int seed, LinearizabilityResult r)
    {
        var allAtOnce = w.MaxLatency == 0 && w.MaxThink == 0 && w.App == "kv";
        var ok = r.Verdict == LinearizabilityVerdict.Linearizable || (allAtOnce && r.Verdict == LinearizabilityVerdict.Undecided);
        Assert.True(ok, $"{w} seed {seed}: {r.Verdict}: {r.Explanation}");
    }

    [Property(MaxTest = 300)]
    public Property An_impossible_result_is_not_linearizable() =>
        Prop.ForAll(WorkloadsAndSeeds, ws =>
        {
            var (w, seed) = ws;
            var history = AtomicSimulator.Run(w, seed);
            var index = AtomicSimulator.MutateImpossibly(history, seed);
            if (index < 0) return;
            var r = Linearizability.Check(ShippedApps.All.Get(w.App), history);
            Assert.True(r.Verdict == LinearizabilityVerdict.NotLinearizable, $"{w} seed {seed}: {r.Explanation}");
            // A wrong read is the first return that fails; a wrong add or append can already break
            // an earlier return that depended on its effect.
            var bad = history[index];
            if (Ops.IsReadOnly(bad.Op)) Assert.Contains(r.Witness, e => e.Client == bad.Client && e.Req == bad.Req && e.Type == HistoryType.Ok);
        });

    [Property(MaxTest = 3000)]
    public Property Agrees_with_brute_force_on_tiny_random_histories() =>
        Prop.ForAll(Seeds, seed =>
        {
            foreach (var app in new[] { "counter", "kv" })
            {
                var history = BruteForceLinearizability.RandomHistory(app, seed);
                var expected = BruteForceLinearizability.IsLinearizable(app, history);
                var r = Linearizability.Check(ShippedApps.All.Get(app), history);
                var expectedVerdict = expected ? LinearizabilityVerdict.Linearizable : LinearizabilityVerdict.NotLinearizable;
                Assert.True(
                    r.Verdict == expectedVerdict,
                    $"{app} seed {seed}: brute force says {expected}, checker says {r.Verdict}: {r.Explanation}\n"
                    + string.Join("\n", history.Select(e => HistoryJson.ToJsonLine(e, ShippedApps.All.Get(app)))));
            }
        });

    [Property(MaxTest = 2000)]
    public Property Names_the_same_first_failing_return_as_brute_force() =>
        Prop.ForAll(Seeds, seed =>
        {
            foreach (var (app, writeHeavy) in new[] { ("counter", false), ("kv", false), ("kv", true) })
            {
                var history = BruteForceLinearizability.RandomHistory(app, seed, maxOps: 12, writeHeavy);
                var expected = BruteForceLinearizability.FirstFailingReturn(app, history);
                var r = Linearizability.Check(ShippedApps.All.Get(app), history);
                var context = $"{app} seed {seed}: brute force says {expected}, checker says {r.Verdict}: {r.Explanation}\n"
                    + string.Join("\n", history.Select(e => HistoryJson.ToJsonLine(e, ShippedApps.All.Get(app))));
                if (expected is null)
                {
                    Assert.True(r.Verdict == LinearizabilityVerdict.Linearizable, context);
                    continue;
                }
                Assert.True(r.Verdict == LinearizabilityVerdict.NotLinearizable, context);
                Assert.DoesNotContain("cut short", r.Explanation, StringComparison.Ordinal);
                var failed = r.Witness.Single(e => e.Type == HistoryType.Ok && r.Explanation.StartsWith($"{e.Client} req {e.Req} ", StringComparison.Ordinal));
                // kv keys are checked apart: at equal times the checker may name another key's return.
                Assert.True(failed.TimeNs == expected.TimeNs && (app == "kv" || failed == expected), context);
            }
        });

    [Fact]
    public void Tiny_random_histories_hit_both_verdicts()
    {
        var counts = new Dictionary<(string, bool), int>();
        for (var seed = 0; seed < 400; seed++)
        {
            foreach (var app in new[] { "counter", "kv" })
            {
                var ok = BruteForceLinearizability.IsLinearizable(app, BruteForceLinearizability.RandomHistory(app, seed));
                counts[(app, ok)] = counts.GetValueOrDefault((app, ok)) + 1;
            }
        }
        Assert.All(new[] { "counter", "kv" }, app =>
        {
            Assert.InRange(counts.GetValueOrDefault((app, true)), 30, 400);
            Assert.InRange(counts.GetValueOrDefault((app, false)), 30, 400);
        });
    }

    [Fact]
    public void Shuffled_event_order_gives_the_same_verdict()
    {
        var rng = new Random(7);
        for (var seed = 0; seed < 50; seed++)
        {
            var w = new AtomicWorkload(seed % 2 == 0 ? "counter" : "kv", 5, 10, InfoRate: 0.03, FailRate: 0.05);
            var history = AtomicSimulator.Run(w, seed);
            if (seed % 3 == 0) AtomicSimulator.MutateImpossibly(history, seed);
            var expected = Linearizability.Check(ShippedApps.All.Get(w.App), history);
            var shuffled = history.OrderBy(_ => rng.Next()).ToList();
            var actual = Linearizability.Check(ShippedApps.All.Get(w.App), shuffled);
            Assert.Equal(expected.Verdict, actual.Verdict);
            Assert.Equal(expected.Explanation, actual.Explanation);
            Assert.Equal(expected.Key, actual.Key);
            Assert.Equal(expected.Witness, actual.Witness);
        }
    }
}
