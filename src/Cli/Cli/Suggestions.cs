namespace FtCore.Demo.Cli;

/// <summary>"Did you mean": the known word closest to a mistyped one, when one is close enough.</summary>
internal static class Suggestions
{
    public static string? Nearest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known.Order(StringComparer.Ordinal))
        {
            // A prefix or an extension (--heartbeat for --heartbeat-freq) counts as close.
            var d = k.StartsWith(given, StringComparison.Ordinal) || given.StartsWith(k, StringComparison.Ordinal) ? 1 : Distance(given, k);
            if (d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
