using FtCore.Core.Events;

namespace FtCore.Sim;

/// <summary>
/// The fail-slow side of the simulator: a slowed process handles each message late, every process
/// times its round trips (<see cref="FtCore.Core.Links.LinkTimer"/>) and reports a window of them to
/// the RM's detector every <see cref="FtCore.Core.Links.SlowDetectorOptions.ReportMs"/>. The reports
/// go straight to the RM, outside the simulated network: they draw nothing from its random numbers
/// and send no message, so a run's schedule and its console are what they were without them.
/// </summary>
internal sealed partial class Simulator
{
    private static readonly long LinkReportUs = new FtCore.Core.Links.SlowDetectorOptions().ReportMs * 1000L;

    private readonly List<SlowDiagnosis> _diagnoses = [];

    /// <summary>
    /// A slowed process handles every message delivered to it <see cref="Slot.SlowExtraUs"/> later,
    /// in the order they came (the same definition as the live host's <c>admin slow --delay</c>).
    /// True when the message was put off; it comes back marked so it is not put off twice.
    /// </summary>
    private bool DeferIfSlow(in Ev ev)
    {
        var s = _slots[ev.Slot];
        if (ev.Index != 0 || _now >= s.SlowUntilUs || s.SlowExtraUs <= 0) return false;
        Push(_now + s.SlowExtraUs, new Ev(EvKind.Deliver, ev.Slot, ev.Pid, ev.From, ev.Msg, 1));
        return true;
    }

    /// <summary>Every live process (but the clients) hands its window of round trips to the RM; then the next report is due.</summary>
    private void ReportLinks()
    {
        Push(_now + LinkReportUs, new Ev(EvKind.LinkReport, 0, 0, default, null, 0));
        var rm = _slots[0];
        if (!rm.Alive || rm.Role is not FtCore.Core.Roles.Rm role) return;
        for (var i = 1; i < _slots.Length; i++)
        {
            var s = _slots[i];
            if (!s.Alive || s.Links is null) continue;
            var window = s.Links.TakeWindow();
            if (window.Count > 0) role.OnLinkReport(_now, window);
        }
        AfterStep(rm);
    }

    /// <summary>The RM's fail-slow events, kept for the result.</summary>
    private void ObserveSlow(ConsoleEvent e)
    {
        switch (e)
        {
            case SlowSuspected x:
                _diagnoses.Add(new SlowDiagnosis(x.Process.ToString(), _now / 1000, x.SinceUs / 1000, true, ConsoleRenderer.SlowPairs(x.Pairs)));
                _report?.OnDiagnosis(x.Process.ToString(), "slow-suspect", _now, _now, "RM: fail-slow suspect " + x.Process + ": " + ConsoleRenderer.SlowPairs(x.Pairs));
                break;
            case SlowCleared x:
                _diagnoses.Add(new SlowDiagnosis(x.Process.ToString(), _now / 1000, x.SinceUs / 1000, false, x.Reason));
                _report?.OnDiagnosis(x.Process.ToString(), "slow-cleared", _now, _now, "RM: fail-slow cleared " + x.Process + ": " + x.Reason);
                break;
        }
    }
}

/// <summary>One change of the RM's fail-slow diagnosis: a process named slow (with the evidence) or cleared (with why), at virtual time AtMs.</summary>
public sealed record SlowDiagnosis(string Process, long AtMs, long SinceMs, bool Suspected, string Evidence);
