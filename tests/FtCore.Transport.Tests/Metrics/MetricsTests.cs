using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using FtCore.Core.App;
using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Tests.Shared;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tcp.Metrics;
using FtCore.Transport.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FtCore.Transport.Tests.Metrics;

/// <summary>
/// The FtCore meter's instruments report what a small live cluster did: RM, GFD, LFD1 and the S1 it
/// launches, and a client, each a metered <see cref="RoleHost"/> of this process on loopback. One
/// class: the meter is the process's, so its tests must not overlap.
/// </summary>
public sealed class MetricsTests
{
    /// <summary>Every measurement of the FtCore meter while it lives: (instrument, value, tags "k=v,...").</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder()
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == FtCoreMetrics.MeterName) l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Seen.Enqueue((i.Name, v, Tags(tags))));
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Seen.Enqueue((i.Name, v, Tags(tags))));
            _listener.Start();
        }

        public ConcurrentQueue<(string Name, double Value, string Tags)> Seen { get; } = new();

        public int Count(string name, string tags = "") => Seen.Count(s => s.Name == name && s.Tags == tags);

        public double Sum(string name) => Seen.Where(s => s.Name == name).Sum(s => s.Value);

        private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var parts = new List<string>();
            foreach (var t in tags) parts.Add($"{t.Key}={t.Value}");
            return string.Join(",", parts);
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>LFD1's factory: each launch is a new S1 host in this process.</summary>
    private sealed class InProcessLauncher(ClusterMap map, ClusterOptions cluster) : IReplicaLauncher
    {
        private long _incarnation;

        public ConcurrentQueue<RoleHost> Started { get; } = new();

        public void Launch(NodeId replica)
        {
            var host = HostMeter.Host(new Replica(replica, ++_incarnation, cluster, ShippedApps.All.Get(cluster.App)), Options(map));
            host.Start();
            Started.Enqueue(host);
        }

        public void Stop(NodeId replica)
        {
        }
    }

    private static HostOptions Options(ClusterMap map) => new() { Map = map, Logger = NullLogger.Instance, HelloTimeout = RoleRig.HelloTimeout };

    [Fact]
    public async Task The_instruments_report_requests_commits_views_round_trips_and_missed_heartbeats_of_a_live_cluster()
    {
        using var seen = new Recorder();
        var map = TestPorts.CompactMap();
        var cluster = new ClusterOptions
        {
            Mode = ReplicationMode.Passive, Replicas = 1, MaxReplicas = 1, Machines = 1, Clients = 1,
            LfdHeartbeatMs = 20, LfdTimeoutMs = 100, GfdHeartbeatMs = 20, GfdTimeoutMs = 200,
            ClientRetryMs = 30_000, // no retransmission on a loaded machine: nothing may count as a stall
        };
        var launcher = new InProcessLauncher(map, cluster);
        var hosts = new List<RoleHost>
        {
            HostMeter.Host(new Rm(cluster), Options(map)),
            HostMeter.Host(new Gfd(cluster), Options(map)),
            HostMeter.Host(new Lfd(NodeId.Lfd(1), cluster), Options(map) with { Launcher = launcher }),
        };
        var client = new Client(NodeId.Client(1), cluster, Ops.Counter);
        var answered = 0;
        const int Requests = 20;
        RoleHost clientHost = null!;
        clientHost = HostMeter.Host(client, Options(map) with
        {
            Listen = false,
            DialAtStart = [NodeId.Rm],
            OnCall = (_, c) =>
            {
                if (c.Answered && Interlocked.Increment(ref answered) < Requests) clientHost.Invoke((now, _) => client.Submit(now, Ops.Add(1)));
            },
        });
        hosts.Add(clientHost);
        try
        {
            foreach (var h in hosts) h.Start();
            // Automatic recovery: the RM has LFD1 launch S1.
            await Poll.UntilAsync(() => client.ViewNumber > 0 && seen.Count(FtCoreMetrics.LeaderChanges) > 0, () => $"S1 leads a view the client knows; seen: {string.Join(" ", seen.Seen.Select(s => s.Name).Distinct())}");
            clientHost.Invoke((now, _) => client.Submit(now, Ops.Add(1)));
            await Poll.UntilAsync(() => Volatile.Read(ref answered) == Requests, () => $"{Requests} replies; got {answered}");

            Assert.Equal(Requests, seen.Count(FtCoreMetrics.RequestDuration));
            Assert.Equal(Requests, seen.Sum(FtCoreMetrics.Requests));
            Assert.All(seen.Seen.Where(s => s.Name == FtCoreMetrics.RequestDuration), s => Assert.InRange(s.Value, 0, 20));
            // S1 is the primary: every request reached it and was executed there.
            Assert.Equal(Requests, seen.Count(FtCoreMetrics.CommitDuration));
            Assert.Equal(Requests, seen.Sum(FtCoreMetrics.Executed));
            Assert.Equal(Requests, seen.Count(FtCoreMetrics.RoundTrip, "from=C1,peer=S1"));
            Assert.True(seen.Sum(FtCoreMetrics.ViewChanges) >= 1);
            Assert.True(seen.Count(FtCoreMetrics.RoundTrip, "from=LFD1,peer=S1") > 0);
            Assert.True(seen.Count(FtCoreMetrics.RoundTrip, "from=GFD,peer=LFD1") > 0);
            Assert.Equal(0, seen.Count(FtCoreMetrics.FailoverStall)); // nothing disturbed a request
            Assert.Equal(0, seen.Sum(FtCoreMetrics.HeartbeatsMissed));

            // S1 stops answering: LFD1's heartbeat to it fails.
            Assert.True(launcher.Started.TryDequeue(out var s1));
            await s1.DisposeAsync();
            await Poll.UntilAsync(() => seen.Sum(FtCoreMetrics.HeartbeatsMissed) >= 1, () => "LFD1 misses S1's heartbeat");
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
            foreach (var h in launcher.Started) await h.DisposeAsync();
        }
    }

    [Fact]
    public void A_request_during_which_a_new_view_arrives_counts_as_a_failover_stall()
    {
        using var seen = new Recorder();
        var meter = new HostMeter(NodeId.Client(1));
        var view = new View(1, [], NodeId.Replica(1), 1000);
        meter.OnReceive(0, NodeId.Rm, new ViewChange(view));
        meter.OnCall(1_000, ClientCall.Invoked(101, Ops.Add(1), Ops.Counter));
        meter.OnCall(3_000, ClientCall.Accepted(101, Ops.Add(1), NodeId.Replica(1), Ops.Num(1), Ops.Counter));
        meter.OnCall(4_000, ClientCall.Invoked(102, Ops.Add(1), Ops.Counter));
        meter.OnReceive(5_000, NodeId.Rm, new ViewChange(view with { Number = 2 }));
        meter.OnCall(254_000, ClientCall.Accepted(102, Ops.Add(1), NodeId.Replica(2), Ops.Num(2), Ops.Counter));
        meter.OnCall(255_000, ClientCall.Invoked(103, Ops.Add(1), Ops.Counter));
        meter.OnEvent(260_000, new RequestRetransmitted(103, 2));
        meter.OnCall(300_000, ClientCall.Accepted(103, Ops.Add(1), NodeId.Replica(2), Ops.Num(3), Ops.Counter));

        var durations = seen.Seen.Where(s => s.Name == FtCoreMetrics.RequestDuration).Select(s => s.Value).ToArray();
        var stalls = seen.Seen.Where(s => s.Name == FtCoreMetrics.FailoverStall).Select(s => s.Value).ToArray();
        Assert.Equal([0.002, 0.25, 0.045], durations);
        Assert.Equal([0.25, 0.045], stalls);
        Assert.Equal(1, seen.Sum(FtCoreMetrics.Retransmits));
    }

    [Fact]
    public void The_metrics_file_has_a_line_per_period_and_a_final_one_with_counters_histograms_and_links()
    {
        var dir = Directory.CreateTempSubdirectory("ftcore-metrics-");
        try
        {
            var path = MetricsSwitch.FileIn(dir.FullName, "S1");
            var writer = MetricsFileWriter.Start(path, "S1", TimeSpan.FromHours(1)); // no periodic line during the test
            var meter = new HostMeter(NodeId.Replica(1));
            meter.OnReceive(0, NodeId.Client(1), new ClientRequest(NodeId.Client(1), 101, Ops.Add(1)));
            meter.OnExecuted(1_500, new FtCore.Core.Effects.Execution(1, 1, NodeId.Client(1), 101, true, 0));
            var links = new FtCore.Core.Links.LinkTimer(NodeId.Replica(1));
            meter.Watch(links);
            links.OnSend(NodeId.Replica(2), new Order(1, 1, [], 0), 0); // no entries: not timed
            links.OnSend(NodeId.Replica(2), new Order(1, 1, [new Entry(NodeId.Client(1), 101, Ops.Add(1))], 0), 10_000);
            links.OnReceive(NodeId.Replica(2), new OrderAck(1, 1, 1), 10_700);
            writer.Dispose();

            var lines = File.ReadAllLines(path);
            var last = JsonDocument.Parse(lines[^1]).RootElement;
            Assert.True(last.GetProperty("final").GetBoolean());
            Assert.Equal("S1", last.GetProperty("process").GetString());
            Assert.Equal(Environment.ProcessId, last.GetProperty("pid").GetInt32());
            Assert.True(last.GetProperty("time_ns").GetInt64() > 0);
            Assert.Equal(1, last.GetProperty("counters").GetProperty(FtCoreMetrics.Executed).GetInt64());
            var commit = last.GetProperty("histograms").GetProperty(FtCoreMetrics.CommitDuration);
            Assert.Equal(1, commit.GetProperty("count").GetInt64());
            Assert.Equal(1500, commit.GetProperty("max_us").GetInt64());
            var link = Assert.Single(last.GetProperty("links").EnumerateArray());
            Assert.Equal("S1", link.GetProperty("from").GetString());
            Assert.Equal("S2", link.GetProperty("to").GetString());
            Assert.Equal(700, link.GetProperty("p50_us").GetInt64());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
