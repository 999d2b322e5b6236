using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Core.Tests.Checking;

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

        var application = Apps.Create(app);
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

    /// <summary>A random tiny history with random results: often linearizable, often not.</summary>
    public static List<HistoryEvent> RandomHistory(string app, int seed)
    {
        var rng = new Random(seed);
        var n = rng.Next(1, 9);
        var events = new List<HistoryEvent>();
        string[] values = ["a", "b"];
        string?[] gets = [null, "a", "b"];
        string[] appended = ["a", "b", "ab", "ba", "aa", "bb", "aab", "aba", "baa"];
        for (var i = 0; i < n; i++)
        {
            var client = NodeId.Client(rng.Next(1, 4));
            long req = i + 1;
            long inv = rng.Next(0, 20);
            var ret = inv + rng.Next(0, 10);
            Operation op;
            OpResult result;
            if (app == "counter")
            {
                op = rng.Next(2) == 0 ? Operation.Read() : Operation.Add(rng.Next(1, 3));
                result = new OpResult(rng.Next(0, 6));
            }
            else
            {
                var key = rng.Next(4) == 0 ? "j" : "k";
                switch (rng.Next(4))
                {
                    case 0:
                        op = Operation.Get(key);
                        result = new OpResult(0, gets[rng.Next(gets.Length)]);
                        break;
                    case 1:
                        op = Operation.Put(key, values[rng.Next(2)]);
                        result = default;
                        break;
                    case 2:
                        op = Operation.Append(key, values[rng.Next(2)]);
                        result = new OpResult(0, appended[rng.Next(appended.Length)]);
                        break;
                    default:
                        op = Operation.Cas(key, gets[rng.Next(gets.Length)], values[rng.Next(2)]);
                        result = new OpResult(rng.Next(2));
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
