using System.Globalization;
using FtCore.Demo.Bench;
using FtCore.Demo.Commands;
using Xunit;

namespace FtCore.Demo.Tests;

public sealed class BenchTextTests
{
    [Fact]
    public void The_cpu_line_gives_each_process_its_share_of_a_core_and_its_cost_per_request()
    {
        var latency = new LatencyHistogram();
        latency.Record(100_000);
        var r = new ThroughputResult
        {
            Mode = "passive",
            BasePort = 10000,
            Clients = 64,
            Leader = "S2",
            DurationS = 2.0,
            Requests = 100_000,
            OpsPerS = 50_000,
            Latency = latency,
            Failed = 0,
            App = "counter",
            Refused = 0,
            CpuMs = new Dictionary<string, long> { ["S2"] = 1500, ["bench"] = 1000 },
            Rss = [],
            MachineCpuMs = 2600,
            BenchAllocatedBytes = 28_600_000,
        };
        var w = new StringWriter(CultureInfo.InvariantCulture);
        BenchReport.Text(r, w);
        var cpu = w.ToString().Split('\n').Single(l => l.StartsWith("cpu ", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.Equal("cpu         S2 75% 15.0us, bench 50% 10.0us (share of a core, us per request); 25.0 us per request (26.0 us over the whole machine)", cpu);
        Assert.Contains("alloc       bench process 286 bytes per request", w.ToString(), StringComparison.Ordinal);
    }
}
