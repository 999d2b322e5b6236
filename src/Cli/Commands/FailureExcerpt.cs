namespace FtCore.Demo.Commands;

/// <summary>
/// The transcript lines a failure report shows: the last lines of every process the violation
/// names (each gets its share, so one chatty replica cannot crowd out the other), and the last
/// fault lines, in transcript order.
/// </summary>
internal static class FailureExcerpt
{
    public sealed record Excerpt(IReadOnlyList<string> Lines, IReadOnlyList<string> Silent);

    public const int Budget = 30;
    private const int MinPerProcess = 4;
    private const int SimLines = 4;

    public static Excerpt Choose(IReadOnlyList<string> transcript, IReadOnlyList<string> processes)
    {
        var names = processes.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return new Excerpt(transcript.TakeLast(Budget).ToList(), []);
        var per = Math.Max(MinPerProcess, Budget / names.Count);
        var chosen = new SortedSet<int>();
        var silent = new List<string>();
        foreach (var name in names)
        {
            var before = chosen.Count;
            TakeLast(transcript, name, per, chosen);
            if (chosen.Count == before) silent.Add(name);
        }
        TakeLast(transcript, "SIM", SimLines, chosen);
        return new Excerpt(chosen.Select(i => transcript[i]).ToList(), silent);
    }

    /// <summary>The process a transcript line belongs to: "S2 | [00:00:01.000] ..." is S2's.</summary>
    public static string ProcessOf(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? line : line[..space];
    }

    private static void TakeLast(IReadOnlyList<string> transcript, string name, int count, SortedSet<int> into)
    {
        for (int i = transcript.Count - 1, taken = 0; i >= 0 && taken < count; i--)
        {
            if (ProcessOf(transcript[i]) != name) continue;
            into.Add(i);
            taken++;
        }
    }
}
