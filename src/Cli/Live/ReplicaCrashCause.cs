namespace FtCore.Demo.Live;

/// <summary>
/// Why a replica process ended on its own, from the run folder's logs: its LFD's
/// "launched Si (pid P, incarnation N)" names the incarnation, and that incarnation's part of
/// Si.log (from "Si started (incarnation N)" to the next start) holds the fatal error it wrote
/// before it ended, with the exception's first line after it. Null when the logs say nothing (a
/// kill -9 leaves no line).
/// </summary>
internal static class ReplicaCrashCause
{
    private const int TailBytes = 256 * 1024;

    public static string? Find(string runDir, string replica, int pid)
    {
        var incarnation = IncarnationOf(runDir, replica, pid);
        if (incarnation is null) return null;
        var lines = Tail(Path.Combine(runDir, replica + ".log"));
        var started = $"{replica} started (incarnation {incarnation})";
        var at = lines.FindLastIndex(l => l.Contains(started, StringComparison.Ordinal));
        if (at < 0) return null;
        for (var i = at + 1; i < lines.Count; i++)
        {
            if (lines[i].Contains($"{replica} started (incarnation ", StringComparison.Ordinal)) return null; // the next process
            if (!lines[i].Contains("fatal error", StringComparison.Ordinal)) continue;
            return i + 1 < lines.Count && !lines[i + 1].StartsWith('[') ? Shorten(lines[i + 1]) : AfterLevel(lines[i]);
        }
        return null;
    }

    /// <summary>The incarnation an LFD launched as <paramref name="pid"/>, from any LFD's log of the run.</summary>
    private static string? IncarnationOf(string runDir, string replica, int pid)
    {
        var launched = $"launched {replica} (pid {pid}, incarnation ";
        foreach (var log in Directory.EnumerateFiles(runDir, "LFD*.log").Order(StringComparer.Ordinal))
        {
            foreach (var line in Tail(log))
            {
                var at = line.IndexOf(launched, StringComparison.Ordinal);
                if (at < 0) continue;
                var rest = line[(at + launched.Length)..];
                var end = rest.IndexOf(')', StringComparison.Ordinal);
                if (end > 0) return rest[..end];
            }
        }
        return null;
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

    /// <summary>The last lines of a log another process may still be writing; none when it is missing.</summary>
    private static List<string> Tail(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (f.Length > TailBytes) f.Seek(-TailBytes, SeekOrigin.End);
            using var r = new StreamReader(f);
            var lines = new List<string>();
            while (r.ReadLine() is { } l) lines.Add(l);
            return lines;
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
