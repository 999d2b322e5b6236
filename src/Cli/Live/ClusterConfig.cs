using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Live;

/// <summary>
/// What every process of one cluster must agree on: the options (mode, app, counts, timing) and
/// the address of every listening process. From one cluster file shared by all machines, from
/// flags, or from loopback defaults when neither is given. Flags override the file.
/// </summary>
internal sealed record ClusterConfig(ClusterOptions Options, ClusterMap Map, IReadOnlyList<string> Args)
{
    /// <summary>
    /// Settings of a live process that its file and flags leave out. Heartbeats are slower than the
    /// simulator's (LFD and GFD every second, a timeout of 3 s, a leader waits 1.5 s for an
    /// acknowledgement): a student's terminals stay readable, and a busy 2-core machine starting
    /// nine .NET processes at once does not pass for a crash. The lab and the bench set faster ones.
    /// </summary>
    public static readonly ClusterOptions LiveDefaults = new()
    {
        LfdHeartbeatMs = 1000,
        LfdTimeoutMs = 3000,
        GfdHeartbeatMs = 1000,
        GfdTimeoutMs = 3000,
        AckTimeoutMs = 1500,
    };

    /// <summary>The flags that shape the cluster; every role command accepts them (their specs: <see cref="Help.ClusterFlags"/>).</summary>
    public static readonly string[] Flags = Help.ClusterFlags.Names;

    private static readonly string[] Settings =
    [
        "mode", "app", "replicas", "max_replicas", "clients", "lfd_heartbeat", "lfd_timeout", "gfd_heartbeat",
        "gfd_timeout", "checkpoint_freq", "recovery", "primary", "client_retry", "ack_timeout",
    ];

