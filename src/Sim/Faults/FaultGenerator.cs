using FtCore.Core.Messages;
using FtCore.Core.Roles;

namespace FtCore.Sim.Faults;

/// <summary>
/// Draws a fault schedule from the seed. It aims at the hard cases on purpose: leader crashes at
/// the worst moments, kills during state transfer, quick restarts, false suspicions, duplicated and
/// late messages, and admin changes in the middle of a failover.
/// </summary>
internal static class FaultGenerator
{
    public static FaultSchedule Generate(SimOptions o, RunConfig config, Prng rng)
    {
        var faults = new List<FaultEvent>();
        var start = Math.Min(1000, config.HealAtMs / 4);
        var end = Math.Max(start + 1, config.HealAtMs - 200);
        if (o.Faults == FaultClass.Slow) return Schedule(o, config, [DrawSlow(o, config, rng)]);
        var count = o.Faults == FaultClass.None ? 0 : (int)rng.Between(2, Math.Max(3, o.DurationMs / 4000));
        for (var i = 0; i < count; i++)
        {
            var at = rng.Between(start, end);
            faults.AddRange(Draw(o, config, rng, at, end));
        }
        faults.Sort((a, b) => a.AtMs.CompareTo(b.AtMs));
        return Schedule(o, config, faults);
    }

    private static FaultSchedule Schedule(SimOptions o, RunConfig config, List<FaultEvent> faults) => new()
    {
        Seed = o.Seed,
        Mode = o.Mode,
        App = o.App.Name,
        Protocol = o.Protocol,
        DurationMs = o.DurationMs,
        Replicas = o.Replicas,
        Clients = o.Clients,
        FaultClass = o.Faults,
        HealAtMs = config.HealAtMs,
        Faults = faults,
    };

    /// <summary>The earliest a fail-slow fault starts: the cluster forms and the detector learns every pair's normal first.</summary>
    public const long SlowWarmupMs = 8000;

    /// <summary>
    /// <see cref="FaultClass.Slow"/>: one replica (any, so the leader or not) handles every message
    /// 5..50 ms late, from 8..11 s (after the warm-up) for up to 15 s, ending before the heal.
    /// </summary>
    private static FaultEvent DrawSlow(SimOptions o, RunConfig config, Prng rng)
    {
        var replica = "S" + (1 + rng.Next(o.Replicas));
        var delay = rng.Between(5, 50);
        var at = Math.Min(rng.Between(SlowWarmupMs, SlowWarmupMs + 3000), Math.Max(1, config.HealAtMs - 1000));
        var duration = Math.Clamp(config.HealAtMs - 500 - at, 500, 15_000);
        return new FaultEvent { AtMs = at, Kind = FaultKind.Slow, Target = replica, Value = delay, DurationMs = duration };
    }

    private static IEnumerable<FaultEvent> Draw(SimOptions o, RunConfig config, Prng rng, long at, long end)
    {
        var families = o.Faults switch
        {
            FaultClass.Crash => new[] { 0 },
            FaultClass.Loss => [1],
            FaultClass.Partition => [2],
            _ => [0, 0, 1, 2, 3],
        };
        var replica = "S" + (1 + rng.Next(o.Replicas));
        var duration = rng.Between(100, 3000);
        switch (rng.Pick(families))
        {
            case 0:
                return DrawCrash(o, config, rng, at, end, replica);
            case 1:
                return rng.Next(4) switch
                {
                    0 => [new FaultEvent { AtMs = at, Kind = FaultKind.Loss, Rate = rng.Pick([0.01, 0.05, 0.2, 0.5]), DurationMs = duration }],
                    1 => [new FaultEvent { AtMs = at, Kind = FaultKind.Duplicate, Rate = rng.Pick([0.05, 0.3]), DurationMs = duration }],
                    2 => [new FaultEvent { AtMs = at, Kind = FaultKind.DelaySpikes, DurationMs = duration }],
                    _ => [new FaultEvent { AtMs = at, Kind = FaultKind.Slow, Target = replica, Value = rng.Pick([5, 50, 400]), DurationMs = duration }],
                };
            case 2:
                var other = rng.Next(3) switch
                {
                    0 => "S" + (1 + rng.Next(o.Replicas)),
                    1 => "C" + (1 + rng.Next(o.Clients)),
                    _ => config.Cluster.MachineOf(FtCore.Core.Ids.NodeId.Parse(replica)).ToString(), // false suspicion
                };
                if (other == replica) other = "C1";
                return [new FaultEvent { AtMs = at, Kind = FaultKind.Partition, Target = replica, Peer = other, DurationMs = duration }];
            default:
                return [DrawAdmin(o, config, rng, at, replica)];
        }
    }

    private static IEnumerable<FaultEvent> DrawCrash(SimOptions o, RunConfig config, Prng rng, long at, long end, string replica)
    {
        var relaunchAt = Math.Min(end, at + rng.Between(50, 4000));
        switch (rng.Next(8))
        {
            case 0:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.Crash, Target = "leader" }, new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.Relaunch, Target = "all" }];
            case 1:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.CrashLeaderAfterReply }, new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.Relaunch, Target = "all" }];
            case 2:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.CrashLeaderMidOrder }, new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.Relaunch, Target = "all" }];
            case 3:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.CrashDuringTransfer, DurationMs = 5000 }];
            case 4:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.QuickRestart, Target = replica, Value = Math.Max(1, config.Cluster.LfdHeartbeatMs / 2) }];
            case 5:
                var machine = config.Cluster.MachineOf(FtCore.Core.Ids.NodeId.Parse(replica)).ToString();
                return [new FaultEvent { AtMs = at, Kind = FaultKind.MachineCrash, Target = machine }, new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.MachineRestart, Target = machine }];
            case 6:
                // Two replicas down, then both relaunched at once.
                var second = "S" + (1 + rng.Next(o.Replicas));
                return [
                    new FaultEvent { AtMs = at, Kind = FaultKind.Crash, Target = replica },
                    new FaultEvent { AtMs = Math.Min(end, at + rng.Between(0, 500)), Kind = FaultKind.Crash, Target = second },
                    new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.Relaunch, Target = "all" },
                ];
            default:
                return [new FaultEvent { AtMs = at, Kind = FaultKind.Crash, Target = replica }, new FaultEvent { AtMs = relaunchAt, Kind = FaultKind.Relaunch, Target = replica }];
        }
    }

    private static FaultEvent DrawAdmin(SimOptions o, RunConfig config, Prng rng, long at, string replica) => rng.Next(6) switch
    {
        0 => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetPrimary, Target = replica },
        1 => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetCheckpointFreq, Value = rng.Pick([50, 500, 2000]) },
        2 => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetLfdHeartbeat, Target = config.Cluster.MachineOf(FtCore.Core.Ids.NodeId.Parse(replica)).ToString(), Value = rng.Pick([20, 50, 150]) },
        3 => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetGfdHeartbeat, Value = rng.Pick([50, 100, 300]) },
        4 => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetReplicaCount, Value = Math.Clamp(o.Replicas + rng.Pick([-1, 1]), 1, config.Cluster.MaxReplicas) },
        _ => new FaultEvent { AtMs = at, Kind = FaultKind.Admin, Admin = AdminOp.SetAutoRecovery, Value = rng.Next(2) },
    };
}
