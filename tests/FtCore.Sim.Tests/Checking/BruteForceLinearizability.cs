using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Sim.Tests.Checking;

/// <summary>
/// A deliberately dumb reference checker for tiny histories: tries every order of the ops that
/// respects real time, on the real application, letting each unknown-outcome op either apply (with
/// any result) or never apply. Memoized on (remaining ops, state snapshot).
/// </summary>
internal static class BruteForceLinearizability
{
    public static bool IsLinearizable(string app, IReadOnlyList<HistoryEvent> history)
    {
        var invokes = history.Where(e => e.Type == HistoryType.Invoke).ToList();
        if (invokes.Count > 20) throw new ArgumentException("too many ops for brute force", nameof(history));
        var completions = history.Where(e => e.Type != HistoryType.Invoke).ToDictionary(e => (e.Client, e.Req));
        var ops = new List<Op>();
        foreach (var inv in invokes)
        {
            completions.TryGetValue((inv.Client, inv.Req), out var done);
            if (done?.Type == HistoryType.Fail) continue;
            var ok = done?.Type == HistoryType.Ok;
            ops.Add(new Op(inv.Op, inv.TimeNs, ok ? done!.TimeNs : long.MaxValue, ok, ok ? done!.Result!.Value : default));
        }

        var application = ShippedApps.All.Get(app).CreateState();
        var memo = new Dictionary<(int, string), bool>();
        return Search((1 << ops.Count) - 1, application.Snapshot());

        bool Search(int remaining, byte[] state)
        {
            var anyOk = false;
            for (var i = 0; i < ops.Count; i++)
            {
                if ((remaining & (1 << i)) != 0 && ops[i].Ok) anyOk = true;
            }
            if (!anyOk) return true;
            var key = (remaining, Convert.ToHexString(state));
            if (memo.TryGetValue(key, out var known)) return known;

            var result = false;
            for (var i = 0; i < ops.Count && !result; i++)
            {
                if ((remaining & (1 << i)) == 0) continue;
                var p = ops[i];
                var minimal = true;
                for (var j = 0; j < ops.Count; j++)
                {
                    if ((remaining & (1 << j)) != 0 && ops[j].Ok && ops[j].Return < p.Invoke) minimal = false;
                }
                if (!minimal) continue;

                application.Restore(state);
                var r = application.Apply(p.Operation);
                if (!p.Ok || r == p.Result)
                {
                    result = Search(remaining & ~(1 << i), application.Snapshot());
                }
                if (!result && !p.Ok)
                {
                    result = Search(remaining & ~(1 << i), state);
                }
            }
            memo[key] = result;
            return result;
        }
    }

    /// <summary>
    /// The first ok return (in the checker's event order: time, invokes before returns, client,
    /// req) that no linearization of the history up to it gets past; null when linearizable.
    /// </summary>
    public static HistoryEvent? FirstFailingReturn(string app, IReadOnlyList<HistoryEvent> history)
    {
        var invokes = history.Where(e => e.Type == HistoryType.Invoke).ToList();
        var completions = history.Where(e => e.Type != HistoryType.Invoke).ToDictionary(e => (e.Client, e.Req));
        var ops = new List<(Op Op, HistoryEvent? Ok)>();
        foreach (var inv in invokes)
        {
            completions.TryGetValue((inv.Client, inv.Req), out var done);
            if (done?.Type == HistoryType.Fail) continue;
            var ok = done?.Type == HistoryType.Ok;
            ops.Add((new Op(inv.Op, inv.TimeNs, ok ? done!.TimeNs : long.MaxValue, ok, ok ? done!.Result!.Value : default), ok ? done : null));
        }
        var returns = ops.Where(o => o.Ok is not null).Select(o => o.Ok!)
            .OrderBy(e => e.TimeNs).ThenBy(e => e.Client).ThenBy(e => e.Req).ToList();
        var application = ShippedApps.All.Get(app).CreateState();
        var initial = application.Snapshot();
        foreach (var ret in returns)
        {
            // Ops invoked before this return (invokes come first at equal times) and the ok ops
            // that must be linearized by it.
            var before = Enumerable.Range(0, ops.Count).Where(i => ops[i].Op.Invoke <= ret.TimeNs).ToList();
            var required = before.Where(i => ops[i].Ok is { } e && Precedes(e, ret)).ToHashSet();
            var memo = new Dictionary<(long, string), bool>();
            if (!Passes(before.Aggregate(0L, (m, i) => m | (1L << i)), initial)) return ret;

            bool Passes(long remaining, byte[] state)
            {
                if (!required.Any(i => (remaining & (1L << i)) != 0)) return true;
                var key = (remaining, Convert.ToHexString(state));
                if (memo.TryGetValue(key, out var known)) return known;
                var result = false;
                foreach (var i in before)
                {
                    if (result) break;
                    if ((remaining & (1L << i)) == 0) continue;
                    var p = ops[i].Op;
                    if (required.Any(q => (remaining & (1L << q)) != 0 && ops[q].Op.Return < p.Invoke)) continue;
                    application.Restore(state);
                    var r = application.Apply(p.Operation);
                    if (!p.Ok || r == p.Result) result = Passes(remaining & ~(1L << i), application.Snapshot());
                    if (!result && !required.Contains(i)) result = Passes(remaining & ~(1L << i), state);
                }
                memo[key] = result;
                return result;
            }
        }
        return null;
    }

