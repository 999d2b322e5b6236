using System.Globalization;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Sim;
using FtCore.Sim.Faults;

namespace FtCore.Demo.Commands;

/// <summary>
/// What ftcore sim prints after a violation: the first violation, a transcript excerpt showing
/// every process it names, the replay command (same build, same schedule), and a shrunk
/// schedule saved to a new file (never over the schedule the run was given).
/// </summary>
internal static class SimFailureReport
{
    /// <summary>Where the run came from: a saved schedule (its path as typed) or null for the seed's own schedule.</summary>
    public sealed record Input(FaultSchedule? Saved, string? ScheduleFile);

    public static void Write(SimResult r, Input input, bool shrink, string failuresDir, bool failuresDirGiven, TextWriter w)
    {
        var first = r.Violations[0];
        w.WriteLine();
        w.WriteLine($"FAILED kind={first.Kind.ToString().ToLowerInvariant()} seed={r.Options.Seed} invariant='{first.Invariant}'");
        w.WriteLine($"  {first}");
        // The transcript of a rerun (same seed, same schedule) stops where the violation happened.
        var rerun = SimRunner.Run(r.Options with { Transcript = true }, input.Saved ?? (r.Options.Scenario is null ? r.Schedule : null));
        var excerpt = FailureExcerpt.Choose(rerun.Transcript, first.Processes);
        w.WriteLine(first.Processes.Count > 0
            ? $"  transcript excerpt (the last lines of {string.Join(", ", first.Processes)}, and the last faults):"
            : "  transcript excerpt (the last lines):");
        foreach (var l in excerpt.Lines) w.WriteLine("    " + l);
        foreach (var name in excerpt.Silent) w.WriteLine($"    ({name} wrote no line before the violation)");
        w.WriteLine("  replay:   " + ReplayCommand(r.Options, input.ScheduleFile));
        if (r.Options.Scenario is not null || r.Schedule.Faults.Count == 0 || !shrink) return;
        var original = input.Saved ?? r.Schedule;
        var small = Shrinker.Shrink(r.Options, original, first.Invariant, progress: (n, faults) => { if (n % 10 == 0) w.WriteLine($"  shrinking: {n} runs, {faults} faults"); });
        if (input.ScheduleFile is not null && small.Faults.Count == original.Faults.Count && small.HealAtMs == original.HealAtMs)
        {
            w.WriteLine($"  shrunk:   the shrinker found no smaller schedule that fails the same way; {input.ScheduleFile} stays the one to replay");
            return;
        }
        var path = ShrunkPath(input.ScheduleFile, failuresDir, failuresDirGiven, r.Options.Seed);
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, small.ToJson());
        w.WriteLine($"  shrunk:   {original.Faults.Count} faults -> {small.Faults.Count} ({string.Join("; ", small.Faults)}), heal at {small.HealAtMs} ms; saved to {path}");
        w.WriteLine("  replay the shrunk schedule: " + ReplayCommand(r.Options, path));
    }

    /// <summary>
    /// Where a shrunk schedule goes: for the seed's own schedule, DIR/seed-N.schedule.json; for a
    /// schedule file NAME.json, NAME.shrunk.json next to it (or in --failures-dir when given). Never the input.
    /// </summary>
    public static string ShrunkPath(string? input, string failuresDir, bool failuresDirGiven, ulong seed)
    {
        if (input is null) return Path.Combine(failuresDir, $"seed-{seed}.schedule.json");
        var name = Path.GetFileName(input);
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) name = name[..^".json".Length];
        var dir = failuresDirGiven ? failuresDir : Path.GetDirectoryName(input) ?? "";
        var path = Path.Combine(dir, name + ".shrunk.json");
        for (var n = 2; SamePath(path, input); n++) path = Path.Combine(dir, $"{name}.shrunk-{n}.json");
        return path;
    }

    public static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The command that runs the same build on the same schedule: the file when there is one, else the seed and every option.</summary>
    public static string ReplayCommand(SimOptions o, string? scheduleFile)
    {
        if (scheduleFile is not null) return $"{SelfInvocation.Prefix()} sim --schedule {ShellWords.Quote(scheduleFile)}";
        return SelfInvocation.Prefix() + " " + ReplayArgs.For(o);
    }
}
