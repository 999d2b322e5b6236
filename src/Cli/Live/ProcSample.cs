using System.Globalization;

namespace FtCore.Demo.Live;

/// <summary>
/// What Linux says about one process at one moment, from /proc/&lt;pid&gt;/stat (CPU time, threads)
/// and /proc/&lt;pid&gt;/status (resident size, context switches, state).
/// </summary>
internal sealed record ProcSample(int Pid, long CpuUserMs, long CpuSysMs, long RssBytes, long VoluntarySwitches, long InvoluntarySwitches, int Threads, char State)
{
    /// <summary>USER_HZ: 100 on every Linux this runs on.</summary>
    private const long TicksPerSecond = 100;

    /// <summary>The process now, or null when it is gone (or /proc cannot be read).</summary>
    public static ProcSample? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid}/stat"), File.ReadAllText($"/proc/{pid}/status"));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Parses the two files' text; null when the stat line is malformed.</summary>
    public static ProcSample? Parse(int pid, string stat, string status)
    {
        // The command name is in parentheses and may hold spaces and parentheses: fields count from after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length) return null;
        var fields = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the name, fields[0] is the state (field 3 of proc(5)); utime 14, stime 15, num_threads 20.
        if (fields.Length < 18 || !Long(fields[11], out var utime) || !Long(fields[12], out var stime) || !Long(fields[17], out var threads)) return null;
        long rssKiB = 0, voluntary = 0, involuntary = 0;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rssKiB = Number(line);
            else if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)) voluntary = Number(line);
            else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal)) involuntary = Number(line);
        }
        return new ProcSample(pid, utime * 1000 / TicksPerSecond, stime * 1000 / TicksPerSecond, rssKiB * 1024, voluntary, involuntary, (int)threads, fields[0].Length > 0 ? fields[0][0] : '?');
    }

    private static bool Long(string s, out long v) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);

    /// <summary>The first number after the colon ("VmRSS:   1234 kB" is 1234), 0 when none.</summary>
    private static long Number(string line)
    {
        var rest = line.AsSpan(line.IndexOf(':') + 1).Trim();
        var space = rest.IndexOfAny(' ', '\t');
        if (space > 0) rest = rest[..space];
        return long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
