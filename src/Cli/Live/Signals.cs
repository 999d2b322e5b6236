using System.Runtime.InteropServices;

namespace FtCore.Demo.Live;

/// <summary>Unix signals to other processes: SIGTERM to ask a child to stop cleanly (Process.Kill is SIGKILL).</summary>
internal static partial class Signals
{
    private const int SIGTERM = 15;

    /// <summary>This program as its processes' command lines show it: ftcore, or a user's own program built on FtCore.Cli.</summary>
    private static readonly string Self = SelfCommand.Resolve() is var (file, prefix) && prefix.Length > 0 ? prefix[0] : file;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    public static bool Terminate(int pid) => SysKill(pid, SIGTERM) == 0;

    /// <summary>True when <paramref name="pid"/> runs an ftcore process (so a recycled pid is never killed).</summary>
    public static bool IsFtcore(int pid) => IsFtcore(pid, null);

    /// <summary>
    /// True when <paramref name="pid"/> runs an ftcore process whose arguments include
    /// <paramref name="argument"/> (a run's pid folder: the process belongs to that run, not to
    /// another run or user that got the pid of one of ours after it died).
    /// </summary>
    public static bool IsFtcore(int pid, string? argument)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return args.Any(a => a.Contains("ftcore", StringComparison.Ordinal) || a == Self)
                && (argument is null || args.Contains(argument, StringComparer.Ordinal))
                && !IsZombie(pid);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>True while <paramref name="pid"/> runs (a zombie, dead but not yet reaped, does not count).</summary>
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal)) return line.Contains('Z', StringComparison.Ordinal);
            }
        }
        catch (IOException) { }
        return false;
    }

    public static void Kill9(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            p.Kill();
            p.WaitForExit(5000);
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }
}
