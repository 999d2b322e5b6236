using FtCore.Core.App;

namespace FtCore.Sim;

/// <summary>The closed-loop clients' operations, drawn from the workload's own stream.</summary>
internal sealed class Workload(string app, Prng rng)
{
    private static readonly string[] Keys = ["k1", "k2", "k3"];
    private static readonly string[] Tokens = ["a", "b", "c", "d", "x", "y"];

    public Operation Next()
    {
        if (app == "counter")
        {
            return rng.Next(5) == 0 ? Operation.Read() : Operation.Add(1 + rng.Next(9));
        }
        var key = rng.Pick(Keys);
        return rng.Next(20) switch
        {
            < 6 => Operation.Get(key),
            < 10 => Operation.Put(key, rng.Pick(Tokens)),
            < 17 => Operation.Append(key, rng.Pick(Tokens)),
            _ => Operation.Cas(key, rng.Chance(0.2) ? null : rng.Pick(Tokens), rng.Pick(Tokens)),
        };
    }
}
