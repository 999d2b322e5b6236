namespace FtCore.Demo.Live;

/// <summary>
/// Why a replica process ended on its own, from the run folder's logs, or null for a kill. Its
/// LFD's "launched Si (pid P, incarnation N)" names the incarnation; that incarnation's part of
/// Si.log (from "Si started (incarnation N)" to the next start) holds the fatal error it wrote
/// before it ended, with the exception's first line after it. Without such a line, the LFD's own
/// "Si (pid P) exited with status S" says it ended by itself (a status, not a kill's signal).
/// A kill -9 leaves neither. The logs are read whole, as they are when asked (a crash is rare).
/// </summary>
internal static class ReplicaCrashCause
{
    public static string? Find(string runDir, string replica, int pid)
    {
        var (incarnation, exit) = FromLfdLogs(runDir, replica, pid);
        if (incarnation is not null && FatalError(Path.Combine(runDir, replica + ".log"), replica, incarnation) is { } fatal) return fatal;
        // "exited with status 1", "... 134 (SIGABRT ...)": it ended itself. "killed by signal 9/15": a kill.
        return exit is not null && exit.StartsWith("exited with status ", StringComparison.Ordinal) && !exit.StartsWith("exited with status 0", StringComparison.Ordinal)
            ? exit
            : null;
    }

    /// <summary>From every LFD's log of the run: the incarnation the last launch as <paramref name="pid"/> started, and how that pid ended.</summary>
    private static (string? Incarnation, string? Exit) FromLfdLogs(string runDir, string replica, int pid)
    {
        var launched = $"launched {replica} (pid {pid}, incarnation ";
        var ended = $"{replica} (pid {pid}) ";
        string? incarnation = null, exit = null;
        foreach (var log in Directory.EnumerateFiles(runDir, "LFD*.log").Order(StringComparer.Ordinal))
        {
            foreach (var line in LiveLogFile.Lines(log))
            {
                var at = line.IndexOf(launched, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var rest = line[(at + launched.Length)..];
                    var end = rest.IndexOf(')', StringComparison.Ordinal);
                    if (end > 0) incarnation = rest[..end]; // the last launch as this pid wins
                    continue;
                }
                at = line.IndexOf(ended, StringComparison.Ordinal);
                if (at >= 0) exit = line[(at + ended.Length)..];
            }
        }
        return (incarnation, exit);
    }

    /// <summary>The fatal error in the part of the replica's log that incarnation wrote, or null.</summary>
    private static string? FatalError(string log, string replica, string incarnation)
    {
        var started = $"{replica} started (incarnation {incarnation})";
        var anyStart = $"{replica} started (incarnation ";
        var inside = false;
        string? fatal = null;
        foreach (var line in LiveLogFile.Lines(log))
        {
            if (line.Contains(anyStart, StringComparison.Ordinal))
            {
                if (inside) break; // the next process: whatever follows is not this one's
                inside = line.Contains(started, StringComparison.Ordinal);
                continue;
            }
            if (!inside) continue;
            if (fatal is not null) return line.StartsWith('[') ? AfterLevel(fatal) : Shorten(line); // the exception's first line, when it has one
            if (line.Contains("fatal error", StringComparison.Ordinal)) fatal = line;
        }
        return fatal is null ? null : AfterLevel(fatal);
    }

    /// <summary>"FtCore.Core.App.ApplicationFaultException: text" as "ApplicationFaultException: text".</summary>
    private static string Shorten(string exceptionLine)
    {
        var line = exceptionLine.Trim();
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return line;
        var type = line[..colon];
        var dot = type.LastIndexOf('.');
        return dot >= 0 && !type.Contains(' ', StringComparison.Ordinal) ? line[(dot + 1)..] : line;
    }

    /// <summary>"[12:00:00.000] error: S1: fatal error in the event loop" as "S1: fatal error in the event loop".</summary>
    private static string AfterLevel(string line)
    {
        var at = line.IndexOf("] ", StringComparison.Ordinal);
        var text = at >= 0 ? line[(at + 2)..] : line;
        var level = text.IndexOf(": ", StringComparison.Ordinal);
        return level > 0 && level < 10 ? text[(level + 2)..] : text;
    }
}
