using System.Diagnostics;
using System.Text;

namespace FtCore.Demo.Live;

/// <summary>
/// A lab in tmux: one pane per process, tiled, titled with the process name, each running
/// <c>ftcore pane NAME --run-dir DIR</c>. Outside tmux a new detached session (attach with the
/// printed command); inside tmux ($TMUX set) a new window of the current session.
/// </summary>
internal static class TmuxPanes
{
    private static readonly TimeSpan TmuxTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens the panes. <paramref name="session"/> is what <see cref="Close"/> takes: the session
    /// name, or the window id (@N) when opened inside tmux. False, with a line on
    /// <paramref name="say"/>, when tmux is missing or fails.
    /// </summary>
    public static bool TryOpen(string runDir, IReadOnlyList<string> processNames, IReadOnlyList<string> clusterArgs, bool autoRecovery, TextWriter say, out string session)
    {
        session = "";
        if (processNames.Count == 0) return false;
        var tmux = Find("tmux");
        if (tmux is null)
        {
            say.WriteLine($"tmux is not installed (scripts/install-lab-tools.sh installs it); each process's lines are in {runDir}/<name>.log");
            return false;
        }
        runDir = Path.GetFullPath(runDir);
        var commands = processNames.Select(n => PaneCommandLine(n, runDir, clusterArgs, autoRecovery)).ToList();
        var inside = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TMUX"));
        string window;
        string firstPane;
        try
        {
            if (inside)
            {
                var r = Tmux(tmux, "new-window", "-P", "-F", "#{window_id} #{pane_id}", "-n", "ftcore-lab", commands[0]);
                (window, firstPane) = Split2(r);
                session = window;
            }
            else
            {
                var name = FreeSessionName(tmux, "ftcore-" + Sanitize(Path.GetFileName(runDir.TrimEnd('/'))));
                var r = Tmux(tmux, "new-session", "-d", "-s", name, "-n", "lab", "-x", "240", "-y", "64", "-P", "-F", "#{window_id} #{pane_id}", commands[0]);
                (window, firstPane) = Split2(r);
                session = name;
            }
            Tmux(tmux, "set-option", "-w", "-t", window, "pane-border-status", "top");
            Tmux(tmux, "set-option", "-w", "-t", window, "pane-border-format", " #{pane_title} ");
            Tmux(tmux, "select-pane", "-t", firstPane, "-T", processNames[0]);
            for (var i = 1; i < commands.Count; i++)
            {
                var pane = Tmux(tmux, "split-window", "-d", "-t", window, "-P", "-F", "#{pane_id}", commands[i]).Trim();
                Tmux(tmux, "select-pane", "-t", pane, "-T", processNames[i]);
                // Re-tile after every split, so there is always room for the next one.
                Tmux(tmux, "select-layout", "-t", window, "tiled");
            }
            Tmux(tmux, "select-pane", "-t", firstPane);
        }
        catch (InvalidOperationException e)
        {
            say.WriteLine($"tmux: {e.Message}; each process's lines are in {runDir}/<name>.log");
            if (session.Length > 0) Close(session);
            session = "";
            return false;
        }
        if (inside)
        {
            say.WriteLine($"tmux: window {session} of this session has a pane per process ({string.Join(", ", processNames)})");
        }
        else
        {
            say.WriteLine($"tmux: session {session} has a pane per process ({string.Join(", ", processNames)}); to watch it:");
            say.WriteLine($"  tmux attach -t {session}");
        }
        return true;
    }

    /// <summary>Closes what <see cref="TryOpen"/> opened (the panes' followers stop; the processes do not).</summary>
    public static void Close(string session)
    {
        if (string.IsNullOrEmpty(session) || Find("tmux") is not { } tmux) return;
        try
        {
            Tmux(tmux, session.StartsWith('@') ? "kill-window" : "kill-session", "-t", session);
        }
        catch (InvalidOperationException)
        {
            // Already gone (closed by the user).
        }
    }

    /// <summary>The shell command a pane runs: ftcore pane NAME --run-dir DIR [cluster flags], quoted for sh.</summary>
    public static string PaneCommandLine(string name, string runDir, IReadOnlyList<string> clusterArgs, bool autoRecovery)
    {
        var (file, prefix) = SelfCommand.Resolve();
        var words = new List<string> { file };
        words.AddRange(prefix);
        words.AddRange(["pane", name, "--run-dir", runDir, "--recovery-hint", autoRecovery ? "auto" : "manual"]);
        words.AddRange(clusterArgs);
        return string.Join(' ', words.Select(ShellQuote));
    }

    public static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or ':' or ',' or '+')
            ? s
            : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FreeSessionName(string tmux, string wanted)
    {
        for (var n = 1; n < 1000; n++)
        {
            var name = n == 1 ? wanted : $"{wanted}-{n}";
            var (exit, _, _) = RunTmux(tmux, ["has-session", "-t", "=" + name]);
            if (exit != 0) return name;
        }
        throw new InvalidOperationException($"no free session name like {wanted}");
    }

    private static string Sanitize(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        return sb.Length > 0 ? sb.ToString() : "lab";
    }

    private static (string, string) Split2(string output)
    {
        var parts = output.Trim().Split(' ', 2);
        if (parts.Length != 2) throw new InvalidOperationException($"unexpected answer '{output.Trim()}'");
        return (parts[0], parts[1]);
    }

    private static string Tmux(string tmux, params string[] args)
    {
        var (exit, stdout, stderr) = RunTmux(tmux, args);
        if (exit != 0) throw new InvalidOperationException($"tmux {args[0]} failed: {stderr.Trim()}");
        return stdout;
    }

    private static (int Exit, string Stdout, string Stderr) RunTmux(string tmux, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(tmux)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("tmux did not start");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TmuxTimeout))
        {
            try { p.Kill(); } catch (InvalidOperationException) { }
            throw new InvalidOperationException($"tmux {args[0]} did not answer within {TmuxTimeout.TotalSeconds:0} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/local/bin"))
        {
            var f = Path.Combine(dir, tool);
            if (File.Exists(f)) return f;
        }
        return null;
    }
}
