using System.Globalization;
using FtCore.Core.Roles;

namespace FtCore.Sim;

/// <summary>The words after a program's name that run the same simulation again: <c>sim --mode active --app bank --seed 7 ...</c>.</summary>
internal static class ReplayArgs
{
    /// <summary>The seed and every option; a scenario by its name.</summary>
    public static string For(SimOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Scenario is not null) return $"sim --scenario {o.Scenario} --protocol {Name(o.Protocol)} --app {o.App.Name} --seed {o.Seed}";
        return string.Create(CultureInfo.InvariantCulture,
            $"sim --mode {Name(o.Mode)} --app {o.App.Name} --protocol {Name(o.Protocol)} --seed {o.Seed} --duration {o.DurationMs / 1000.0}s --replicas {o.Replicas} --clients {o.Clients} --faults {o.Faults.ToString().ToLowerInvariant()}");
    }

    internal static string Name(ReplicationMode m) => m == ReplicationMode.Passive ? "passive" : "active";

    internal static string Name(ProtocolKind p) => p == ProtocolKind.Naive ? "naive" : "ordered";
}
