using System.Globalization;
using System.Text.Json;
using FtCore.Core.Messages;

namespace FtCore.Sim.Faults;

/// <summary>
/// What became of one scheduled fault when its time came: injected (with what it hit, e.g. which
/// replica "leader" was) or skipped (with why, e.g. "S2 already down").
/// </summary>
public sealed record FaultOutcome(FaultEvent Fault, bool Injected, string Detail)
{
    /// <summary>The kind as the schedule file spells it: crash, crash-leader-after-reply, ...</summary>
    public string KindName => JsonNamingPolicy.KebabCaseLower.ConvertName(Fault.Kind.ToString());

    /// <summary>The fault's arguments without its time and kind: "S2-C1 for 500 ms", "rate 0.2 for 800 ms".</summary>
    public string Arguments
    {
        get
        {
            var f = Fault;
            var parts = new List<string>();
            if (f.Admin is not null) parts.Add(JsonNamingPolicy.KebabCaseLower.ConvertName(f.Admin.Value.ToString()));
            if (f.Target is not null) parts.Add(f.Peer is not null ? $"{f.Target}-{f.Peer}" : f.Target);
            if (f.Admin is not null and not (AdminOp.ShowView or AdminOp.SetPrimary or AdminOp.LaunchReplica)) parts.Add(f.Value.ToString(CultureInfo.InvariantCulture));
            else if (f.Kind == FaultKind.Slow) parts.Add(string.Create(CultureInfo.InvariantCulture, $"+{f.Value} ms"));
            else if (f.Kind == FaultKind.QuickRestart) parts.Add(string.Create(CultureInfo.InvariantCulture, $"back after {Math.Max(1, f.Value)} ms"));
            if (f.Rate > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"rate {f.Rate:0.###}"));
            if (f.DurationMs > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"for {f.DurationMs} ms"));
            return string.Join(" ", parts);
        }
    }

    /// <summary>One line: time, kind, arguments, then what happened.</summary>
    public override string ToString()
    {
        var what = Arguments.Length > 0 ? $"{KindName} {Arguments}" : KindName;
        var result = Injected ? (Detail.Length > 0 ? "injected: " + Detail : "injected") : "skipped: " + Detail;
        return $"{FtCore.Core.Events.ConsoleRenderer.Timestamp(Fault.AtMs * 1000)} {what,-38} {result}";
    }
}
