using FtCore.Core.App;
using System.Diagnostics;
using System.Text.Json;
using FtCore.Demo.Live;
using Xunit;
using Xunit.Abstractions;

namespace FtCore.Live.Tests;

/// <summary>
/// A replica killed from outside the lab's script (as a pane's Ctrl-C or a kill -9 typed by hand
/// does) is a demo action, not a lab failure: the lab says so with what happens next, the RM has it
/// relaunched, and the run still passes every check on the answers and the history.
/// </summary>
public sealed class LabOutsideKillTests(ITestOutputHelper output)
{
    [Fact]
    public void A_replica_killed_by_hand_is_reported_and_the_run_still_passes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ftcore-live", $"lab-outside-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var say = new StringWriter();
        var options = new LabOptions
        {
            Mode = "passive",
            App = ShippedApps.Counter.Name,
            Scenario = "steady",
            DurationMs = 8_000,
            OutDir = dir,
            BasePort = LiveCluster.FreeBasePort(18900),
            Seed = 7,
        };
        var pidDir = Path.Combine(dir, "pids");
        var killedPid = 0;
        using var stop = new CancellationTokenSource();
        // The "other terminal": once the clients have answered, kill -9 S2 by the pid in its pid file.
        var killer = Task.Run(() =>
        {
            var sw = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && sw.Elapsed < TimeSpan.FromSeconds(60))
            {
                var history = Path.Combine(dir, "C1.history.jsonl");
                var answered = File.Exists(history) && ReadShared(history).Contains("\"type\":\"ok\"", StringComparison.Ordinal);
                var s2 = PidFiles.List(pidDir).Where(x => x.Name == "S2" && FtCore.Demo.Live.Signals.IsFtcore(x.Pid, pidDir)).Select(x => x.Pid).FirstOrDefault();
                if (answered && s2 > 0)
                {
                    Thread.Sleep(1000);
                    killedPid = s2;
                    using var p = Process.GetProcessById(s2);
                    p.Kill();
                    return;
                }
                Thread.Sleep(50);
            }
        });
        LabResult result;
        try
        {
            result = new LabRunner(options, TextWriter.Synchronized(say), CancellationToken.None).Run();
        }
        finally
        {
            stop.Cancel();
            killer.Wait(TimeSpan.FromSeconds(10));
        }
        var text = say.ToString();
        output.WriteLine(text);

        Assert.True(killedPid > 0, "the test never found S2's pid file to kill it");
        Assert.Contains($"S2 (pid {killedPid}) is gone and the lab did not kill it (a kill from outside: a pane's Ctrl-C or a kill -9); automatic recovery: the RM will have LFD2 relaunch it", text, StringComparison.Ordinal);
        Assert.Contains("S2 runs again", text, StringComparison.Ordinal);
        Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, result.RequestsFailed);
        Assert.True(result.Linearizable, result.Linearizability);
        Assert.True(result.AllReadyAtEnd, result.FinalView);
        Assert.Single(result.OutsideKills);
        Assert.StartsWith($"S2 (pid {killedPid})", result.OutsideKills[0], StringComparison.Ordinal);

        // LFD2 launched S2, so it saw the process end and failed it at once, not after the heartbeat timeout.
        Assert.Contains("LFD2: heartbeat to S2 failed (its process exited)", ReadShared(Path.Combine(dir, "LFD2.log")), StringComparison.Ordinal);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var steady = summary.RootElement.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "steady-state");
        Assert.True(steady.GetProperty("latency_p50_ms").GetDouble() > 0);
        Assert.True(steady.GetProperty("latency_max_ms").GetDouble() >= steady.GetProperty("latency_p99_ms").GetDouble());
        Assert.Equal(3, summary.RootElement.GetProperty("client_startup_ms").EnumerateObject().Count());
        Assert.DoesNotContain(PidFiles.List(pidDir), x => FtCore.Demo.Live.Signals.IsFtcore(x.Pid));
        Assert.All(FtCore.Transport.Tcp.ClusterMap.Loopback(3, 3, options.BasePort!.Value).Addresses.Values, ep => Assert.True(LiveCluster.PortFree(ep), $"{ep} still bound"));
        Directory.Delete(dir, recursive: true);
    }

    private static string ReadShared(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(fs);
        return r.ReadToEnd();
    }
}
