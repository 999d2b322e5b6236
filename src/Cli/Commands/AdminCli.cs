using System.Globalization;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Demo.Live;

namespace FtCore.Demo.Commands;

/// <summary>ftcore admin: see the view and change the cluster at run time, through the RM.</summary>
internal static class AdminCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var words = args.TakeWhile(x => !x.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var a = new ArgReader(args[words.Length..], AdminSpec.Command);
        var config = ClusterConfig.FromArgs(a);
        var timeout = TimeSpan.FromMilliseconds(a.DurationMs("--timeout", 5000, 100, 600_000));
        var (to, command) = words.Length > 0 && words[0] == "slow" ? ParseSlow(words, a) : (NodeId.Rm, (Message)Parse(words));
        var reply = AdminAgent.AskAsync(config.Map, to, command, timeout).GetAwaiter().GetResult();
        if (reply is null)
        {
            stderr.WriteLine($"ftcore: no answer from {to} at {config.Map.Require(to)} within {timeout.TotalSeconds:0.#} s (is it running?)");
            return 1;
        }
        stdout.WriteLine(reply);
        return reply.StartsWith("refused", StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>admin slow Sn --delay DUR | --cpu | --off: a performance fault, sent straight to the replica's host.</summary>
    public static (NodeId To, Message Command) ParseSlow(string[] w, ArgReader a)
    {
        if (w.Length != 2) throw new UsageException("admin slow takes 1 argument, the replica: admin slow S2 --delay 20ms | --cpu | --off");
        if (!NodeId.TryParse(w[1], out var id) || !id.IsReplica) throw new UsageException($"expected a name like S2, not '{w[1]}'");
        var delay = a.String("--delay");
        var cpu = a.Has("--cpu");
        var off = a.Has("--off");
        if (off && (delay is not null || cpu)) throw new UsageException("admin slow: --off undoes --delay and --cpu; it takes neither");
        if (!off && delay is null && !cpu) throw new UsageException("admin slow needs --delay DUR, --cpu or --off");
        long ms = 0;
        if (delay is not null && (!Durations.TryParseMs(delay, out ms) || ms <= 0 || ms > 60_000)) throw new UsageException($"--delay must be a duration like 20ms, up to 1m, not '{delay}'");
        return (id, new SetSlow(ms * 1000, cpu));
    }

    public static AdminCommand Parse(string[] w)
    {
        if (w.Length == 0) throw new UsageException("admin needs a command (see: ftcore admin --help)");
        long Ms(string v, string what) => Durations.TryParseMs(v, out var ms) && ms > 0 && ms <= 600_000
            ? ms : throw new UsageException($"{what} must be a duration like 500ms or 1s, not '{v}'");
        NodeId Node(string v, NodeKind kind, string example) => NodeId.TryParse(v, out var id) && id.Kind == kind
            ? id : throw new UsageException($"expected a name like {example}, not '{v}'");
        void Arity(int n)
        {
            if (w.Length != n) throw new UsageException($"admin {w[0]} takes {n - 1} argument{(n == 2 ? "" : "s")} (see: ftcore admin --help)");
        }
        switch (w[0])
        {
            case "show" or "view":
                Arity(1);
                return new AdminCommand(AdminOp.ShowView, default, 0);
            case "replicas":
                Arity(2);
                if (!int.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) throw new UsageException($"replicas must be a count of 1 or more, not '{w[1]}'");
                return new AdminCommand(AdminOp.SetReplicaCount, default, n);
            case "heartbeat":
                Arity(3);
                return new AdminCommand(AdminOp.SetLfdHeartbeat, Node(w[1], NodeKind.Lfd, "LFD1"), Ms(w[2], "the heartbeat frequency"));
            case "gfd-heartbeat":
                Arity(2);
                return new AdminCommand(AdminOp.SetGfdHeartbeat, NodeId.Gfd, Ms(w[1], "the heartbeat frequency"));
            case "checkpoint":
                Arity(2);
                return new AdminCommand(AdminOp.SetCheckpointFreq, default, Ms(w[1], "the checkpoint frequency"));
            case "primary":
                Arity(2);
                return new AdminCommand(AdminOp.SetPrimary, Node(w[1], NodeKind.Replica, "S2"), 0);
            case "recovery":
                Arity(2);
                return w[1] switch
                {
                    "auto" => new AdminCommand(AdminOp.SetAutoRecovery, default, 1),
                    "manual" => new AdminCommand(AdminOp.SetAutoRecovery, default, 0),
                    _ => throw new UsageException($"recovery must be auto or manual, not '{w[1]}'"),
                };
            case "launch":
                Arity(2);
                return new AdminCommand(AdminOp.LaunchReplica, Node(w[1], NodeKind.Replica, "S2"), 0);
            case "start-fresh":
                Arity(1);
                return new AdminCommand(AdminOp.StartFresh, default, 0);
            default:
                throw new UsageException($"unknown admin command '{w[0]}' (see: ftcore admin --help)");
        }
    }
}
