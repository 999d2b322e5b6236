using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Commands;

/// <summary>
/// ftcore pane NAME --run-dir DIR: one tmux pane of a lab. Follows DIR/NAME.log live (across a
/// replica's incarnations, which append to the same file). In a replica's pane Ctrl-C kills that
/// replica's current process with kill -9 (its pid from DIR/pids), as in the guide's demo; then,
/// with manual recovery, Enter asks the RM to relaunch it (`admin launch Si`); with automatic
/// recovery the RM relaunches it and the new incarnation's lines show up here. In any other pane
/// Ctrl-C leaves the pane; the process keeps running (the lab owns it).
/// </summary>
internal static class PaneCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AskRm = TimeSpan.FromSeconds(3);

    private enum Input
    {
        Interrupt,
        Enter,
        Quit,
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) throw new UsageException("pane needs a process name (like: ftcore pane S1 --run-dir DIR)");
        if (!NodeId.TryParse(args[0], out var name) || name.Kind == NodeKind.Admin) throw new UsageException($"pane: '{args[0]}' is not a process name (RM, GFD, LFD1, S1, C1, ...)");
        var rest = args[1..].ToList();
        var a = new ArgReader(rest, PaneSpec.Command);
        var runDir = a.String("--run-dir") ?? throw new UsageException("pane needs --run-dir DIR (the lab's run folder)");
        var lines = (int)a.Long("--lines", 20, 0, 100_000);
        var hintAuto = a.Choice("--recovery-hint", "auto") == "auto";
        // The lab's cluster file, unless cluster flags were given.
        var cluster = Path.Combine(runDir, "cluster.conf");
        if (!ClusterConfig.Flags.Any(a.Has) && File.Exists(cluster))
        {
            rest.AddRange(["--cluster", cluster]);
            a = new ArgReader(rest, PaneSpec.Command);
        }
        var config = ClusterConfig.FromArgs(a);
        return new Pane(name, runDir, lines, hintAuto, config.Map, stdout).Run();
    }

    private sealed class Pane(NodeId name, string runDir, int lines, bool hintAuto, ClusterMap map, TextWriter o)
    {
        private readonly BlockingCollection<Input> _inputs = new(new ConcurrentQueue<Input>(), 64);
        private bool _awaitingEnter;

        public int Run()
        {
            var follower = new LogFollower(Path.Combine(runDir, name + ".log"), lines);
            var output = new PaneOutput(follower, o);
            o.WriteLine($"== {name}: {follower.Path} ==");
            o.WriteLine(name.IsReplica
                ? $"== Ctrl-C kills {name} (kill -9), as in the guide's demo =="
                : $"== Ctrl-C leaves this pane; {name} keeps running ==");
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Signal(c, Input.Interrupt));
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Signal(c, Input.Quit));
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Signal(c, Input.Quit));
            StartReadingKeys();
            var waiting = false;
            while (true)
            {
                output.Pump();
                if (!follower.Present && !waiting) o.WriteLine($"(waiting for {follower.Path})");
                waiting = !follower.Present;
                o.Flush();
                if (!_inputs.TryTake(out var input, PollEvery)) continue;
                switch (input)
                {
                    case Input.Quit:
                        return 0;
                    case Input.Interrupt when !name.IsReplica:
                        o.WriteLine($"== leaving the pane; {name} keeps running ==");
                        return 0;
                    case Input.Interrupt:
                        KillReplica(output);
                        break;
                    case Input.Enter when _awaitingEnter:
                        _awaitingEnter = false;
                        Relaunch();
                        break;
                    default:
                        break;
                }
            }
        }

        private void Signal(PosixSignalContext c, Input input)
        {
            c.Cancel = true;
            _inputs.TryAdd(input);
        }

        /// <summary>Enter from the keyboard; nothing when stdin is not a terminal (it ends at once).</summary>
        private void StartReadingKeys()
        {
            var t = new Thread(() =>
            {
                try
                {
                    while (Console.In.ReadLine() is not null) _inputs.TryAdd(Input.Enter);
                }
                catch (IOException) { }
            })
            { IsBackground = true, Name = "pane-keys" };
            t.Start();
        }

        /// <summary>
        /// kill -9 of the replica's running process(es); once they are gone, every line they wrote
        /// is printed, then the notice, so it stays the last thing before the next incarnation's lines.
        /// </summary>
        private void KillReplica(PaneOutput output)
        {
            var pidDir = Path.Combine(runDir, "pids");
            // Only an ftcore process started as this replica: a stale pid file (a replica killed before)
            // may name a pid the system has given to anything since.
            var pids = PidFiles.List(pidDir).Where(x => x.Name == name.ToString() && Signals.IsFtcore(x.Pid, name.ToString())).Select(x => x.Pid).ToList();
            if (pids.Count == 0)
            {
                output.NoticeAfter(output.Follower.Length(), [$"== {name} is not running (no live pid file in {pidDir}) =="]);
                return;
            }
            var notice = new List<string>();
            foreach (var pid in pids)
            {
                Kill9(pid);
                PidFiles.Remove(Path.Combine(pidDir, $"{name}.{pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
                notice.Add($"== killed {name} (pid {pid}) with kill -9 ==");
            }
            WaitGone(pids);
            // Nothing of the killed process lies beyond this point of its log: the rest is the next incarnation's.
            var end = output.Follower.Length();
            if (RecoveryIsAuto())
            {
                notice.Add($"== automatic recovery: the RM has its LFD relaunch {name}; its new lines follow here ==");
            }
            else
            {
                _awaitingEnter = true;
                notice.Add($"== manual recovery: press Enter to relaunch {name} (asks the RM: admin launch {name}) ==");
            }
            output.NoticeAfter(end, notice);
        }

        /// <summary>Waits (up to 2 s) until the killed processes are gone, so their last lines are in the file.</summary>
        private static void WaitGone(List<int> pids)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (pids.Any(Signals.IsAlive) && sw.Elapsed < TimeSpan.FromSeconds(2)) Thread.Sleep(10);
        }

        /// <summary>The RM's current recovery setting (it can change at run time); the hint when the RM does not answer.</summary>
        private bool RecoveryIsAuto()
        {
            var view = AdminAgent.AskAsync(map, new AdminCommand(AdminOp.WatchView, default, 0), AskRm).GetAwaiter().GetResult();
            if (view is not null && view.Contains("recovery manual", StringComparison.Ordinal)) return false;
            if (view is not null && view.Contains("recovery auto", StringComparison.Ordinal)) return true;
            return hintAuto;
        }

        private void Relaunch()
        {
            var reply = AdminAgent.AskAsync(map, new AdminCommand(AdminOp.LaunchReplica, name, 0), AskRm).GetAwaiter().GetResult();
            o.WriteLine(reply is null ? $"== the RM did not answer; press Enter to try again ==" : $"== RM: {reply} ==");
            if (reply is null) _awaitingEnter = true;
        }

        private static void Kill9(int pid)
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
    }
}
