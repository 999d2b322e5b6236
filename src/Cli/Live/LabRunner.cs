using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FtCore.Sim.Checking;
using FtCore.Core.History;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Live;

/// <summary>
/// The guide's final demo as one run: RM, GFD, three LFDs (which launch S1-S3) and auto clients as
/// separate processes on loopback, the scenario's kill -9s, a line per event as it happens, and at
/// the end a summary per phase and the linearizability verdict on the merged client history.
/// </summary>
internal sealed partial class LabRunner(LabOptions options, TextWriter say, CancellationToken cancel)
{
    private readonly LabScenario _scenario = LabScenarios.Get(options.Scenario);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Random _random = new(options.Seed);
    private readonly List<string> _problems = [];
    private ClusterMap _map = ClusterMap.Loopback(3, 3);
    private LabProcesses? _processes;
    private string? _lastVictim;
    private string? _tmuxSession;
    private int? _lastVictimPid;
    private readonly Dictionary<NodeId, long> _clientStartedNs = [];
    /// <summary>The phase under way: when it began, its events, the view number before it.</summary>
    private (string Name, long FromNs, double FromS, List<string> Events, long ViewBefore)? _open;

    public string RunDir => options.OutDir;

    /// <summary>The phases and events with their monotonic times, for the run report (lab-events.jsonl).</summary>
    private LabEventLog? _eventLog;

    /// <summary>Runs the scenario; the processes are always stopped and the ports freed, also when cancelled.</summary>
    public LabResult Run()
    {
        Directory.CreateDirectory(RunDir);
        _eventLog = new LabEventLog(Path.Combine(RunDir, LabEventLog.FileName));
        var basePort = options.BasePort ?? FindFreeBasePort();
        _map = ClusterMap.Loopback(3, 3, basePort);
        var clusterFile = WriteClusterFile(basePort);
        var clusterArgs = new[] { "--cluster", clusterFile };
        Say($"run folder {RunDir}; cluster file {clusterFile}; ports {basePort}-{basePort + 103}");
        var phases = new List<LabPhaseResult>();
        var bounds = new List<LabPhaseBounds>();
        string finalView = "";
        bool allReady = false;
        using (_processes = new LabProcesses(RunDir, clusterArgs))
        {
            var os = OsSampler.Start(RunDir, _processes.PidDir);
            try
            {
                RunPhases(bounds);
                _eventLog.Add("end", "stopping the clients");
                Say("stopping the clients (each finishes its outstanding request)");
                _processes.Terminate(ClientNames(), TimeSpan.FromSeconds(20));
                var view = AnyReplicaGone ? SettleAfterOutsideKills() : Ask();
                finalView = view ?? "(no answer from the RM)";
                allReady = view is not null && ViewText.ReadyMembers(view).Count == 3;
                if (!allReady && LeftDownByUser(view)) Say($"{string.Join(", ", MissingReplicas(view!))} killed from outside and not relaunched (manual recovery): the user's choice, not a failure");
                else if (!allReady) _problems.Add($"not every replica is ready at the end: {finalView}");
            }
            catch (OperationCanceledException)
            {
                Say("interrupted: stopping the clients (each finishes its outstanding request), then every process");
                _problems.Add("interrupted");
                finalView = "(not asked: interrupted)";
            }
            catch (LabFailedException f)
            {
                _problems.Add(f.Message);
                Say("FAILED: " + f.Message);
                finalView = Ask() ?? "(no answer from the RM)";
            }
            finally
            {
                // The phase cut short still counts: its requests are in the history.
                if (_open is { } o) bounds.Add(new(o.Name, o.FromNs, ClientDriver.MonotonicNs(), Math.Max(0, ViewNumber() - o.ViewBefore), o.FromS, Now, o.Events));
                os?.Dispose(); // its last round while the servers still run
                // Clients first, while the replicas still answer, so none is left with a request
                // outstanding (a client killed at the deadline loses the end of its history).
                _processes.Terminate(ClientNames(), TimeSpan.FromSeconds(5));
                _processes.StopAll(TimeSpan.FromSeconds(5));
                if (_tmuxSession is not null) TmuxPanes.Close(_tmuxSession);
            }
        }
        var free = LabProcesses.WaitPortsFree(_map, TimeSpan.FromSeconds(10));
        if (!free) _problems.Add("a port of the cluster is still bound after the run");
        Say(free ? "all processes stopped; every port is free" : "WARNING: a port is still bound");

        var history = MergeHistories();
        var requests = LabMetrics.Requests(history);
        var endNs = history.Count > 0 ? history.Max(e => e.TimeNs) : 0;
        foreach (var b in bounds) phases.Add(LabMetrics.Phase(requests, b, endNs));
        var failed = requests.Count(r => r.OkNs is null);
        var verdict = Linearizability.Check(Cli.ProgramApps.Get(options.App), history, Math.Max(Linearizability.DefaultBudget, history.Count * 200L));
        var inconsistent = CountInconsistent();
        if (failed > 0) _problems.Add($"{failed} request(s) never answered");
        if (CrashProblem() is { } crashed) _problems.Add(crashed);
        if (!verdict.IsLinearizable) _problems.Add("history not linearizable: " + verdict.Explanation);
        if (inconsistent > 0) _problems.Add($"{inconsistent} duplicate reply(ies) differed from the accepted one");
        var exit = !verdict.IsLinearizable || inconsistent > 0 ? 1 : _problems.Count > 0 ? (_problems.Contains("interrupted") ? 130 : 3) : 0;
        var result = new LabResult
        {
            Mode = options.Mode,
            App = options.App,
            Scenario = options.Scenario,
            Phases = phases,
            RequestsCompleted = requests.Count(r => r.OkNs is not null),
            RequestsFailed = failed,
            ClientStartupMs = LabMetrics.StartupMs(requests, _clientStartedNs),
            OutsideKills = _outsideKills.ToArray(),
            Crashes = _crashes.ToArray(),
            Linearizable = verdict.IsLinearizable,
            Linearizability = verdict.Explanation,
            InconsistentReplies = inconsistent,
            AllReadyAtEnd = allReady,
            FinalView = finalView,
            Problems = _problems.ToArray(),
            ExitCode = exit,
        };
        File.WriteAllText(Path.Combine(RunDir, "summary.json"), JsonSerializer.Serialize(result, LabJson.Options) + "\n");
        return result;
    }

