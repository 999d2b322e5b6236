using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Demo.Live;

/// <summary>
/// The lab's fail-slow scenario: `admin slow Sn --delay D` on a replica chosen with the run's seed
/// (the leader or not), then a wait for the RM to name it on its console, then `admin slow Sn
/// --off` and a wait for the RM to clear it. Naming another process is a problem of the run.
/// </summary>
internal sealed partial class LabRunner
{
    private string? _slowed;
    private readonly Stopwatch _slowClock = new();

    private static readonly Regex NamedLine = new(@"RM: fail-slow: (\S+) is slow since", RegexOptions.CultureInvariant);

    private void SlowTarget(List<string> events)
    {
        var view = Ask() ?? throw new LabFailedException("the RM does not answer");
        var ready = ViewText.ReadyMembers(view);
        if (ready.Count == 0) throw new LabFailedException($"no ready replica to slow: {view}");
        var victim = ready[_random.Next(ready.Count)];
        var delayMs = _random.Next(10, 51);
        var role = victim == ViewText.Leader(view) ? "the leader" : "not the leader";
        _slowed = victim.ToString();
        _slowClock.Restart();
        Event(events, $"admin slow {victim} --delay {delayMs}ms ({role}): {AskSlow(victim, new SetSlow(delayMs * 1000L, Cpu: false))}");
    }

    private void Unslow(List<string> events)
    {
        var victim = NodeId.Parse(_slowed ?? throw new LabFailedException("no replica was slowed; nothing to undo"));
        _slowClock.Restart();
        Event(events, $"admin slow {victim} --off: {AskSlow(victim, new SetSlow(0, Cpu: false))}");
    }

    private string AskSlow(NodeId victim, SetSlow command) =>
        AdminAgent.AskAsync(_map, victim, command, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult()
        ?? throw new LabFailedException($"{victim} did not answer admin slow");

    /// <summary>The processes the RM's console named slow so far, in order.</summary>
    private List<string> NamedSlow() => NamedLine.Matches(ReadLog("RM")).Select(m => m.Groups[1].Value).ToList();

    private void WaitSlowNamed(List<string> events)
    {
        WaitUntil(() => NamedSlow().Count > 0, $"the RM names {_slowed} slow");
        var named = NamedSlow();
        var seconds = _slowClock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (named[0] == _slowed) Event(events, $"the RM named {_slowed} slow about {seconds} s after it was slowed (the right replica)");
        else
        {
            Event(events, $"the RM named {named[0]} slow, not {_slowed}");
            _problems.Add($"fail-slow: the RM named {named[0]} slow, but {_slowed} was slowed");
        }
    }

    private void WaitSlowCleared(List<string> events)
    {
        WaitUntil(() => ReadLog("RM").Contains($"RM: fail-slow cleared: {_slowed} ", StringComparison.Ordinal), $"the RM clears {_slowed}");
        var seconds = _slowClock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        Event(events, $"the RM cleared {_slowed} about {seconds} s after it was back to normal");
        if (NamedSlow().Count > 1) _problems.Add($"fail-slow: the RM named slow {string.Join(", ", NamedSlow())}; only {_slowed} was slowed, once");
    }

    private string ReadLog(string process) => LiveLogFile.ReadAll(Path.Combine(RunDir, process + ".log"));
}
