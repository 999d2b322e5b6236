using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FtCore.Demo.Bench;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>
/// `ftcore bench` end to end, briefly: a real cluster of processes, the JSON it prints, nothing
/// lost or unanswered, every process gone and every port free afterwards. No timing is asserted.
/// </summary>
public sealed class BenchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Bench_prints_throughput_and_latency_as_json_and_answers_everything()
    {
        var (exit, json, stderr) = RunBench("--duration", "2s", "--warmup", "0.5s", "--clients", "2", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{json}\n{stderr}");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var field in new[] { "ops_per_s", "p50_us", "p99_us", "max_us", "mode", "clients", "duration_s", "requests" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"--json output lacks '{field}': {root}");
        }
        Assert.Equal("passive", root.GetProperty("mode").GetString());
        Assert.Equal(2, root.GetProperty("clients").GetInt32());
        Assert.True(root.GetProperty("requests").GetInt64() > 0, root.ToString());
        Assert.Equal("counter", root.GetProperty("app").GetString());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(0, root.GetProperty("refused").GetInt64());
        AssertPortsFree(root.GetProperty("base_port").GetInt32());
    }

    [Fact]
    public void Bench_failover_kills_the_leader_and_loses_nothing()
    {
        var (exit, json, stderr) = RunBench("--failover", "--repeats", "1", "--mode", "active", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{json}\n{stderr}");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var field in new[] { "stall_ms_median", "stall_ms_max", "failed", "refused", "requests" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"--json output lacks '{field}': {root}");
        }
        Assert.Equal(1, root.GetProperty("repeats").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(0, root.GetProperty("refused").GetInt64());
        Assert.True(root.GetProperty("linearizable").GetBoolean(), root.ToString());
        Assert.True(root.GetProperty("stall_ms_max").GetDouble() > 0, root.ToString());
        AssertPortsFree(root.GetProperty("base_port").GetInt32());
    }

    [RedisFact]
    public void Bench_vs_redis_prints_both_systems_the_floor_and_the_ratios_and_leaves_no_redis_running()
    {
        var (exit, json, stderr) = RunBench("--vs-redis", "--clients", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "1", "--mode", "passive", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{json}\n{stderr}");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("vs_redis").GetBoolean());
        Assert.True(root.GetProperty("passed").GetBoolean(), root.ToString());
        Assert.Equal(2, root.GetProperty("clients").GetInt32());
        Assert.True(root.GetProperty("floor").GetProperty("round_trips").GetInt64() > 0, root.ToString());
        Assert.True(root.GetProperty("floor").GetProperty("p50_us").GetDouble() > 0, root.ToString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["ftcore", "redis"], runs.Select(r => r.GetProperty("system").GetString()));
        foreach (var run in runs)
        {
            foreach (var field in new[] { "ops_per_s", "p50_us", "p99_us", "cpu_ms", "cpu_us_per_request", "requests", "failed" })
            {
                Assert.True(run.TryGetProperty(field, out _), $"run lacks '{field}': {run}");
            }
            Assert.Equal("passive", run.GetProperty("mode").GetString());
            Assert.True(run.GetProperty("requests").GetInt64() > 0, run.ToString());
            Assert.Equal(0, run.GetProperty("failed").GetInt64());
        }
        var redis = runs[1];
        Assert.Equal(redis.GetProperty("acked").GetInt64(), redis.GetProperty("counter").GetInt64());
        Assert.Equal(0, redis.GetProperty("lost").GetInt64());
        Assert.Equal(0, redis.GetProperty("wait_short").GetInt64());
        Assert.True(redis.GetProperty("cpu_ms").TryGetProperty("redis-master", out _), redis.ToString());
        var pids = redis.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()).ToList();
        Assert.Equal(3, pids.Count);
        foreach (var pid in pids) Assert.False(BenchCluster.Alive(pid), $"redis-server pid {pid} still runs after the bench");
        var port = redis.GetProperty("base_port").GetInt32();
        for (var i = 0; i < 3; i++) Assert.True(LiveCluster.PortFree(new IPEndPoint(IPAddress.Loopback, port + i)), $"redis port {port + i} still bound");
        AssertPortsFree(runs[0].GetProperty("base_port").GetInt32());
        var summary = root.GetProperty("summary").GetProperty("passive");
        foreach (var field in new[] { "ratio_ops_per_s", "ratio_p50" }) Assert.True(summary.GetProperty(field).GetDouble() > 0, summary.ToString());
        Assert.True(summary.GetProperty("redis").GetProperty("ops_per_s_median").GetDouble() > 0, summary.ToString());
    }

    /// <summary>Runs `ftcore bench ARGS` as its own process; if it overruns the deadline it is asked to stop (SIGTERM, it cleans up) and then killed with its whole tree.</summary>
    private static (int Exit, string Stdout, string Stderr) RunBench(params string[] args)
    {
        var psi = SelfCommand.StartInfo(["bench", .. args]);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Deadline))
        {
            using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) term.WaitForExit();
            if (!p.WaitForExit(TimeSpan.FromSeconds(20))) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            Assert.Fail($"ftcore bench {string.Join(' ', args)} did not finish within {Deadline.TotalSeconds} s\n{stdout.Result}\n{stderr.Result}");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertPortsFree(int basePort)
    {
        foreach (var ep in ClusterMap.Loopback(3, 3, basePort).Addresses.Values)
        {
            Assert.True(LiveCluster.PortFree(ep), $"port {ep} still bound after the bench");
        }
    }
}
