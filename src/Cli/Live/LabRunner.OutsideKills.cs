using System.Diagnostics;
using FtCore.Core.Ids;

namespace FtCore.Demo.Live;

/// <summary>
/// Replicas killed from outside the script (a tmux pane's Ctrl-C, a kill -9 typed by hand) are a
/// legitimate part of a demo: the lab says so when it notices, with what happens next or what to
/// type, and does not count them as a failure. The answers and the linearizability of the history
/// are still checked as always.
/// </summary>
internal sealed partial class LabRunner
{
    private static readonly TimeSpan OutsideKillPoll = TimeSpan.FromMilliseconds(250);

    private readonly List<string> _outsideKills = [];
    private readonly List<string> _crashes = [];
    private readonly SortedSet<string> _crashedNames = new(StringComparer.Ordinal);

    /// <summary>One problem for every replica process that died on its own, or null.</summary>
    private string? CrashProblem() => _crashes.Count == 0 ? null
        : $"replica processes died on their own {_crashes.Count} time(s) ({string.Join(", ", _crashedNames)}): see \"died on its own\" above and their logs";

    /// <summary>A replica ended without the lab killing it: killed from outside, or died on its own.</summary>
    private bool AnyReplicaGone => _outsideKills.Count > 0 || _crashes.Count > 0;
    private double _outsideLookedAtS = double.NegativeInfinity;
    private LabOutsideKills? _outsideWatch;

    private LabOutsideKills Outside => _outsideWatch ??= new LabOutsideKills(LiveReplicaPids, pid => Signals.IsFtcore(pid, PidDir));

    private string PidDir => Path.Combine(RunDir, "pids");

    private IEnumerable<(string Name, int Pid)> LiveReplicaPids() =>
        PidFiles.List(PidDir).Where(x => NodeId.TryParse(x.Name, out var id) && id.IsReplica && Signals.IsFtcore(x.Pid, PidDir));

    /// <summary>Says which replicas died without the lab killing them, and which of those run again (looks at most every 250 ms unless <paramref name="now"/>).</summary>
    private void NoticeOutsideKills(bool now = false)
    {
        if (_processes is null || (!now && Now - _outsideLookedAtS < OutsideKillPoll.TotalSeconds)) return;
        _outsideLookedAtS = Now;
        var (killed, back) = Outside.Poll();
        if (killed.Count == 0 && back.Count == 0) return;
        var auto = killed.Count > 0 && RecoveryIsAuto();
        foreach (var (name, pid) in killed)
        {
            var id = NodeId.Parse(name);
            var next = auto
                ? $"automatic recovery: the RM will have LFD{id.Index} relaunch it"
                : $"manual recovery: to relaunch it, type: {LaunchHint(name)}";
            var when = $"{name} (pid {pid}) at {Now:0.0} s{(_open is { } o ? " in " + o.Name : "")}";
            if (ReplicaCrashCause.Find(RunDir, name, pid) is { } cause)
            {
                // Its own fatal error, not a kill: say what its log says. A role that throws is a bug: the run fails (CrashProblem).
                _crashes.Add($"{when}: {cause} (see {name}.log)");
                _crashedNames.Add(name);
                Notice($"{name} (pid {pid}) died on its own: {cause} (see {name}.log); {next}");
                continue;
            }
            _outsideKills.Add(when);
            Notice($"{name} (pid {pid}) is gone and the lab did not kill it (a kill from outside: a pane's Ctrl-C or a kill -9); {next}");
        }
        foreach (var (name, pid) in back) Notice($"{name} runs again (pid {pid})");
    }

    private void Notice(string text)
    {
        if (_open is { } o) Event(o.Events, text);
        else Say("   " + text);
    }

    /// <summary>The command that relaunches a replica by hand.</summary>
    private string LaunchHint(string replica) => $"ftcore admin launch {replica} --cluster {Path.Combine(RunDir, "cluster.conf")}";

    /// <summary>The RM's recovery setting now (it changes at run time); the scenario's start setting when the RM does not answer.</summary>
    private bool RecoveryIsAuto()
    {
        var view = Ask();
        if (view is not null && view.Contains("recovery manual", StringComparison.Ordinal)) return false;
        if (view is not null && view.Contains("recovery auto", StringComparison.Ordinal)) return true;
        return !_scenario.ManualRecovery;
    }

    /// <summary>Replicas not ready in <paramref name="view"/>.</summary>
    private static List<string> MissingReplicas(string view)
    {
        var ready = ViewText.ReadyMembers(view);
        return Enumerable.Range(1, 3).Select(NodeId.Replica).Where(r => !ready.Contains(r)).Select(r => r.ToString()).ToList();
    }

    /// <summary>
    /// True when the only replicas not ready are ones killed from outside that nobody relaunched
    /// under manual recovery: the user's move, not the lab's failure.
    /// </summary>
    private bool LeftDownByUser(string? view)
    {
        if (view is null || Outside.Down.Count == 0 || view.Contains("recovery auto", StringComparison.Ordinal)) return false;
        var missing = MissingReplicas(view);
        return missing.Count > 0 && missing.All(Outside.Down.Contains);
    }

    /// <summary>
    /// After kills from outside, the end waits (up to the condition deadline) for the cluster to
    /// settle: every replica ready, or the missing ones left down by the user under manual recovery.
    /// </summary>
    private string? SettleAfterOutsideKills()
    {
        var sw = Stopwatch.StartNew();
        var said = false;
        while (true)
        {
            var view = Ask();
            if (view is not null && (ViewText.ReadyMembers(view).Count == 3 || LeftDownByUser(view))) return view;
            if (sw.Elapsed > options.ConditionDeadline) return view;
            if (!said)
            {
                said = true;
                Say("waiting for the replicas that ended outside the script (killed from outside, or died on their own) to be back and ready");
            }
            Pause(TimeSpan.FromMilliseconds(100));
        }
    }
}
