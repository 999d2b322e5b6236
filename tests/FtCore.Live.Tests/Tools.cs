using System.Diagnostics;

namespace FtCore.Live.Tests;

/// <summary>External programs the live tests drive (ip, tmux): finding them, installing them, running them.</summary>
public static class Tools
{
    public sealed record Result(int Exit, string Stdout, string Stderr)
    {
        public bool Ok => Exit == 0;

        public override string ToString() => $"exit {Exit}: {Stderr.Trim()} {Stdout.Trim()}".Trim();
    }

    private static readonly string[] SystemDirs = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin", "/usr/local/sbin"];

    /// <summary>The full path of <paramref name="tool"/> on PATH or in the system folders, or null.</summary>
    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SystemDirs))
        {
            var f = Path.Combine(dir, tool);
            if (File.Exists(f)) return f;
        }
        return null;
    }

    /// <summary>The tool, installed first with scripts/install-lab-tools.sh when it is missing.</summary>
    public static string Require(string tool)
    {
        if (Find(tool) is { } found) return found;
        // One apt-get at a time: tests running in parallel would fight over its lock.
        lock (InstallGate)
        {
            if (Find(tool) is { } now) return now;
            var script = RepoRoot.File("scripts/install-lab-tools.sh");
            var r = Run("bash", [script, tool], TimeSpan.FromMinutes(5));
            return Find(tool) ?? throw new InvalidOperationException($"{tool} is missing and {script} could not install it: {r}");
        }
    }

    private static readonly Lock InstallGate = new();

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), with its output.</summary>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