    public static ClusterConfig FromArgs(ArgReader a)
    {
        var settings = new Dictionary<string, (string Value, string Where)>(StringComparer.Ordinal);
        var addresses = new SortedDictionary<NodeId, IPEndPoint>();
        var passthrough = new List<string>();
        var file = a.String("--cluster");
        if (file is not null)
        {
            ReadFile(file, settings, addresses);
            passthrough.AddRange(["--cluster", Path.GetFullPath(file)]);
        }
        var list = a.String("--addresses");
        if (list is not null)
        {
            // "RM=10.0.0.1:7000,GFD=10.0.0.1:7001,LFD1=10.0.0.2:7011,S1=10.0.0.2:7101,...": overrides the file's.
            foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !NodeId.TryParse(item[..eq], out var id) || id.Kind is NodeKind.Client or NodeKind.Admin)
                {
                    throw new UsageException($"--addresses: expected NAME=host:port with NAME one of RM, GFD, LFDn, Sn, not '{item}'");
                }
                addresses[id] = ParseAddress(item[(eq + 1)..], "--addresses", id);
            }
            passthrough.AddRange(["--addresses", list]);
        }
        void Flag(string flag, string key)
        {
            var v = a.String(flag);
            if (v is null) return;
            settings[key] = (v, flag);
            passthrough.AddRange([flag, v]);
        }
        Flag("--mode", "mode");
        Flag("--app", "app");
        Flag("--replicas", "replicas");
        Flag("--max-replicas", "max_replicas");
        Flag("--clients", "clients");
        Flag("--lfd-heartbeat", "lfd_heartbeat");
        Flag("--gfd-heartbeat", "gfd_heartbeat");
        Flag("--checkpoint-freq", "checkpoint_freq");
        Flag("--recovery", "recovery");
        Flag("--primary", "primary");

        var o = LiveDefaults;
        string Get(string key) => settings[key].Value;
        string Where(string key) => settings[key].Where;
        bool Has(string key) => settings.ContainsKey(key);
        int Int(string key, int min, int max)
        {
            var v = Get(key);
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                throw new UsageException($"{Where(key)}: {key} must be a whole number from {min} to {max}, not '{v}'");
            }
            return n;
        }
        int Ms(string key)
        {
            var v = Get(key);
            if (!Durations.TryParseMs(v, out var ms) || ms < 1 || ms > 600_000)
            {
                throw new UsageException($"{Where(key)}: {key} must be a duration from 1ms to 10m (like 100ms or 1s), not '{v}'");
            }
            return (int)ms;
        }

        if (Has("mode"))
        {
            o = Get("mode") switch
            {
                "active" => o with { Mode = ReplicationMode.Active },
                "passive" => o with { Mode = ReplicationMode.Passive },
                var m => throw new UsageException($"{Where("mode")}: mode must be active or passive, not '{m}'"),
            };
        }
        if (Has("app"))
        {
            var app = Get("app");
            if (!Cli.ProgramApps.Current.TryGet(app, out _)) throw new UsageException($"{Where("app")}: app must be one of {string.Join("|", Cli.ProgramApps.Current.Names)}, not '{app}'");
            o = o with { App = app };
        }
        else o = o with { App = Cli.ProgramApps.Current.Default.Name };
        var lfds = addresses.Keys.Count(k => k.Kind == NodeKind.Lfd);
        var machines = lfds > 0 ? lfds : 3;
        var maxFromFile = addresses.Keys.Count(k => k.IsReplica);
        var replicas = Has("replicas") ? Int("replicas", 1, 99) : 3;
        var maxReplicas = Has("max_replicas") ? Int("max_replicas", 1, 99) : Math.Max(replicas, maxFromFile > 0 ? maxFromFile : 3);
        if (replicas > maxReplicas) throw new UsageException($"{Where("replicas")}: replicas {replicas} is more than max_replicas {maxReplicas}");
        o = o with { Replicas = replicas, MaxReplicas = maxReplicas, Machines = machines };
        if (Has("clients")) o = o with { Clients = Int("clients", 1, 999) };
        if (Has("lfd_heartbeat"))
        {
            var hb = Ms("lfd_heartbeat");
            o = o with { LfdHeartbeatMs = hb, LfdTimeoutMs = Has("lfd_timeout") ? Ms("lfd_timeout") : hb * 3 };
        }
        else if (Has("lfd_timeout")) o = o with { LfdTimeoutMs = Ms("lfd_timeout") };
        if (Has("gfd_heartbeat"))
        {
            var hb = Ms("gfd_heartbeat");
            o = o with { GfdHeartbeatMs = hb, GfdTimeoutMs = Has("gfd_timeout") ? Ms("gfd_timeout") : hb * 3 };
        }
        else if (Has("gfd_timeout")) o = o with { GfdTimeoutMs = Ms("gfd_timeout") };
        if (Has("checkpoint_freq")) o = o with { CheckpointFreqMs = Ms("checkpoint_freq") };
        if (Has("client_retry")) o = o with { ClientRetryMs = Ms("client_retry") };
        if (Has("ack_timeout")) o = o with { AckTimeoutMs = Ms("ack_timeout") };
        if (Has("recovery"))
        {
            o = Get("recovery") switch
            {
                "auto" => o with { AutoRecovery = true },
                "manual" => o with { AutoRecovery = false },
                var r => throw new UsageException($"{Where("recovery")}: recovery must be auto or manual, not '{r}'"),
            };
        }
        if (Has("primary"))
        {
            if (!NodeId.TryParse(Get("primary"), out var p) || !p.IsReplica || p.Index > maxReplicas)
            {
                throw new UsageException($"{Where("primary")}: primary must be a replica S1..S{maxReplicas}, not '{Get("primary")}'");
            }
            o = o with { FirstPrimary = p };
        }

        ClusterMap map;
        if (addresses.Count == 0)
        {
            var basePort = (int)a.Long("--base-port", ClusterMap.DefaultBasePort, 1024, 65000 - 200);
            if (a.Has("--base-port")) passthrough.AddRange(["--base-port", basePort.ToString(CultureInfo.InvariantCulture)]);
            map = ClusterMap.Loopback(machines, maxReplicas, basePort);
        }
        else
        {
            if (a.Has("--base-port")) throw new UsageException("--base-port cannot be combined with addresses from a cluster file or --addresses");
            foreach (var need in Required(machines, maxReplicas))
            {
                if (addresses.ContainsKey(need)) continue;
                throw new UsageException(file is not null
                    ? $"{file}: no address for {need} (add a line '{need} = host:port')"
                    : $"--addresses: no address for {need} (every listening process needs one: RM, GFD, LFD1..LFD{machines}, S1..S{maxReplicas})");
            }
            map = new ClusterMap(addresses);
        }
        return new ClusterConfig(o, map, passthrough);
    }

    private static IEnumerable<NodeId> Required(int machines, int maxReplicas)
    {
        yield return NodeId.Rm;
        yield return NodeId.Gfd;
        for (var i = 1; i <= machines; i++) yield return NodeId.Lfd(i);
        for (var i = 1; i <= maxReplicas; i++) yield return NodeId.Replica(i);
    }

    private static void ReadFile(string file, Dictionary<string, (string, string)> settings, SortedDictionary<NodeId, IPEndPoint> addresses)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--cluster: cannot read '{file}': {e.Message}");
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{file}:{i + 1}";
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            var sep = line.IndexOfAny(['=', ' ', '\t', ':']);
            // "S1 = 10.0.0.2:7101", "S1 10.0.0.2:7101", "mode = passive", "mode: passive"
            if (sep <= 0) throw new UsageException($"{where}: expected 'name = value', got '{lines[i].Trim()}'");
            var key = line[..sep].Trim();
            var value = line[(sep + 1)..].Trim().TrimStart('=', ':').Trim();
            if (value.Length == 0) throw new UsageException($"{where}: '{key}' has no value");
            if (NodeId.TryParse(key, out var id))
            {
                if (id.Kind is NodeKind.Client or NodeKind.Admin) throw new UsageException($"{where}: {id} does not listen; only RM, GFD, LFDn and Sn have addresses");
                if (addresses.ContainsKey(id)) throw new UsageException($"{where}: {id} is listed twice");
                addresses[id] = ParseAddress(value, where, id);
                continue;
            }
            var k = key.ToLowerInvariant().Replace('-', '_');
            if (!Settings.Contains(k)) throw new UsageException($"{where}: unknown setting '{key}' (known: {string.Join(", ", Settings)}, or a process name like S1)");
            settings[k] = (value, where);
        }
        var lfds = addresses.Keys.Where(k => k.Kind == NodeKind.Lfd).Select(k => k.Index).Order().ToArray();
        for (var n = 0; n < lfds.Length; n++)
        {
            if (lfds[n] != n + 1) throw new UsageException($"{file}: LFDs must be numbered LFD1..LFD{lfds.Length} without gaps");
        }
    }

    /// <summary>"host:port" with an IPv4 address or a host name that resolves to one.</summary>
    public static IPEndPoint ParseAddress(string value, string where, NodeId id)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new UsageException($"{where}: address of {id} must be host:port, not '{value}'");
        }
        var host = value[..colon];
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        try
        {
            var found = Dns.GetHostAddresses(host).FirstOrDefault(x => x.AddressFamily == AddressFamily.InterNetwork)
                ?? throw new UsageException($"{where}: host '{host}' of {id} has no IPv4 address");
            return new IPEndPoint(found, port);
        }
        catch (SocketException)
        {
            throw new UsageException($"{where}: unknown host '{host}' for {id}");
        }
    }
}
