namespace FtCore.Sim;

/// <summary>
/// The floor the simulator is measured against (<c>ftcore sim-bench --floor</c>): the same kind of
/// discrete-event loop with nothing on top. A (time, sequence) priority queue, one seeded xoshiro
/// generator, and twelve nodes that answer every message they get with one to a random node, after a
/// random latency. No roles, no codec, no checking: what is left of a delivery is the loop's own
/// work, so the simulator's deliveries per second over this loop's, on the same machine in the same
/// run, says how much of its time goes to everything else.
/// </summary>
public static class BareEventLoop
{
    /// <summary>Nodes in the loop: about the standard simulated cluster (RM, GFD, 3 LFDs, 3 replicas, 3 clients, and one more).</summary>
    public const int Nodes = 12;

    /// <summary>Messages in flight at once: a few per node, as in a busy cluster.</summary>
    public const int InFlight = 4 * Nodes;

    /// <summary>Delivers <paramref name="deliveries"/> messages; returns a checksum of the deliveries (so none is optimised away, and two runs of a seed agree).</summary>
    public static ulong Run(ulong seed, long deliveries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deliveries);
        var rng = new Prng(seed);
        var queue = new PriorityQueue<Msg, Key>(InFlight, KeyComparer.Instance);
        long seq = 0;
        var received = new long[Nodes];
        for (var i = 0; i < InFlight; i++)
        {
            var at = rng.Between(50, 500);
            queue.Enqueue(new Msg(i % Nodes, rng.Next(Nodes), at), new Key(at, seq++));
        }
        ulong sum = 0;
        for (long d = 0; d < deliveries; d++)
        {
            var m = queue.Dequeue();
            received[m.To]++;
            sum = unchecked(sum * 31 + (ulong)m.Payload + (ulong)m.To);
            // The node answers: to a random node, after a base latency with jitter.
            var at = m.Payload + rng.Between(50, 500);
            queue.Enqueue(new Msg(m.To, rng.Next(Nodes), at), new Key(at, seq++));
        }
        foreach (var r in received) sum = unchecked(sum * 31 + (ulong)r);
        return sum;
    }

    /// <summary>A message: who sent it, who gets it, and (standing in for a body) its delivery time.</summary>
    private readonly record struct Msg(int From, int To, long Payload);

    private readonly record struct Key(long Time, long Seq);

    private sealed class KeyComparer : IComparer<Key>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(Key x, Key y) => x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Seq.CompareTo(y.Seq);
    }
}
