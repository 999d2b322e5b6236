using FtCore.Demo.Bench;
using FtCore.Demo.Cli;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>ftcore bench's flags: bad usage is one line naming the flag (Program turns it into exit 2); good flags shape the run.</summary>
public sealed class BenchCliTests
{
    [Theory]
    [InlineData("--bogus", "--bogus", "1")]
    [InlineData("--mode", "--mode", "sideways")]
    [InlineData("--clients", "--clients", "0")]
    [InlineData("--duration", "--duration", "soon")]
    [InlineData("--repeats", "--repeats", "3")]
    [InlineData("--kill", "--kill", "leader")]
    [InlineData("--kill", "--failover", "--kill", "everyone")]
    [InlineData("--requests", "--failover", "--requests", "10")]
    [InlineData("--app", "--app", "queue")]
    [InlineData("--rss-every", "--rss-every", "10")]
    [InlineData("--failover", "--vs-redis", "--failover")]
    [InlineData("--requests", "--vs-redis", "--requests", "10")]
    [InlineData("--rss", "--vs-redis", "--rss")]
    [InlineData("--base-port", "--vs-redis", "--base-port", "20000")]
    [InlineData("--keep", "--vs-redis", "--keep")]
    [InlineData("--rounds", "--rounds", "2")]
    [InlineData("--rounds", "--vs-redis", "--rounds", "0")]
    [InlineData("--mode", "--mode", "both")]
    [InlineData("--mode", "--failover", "--mode", "both")]
    public void Bad_usage_is_one_line_naming_the_flag(string flag, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => BenchOptions.Parse(args));
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Failover_defaults_to_a_20ms_lfd_heartbeat_and_ten_leader_kills()
    {
        var o = BenchOptions.Parse(["--failover"]);
        Assert.Equal(20, o.LfdHeartbeatMs);
        Assert.Equal(10, o.Repeats);
        Assert.Equal("leader", o.Kill);
        Assert.Contains("--lfd-heartbeat", o.ClusterArgs);
    }

    [Fact]
    public void Plain_bench_tells_the_cluster_how_many_clients_there_are()
    {
        var o = BenchOptions.Parse(["--clients", "64", "--mode", "active", "--duration", "5s"]);
        Assert.Equal(64, o.Clients);
        Assert.Equal(5000, o.DurationMs);
        Assert.Equal(["--mode", "active", "--app", "counter", "--clients", "64", "--lfd-heartbeat", "100ms", "--gfd-heartbeat", "200ms"], o.ClusterArgs);
    }

    [Fact]
    public void Vs_redis_defaults_to_64_clients_10s_windows_an_automatic_warmup_and_3_rounds_in_passive_mode()
    {
        var o = BenchOptions.Parse(["--vs-redis"]);
        Assert.True(o.VsRedis);
        Assert.Equal((64, 10_000L, BenchOptions.AutoWarmup, 3), (o.Clients, o.DurationMs, o.WarmupMs, o.Rounds));
        Assert.Equal(["passive"], o.Modes);
        var plain = BenchOptions.Parse([]);
        Assert.Equal((3, 20_000L, false), (plain.Clients, plain.DurationMs, plain.VsRedis));
    }

    [Fact]
    public void Vs_redis_mode_both_runs_passive_then_active_and_each_tells_the_cluster_its_mode()
    {
        var o = BenchOptions.Parse(["--vs-redis", "--mode", "both", "--clients", "3", "--rounds", "1"]);
        Assert.Equal(["passive", "active"], o.Modes);
        Assert.Equal((3, 1), (o.Clients, o.Rounds));
        var active = o.InMode("active");
        Assert.Equal("active", active.Mode);
        Assert.Equal(["--mode", "active", "--app", "counter", "--clients", "3", "--lfd-heartbeat", "100ms", "--gfd-heartbeat", "200ms"], active.ClusterArgs);
        Assert.Equal("passive", o.ClusterArgs[1]);
    }

    [Fact]
    public void Vs_redis_with_failover_is_exit_2_in_one_line()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = FtCoreProgram.Run(["bench", "--vs-redis", "--failover"], stdout, stderr);
        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Contains("--failover cannot be combined with --vs-redis", line, StringComparison.Ordinal);
    }
}