    private void RunPhases(List<LabPhaseBounds> bounds)
    {
        var p = _processes!;
        p.Start("RM", "rm");
        p.Start("GFD", "gfd");
        var lfdArgs = new List<string>();
        if (options.HeartbeatMs is { } hb) lfdArgs.AddRange(["--heartbeat-freq", hb.ToString(CultureInfo.InvariantCulture) + "ms"]);
        for (var i = 1; i <= 3; i++) p.Start($"LFD{i}", ["lfd", "--id", $"LFD{i}", "--log-dir", RunDir, .. lfdArgs]);
        if (options.Tmux)
        {
            string[] names = ["RM", "GFD", "LFD1", "LFD2", "LFD3", "S1", "S2", "S3", .. ClientNames()];
            if (TmuxPanes.TryOpen(RunDir, names, ["--cluster", Path.Combine(RunDir, "cluster.conf")], !_scenario.ManualRecovery, new SayWriter(Say), out var session)) _tmuxSession = session;
        }
        var startedInfra = false;
        long lastView = 0;
        foreach (var phase in _scenario.Phases)
        {
            var events = new List<string>();
            var fromNs = ClientDriver.MonotonicNs();
            var fromS = Now;
            _open = (phase.Name, fromNs, fromS, events, lastView);
            Phase(phase.Name);
            if (!startedInfra)
            {
                startedInfra = true;
                Event(events, _scenario.ManualRecovery
                    ? "started RM, GFD, LFD1-3 (manual recovery: replicas start when launched)"
                    : "started RM, GFD, LFD1-3; the RM has each LFD launch its replica (automatic recovery)");
            }
            string? victim = null;
            foreach (var step in phase.Steps) victim = Do(step, phase, events) ?? victim;
            switch (phase.Wait)
            {
                case LabWait.InfrastructureUp:
                    WaitUntil(() => Ask() is not null && Enumerable.Range(1, 3).All(i => LogContains("GFD", $"LFD{i} registered")), "RM up and every LFD registered with the GFD");
                    Event(events, "RM, GFD and LFD1-3 up: " + Ask());
                    break;
                case LabWait.ClientsAnswered:
                    WaitUntil(() => ClientNames().All(c => CountOk(c) > 0), "every client has its first reply");
                    Event(events, "every client has its first reply");
                    break;
                case LabWait.VictimRemoved when victim is not null:
                    WaitUntil(() => Ask() is { } v && !ViewText.Members(v).Contains(NodeId.Parse(victim)), $"{victim} leaves the view");
                    Event(events, $"{victim} removed from the view{HowFound(victim)}: {Ask()}");
                    break;
                case LabWait.AllReady:
                    WaitAllReady(events);
                    break;
                case LabWait.SlowNamed:
                    WaitSlowNamed(events);
                    break;
                case LabWait.SlowCleared:
                    WaitSlowCleared(events);
                    break;
            }
            var holdUntil = fromS + phase.HoldFraction * options.DurationMs / 1000.0;
            while (Now < holdUntil)
            {
                Pause(TimeSpan.FromMilliseconds(Math.Min(2000, (holdUntil - Now) * 1000 + 1)));
                if (Now < holdUntil - 0.5) Status();
            }
            var view = ViewNumber();
            bounds.Add(new(phase.Name, fromNs, ClientDriver.MonotonicNs(), Math.Max(0, view - lastView), fromS, Now, events));
            _open = null;
            lastView = Math.Max(lastView, view);
        }
    }

