using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using FtCore.Core.Ids;
using Xunit;

namespace FtCore.Sim.Tests.Checking;

public sealed class LinearizabilityTests
{
    private static LinearizabilityResult Counter(HistoryBuilder h) => Linearizability.Check(ShippedApps.Counter, h.Events);

    private static LinearizabilityResult Kv(HistoryBuilder h) => Linearizability.Check(ShippedApps.Kv, h.Events);

    private static void AssertOk(LinearizabilityResult r) =>
        Assert.True(r.Verdict == LinearizabilityVerdict.Linearizable, r.Explanation);

    private static void AssertBad(LinearizabilityResult r) =>
        Assert.True(r.Verdict == LinearizabilityVerdict.NotLinearizable, r.Explanation);

    [Fact]
    public void Empty_history_is_linearizable()
    {
        AssertOk(Linearizability.Check(ShippedApps.Counter, []));
        AssertOk(Linearizability.Check(ShippedApps.Kv, []));
    }

    [Fact]
    public void Sequential_counter_history_is_linearizable()
    {
        var r = Counter(new HistoryBuilder()
            .Add(1, 5, 0, 10, 5)
            .Add(2, 3, 20, 30, 8)
            .Read(1, 40, 50, 8)
            .Add(1, -10, 60, 70, -2)
            .Read(2, 80, 90, -2));
        AssertOk(r);
        Assert.Null(r.Key);
        Assert.Empty(r.Witness);
        Assert.StartsWith("linearizable: 5 ops (5 ok, 0 info or pending, 0 failed)", r.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_read_concurrent_with_an_add_may_see_either_value(long seen)
    {
        AssertOk(Counter(new HistoryBuilder().Add(1, 1, 0, 10, 1).Read(2, 2, 8, seen)));
    }

    [Fact]
    public void Concurrent_adds_may_apply_in_either_order()
    {
        // C2's add returns first but was linearized second.
        AssertOk(Counter(new HistoryBuilder().Add(1, 1, 0, 20, 1).Add(2, 10, 5, 10, 11)));
        AssertOk(Counter(new HistoryBuilder().Add(1, 1, 0, 20, 11).Add(2, 10, 5, 10, 10)));
    }

    [Fact]
    public void A_stale_read_is_caught_and_explained()
    {
        var r = Counter(new HistoryBuilder()
            .Add(1, 1, 0, 5, 1)
            .Read(2, 6, 10, 0));
        AssertBad(r);
        Assert.Equal("C2 req 1 read returned 0 at t=10 but every linearization gives one of {1}; invoked at t=6", r.Explanation);
        Assert.Null(r.Key);
        // The read and the add that made it stale.
        Assert.Equal([0L, 5L, 6L, 10L], r.Witness.Select(e => e.TimeNs));
    }

    [Fact]
    public void Read_sees_a_value_no_order_produces()
    {
        var r = Counter(new HistoryBuilder()
            .Add(1, 1, 0, 10, 1)
            .Add(2, 2, 0, 10, 3)
            .Read(3, 0, 20, 2));
        AssertBad(r);
        Assert.Equal("C3 req 1 read returned 2 at t=20 but every linearization gives one of {0, 1, 3}; invoked at t=0", r.Explanation);
    }

    [Fact]
    public void Lost_update_is_caught()
    {
        var r = Counter(new HistoryBuilder()
            .Add(1, 1, 0, 10, 1)
            .Add(2, 1, 0, 10, 1));
        AssertBad(r);
        Assert.Contains("add 1 returned 1 at t=10 but every linearization gives one of {2} (state before it one of {1})", r.Explanation, StringComparison.Ordinal);
        Assert.Equal(4, r.Witness.Count);
    }

    [Fact]
    public void Returns_at_the_same_instant_as_an_invoke_are_concurrent_with_it()
    {
        AssertOk(Counter(new HistoryBuilder().Add(1, 1, 0, 5, 1).Read(2, 5, 10, 0)));
        AssertBad(Counter(new HistoryBuilder().Add(1, 1, 0, 5, 1).Read(2, 6, 10, 0)));
    }

    [Fact]
    public void An_info_op_that_must_have_taken_effect()
    {
        var h = new HistoryBuilder()
            .Info(1, Ops.Add(5), 0, 5)
            .Read(2, 10, 20, 5)
            .Add(2, 1, 30, 40, 6);
        AssertOk(Counter(h));
    }

    [Fact]
    public void An_info_op_may_take_effect_after_its_info_event()
    {
        // Unknown ops may linearize at any time after their invoke, even after the client gave up.
        AssertOk(Counter(new HistoryBuilder()
            .Info(1, Ops.Add(5), 0, 5)
            .Read(2, 10, 20, 0)
            .Read(2, 30, 40, 5)));
    }

    [Fact]
    public void An_info_op_cannot_take_effect_before_its_invoke()
    {
        AssertBad(Counter(new HistoryBuilder()
            .Read(2, 0, 10, 5)
            .Info(1, Ops.Add(5), 20, 30)));
    }

    [Fact]
    public void An_info_op_that_must_not_have_taken_effect()
    {
        AssertOk(Counter(new HistoryBuilder()
            .Info(1, Ops.Add(5), 0, 5)
            .Read(2, 10, 20, 0)
            .Add(2, 1, 30, 40, 1)));
        // ... and it cannot be undone once seen.
        AssertBad(Counter(new HistoryBuilder()
            .Info(1, Ops.Add(5), 0, 5)
            .Read(2, 10, 20, 5)
            .Read(2, 30, 40, 0)));
    }

    [Fact]
    public void An_info_op_takes_effect_at_most_once()
    {
        AssertBad(Counter(new HistoryBuilder()
            .Info(1, Ops.Add(5), 0, 5)
            .Read(2, 10, 20, 10)));
    }

    [Fact]
    public void An_invoke_without_completion_counts_as_info()
    {
        AssertOk(Counter(new HistoryBuilder().Pending(1, Ops.Add(5), 0).Read(2, 10, 20, 5)));
        AssertOk(Counter(new HistoryBuilder().Pending(1, Ops.Add(5), 0).Read(2, 10, 20, 0)));
        AssertBad(Counter(new HistoryBuilder().Pending(1, Ops.Add(5), 0).Read(2, 10, 20, 3)));
    }

    [Fact]
    public void Failed_ops_are_dropped()
    {
        AssertOk(Counter(new HistoryBuilder().Fail(1, Ops.Add(5), 0, 5).Read(2, 10, 20, 0)));
        var r = Counter(new HistoryBuilder().Fail(1, Ops.Add(5), 0, 5).Read(2, 1, 20, 5));
        AssertBad(r);
        Assert.StartsWith("C2 req 1 read returned 5 at t=20 but every linearization gives one of {0}", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_reads_are_unconstrained()
    {
        AssertOk(Counter(new HistoryBuilder().Add(1, 1, 0, 10, 1).Info(2, Ops.Read(), 20, 30).Read(1, 40, 50, 1)));
    }

    [Fact]
    public void Kv_keys_are_checked_independently()
    {
        var h = new HistoryBuilder()
            .Put(1, "x", "1", 0, 10)
            .Put(2, "y", "2", 0, 10)
            .Get(1, "x", 20, 30, "1")
            .Get(2, "y", 20, 30, "2")
            .Get(3, "z", 0, 30, null);
        AssertOk(Kv(h));

        var bad = new HistoryBuilder()
            .Put(1, "x", "1", 0, 10)
            .Put(2, "y", "2", 0, 10)
            .Get(1, "y", 20, 30, "1");
        var r = Kv(bad);
        AssertBad(r);
        Assert.Equal("y", r.Key);
        Assert.Equal("C1 req 2 get y returned \"1\" at t=30 but every linearization gives one of {\"2\"}; invoked at t=20", r.Explanation);
        Assert.All(r.Witness, e => Assert.Equal("y", Ops.KvOf(e.Op).Key));
    }

    [Fact]
    public void Kv_reports_the_earliest_failure_over_keys()
    {
        var r = Kv(new HistoryBuilder()
            .Get(1, "a", 50, 60, "nope")
            .Get(2, "b", 0, 10, "nope"));
        AssertBad(r);
        Assert.Equal("b", r.Key);
    }

    [Fact]
    public void Concurrent_puts_and_gets()
    {
        AssertOk(Kv(new HistoryBuilder()
            .Put(1, "k", "a", 0, 10)
            .Put(2, "k", "b", 0, 10)
            .Get(3, "k", 5, 15, "a")
            .Get(3, "k", 20, 30, "a")));
        AssertBad(Kv(new HistoryBuilder()
            .Put(1, "k", "a", 0, 10)
            .Put(2, "k", "b", 0, 10)
            .Get(3, "k", 11, 15, "a")
            .Get(3, "k", 20, 30, "b")));
    }

    [Fact]
    public void Cas_succeeds_only_on_the_expected_value()
    {
        AssertOk(Kv(new HistoryBuilder()
            .Cas(1, "k", null, "a", 0, 10, true)
            .Cas(2, "k", null, "b", 0, 10, false)
            .Get(3, "k", 20, 30, "a")
            .Cas(3, "k", "a", "c", 40, 50, true)
            .Get(3, "k", 60, 70, "c")));

        // Two cas from absent cannot both win.
        var r = Kv(new HistoryBuilder()
            .Cas(1, "k", null, "a", 0, 10, true)
            .Cas(2, "k", null, "b", 0, 10, true));
        AssertBad(r);
        Assert.Contains("returned true at t=10 but every linearization gives one of {false}", r.Explanation, StringComparison.Ordinal);

        // A failed cas on the value it expected is a violation.
        AssertBad(Kv(new HistoryBuilder().Put(1, "k", "a", 0, 10).Cas(1, "k", "a", "b", 20, 30, false)));
    }

    [Fact]
    public void Append_returns_the_new_value()
    {
        AssertOk(Kv(new HistoryBuilder()
            .Append(1, "k", "a", 0, 10, "a")
            .Append(2, "k", "b", 0, 10, "ab")
            .Append(1, "k", "c", 20, 30, "abc")
            .Get(2, "k", 40, 50, "abc")));
        AssertOk(Kv(new HistoryBuilder()
            .Append(1, "k", "a", 0, 10, "ba")
            .Append(2, "k", "b", 0, 10, "b")));
        AssertBad(Kv(new HistoryBuilder()
            .Append(1, "k", "a", 0, 10, "a")
            .Append(2, "k", "b", 0, 10, "b")));
        AssertBad(Kv(new HistoryBuilder()
            .Put(1, "k", "x", 0, 10)
            .Append(1, "k", "a", 20, 30, "a")));
    }

    [Fact]
    public void Info_append_and_put_may_or_may_not_apply()
    {
        AssertOk(Kv(new HistoryBuilder()
            .Info(1, Ops.Append("k", "a"), 0, 5)
            .Append(2, "k", "b", 10, 20, "ab")));
        AssertOk(Kv(new HistoryBuilder()
            .Info(1, Ops.Append("k", "a"), 0, 5)
            .Append(2, "k", "b", 10, 20, "b")
            .Append(2, "k", "c", 30, 40, "bac")));
        AssertBad(Kv(new HistoryBuilder()
            .Info(1, Ops.Put("k", "p"), 0, 5)
            .Get(2, "k", 10, 20, "p")
            .Get(2, "k", 30, 40, null)));
    }

    [Fact]
    public void A_put_can_be_placed_before_an_earlier_returning_put_nobody_saw_it_follow()
    {
        // p's value is never seen, yet reads after p returned still see w: p took effect just before w.
        AssertOk(Kv(new HistoryBuilder()
            .Put(2, "k", "w", 0, 10)
            .Put(1, "k", "p", 7, 30)
            .Get(3, "k", 11, 12, "w")
            .Get(3, "k", 31, 32, "w")));
        // Invoked after w returned, p must follow w, so a read after p returned cannot see w.
        AssertBad(Kv(new HistoryBuilder()
            .Put(2, "k", "w", 0, 10)
            .Put(1, "k", "p", 11, 30)
            .Get(3, "k", 11, 12, "w")
            .Get(3, "k", 31, 32, "w")));
    }

    [Fact]
    public void A_read_between_two_puts_pins_their_order()
    {
        // Regression (found against the brute-force checker): b must precede the read of b at t<=9,
        // a is invoked at 11, so the later successful cas from b is impossible.
        var r = Kv(new HistoryBuilder()
            .Append(1, "k", "a", 2, 2, "a")
            .Get(2, "k", 1, 10, "a")
            .Get(2, "k", 6, 9, "b")
            .Put(3, "k", "b", 7, 12)
            .Put(2, "k", "a", 11, 15)
            .Cas(3, "k", "b", "b", 19, 25, true));
        AssertBad(r);
        Assert.Equal("C3 req 2 cas k b b returned true at t=25 but every linearization gives one of {false} (state before it one of {\"a\"}); invoked at t=19", r.Explanation);
    }

    [Fact]
    public void Many_identical_info_adds()
    {
        var h = new HistoryBuilder();
        for (var i = 0; i < 40; i++) h.Info(i + 1, Ops.Add(1), i, i + 1);
        h.Read(99, 100, 110, 17).Add(99, 5, 120, 130, 22).Read(99, 140, 150, 40);
        AssertOk(Counter(h));

        h.Read(99, 160, 170, 46);
        var r = Counter(h);
        AssertBad(r);
        Assert.StartsWith("C99 req 4 read returned 46 at t=170 but every linearization gives one of {40, 41, 42, 43, 44, 45}", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_order_in_the_list_does_not_matter()
    {
        var h = new HistoryBuilder()
            .Add(1, 1, 0, 10, 1)
            .Add(2, 10, 5, 15, 11)
            .Read(3, 12, 20, 11)
            .Info(1, Ops.Add(100), 30, 35)
            .Read(2, 40, 50, 111);
        var reversed = h.Events.AsEnumerable().Reverse().ToList();
        AssertOk(Linearizability.Check(ShippedApps.Counter, reversed));
    }

    [Fact]
    public void Budget_exhaustion_is_undecided_never_a_pass()
    {
        var h = new HistoryBuilder();
        for (var i = 0; i < 10; i++) h.Add(i + 1, 1, 0, 100, i + 1);
        var r = Linearizability.Check(ShippedApps.Counter, h.Events, budget: 3);
        Assert.Equal(LinearizabilityVerdict.Undecided, r.Verdict);
        Assert.StartsWith("undecided: the search budget of 3 configurations ran out", r.Explanation, StringComparison.Ordinal);
        AssertOk(Linearizability.Check(ShippedApps.Counter, h.Events));
    }

    [Fact]
    public void Malformed_histories_throw()
    {
        var c1 = NodeId.Client(1);
        var add = Ops.Add(1);
        HistoryEvent Ev(long req, HistoryType type, long t, Operation? op = null, OpResult? result = null) =>
            new(c1, req, type, op ?? add, result, t);

        var ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Ok, 5, result: Ops.Num(1))]));
        Assert.Equal("C1 req 1: ok at t=5 has no invoke", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 0), Ev(1, HistoryType.Invoke, 3)]));
        Assert.Equal("C1 req 1 is invoked twice (at t=0 and t=3)", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 0), Ev(1, HistoryType.Info, 3), Ev(1, HistoryType.Fail, 4)]));
        Assert.Equal("C1 req 1: fail at t=4 is a second completion (already info at t=3)", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 5), Ev(1, HistoryType.Fail, 4)]));
        Assert.Equal("C1 req 1: fail at t=4 is before its invoke at t=5", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 0), Ev(1, HistoryType.Ok, 4, Ops.Add(2), Ops.Num(2))]));
        Assert.Equal("C1 req 1: ok at t=4 is for another operation than its invoke", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 0), Ev(1, HistoryType.Ok, 4)]));
        Assert.Equal("C1 req 1: ok at t=4 has no result", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Counter, [Ev(1, HistoryType.Invoke, 0, Ops.Get("k"))]));
        Assert.StartsWith("C1 req 1: not a counter operation: ", ex.Message);

        ex = Assert.Throws<HistoryFormatException>(() => Linearizability.Check(ShippedApps.Kv, [Ev(1, HistoryType.Invoke, 0)]));
        Assert.StartsWith("C1 req 1: not a kv operation: ", ex.Message);
    }

    [Fact]
    public void Witness_is_short_and_in_time_order()
    {
        var h = new HistoryBuilder();
        for (var i = 0; i < 40; i++) h.Read(i + 1, i, 1000 + i, 0);
        h.Read(99, 500, 600, 7);
        var r = Counter(h);
        AssertBad(r);
        Assert.StartsWith("C99 req 1 read returned 7 at t=600", r.Explanation, StringComparison.Ordinal);
        Assert.InRange(r.Witness.Count, 2, 20);
        Assert.Contains(r.Witness, e => e.Client == NodeId.Client(99) && e.Type == HistoryType.Ok);
        Assert.Equal(r.Witness.OrderBy(e => e.TimeNs).Select(e => e.TimeNs), r.Witness.Select(e => e.TimeNs));
    }
}
