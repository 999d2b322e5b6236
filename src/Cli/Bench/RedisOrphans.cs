using System.Globalization;
using System.Text.RegularExpressions;

namespace FtCore.Demo.Bench;

/// <summary>
/// Redis servers a bench left behind when it was killed outright (kill -9 gives it no chance to
/// stop them): each lives in <c>&lt;temp&gt;/ftcore-bench/redis-&lt;bench pid&gt;-&lt;port&gt;</c>, named on its
/// command line (<c>--dir</c>). A later <c>bench --vs-redis</c> finds the folders whose bench is
/// gone, kills the processes working in them (by PID, from /proc: redis-server changes into its
/// --dir and rewrites its command line to its address, so the working folder is what names it) and
/// removes the folders.
/// </summary>
internal static partial class RedisOrphans
{
    /// <summary>Sweeps <paramref name="root"/>; what it stopped, one line each (empty when nothing was left).</summary>
    public static List<string> Sweep(string root)
    {
        var done = new List<string>();
        if (!Directory.Exists(root)) return done;
        foreach (var dir in Directory.GetDirectories(root))
        {
            var m = FolderName().Match(Path.GetFileName(dir));
            if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bench)) continue;
            if (bench == Environment.ProcessId || BenchCluster.Alive(bench)) continue;
            foreach (var pid in ServersIn(dir))
            {
                try
                {
                    using var p = System.Diagnostics.Process.GetProcessById(pid);
                    p.Kill();
                    p.WaitForExit(5_000);
                    done.Add($"stopped redis-server pid {pid.ToString(CultureInfo.InvariantCulture)} left by bench pid {bench.ToString(CultureInfo.InvariantCulture)} ({dir})");
                }
                catch (ArgumentException) { } // gone meanwhile
                catch (InvalidOperationException) { }
                catch (System.ComponentModel.Win32Exception) { }
            }
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return done;
    }

    /// <summary>Processes working in <paramref name="dir"/> or below it, or whose command line names it (Linux /proc; none elsewhere).</summary>
    public static List<int> ServersIn(string dir)
    {
        var pids = new List<int>();
        if (!Directory.Exists("/proc")) return pids;
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Within(WorkingFolder(entry), dir))
            {
                pids.Add(pid);
                continue;
            }
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(entry, "cmdline"));
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // Arguments are NUL-separated: the folder is one whole argument (after --dir) or a prefix of one (--logfile).
            foreach (var arg in cmdline.Split('\0'))
            {
                if (Within(arg, dir))
                {
                    pids.Add(pid);
                    break;
                }
            }
        }
        return pids;
    }

    private static bool Within(string? path, string dir) =>
        path is not null && (path == dir || path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private static string? WorkingFolder(string procEntry)
    {
        try
        {
            // A folder removed while a process works in it reads as "<path> (deleted)".
            var target = new DirectoryInfo(Path.Combine(procEntry, "cwd")).LinkTarget;
            return target?.EndsWith(" (deleted)", StringComparison.Ordinal) == true ? target[..^" (deleted)".Length] : target;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    [GeneratedRegex(@"^redis-(\d+)-(\d+)$")]
    private static partial Regex FolderName();
}
