using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Help;

/// <summary>The flags that shape a cluster, accepted by every role, admin and pane (read by <see cref="Live.ClusterConfig"/>).</summary>
internal static class ClusterFlags
{
    private static readonly ClusterOptions Defaults = new();

    public static readonly FlagGroup Group = new("cluster flags (the same on every process of one cluster; they override the --cluster file)",
    [
        FlagSpec.Of("--cluster", "FILE", "the cluster file all machines share: settings (mode = passive) and addresses (S1 = host:port)", "none: one machine, loopback"),
        FlagSpec.Of("--addresses", "LIST", "addresses as RM=h:p,GFD=h:p,LFD1=h:p,...,S1=h:p,... (override the file's)"),
        FlagSpec.Of("--base-port", "N", "loopback ports from N: RM N, GFD N+1, LFDi N+10+i, Si N+100+i; not with addresses", ClusterMap.DefaultBasePort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        FlagSpec.Choice("--mode", Choices.Modes, "replication", Defaults.Mode.ToString().ToLowerInvariant()),
        FlagSpec.App(),
        FlagSpec.Of("--replicas", "N", "replicas S1..SN at the start, 1 to 99", Defaults.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        FlagSpec.Of("--max-replicas", "N", "most replicas `admin replicas` may grow to, 1 to 99", "the largest of --replicas, the Sn addresses given, 3"),
        FlagSpec.Of("--clients", "N", "clients C1..CN, 1 to 999", Defaults.Clients.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        FlagSpec.Of("--lfd-heartbeat", "DUR", "the LFDs' heartbeat frequency; timeout 3x", Durations.Format(Defaults.LfdHeartbeatMs)),
        FlagSpec.Of("--gfd-heartbeat", "DUR", "the GFD's heartbeat frequency; timeout 3x", Durations.Format(Defaults.GfdHeartbeatMs)),
        FlagSpec.Of("--checkpoint-freq", "DUR", "passive: the primary's checkpoint frequency", Durations.Format(Defaults.CheckpointFreqMs)),
        FlagSpec.Choice("--recovery", Choices.Recovery, "the RM relaunches dead replicas itself, or waits for `admin launch`", Defaults.AutoRecovery ? "auto" : "manual"),
        FlagSpec.Of("--primary", "Sn", "the replica the RM prefers as primary/sequencer", "the first ready one"),
    ]);

    public static readonly string[] Names = [.. Group.Flags.Select(f => f.Name)];
}
