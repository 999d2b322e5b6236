using System.Diagnostics;
using System.Globalization;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>
/// The lab's tmux panes, without a terminal: a detached session on a tmux server of the test's own
/// (TMUX_TMPDIR), a fake run folder with logs and pid files, and `ftcore pane` in every pane.
/// </summary>
public sealed class TmuxPanesTests : IDisposable
{
    private static readonly string[] LabProcesses = ["RM", "GFD", "LFD1", "LFD2", "LFD3", "S1", "S2", "S3", "C1", "C2", "C3"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _tmux;
    private readonly string _runDir;
    private readonly string _socketDir;
    private readonly string? _oldTmux;
    private readonly string? _oldTmpDir;
    private readonly List<Process> _dummies = [];

    public TmuxPanesTests()
    {
        _tmux = Tools.Require("tmux");
        var root = Path.Combine(Path.GetTempPath(), "ftcore-live", "tmux-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        _runDir = Path.Combine(root, "run");
        _socketDir = Path.Combine(root, "sock");
        Directory.CreateDirectory(Path.Combine(_runDir, "pids"));
        Directory.CreateDirectory(_socketDir);
        // A tmux server of our own, and TryOpen must not think it runs inside the user's tmux.
        _oldTmux = Environment.GetEnvironmentVariable("TMUX");
        _oldTmpDir = Environment.GetEnvironmentVariable("TMUX_TMPDIR");
        Environment.SetEnvironmentVariable("TMUX", null);
        Environment.SetEnvironmentVariable("TMUX_TMPDIR", _socketDir);
        // Nothing listens here: the pane's questions to the RM go unanswered quickly.
        File.WriteAllText(Path.Combine(_runDir, "cluster.conf"), "mode = active\nRM = 127.0.0.1:17951\nGFD = 127.0.0.1:17952\nLFD1 = 127.0.0.1:17953\nLFD2 = 127.0.0.1:17954\nLFD3 = 127.0.0.1:17955\nS1 = 127.0.0.1:17956\nS2 = 127.0.0.1:17957\nS3 = 127.0.0.1:17958\n");
    }

    private string[] ClusterArgs => ["--cluster", Path.Combine(_runDir, "cluster.conf")];

    public void Dispose()
    {
        Tools.Run(_tmux, ["kill-server"], TimeSpan.FromSeconds(10));
        foreach (var p in _dummies)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        Environment.SetEnvironmentVariable("TMUX", _oldTmux);
        Environment.SetEnvironmentVariable("TMUX_TMPDIR", _oldTmpDir);
        try { Directory.Delete(Path.GetDirectoryName(_runDir)!, recursive: true); } catch (IOException) { }
    }

    [TmuxFact]
    public void Opens_one_titled_pane_per_process_following_its_log_and_closes_them()
    {
        File.WriteAllText(Path.Combine(_runDir, "RM.log"), "[08:00:00.000] RM: hello from the RM\n");
        var say = new StringWriter();
        Assert.True(TmuxPanes.TryOpen(_runDir, LabProcesses, ClusterArgs, autoRecovery: true, say, out var session), say.ToString());
        try
        {
            Assert.Contains($"tmux attach -t {session}", say.ToString(), StringComparison.Ordinal);
            var panes = Panes(session);
            Assert.Equal(LabProcesses.Order(StringComparer.Ordinal), panes.Keys.Order(StringComparer.Ordinal));

            WaitForText(panes["RM"], "hello from the RM");
            WaitForText(panes["S2"], "Ctrl-C kills S2");
            WaitForText(panes["C1"], "Ctrl-C leaves this pane");
            // Live: a line appended later (a relaunched S2 appending to the same file) shows up.
            File.AppendAllText(Path.Combine(_runDir, "S2.log"), "[08:00:01.000] S2: new incarnation synced\n");
            WaitForText(panes["S2"], "new incarnation synced");
        }
        finally
        {
            TmuxPanes.Close(session);
        }
        Assert.False(Tools.Run(_tmux, ["has-session", "-t", "=" + session], TimeSpan.FromSeconds(10)).Ok, "the session is gone after Close");
    }

    [TmuxFact]
    public void Ctrl_C_in_a_replica_pane_kills_the_replica_and_offers_the_relaunch()
    {
        // A stand-in for S1: the pane kills only an ftcore process started as S1 (a stale pid file may
        // name a pid reused by anything), so its command line says "ftcore" and "S1".
        var sleeper = Process.Start(new ProcessStartInfo(Tools.Find("sh") ?? "sh") { UseShellExecute = false, ArgumentList = { "-c", "while :; do sleep 1; done", "ftcore", "S1" } })!;
        _dummies.Add(sleeper);
        File.WriteAllText(Path.Combine(_runDir, "pids", $"S1.{sleeper.Id.ToString(CultureInfo.InvariantCulture)}"), "");
        // A stale pid file whose pid now belongs to some other program: left alone.
        var stranger = Process.Start(new ProcessStartInfo(Tools.Find("sleep") ?? "sleep", "300") { UseShellExecute = false })!;
        _dummies.Add(stranger);
        File.WriteAllText(Path.Combine(_runDir, "pids", $"S1.{stranger.Id.ToString(CultureInfo.InvariantCulture)}"), "");
        var say = new StringWriter();
        Assert.True(TmuxPanes.TryOpen(_runDir, ["S1", "GFD"], ClusterArgs, autoRecovery: false, say, out var session), say.ToString());
        try
        {
            var panes = Panes(session);
            WaitForText(panes["S1"], "Ctrl-C kills S1");
            WaitForText(panes["GFD"], "Ctrl-C leaves this pane");

            Send(panes["S1"], "C-c");
            Poll.Until(() => sleeper.HasExited, Deadline, () => "S1's process killed by Ctrl-C in its pane");
            WaitForText(panes["S1"], $"killed S1 (pid {sleeper.Id}) with kill -9");
            Assert.False(stranger.HasExited, "a process that is not S1 was killed");
            // No RM answers here, so the pane goes by --recovery-hint manual.
            WaitForText(panes["S1"], "press Enter to relaunch S1");
            Send(panes["S1"], "Enter");
            WaitForText(panes["S1"], "the RM did not answer");

            // Ctrl-C in a pane that is not a replica's leaves it; the process (the lab's) is left alone.
            Send(panes["GFD"], "C-c");
            Poll.Until(() => !Panes(session).ContainsKey("GFD"), Deadline, () => "the GFD pane closed after Ctrl-C");
            Assert.True(Panes(session).ContainsKey("S1"));
        }
        finally
        {
            TmuxPanes.Close(session);
        }
    }

    [TmuxFact]
    public void Inside_tmux_the_panes_open_in_a_new_window_of_the_current_session()
    {
        // The user's session, and $TMUX as tmux sets it for the programs inside it: socket,pid,session.
        Assert.True(Tools.Run(_tmux, ["new-session", "-d", "-s", "user", "-x", "200", "-y", "50"], TimeSpan.FromSeconds(10)).Ok);
        var info = Tools.Run(_tmux, ["display-message", "-p", "-t", "user", "#{socket_path},#{pid},#{session_id}"], TimeSpan.FromSeconds(10)).Stdout.Trim();
        Environment.SetEnvironmentVariable("TMUX", info.Replace("$", "", StringComparison.Ordinal));
        var say = new StringWriter();
        Assert.True(TmuxPanes.TryOpen(_runDir, ["RM", "S1", "C1"], ClusterArgs, autoRecovery: true, say, out var window), say.ToString());
        Assert.StartsWith("@", window, StringComparison.Ordinal);
        Assert.Equal(["C1", "RM", "S1"], Panes(window).Keys.Order(StringComparer.Ordinal));
        var windows = Tools.Run(_tmux, ["list-windows", "-t", "user", "-F", "#{window_id}"], TimeSpan.FromSeconds(10)).Stdout;
        Assert.Contains(window, windows, StringComparison.Ordinal);

        TmuxPanes.Close(window);
        windows = Tools.Run(_tmux, ["list-windows", "-t", "user", "-F", "#{window_id}"], TimeSpan.FromSeconds(10)).Stdout;
        Assert.DoesNotContain(window, windows, StringComparison.Ordinal);
        Assert.True(Tools.Run(_tmux, ["has-session", "-t", "=user"], TimeSpan.FromSeconds(10)).Ok, "the user's session stays");
    }

    /// <summary>Pane id by title.</summary>
    private Dictionary<string, string> Panes(string session)
    {
        var r = Tools.Run(_tmux, ["list-panes", "-t", session, "-F", "#{pane_id} #{pane_title}"], TimeSpan.FromSeconds(10));
        Assert.True(r.Ok, r.ToString());
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[1].Trim(), p => p[0], StringComparer.Ordinal);
    }

    private string Screen(string pane) =>
        Tools.Run(_tmux, ["capture-pane", "-p", "-J", "-S", "-500", "-t", pane], TimeSpan.FromSeconds(10)).Stdout;

    private void WaitForText(string pane, string text)
    {
        var last = "";
        Poll.Until(() => (last = Screen(pane)).Contains(text, StringComparison.Ordinal), Deadline,
            () => $"pane {pane} shows '{text}'; it shows:\n{last}");
    }

    private void Send(string pane, string key)
    {
        var r = Tools.Run(_tmux, ["send-keys", "-t", pane, key], TimeSpan.FromSeconds(10));
        Assert.True(r.Ok, r.ToString());
    }
}
