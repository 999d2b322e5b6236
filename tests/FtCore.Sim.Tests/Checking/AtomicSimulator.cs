using FtCore.Tests.Shared;
using FtCore.Core.App;
using FtCore.Core.App.Kv;
using FtCore.Core.History;
using FtCore.Core.Ids;

namespace FtCore.Sim.Tests.Checking;

/// <summary>Shape of a simulated workload against a truly atomic object.</summary>
internal sealed record AtomicWorkload(
    string App,
    int Clients,
    int OpsPerClient,
    int MaxLatency = 20,
    int MaxThink = 5,
    double InfoRate = 0.0,
    double FailRate = 0.0,
    int Keys = 2,
    bool LastMayBePending = false,
    double ReadRate = 0.4);

/// <summary>
/// Generates histories that are linearizable by construction: each client runs its ops one after
/// another with random latencies; every op that takes effect gets a random linearization point
/// (ok: inside its interval; info or pending: anywhere after its invoke, even after the client gave
/// up on it), and the real <see cref="IApplication"/> applies them in point order to produce results.
/// Fail ops and about half of the info ops never take effect.
/// </summary>
internal static class AtomicSimulator
{
    private static readonly string[] Pool = ["v0", "v1", "v2", "v3"];

    public static List<HistoryEvent> Run(AtomicWorkload w, int seed) => Run(w, seed, out _);

    /// <summary>As <see cref="Run(AtomicWorkload, int)"/>, and <paramref name="order"/>: the ops that took effect, in the order they did (a linearization).</summary>
    public static List<HistoryEvent> Run(AtomicWorkload w, int seed, out List<(NodeId Client, long Req)> order)
    {
        var rng = new Random(seed);
        var planned = new List<Planned>();
        for (var client = 1; client <= w.Clients; client++)
        {
            long t = rng.Next(0, w.MaxThink + 1);
            for (var i = 1; i <= w.OpsPerClient; i++)
            {
                var op = w.App == "counter" ? CounterOp(rng, w) : KvOp(rng, w, client, i);
                var latency = rng.Next(0, w.MaxLatency + 1);
                var roll = rng.NextDouble();
                HistoryType? end;
                bool applies;
                long point;
                if (w.LastMayBePending && i == w.OpsPerClient && rng.Next(3) == 0)
                {
                    end = null;
                    applies = rng.Next(2) == 0;
                    point = t + rng.Next(0, (3 * w.MaxLatency) + 1);
                }
                else if (roll < w.InfoRate)
                {
                    end = HistoryType.Info;
                    applies = rng.Next(2) == 0;
                    point = t + rng.Next(0, (3 * w.MaxLatency) + 1);
                }
                else if (roll < w.InfoRate + w.FailRate)
                {
                    end = HistoryType.Fail;
                    applies = false;
                    point = 0;
                }
                else
                {
                    end = HistoryType.Ok;
                    applies = true;
                    point = t + rng.Next(0, latency + 1);
                }
                planned.Add(new Planned(NodeId.Client(client), i, op, t, t + latency, end, applies, point, rng.Next()));
                t += latency + rng.Next(0, w.MaxThink + 1);
            }
        }

        var app = ShippedApps.All.Get(w.App).CreateState();
        var results = new Dictionary<Planned, OpResult>();
        order = [];
        foreach (var p in planned.Where(p => p.Applies).OrderBy(p => p.Point).ThenBy(p => p.Tie))
        {
            results[p] = app.Apply(p.Op);
            order.Add((p.Client, p.Req));
        }

        var events = new List<HistoryEvent>();
        foreach (var p in planned)
        {
            events.Add(new HistoryEvent(p.Client, p.Req, HistoryType.Invoke, p.Op, null, p.Invoke));
            if (p.End is { } end)
            {
                events.Add(new HistoryEvent(p.Client, p.Req, end, p.Op, end == HistoryType.Ok ? results[p] : null, p.Return));
            }
        }
        return events;
    }

    /// <summary>
    /// Replaces one ok result with a value no linearization allows (counter: above the sum of all
    /// adds, which are positive; kv get or append: a string nobody wrote). Returns the mutated index,
    /// or -1 when the history has no such op.
    /// </summary>
    public static int MutateImpossibly(List<HistoryEvent> events, int seed)
    {
        var rng = new Random(seed);
        var candidates = Enumerable.Range(0, events.Count)
            .Where(i => events[i].Type == HistoryType.Ok && (IsCounter(events[i].Op) || Ops.KvOf(events[i].Op).Op is FtCore.Core.App.Kv.KvOp.Get or FtCore.Core.App.Kv.KvOp.Append))
            .ToList();
        if (candidates.Count == 0) return -1;
        var index = candidates[rng.Next(candidates.Count)];
        var e = events[index];
        var sum = events.Where(x => x.Type == HistoryType.Invoke && IsCounter(x.Op) && Ops.CounterOf(x.Op).IsAdd).Sum(x => Ops.CounterOf(x.Op).Amount);
        var result = IsCounter(e.Op)
            ? Ops.Num(sum + 1 + rng.Next(5))
            : Ops.Value("never-written-" + rng.Next(100));
        events[index] = e with { Result = result };
        return index;
    }

    private static bool IsCounter(Operation op)
    {
        try
        {
            Ops.CounterOf(op);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Operation CounterOp(Random rng, AtomicWorkload w) =>
        rng.NextDouble() < w.ReadRate ? Ops.Read() : Ops.Add(rng.Next(1, 11));

    private static Operation KvOp(Random rng, AtomicWorkload w, int client, int i)
    {
        var key = "k" + rng.Next(w.Keys);
        var roll = rng.NextDouble();
        if (roll < w.ReadRate) return Ops.Get(key);
        roll = rng.NextDouble();
        if (roll < 0.35) return Ops.Put(key, rng.Next(3) == 0 ? Pool[rng.Next(Pool.Length)] : $"p{client}.{i}");
        if (roll < 0.7) return Ops.Append(key, $"a{client}.{i};");
        var expected = rng.Next(4) == 0 ? null : Pool[rng.Next(Pool.Length)];
        return Ops.Cas(key, expected, Pool[rng.Next(Pool.Length)]);
    }

    private sealed record Planned(NodeId Client, long Req, Operation Op, long Invoke, long Return, HistoryType? End, bool Applies, long Point, int Tie);
}
