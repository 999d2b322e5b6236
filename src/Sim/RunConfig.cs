using System.Globalization;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Sim.Network;

namespace FtCore.Sim;

/// <summary>
/// Everything about one run that the seed decides (swarm testing: each seed draws its own timing,
/// network and workload), printed first so a reader knows what the run exercised.
/// </summary>
public sealed record RunConfig(ClusterOptions Cluster, NetworkOptions Network, int ThinkMaxUs, long HealAtMs, bool Scripted)
{
    /// <summary>The configuration <paramref name="rng"/> draws for a run of <paramref name="o"/>.</summary>
    internal static RunConfig Draw(SimOptions o, Prng rng)
    {
        var freq = rng.Pick([20, 50, 100, 200]);
        var ratio = rng.Pick([2, 3, 4]);
        var gfd = rng.Pick([50, 100, 200]);
        var admin = o.Faults == FaultClass.All;
        var cluster = new ClusterOptions
        {
            Mode = o.Mode,
            Protocol = o.Protocol,
            App = o.App.Name,
            Replicas = o.Replicas,
            MaxReplicas = admin ? o.Replicas + 1 : o.Replicas,
            Machines = o.Replicas,
            Clients = o.Clients,
            LfdHeartbeatMs = freq,
            LfdTimeoutMs = freq * ratio,
            GfdHeartbeatMs = gfd,
            GfdTimeoutMs = gfd * 3,
            CheckpointFreqMs = rng.Pick([100, 300, 1000, 3000]),
            ClientRetryMs = rng.Pick([100, 250, 500]),
            RetransmitMs = rng.Pick([10, 20, 40]),
            AckTimeoutMs = rng.Pick([300, 600, 1200]),
            ViewRepeatMs = rng.Pick([250, 1000]),
            RelaunchRetryMs = rng.Pick([300, 1000]),
            LogWindow = rng.Pick([64, 2048]),
            FirstPrimary = rng.Chance(0.5) ? NodeId.Replica(1 + rng.Next(o.Replicas)) : null,
            AutoRecovery = true,
        };
        if (o.Faults == FaultClass.Slow)
        {
            // Fail-slow, not fail-stop: a replica that answers 5..50 ms late must stay above the LFD's timeout.
            cluster = cluster with { LfdTimeoutMs = Math.Max(cluster.LfdTimeoutMs, SlowFloorTimeoutMs) };
        }
        var min = rng.Pick([50, 100, 300]);
        var network = new NetworkOptions
        {
            LatencyMinUs = min,
            LatencyMaxUs = min * rng.Pick([2, 5, 10]),
            JitterFraction = rng.Pick([0.0, 0.5, 1.0]),
            SpikeRate = rng.Pick([0.01, 0.05, 0.2]),
            SpikeMs = rng.Pick([10, 50, 200]),
        };
        var heal = o.DurationMs - Math.Max(Math.Min(15_000, o.DurationMs / 2), 1);
        return new RunConfig(cluster, network, rng.Pick([0, 1000, 5000]), heal, Scripted: false);
    }

    /// <summary>The smallest LFD timeout of a <see cref="FaultClass.Slow"/> run: the slowest answer (50 ms late) and two heartbeats at most.</summary>
    internal const int SlowFloorTimeoutMs = 500;

    public string Describe() => string.Join(", ",
        $"heartbeat {Cluster.LfdHeartbeatMs}/{Cluster.LfdTimeoutMs} ms",
        $"gfd {Cluster.GfdHeartbeatMs}/{Cluster.GfdTimeoutMs} ms",
        $"checkpoint {Cluster.CheckpointFreqMs} ms",
        $"client retry {Cluster.ClientRetryMs} ms",
        $"retransmit {Cluster.RetransmitMs} ms",
        $"ack timeout {Cluster.AckTimeoutMs} ms",
        $"latency {Network.LatencyMinUs}-{Network.LatencyMaxUs} us (jitter {Network.JitterFraction.ToString(CultureInfo.InvariantCulture)})",
        $"spikes {Network.SpikeRate.ToString(CultureInfo.InvariantCulture)} x {Network.SpikeMs} ms",
        $"think {ThinkMaxUs} us",
        $"first primary {(Cluster.FirstPrimary?.ToString() ?? "first ready")}",
        $"log window {Cluster.LogWindow}",
        $"heal at {HealAtMs} ms");
}
