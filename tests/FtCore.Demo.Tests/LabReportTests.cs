using System.Globalization;
using System.Text.Json;
using FtCore.Demo.Live;
using FtCore.Demo.Report;
using FtCore.Sim.Report;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// The lab's report from a small run folder written here: the logs (wall clock, ms) placed on the
/// histories' monotonic clock, the kill from lab-events.jsonl, states, membership, the failover
/// stall, and the latency matrix from the logs, or from the metrics files when there are some.
/// </summary>
public sealed class LabReportTests : IDisposable
{
    private const long Base = 1_000_000_000_000; // monotonic ns at 10:00:00.000 on the logs' wall clock
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftcore-labreport-" + Guid.NewGuid().ToString("N"));

    public LabReportTests()
    {
        Directory.CreateDirectory(_dir);
        Log("RM", "00.000 RM: 0 members", "00.500 RM: 2 members: S1, S2", "00.500 RM: view 1: primary S1, members S1, S2",
            "02.000 RM: 1 member: S2", "02.000 RM: view 2: primary S2, members S2");
        Log("GFD", "00.100 [1] GFD sending heartbeat to LFD1", "00.102 [1] GFD receives heartbeat from LFD1: 1 member: S1", "00.400 GFD: 2 members: S1, S2");
        Log("LFD1", "00.200 [1] LFD1 sending heartbeat to S1", "00.201 [1] LFD1 receives heartbeat from S1", "01.900 LFD1: delete replica S1");
        Log("S1", "00.050 S1 started (incarnation 1)", "00.300 i_am_ready = 1", "00.500 Leading view 1 (log end 0, commit 0)",
            "01.000 Received <C1, S1, 101, request>", "01.004 Sending <C1, S1, 101, reply>", "03.000 S1 started (incarnation 2)", "03.400 i_am_ready = 1");
        Log("S2", "00.060 S2 started (incarnation 1)", "00.310 i_am_ready = 1", "02.000 Leading view 2 (log end 1, commit 1)",
            "02.100 Received <C1, S2, 102, request>", "02.103 Sending <C1, S2, 102, reply>");
        Log("C1", "01.000 Sent <C1, S1, 101, request>", "01.005 Received <C1, S1, 101, reply>", "01.500 Sent <C1, S1, 102, request>",
            "02.000 request_num 102: no reply yet, retransmitting (attempt 2)", "02.050 Sent <C1, S2, 102, request>", "02.104 Received <C1, S2, 102, reply>");
        File.WriteAllLines(Path.Combine(_dir, "C1.history.jsonl"),
        [
            History(101, "invoke", 1.000), History(101, "ok", 1.005, 4), History(102, "invoke", 1.500), History(102, "ok", 2.104, 8),
        ]);
        File.WriteAllLines(Path.Combine(_dir, LabEventLog.FileName),
        [
            Event(0, "phase", "steady"), Event(1.8, "event", "kill -9 S1 (pid 123), the primary"), Event(2.5, "phase", "recovered"), Event(3.5, "end", "stopping the clients"),
        ]);
        var summary = new LabResult { Mode = "passive", App = "counter", Scenario = "m5-passive", Phases = [], RequestsCompleted = 2, Linearizable = true, Linearizability = "linearizable", ExitCode = 0 };
        File.WriteAllText(Path.Combine(_dir, "summary.json"), JsonSerializer.Serialize(summary, LabJson.Options));
    }

    private void Log(string name, params string[] lines) =>
        File.WriteAllLines(Path.Combine(_dir, name + ".log"), lines.Select(l => $"[10:00:{l[..6]}] {l[7..]}"));

