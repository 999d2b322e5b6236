using FtCore.Sim.Faults;

namespace FtCore.Sim;

/// <summary>
/// Shrinks a failing schedule: fewer faults, then an earlier end of the fault phase, as long as the
/// same invariant still breaks. Every candidate is a full deterministic run.
/// </summary>
internal static class Shrinker
{
    public static FaultSchedule Shrink(SimOptions options, FaultSchedule failing, string invariant, int maxRuns = 60, Action<int, int>? progress = null)
    {
        var runs = 0;
        bool StillFails(FaultSchedule candidate)
        {
            runs++;
            progress?.Invoke(runs, candidate.Faults.Count);
            var r = SimRunner.Run(options with { Transcript = false }, candidate);
            return r.Violations.Any(v => v.Invariant == invariant);
        }

        var best = failing;
        var changed = true;
        while (changed && runs < maxRuns)
        {
            changed = false;
            for (var i = best.Faults.Count - 1; i >= 0 && runs < maxRuns; i--)
            {
                var fewer = best.Faults.Where((_, j) => j != i).ToList();
                var candidate = best with { Faults = fewer };
                if (StillFails(candidate))
                {
                    best = candidate;
                    changed = true;
                }
            }
        }
        // An earlier end: heal right after the last fault, and settle no longer than needed.
        var lastFault = best.Faults.Count == 0 ? 1000 : best.Faults.Max(f => f.AtMs + f.DurationMs);
        var settle = best.DurationMs - best.HealAtMs;
        var heal = Math.Min(best.HealAtMs, lastFault + 500);
        if (heal < best.HealAtMs && runs < maxRuns)
        {
            var earlier = best with { HealAtMs = heal, DurationMs = (int)(heal + settle) };
            if (StillFails(earlier)) best = earlier;
        }
        return best;
    }
}
