using FtCore.Core.Roles;
using FtCore.Sim.Faults;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// An LFD sees a replica it launched exit (its host watches the child) and fails it at once; one
/// started by hand, as in the guide's walkthrough, is still found by the heartbeat timeout.
/// </summary>
public class ExitNoticeTests
{
    [Theory]
    [InlineData(ReplicationMode.Passive)]
    [InlineData(ReplicationMode.Active)]
    public void A_replica_its_LFD_launched_is_failed_when_it_exits_one_started_by_hand_after_the_timeout(ReplicationMode mode)
    {
        FaultEvent[] faults =
        [
            new() { AtMs = 2000, Kind = FaultKind.Crash, Target = "S2" }, // started by hand at boot
            new() { AtMs = 8000, Kind = FaultKind.Crash, Target = "S2" }, // by then relaunched by LFD2 for the RM
        ];
        var r = SimTestSupport.RunPlan(5, mode, "counter", faults, durationMs: 16_000, transcript: true);
        Assert.True(r.Violations.Count == 0, SimTestSupport.Explain(r));
        var lines = r.Transcript;
        var kills = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("S2 | ", StringComparison.Ordinal) && x.l.EndsWith("*** killed (kill -9)", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.Equal(2, kills.Count);

        var first = NextLfdFailure(lines, kills[0]);
        Assert.Contains("no reply in", first.Line, StringComparison.Ordinal);
        var second = NextLfdFailure(lines, kills[1]);
        Assert.EndsWith("LFD2: heartbeat to S2 failed (its process exited)", second.Line, StringComparison.Ordinal);
        Assert.True(second.AtMs - TimeOf(lines[kills[1]]) <= 1, $"{lines[kills[1]]} / {second.Line}");
        Assert.EndsWith("LFD2: delete replica S2", lines[second.Index + 1], StringComparison.Ordinal);
    }

    private static (string Line, int Index, long AtMs) NextLfdFailure(IReadOnlyList<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("LFD2 | ", StringComparison.Ordinal) && lines[i].Contains("heartbeat to S2 failed", StringComparison.Ordinal)) return (lines[i], i, TimeOf(lines[i]));
        }
        throw new Xunit.Sdk.XunitException("LFD2 never failed S2 after its kill at " + lines[from]);
    }

    /// <summary>"S2 | [00:00:08.000] ..." to 8000.</summary>
    private static long TimeOf(string line)
    {
        var t = TimeSpan.ParseExact(line[(line.IndexOf('[') + 1)..line.IndexOf(']')], @"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
        return (long)t.TotalMilliseconds;
    }
}