    private static string History(long req, string type, double s, long? result = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"client\":\"C1\",\"req\":{req},\"type\":\"{type}\",\"op\":\"add\",\"arg\":4{(result is { } r ? $",\"result\":{r}" : "")},\"t\":{Base + (long)Math.Round(s * 1000) * 1_000_000}}}");

    private static string Event(double s, string kind, string text) =>
        JsonSerializer.Serialize(new LabEventLog.Entry(Base + (long)Math.Round(s * 1000) * 1_000_000, kind, text), LabEventJson.Default.Entry);

    private RunReport Build() => LabReportBuilder.Build(_dir, "ftcore lab --seed 5", Cli.ProgramApps.Get("counter"));

    [Fact]
    public void LabFolder_GivesLanesRequestsStatesAndTheFailoverStall()
    {
        var r = Build();
        Assert.Equal(["RM", "GFD", "LFD1", "S1", "S2", "C1"], r.Processes);
        Assert.Equal("5", r.Seed);
        Assert.True(r.Passed);
        Assert.Equal(2, r.RequestsTotal);
        Assert.Equal(new ReportRequest("C1", 101, 1_000_000, 1_005_000, "ok", "S1", 0), r.Requests[0]);
        Assert.Equal(new ReportRequest("C1", 102, 1_500_000, 2_104_000, "ok", "S2", 1), r.Requests[1]);
        var stall = Assert.Single(r.Stalls);
        Assert.Equal((2_000_000L, "S2", 1_005_000L, 2_104_000L), (stall.AtUs, stall.Leader, stall.GapFromUs, stall.GapToUs));
        Assert.Contains(new ReportState("S1", "down", 1_800_000, 3_000_000), r.States);
        Assert.Contains(new ReportState("S1", "leader", 500_000, 1_800_000), r.States);
        Assert.Contains(new ReportState("S2", "leader", 2_000_000, 3_500_000), r.States);
        Assert.Contains(new ReportBand("S1", "down", 1_800_000, 3_000_000, "down (kill -9 until relaunched)"), r.Bands);
        Assert.Contains(r.Bands, b => b is { Kind: "phase", Label: "steady", FromUs: 0, ToUs: 2_500_000 });
        Assert.Contains(r.Marks, m => m is { Kind: "kill", Process: "S1", AtUs: 1_800_000 });
        Assert.Contains(new ReportMembership("GFD", 400_000, "2 members: S1, S2"), r.Membership);
        Assert.Contains(new ReportMembership("RM view", 2_000_000, "view 2: primary S2, members S2"), r.Membership);
        var path = r.Paths.Single(p => p.Num == 102);
        Assert.Equal(["C1", "C1", "S2", "S2", "C1"], path.Hops.Select(h => h.Process));
    }

    [Fact]
    public void Matrix_FromTheLogs_WhenThereIsNoMetricsFile()
    {
        var r = Build();
        Assert.Contains("process logs", r.LinksSource, StringComparison.Ordinal);
        Assert.Contains(new ReportLink("C1", "S1", "client-replica", 1, 5_000, 5_000, 5_000, 5_000, 5_000), r.Links);
        Assert.Contains(new ReportLink("C1", "S2", "client-replica", 1, 54_000, 54_000, 54_000, 54_000, 54_000), r.Links);
        Assert.Contains(new ReportLink("LFD1", "S1", "LFD-replica", 1, 1_000, 1_000, 1_000, 1_000, 1_000), r.Links);
        Assert.Contains(new ReportLink("GFD", "LFD1", "GFD-LFD", 1, 2_000, 2_000, 2_000, 2_000, 2_000), r.Links);
    }

    [Fact]
    public void Matrix_FromTheMetricsFiles_WhenThereAreSome()
    {
        // The metrics helper's files: metrics/<ID>.jsonl, a line per window, its links over the window.
        Directory.CreateDirectory(Path.Combine(_dir, "metrics"));
        File.WriteAllLines(Path.Combine(_dir, "metrics", "C1.jsonl"),
        [
            "{\"time_ns\":1,\"process\":\"C1\",\"links\":[{\"from\":\"C1\",\"to\":\"S1\",\"count\":1,\"min_us\":200,\"mean_us\":200,\"p50_us\":200,\"p99_us\":200,\"max_us\":200}]}",
            "{\"time_ns\":2,\"process\":\"C1\",\"counters\":{}}",
            "{\"time_ns\":3,\"process\":\"C1\",\"links\":[{\"from\":\"C1\",\"to\":\"S1\",\"count\":3,\"min_us\":310,\"mean_us\":400,\"p50_us\":390,\"p99_us\":900,\"max_us\":1500}]}",
        ]);
        var r = Build();
        Assert.Contains("metrics", r.LinksSource, StringComparison.Ordinal);
        Assert.Equal([new ReportLink("C1", "S1", "client-replica", 4, 200, 350, 390, 900, 1500)], r.Links);
    }

    [Fact]
    public void FailSlow_TheSlowedReplicaIsABand_AndTheRmsSuspicionADiagnosisUntilCleared()
    {
        File.AppendAllLines(Path.Combine(_dir, LabEventLog.FileName),
        [
            Event(0.6, "event", "admin slow S2 --delay 20ms (a follower): S2 slowed: every message handled 20 ms late"),
            Event(2.9, "event", "admin slow S2 --off: S2 back to normal"),
        ]);
        File.AppendAllLines(Path.Combine(_dir, "RM.log"),
        [
            "[10:00:01.700] RM: fail-slow: S2 is slow since 10:00:01.200: LFD2>S2 21.0 ms (normal 0.2 ms)",
            "[10:00:03.300] RM: fail-slow cleared: S2 (its links are back to normal; named since 10:00:01.200)",
        ]);
        var r = Build();
        Assert.Contains(r.Bands, b => b is { Process: "S2", Kind: "slow", FromUs: 600_000, ToUs: 2_900_000 } && b.Label.Contains("--delay 20ms", StringComparison.Ordinal));
        Assert.Equal(2, r.Diagnosis.Count);
        Assert.Equal(("S2", "slow-suspect", 1_700_000L, 3_300_000L), (r.Diagnosis[0].Process, r.Diagnosis[0].Kind, r.Diagnosis[0].FromUs, r.Diagnosis[0].ToUs));
        Assert.Contains("LFD2>S2 21.0 ms", r.Diagnosis[0].Label, StringComparison.Ordinal);
        Assert.Equal(("S2", "slow-cleared", 3_300_000L, 3_300_000L), (r.Diagnosis[1].Process, r.Diagnosis[1].Kind, r.Diagnosis[1].FromUs, r.Diagnosis[1].ToUs));
    }

    [Fact]
    public void SameFolder_GivesTheSameBytes()
    {
        Assert.Equal(ReportJson.Write(Build()), ReportJson.Write(Build()));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
