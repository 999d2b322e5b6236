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
}
