using System.Text.Json;
using FtCore.Demo.Live;
using Xunit;
using Xunit.Abstractions;

namespace FtCore.Live.Tests;

/// <summary>
/// The lab with real processes and real kill -9s: a backup, the primary/sequencer, and a replica
/// killed again while it recovers, with clients running throughout. Every request answered, the
/// merged history linearizable, every replica ready at the end, nothing left running.
/// </summary>
public sealed class LabKillTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("passive", "counter", 17500)]
    [InlineData("active", "kv", 17700)]
    public void Kills_of_backup_leader_and_recovering_replica_lose_nothing(string mode, string app, int basePort)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ftcore-live", $"lab-{mode}-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var say = new StringWriter();
        var options = new LabOptions
        {
            Mode = mode,
            App = app,
            Scenario = "kill-all",
            DurationMs = 16_000,
            OutDir = dir,
            BasePort = basePort = LiveCluster.FreeBasePort(basePort),
            Seed = 42,
        };
        var result = new LabRunner(options, TextWriter.Synchronized(say), CancellationToken.None).Run();
        output.WriteLine(say.ToString());

        Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems));
        Assert.Equal(0, result.RequestsFailed);
        Assert.True(result.Linearizable, result.Linearizability);
        Assert.True(result.AllReadyAtEnd, result.FinalView);
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.RequestsCompleted > 100, $"only {result.RequestsCompleted} requests answered");
        Assert.Contains(result.Phases, p => p.Name == "kill-recovering" && p.Events.Any(e => e.StartsWith("kill -9", StringComparison.Ordinal)));
        // Each replica was launched by its LFD, which saw the killed process exit and says so.
        Assert.Contains(result.Phases, p => p.Name == "kill-backup" && p.Events.Any(e =>
            e.Contains(" removed from the view (LFD", StringComparison.Ordinal) && e.Contains(": its process exited): ", StringComparison.Ordinal)));

        // The run folder: a log per process (replicas too, across incarnations), the history, the summary.
        foreach (var name in new[] { "RM", "GFD", "LFD1", "LFD2", "LFD3", "S1", "S2", "S3", "C1", "C2", "C3" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, name + ".log")).Length > 0, $"{name}.log is empty");
        }
        Assert.True(File.ReadLines(Path.Combine(dir, "history.jsonl")).Count() >= 2 * result.RequestsCompleted);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("linearizable").GetBoolean());
        foreach (var p in summary.RootElement.GetProperty("phases").EnumerateArray())
        {
            foreach (var key in new[] { "name", "requests_completed", "requests_failed", "longest_stall_ms", "view_changes" }) Assert.True(p.TryGetProperty(key, out _), key);
        }
        // Metrics: a JSON line a second per process (the clients' final line once they stopped), and the OS samples.
        foreach (var name in new[] { "RM", "GFD", "LFD1", "S1", "S2", "S3", "C1" })
        {
            var lines = File.ReadAllLines(Path.Combine(dir, "metrics", name + ".jsonl"));
            Assert.True(lines.Length >= 2, $"metrics/{name}.jsonl has {lines.Length} lines");
            using var line = JsonDocument.Parse(lines[^1]);
            Assert.Equal(name, line.RootElement.GetProperty("process").GetString());
        }
        using (var c1 = JsonDocument.Parse(File.ReadLines(Path.Combine(dir, "metrics", "C1.jsonl")).Last()))
        {
            Assert.True(c1.RootElement.GetProperty("final").GetBoolean());
            Assert.True(c1.RootElement.GetProperty("counters").GetProperty("ftcore.client.requests").GetInt64() > 0);
        }
        using (var rm = JsonDocument.Parse(File.ReadLines(Path.Combine(dir, "metrics", "RM.jsonl")).Last()))
        {
            Assert.True(rm.RootElement.GetProperty("counters").GetProperty("ftcore.rm.view_changes").GetInt64() >= 3, "three kills change the view");
        }
        var sampled = new HashSet<string>();
        foreach (var l in File.ReadLines(Path.Combine(dir, "os.jsonl")))
        {
            using var sample = JsonDocument.Parse(l);
            sampled.Add(sample.RootElement.GetProperty("process").GetString()!);
        }
        Assert.Superset(new HashSet<string> { "lab", "RM", "S1", "C1" }, sampled);
        Assert.All(LiveClusterPorts(basePort), ep => Assert.True(LiveCluster.PortFree(ep), $"{ep} still bound"));
        Assert.DoesNotContain(PidFiles.List(Path.Combine(dir, "pids")), x => FtCore.Demo.Live.Signals.IsFtcore(x.Pid));

        // The run report from the folder: every process a lane, each kill -9 on its replica's lane, the matrix filled.
        var report = FtCore.Demo.Report.LabReportBuilder.Build(dir, "ftcore lab", FtCore.Demo.Cli.ProgramApps.Get(app));
        Assert.Equal(["RM", "GFD", "LFD1", "LFD2", "LFD3", "S1", "S2", "S3", "C1", "C2", "C3"], report.Processes);
        Assert.Equal(result.RequestsCompleted, report.Windows.Sum(w => w.Completed));
        Assert.Equal(result.Phases.Sum(p => p.Events.Count(e => e.StartsWith("kill -9", StringComparison.Ordinal))), report.Marks.Count(m => m.Kind == "kill"));
        foreach (var kind in new[] { "client-replica", "LFD-replica", "GFD-LFD" }) Assert.Contains(report.Links, l => l.Kind == kind && l.Count > 0);
        Assert.Contains(report.States, st => st.State == "leader");
    }

    private static IEnumerable<System.Net.IPEndPoint> LiveClusterPorts(int basePort) =>
        FtCore.Transport.Tcp.ClusterMap.Loopback(3, 3, basePort).Addresses.Values;
}