    private static bool Precedes(HistoryEvent a, HistoryEvent b) =>
        a.TimeNs != b.TimeNs ? a.TimeNs < b.TimeNs
        : a.Client != b.Client ? a.Client.CompareTo(b.Client) < 0
        : a.Req <= b.Req;

    /// <summary>A random small history with random results: often linearizable, often not.</summary>
    /// <param name="writeHeavy">kv: mostly puts and gets on one key, long overlapping intervals
    /// (exercises hidden and retroactive writes).</param>
    public static List<HistoryEvent> RandomHistory(string app, int seed, int maxOps = 8, bool writeHeavy = false)
    {
        var rng = new Random(seed);
        var n = rng.Next(1, maxOps + 1);
        var events = new List<HistoryEvent>();
        string[] values = ["a", "b"];
        string?[] gets = [null, "a", "b"];
        string[] appended = ["a", "b", "ab", "ba", "aa", "bb", "aab", "aba", "baa"];
        for (var i = 0; i < n; i++)
        {
            var client = NodeId.Client(rng.Next(1, 4));
            long req = i + 1;
            long inv = rng.Next(0, 20);
            var ret = inv + rng.Next(0, writeHeavy ? 16 : 10);
            Operation op;
            OpResult result;
            if (app == "counter")
            {
                op = rng.Next(2) == 0 ? Ops.Read() : Ops.Add(rng.Next(1, 3));
                result = Ops.Num(rng.Next(0, 6));
            }
            else
            {
                var key = !writeHeavy && rng.Next(4) == 0 ? "j" : "k";
                switch (writeHeavy ? rng.Next(10) switch { < 3 => 0, < 8 => 1, 8 => 2, _ => 3 } : rng.Next(4))
                {
                    case 0:
                        op = Ops.Get(key);
                        result = Ops.Value(writeHeavy && rng.Next(5) > 0 ? ((char)('a' + rng.Next(4))).ToString() : gets[rng.Next(gets.Length)]);
                        break;
                    case 1:
                        op = Ops.Put(key, writeHeavy ? ((char)('a' + rng.Next(4))).ToString() : values[rng.Next(2)]);
                        result = Ops.PutOk();
                        break;
                    case 2:
                        op = Ops.Append(key, values[rng.Next(2)]);
                        result = Ops.Value(appended[rng.Next(appended.Length)]);
                        break;
                    default:
                        op = Ops.Cas(key, gets[rng.Next(gets.Length)], values[rng.Next(2)]);
                        result = Ops.Swapped(rng.Next(2) == 1);
                        break;
                }
            }
            events.Add(new HistoryEvent(client, req, HistoryType.Invoke, op, null, inv));
            var roll = rng.Next(20);
            if (roll < 14) events.Add(new HistoryEvent(client, req, HistoryType.Ok, op, result, ret));
            else if (roll < 17) events.Add(new HistoryEvent(client, req, HistoryType.Info, op, null, ret));
            else if (roll < 19) events.Add(new HistoryEvent(client, req, HistoryType.Fail, op, null, ret));
        }
        return events;
    }

    private sealed record Op(Operation Operation, long Invoke, long Return, bool Ok, OpResult Result);
}
