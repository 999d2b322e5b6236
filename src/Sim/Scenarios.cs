using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Sim.Faults;
using FtCore.Sim.Network;

namespace FtCore.Sim;

/// <summary>
/// The guide's milestone scenarios as scripts: processes launched one at a time in the guide's
/// order, then its fault steps. The infrastructure (RM, GFD) is always there: the views come from it.
/// </summary>
internal static class Scenarios
{
    public static readonly string[] Names = ["m1", "m2", "m3", "m4-active", "m4-passive", "m5-active", "m5-passive"];

    private sealed record Step(long AtMs, FaultEvent? Fault, NodeId? Start);

    public static (RunConfig Config, FaultSchedule Schedule, IReadOnlyList<(NodeId, long)> Starts) Build(SimOptions o)
    {
        var name = o.Scenario ?? throw new ArgumentException("no scenario");
        if (!Names.Contains(name)) throw new ArgumentException($"unknown scenario '{name}' (expected one of {string.Join(", ", Names)})");
        var mode = name is "m3" or "m4-passive" or "m5-passive" ? ReplicationMode.Passive : ReplicationMode.Active;
        var replicas = name == "m1" ? 1 : 3;
        var cluster = new ClusterOptions
        {
            Mode = mode,
            Protocol = o.Protocol,
            App = o.App.Name,
            Replicas = replicas,
            MaxReplicas = replicas,
            Machines = replicas,
            Clients = 3,
            LfdHeartbeatMs = 1000,
            LfdTimeoutMs = 2000,
            GfdHeartbeatMs = 1000,
            GfdTimeoutMs = 3000,
            CheckpointFreqMs = 2000,
            ClientRetryMs = 1000,
            RetransmitMs = 100,
            AckTimeoutMs = 3000,
            ViewRepeatMs = 5000,
            RelaunchRetryMs = 2000,
            FirstPrimary = NodeId.Replica(1),
            AutoRecovery = false,
        };
        var network = new NetworkOptions { LatencyMinUs = 500, LatencyMaxUs = 500, JitterFraction = 0, SpikeRate = 0, SpikeMs = 0 };

        // Bootstrapping: RM, GFD, then the LFDs; steady state v1: the replicas; v2: the clients.
        var starts = new List<(NodeId, long)> { (NodeId.Rm, 0), (NodeId.Gfd, 1000) };
        for (var i = 1; i <= replicas; i++) starts.Add((NodeId.Lfd(i), 2000 + 500L * (i - 1)));
        for (var i = 1; i <= replicas; i++) starts.Add((NodeId.Replica(i), 5000 + 2000L * (i - 1)));
        for (var i = 1; i <= 3; i++) starts.Add((NodeId.Client(i), 11_000 + 1000L * (i - 1)));

        FaultEvent Kill(long at, string who) => new() { AtMs = at, Kind = FaultKind.Crash, Target = who };
        FaultEvent Relaunch(long at, string who) => new() { AtMs = at, Kind = FaultKind.Relaunch, Target = who };
        var faults = name switch
        {
            "m1" => new[] { Kill(20_000, "S1") },
            "m2" => [Kill(20_000, "S1")],
            "m3" => [Kill(20_000, "S2")],
            "m4-active" => [Kill(20_000, "S2"), Relaunch(27_000, "S2")],
            "m4-passive" => [Kill(20_000, "S2"), Relaunch(27_000, "S2"), Kill(34_000, "leader"), Relaunch(41_000, "S1")],
            // Fault injected on a replica, recovered, re-injected, then a second fault.
            "m5-active" => [Kill(20_000, "S2"), Relaunch(27_000, "S2"), Kill(34_000, "S2"), Kill(41_000, "S3")],
            // Kill the primary; recover it (it comes back as a backup); kill it again; kill a second backup.
            _ => [Kill(20_000, "leader"), Relaunch(27_000, "S1"), Kill(34_000, "S1"), Kill(41_000, "S3")],
        };
        var duration = name is "m1" or "m2" or "m3" ? 30_000 : name == "m4-active" ? 36_000 : 50_000;
        var schedule = new FaultSchedule
        {
            Seed = o.Seed,
            Mode = mode,
            App = o.App.Name,
            Protocol = o.Protocol,
            DurationMs = duration,
            Replicas = replicas,
            Clients = 3,
            FaultClass = FaultClass.Crash,
            HealAtMs = duration,
            Faults = faults,
        };
        return (new RunConfig(cluster, network, ThinkMaxUs: 1_000_000, HealAtMs: duration, Scripted: true), schedule, starts);
    }
}
