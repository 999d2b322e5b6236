using FsCheck;
using FsCheck.Fluent;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Sim.Faults;

namespace FtCore.Sim.Tests;

/// <summary>An explicit fault plan (seed plus a bounded list of faults), so FsCheck can shrink it.</summary>
public sealed record FaultPlan(ulong Seed, string App, FaultEvent[] Faults)
{
    public override string ToString() => $"seed {Seed}, app {App}, faults [{string.Join("; ", Faults.Select(f => f.ToString()))}]";
}

internal static class FaultPlanGen
{
    private static readonly string[] Replicas = ["S1", "S2", "S3"];
    private static readonly string[] Machines = ["LFD1", "LFD2", "LFD3"];
    private static readonly string[] Peers = ["S1", "S2", "S3", "C1", "C2", "LFD1", "LFD2", "LFD3"];

    private static Gen<FaultEvent> Fault =>
        from at in Gen.Choose(300, 11_500)
        from kind in Gen.Elements(Enum.GetValues<FaultKind>())
        from replica in Gen.Elements(Replicas.Append("leader").ToArray())
        from machine in Gen.Elements(Machines)
        from peer in Gen.Elements(Peers)
        from duration in Gen.Choose(50, 3000)
        from rate in Gen.Elements(0.01, 0.1, 0.3, 0.6)
        from value in Gen.Choose(1, 400)
        from admin in Gen.Elements(AdminOp.SetPrimary, AdminOp.SetCheckpointFreq, AdminOp.SetLfdHeartbeat, AdminOp.SetGfdHeartbeat, AdminOp.SetReplicaCount, AdminOp.SetAutoRecovery)
        select kind switch
        {
            FaultKind.Crash => new FaultEvent { AtMs = at, Kind = kind, Target = replica },
            FaultKind.Relaunch => new FaultEvent { AtMs = at, Kind = kind, Target = value % 2 == 0 ? "all" : Replicas[value % 3] },
            FaultKind.QuickRestart => new FaultEvent { AtMs = at, Kind = kind, Target = Replicas[value % 3], Value = 1 + value % 60 },
            FaultKind.MachineCrash or FaultKind.MachineRestart => new FaultEvent { AtMs = at, Kind = kind, Target = machine },
            FaultKind.Partition => new FaultEvent { AtMs = at, Kind = kind, Target = Replicas[value % 3], Peer = peer == Replicas[value % 3] ? "C3" : peer, DurationMs = duration },
            FaultKind.Loss or FaultKind.Duplicate => new FaultEvent { AtMs = at, Kind = kind, Rate = rate, DurationMs = duration },
            FaultKind.DelaySpikes => new FaultEvent { AtMs = at, Kind = kind, DurationMs = duration },
            FaultKind.Slow => new FaultEvent { AtMs = at, Kind = kind, Target = Replicas[value % 3], Value = value, DurationMs = duration },
            FaultKind.Admin => new FaultEvent
            {
                AtMs = at,
                Kind = kind,
                Admin = admin,
                Target = admin == AdminOp.SetLfdHeartbeat ? machine : Replicas[value % 3],
                Value = admin switch
                {
                    AdminOp.SetReplicaCount => 2 + value % 3,
                    AdminOp.SetAutoRecovery => value % 2,
                    _ => 20 + value,
                },
            },
            _ => new FaultEvent { AtMs = at, Kind = kind, DurationMs = duration }, // the armed crashes
        };

    public static Arbitrary<FaultPlan> Plans =>
        Arb.From(
            from seed in Gen.Choose(1, int.MaxValue)
            from app in Gen.Elements("counter", "kv")
            from count in Gen.Choose(1, 12)
            from faults in Fault.ArrayOf(count)
            select new FaultPlan((ulong)seed, app, faults),
            Shrink);

    /// <summary>Shrinks by dropping one fault at a time (the seed and app stay).</summary>
    private static IEnumerable<FaultPlan> Shrink(FaultPlan p)
    {
        for (var i = 0; i < p.Faults.Length; i++)
        {
            yield return p with { Faults = p.Faults.Where((_, j) => j != i).ToArray() };
        }
    }
}
