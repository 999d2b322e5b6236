using System.Globalization;

namespace FtCore.Demo.Bench;

/// <summary>What /proc says about a process (Linux): resident size and CPU time. Null when it is gone or unreadable.</summary>
internal static class ProcStats
{
    /// <summary>VmRSS from /proc/&lt;pid&gt;/status, in KiB.</summary>
    public static long? RssKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var digits = line.AsSpan(6).Trim();
                var space = digits.IndexOf(' ');
                if (space > 0) digits = digits[..space];
                return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>User plus system CPU time from /proc/&lt;pid&gt;/stat, in milliseconds.</summary>
    public static long? CpuMs(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name is in parentheses and may hold spaces: fields count from after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        // After the name: state is field 3; utime and stime are fields 14 and 15 (1-based), so 11 and 12 here.
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)) return null;
        return (utime + stime) * 1000 / TicksPerSecond;
    }

    /// <summary>The 1-minute load average from /proc/loadavg (other work on the machine skews every figure), or null.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// The machine's busy CPU time since boot over every core (/proc/stat's first line: user, nice,
    /// system, irq, softirq and steal; not idle or iowait), in milliseconds, or null. The difference
    /// over a window is what every process, the kernel's network work included, cost in it.
    /// </summary>
    public static long? MachineCpuMs()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null) return null;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            foreach (var i in new[] { 1, 2, 3, 6, 7, 8 })
            {
                if (i >= f.Length || !long.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return null;
                busy += v;
            }
            return busy * 1000 / TicksPerSecond;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on.</summary>
    private const long TicksPerSecond = 100;
}