    /// <summary>Carries out one step; returns the replica killed, if it killed one.</summary>
    private string? Do(LabStep step, LabPhase phase, List<string> events)
    {
        switch (step)
        {
            case LabStep.DesignatePrimary:
                {
                    var primary = $"S{_random.Next(1, 4)}";
                    Event(events, $"admin primary {primary}: {Admin(AdminOp.SetPrimary, NodeId.Parse(primary), 0)}");
                    return null;
                }
            case LabStep.LaunchReplicas:
                for (var i = 1; i <= 3; i++) Event(events, $"admin launch S{i}: {Launch(NodeId.Replica(i))}");
                return null;
            case LabStep.StartClients:
                foreach (var c in ClientNames())
                {
                    _clientStartedNs[NodeId.Parse(c)] = ClientDriver.MonotonicNs();
                    _processes!.Start(c, "client", "--id", c, "--auto", "--interval", options.IntervalMs.ToString(CultureInfo.InvariantCulture) + "ms",
                        "--first-request", "101", "--history", HistoryFile(c), "--seed", ((long)options.Seed * 31 + int.Parse(c[1..], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
                }
                Event(events, $"started clients {string.Join(", ", ClientNames())} (auto, {options.IntervalMs} ms between requests)");
                return null;
            case LabStep.Kill:
                return KillTarget(phase.Target ?? LabTarget.Random, events);
            case LabStep.RelaunchVictim:
                {
                    var v = _lastVictim ?? throw new LabFailedException("no replica was killed before; nothing to relaunch");
                    Event(events, $"admin launch {v}: {Launch(NodeId.Parse(v))}");
                    return null;
                }
            case LabStep.AutoRecovery:
                Event(events, $"admin recovery auto: {Admin(AdminOp.SetAutoRecovery, default, 1)}");
                return null;
            case LabStep.Slow:
                SlowTarget(events);
                return null;
            case LabStep.Unslow:
                Unslow(events);
                return null;
            default:
                return null;
        }
    }

    /// <summary>`admin launch`, repeated while the RM has not yet heard of the replica's LFD from the GFD.</summary>
    private string Launch(NodeId replica)
    {
        var answer = Admin(AdminOp.LaunchReplica, replica, 0);
        var sw = Stopwatch.StartNew();
        while (answer.Contains("is down", StringComparison.Ordinal) && sw.Elapsed < options.ConditionDeadline)
        {
            Pause(TimeSpan.FromMilliseconds(100));
            answer = Admin(AdminOp.LaunchReplica, replica, 0);
        }
        return answer;
    }

    private string Admin(AdminOp op, NodeId target, long value) =>
        AdminAgent.AskAsync(_map, new AdminCommand(op, target, value), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult()
        ?? throw new LabFailedException($"the RM did not answer admin {op}");

    private string? KillTarget(LabTarget target, List<string> events)
    {
        string name;
        int pid;
        if (target == LabTarget.Recovering)
        {
            name = _lastVictim ?? throw new LabFailedException("no earlier victim to kill while it recovers");
            var old = _lastVictimPid;
            int? fresh = null;
            WaitUntil(() => (fresh = _processes!.PidOf(name)) is { } f && f != old, $"{name} relaunched");
            var relaunched = Stopwatch.StartNew();
            pid = fresh!.Value;
            // Its state transfer runs from the moment the RM's view has it as a member until it is
            // ready, a few tens of ms: kill it as soon as the view shows it there, not yet ready.
            var id = NodeId.Parse(name);
            string state;
            while (true)
            {
                var v = Ask();
                if (v is not null && ViewText.ReadyMembers(v).Contains(id)) { state = "already ready: missed its state transfer"; break; }
                if (v is not null && ViewText.Members(v).Contains(id)) { state = "a member, not ready yet: during its state transfer"; break; }
                if (relaunched.Elapsed > TimeSpan.FromSeconds(5)) { state = "not in the view yet"; break; }
                cancel.ThrowIfCancellationRequested();
            }
            Kill9(name, pid);
            Event(events, $"kill -9 {name} (pid {pid}) {relaunched.ElapsedMilliseconds} ms after its new process came up ({state})");
        }
        else
        {
            var view = Ask() ?? throw new LabFailedException("the RM does not answer");
            var ready = ViewText.ReadyMembers(view);
            var leader = ViewText.Leader(view);
            var candidates = target switch
            {
                LabTarget.Leader => leader is { } l ? [l] : [],
                LabTarget.LastVictim => ready.Where(r => r.ToString() == _lastVictim).ToList(),
                LabTarget.Follower => ready.Where(r => r != leader).ToList(),
                _ => ready.ToList(),
            };
            var running = ready.Where(r => _processes!.PidOf(r.ToString()) is not null).ToList();
            // A ready member without a process: killed from outside a moment ago, not noticed yet.
            if (running.Count < ready.Count) NoticeOutsideKills(now: true);
            if (AnyReplicaGone)
            {
                // Replicas killed from outside change what the script can do: never kill one that is
                // already gone, nor the last one that answers.
                candidates = candidates.Where(running.Contains).ToList();
                if (candidates.Count == 0 || running.Count <= 1)
                {
                    Event(events, $"no kill of {target.Describe()}: {(candidates.Count == 0 ? "no such replica runs" : $"{running[0]} is the last ready replica")} after the kill(s) from outside ({view})");
                    return null;
                }
            }
            if (candidates.Count == 0) throw new LabFailedException($"no replica to kill for target {target}: {view}");
            var victim = candidates[_random.Next(candidates.Count)];
            name = victim.ToString();
            pid = _processes!.PidOf(name) ?? throw new LabFailedException($"no running process for {name}");
            var role = victim == leader ? (options.Mode == "passive" ? "the primary" : "the sequencer") : (options.Mode == "passive" ? "a backup" : "a follower");
            Kill9(name, pid);
            Event(events, $"kill -9 {name} (pid {pid}), {role}");
        }
        // A process killed with -9 cannot remove its own pid file; a stale one names a pid the system may reuse.
        PidFiles.Remove(Path.Combine(_processes!.PidDir, $"{name}.{pid.ToString(CultureInfo.InvariantCulture)}"));
        _lastVictim = name;
        _lastVictimPid = pid;
        return name;
    }

    private void WaitAllReady(List<string> events)
    {
        WaitUntil(() => Ask() is { } v && (ViewText.ReadyMembers(v).Count == 3 || LeftDownByUser(v)), "all three replicas ready");
        var view = Ask();
        var missing = view is null ? [] : MissingReplicas(view);
        Event(events, missing.Count == 0
            ? "all replicas ready: " + view
            : $"all replicas ready but {string.Join(", ", missing)} (killed from outside; manual recovery: {string.Join("; ", missing.Select(LaunchHint))}): {view}");
    }

    private void WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        var lastStatus = 0.0;
        while (!condition())
        {
            if (_processes!.Crashed() is { } crash && !crash.StartsWith('C')) throw new LabFailedException(crash);
            if (sw.Elapsed > options.ConditionDeadline) throw new LabFailedException($"waited {options.ConditionDeadline.TotalSeconds:0} s for: {what}; view: {Ask() ?? "(no answer)"}");
            if (sw.Elapsed.TotalSeconds - lastStatus > 3)
            {
                lastStatus = sw.Elapsed.TotalSeconds;
                Say($"  waiting for: {what}");
            }
            Pause(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>Waits, looking for replicas killed from outside every quarter second meanwhile.</summary>
    private void Pause(TimeSpan t)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            NoticeOutsideKills();
            var left = t - sw.Elapsed;
            if (left <= TimeSpan.Zero) return;
            if (cancel.WaitHandle.WaitOne(left < OutsideKillPoll ? left : OutsideKillPoll)) throw new OperationCanceledException(cancel);
        }
    }

    private string? Ask() => AdminAgent.AskAsync(_map, new AdminCommand(AdminOp.WatchView, default, 0), TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();

    private long ViewNumber() => Ask() is { } v ? ViewText.Number(v) : 0;

    private double Now => _clock.Elapsed.TotalSeconds;

    private IEnumerable<string> ClientNames() => Enumerable.Range(1, options.Clients).Select(i => $"C{i}");

    private string HistoryFile(string client) => Path.Combine(RunDir, client + ".history.jsonl");

    private void Phase(string name)
    {
        _eventLog?.Add("phase", name);
        Say($"== {name}");
    }

    private void Event(List<string> events, string text)
    {
        events.Add(text);
        _eventLog?.Add("event", text);
        Say("   " + text);
    }

    private void Status()
    {
        var answered = ClientNames().Sum(CountOk);
        Say($"   {answered} requests answered; {Ask() ?? "RM not answering"}");
    }

    private void Say(string text)
    {
        lock (say) say.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {text}");
    }
}

/// <summary>Lines written to it go to the lab's timestamped output.</summary>
internal sealed class SayWriter(Action<string> say) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void WriteLine(string? value) => say(value ?? "");
}

/// <summary>A lab run cannot go on: a condition was not reached in time, or a process died on its own.</summary>
internal sealed class LabFailedException(string message) : Exception(message);
