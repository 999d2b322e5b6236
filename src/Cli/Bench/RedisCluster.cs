using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FtCore.Demo.Bench;

/// <summary>redis-server is not on PATH: `ftcore bench --vs-redis` stops with exit 3 and names the install script.</summary>
internal sealed class RedisMissingException() : Exception("redis-server is not on PATH; install it with scripts/install-redis.sh (Debian's redis-server package, as root)");

/// <summary>
/// The Redis side of `ftcore bench --vs-redis`: one master and two replicas (`--replicaof`), each
/// `redis-server --bind 127.0.0.1 --save "" --appendonly no` on a free loopback port with a
/// directory of its own under a temp folder. Dispose kills every process it started by PID, waits
/// for each to be gone and its port free, and removes the folder (also when starting failed).
/// </summary>
internal sealed class RedisCluster : IDisposable
{
    public const int ReplicaCount = 2;
    private readonly List<(string Name, Process Process)> _started = [];
    private bool _disposed;

    private RedisCluster(string executable, int basePort)
    {
        Executable = executable;
        BasePort = basePort;
        Dir = Path.Combine(Path.GetTempPath(), "ftcore-bench", $"redis-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{basePort.ToString(CultureInfo.InvariantCulture)}");
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
    }

    public string Executable { get; }

    /// <summary>The master's port; replica i listens on +i.</summary>
    public int BasePort { get; }

    public string Dir { get; }

    public IPEndPoint Master => new(IPAddress.Loopback, BasePort);

    /// <summary>redis-master, redis-replica1, redis-replica2 with their pids (those still running).</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes() =>
        _started.Where(x => BenchCluster.Alive(x.Process.Id)).Select(x => (x.Name, x.Process.Id)).ToList();

    /// <summary>The pids it started (alive or not): a test checks none remains.</summary>
    public IReadOnlyList<int> Pids => _started.Select(x => x.Process.Id).ToList();

    /// <summary>redis-server's full path from PATH (or <paramref name="path"/>), or null.</summary>
    public static string? FindServer(string? path = null)
    {
        foreach (var dir in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>`redis-server --version`'s "v=..." (for the report), or null.</summary>
    public static string? Version(string executable)
    {
        try
        {
            var psi = new ProcessStartInfo(executable, ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var line = p.StandardOutput.ReadToEnd();
            p.WaitForExit(5000);
            var at = line.IndexOf("v=", StringComparison.Ordinal);
            return at < 0 ? line.Trim() : line[(at + 2)..].Split(' ')[0];
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>Starts the master and the replicas and waits until the master reports both replicas online.</summary>
    public static RedisCluster Start(string executable, Action<string> say, CancellationToken cancel)
    {
        // Servers of a bench killed outright hold ports and memory: stop them first.
        foreach (var line in RedisOrphans.Sweep(Path.Combine(Path.GetTempPath(), "ftcore-bench"))) say(line);
        var cluster = new RedisCluster(executable, PickBasePort());
        try
        {
            cluster.StartServer("redis-master", cluster.BasePort, null);
            for (var i = 1; i <= ReplicaCount; i++) cluster.StartServer($"redis-replica{i}", cluster.BasePort + i, cluster.BasePort);
            var sw = Stopwatch.StartNew();
            string? last = null;
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (var (name, p) in cluster._started)
                {
                    if (p.HasExited) throw new BenchFailedException($"{name} exited with {p.ExitCode} at start; see {Path.Combine(cluster.Dir, name, "redis.log")}");
                }
                last = cluster.TryInfoReplication();
                if (last is not null && OnlineReplicas(last) == ReplicaCount) break;
                if (sw.Elapsed > TimeSpan.FromSeconds(30)) throw new BenchFailedException($"Redis replicas not both online within 30 s; last INFO replication: {Flatten(last)}");
                cancel.WaitHandle.WaitOne(20);
            }
            say($"redis: master 127.0.0.1:{cluster.BasePort}, replicas :{cluster.BasePort + 1} :{cluster.BasePort + 2} online after {sw.ElapsedMilliseconds} ms");
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void StartServer(string name, int port, int? masterPort)
    {
        var dir = Path.Combine(Dir, name);
        Directory.CreateDirectory(dir);
        var args = new List<string>
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", dir, "--logfile", Path.Combine(dir, "redis.log"),
            // The master streams its snapshot to a replica at once (by default it waits 5 s for more replicas to sync together).
            "--repl-diskless-sync-delay", "0",
        };
        if (masterPort is { } m) args.AddRange(["--replicaof", "127.0.0.1", m.ToString(CultureInfo.InvariantCulture)]);
        var psi = new ProcessStartInfo(Executable, args)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var p = Process.Start(psi) ?? throw new BenchFailedException($"could not start {Executable}");
        _started.Add((name, p));
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
    }

    /// <summary>The master's INFO replication, or null when it does not answer (yet).</summary>
    private string? TryInfoReplication()
    {
        try
        {
            return Ask(Master, TimeSpan.FromSeconds(2), "INFO", "replication").Text;
        }
        catch (Exception e) when (e is SocketException or IOException or RespProtocolException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>How many `slaveN:...state=online` lines INFO replication has.</summary>
    public static int OnlineReplicas(string info) =>
        info.Split('\n').Count(l => l.StartsWith("slave", StringComparison.Ordinal) && l.Contains("state=online", StringComparison.Ordinal));

    private static string Flatten(string? info) => info is null ? "(no answer)" : string.Join("; ", info.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("connected_slaves", StringComparison.Ordinal) || l.StartsWith("slave", StringComparison.Ordinal)));

    /// <summary>One command on a fresh blocking connection, and its reply (control only: INFO, GET; not the load).</summary>
    public static RespReply Ask(IPEndPoint at, TimeSpan timeout, params string[] command)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        s.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        s.SendTimeout = (int)timeout.TotalMilliseconds;
        s.Connect(at);
        s.Send(RespParser.Command(command));
        var parser = new RespParser();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = s.Receive(buffer);
            if (n == 0) throw new IOException($"redis at {at} closed the connection");
            var pos = 0;
            if (parser.TryNext(buffer.AsSpan(0, n), ref pos, out var reply)) return reply;
        }
    }

    /// <summary>A port P with P..P+2 free, below the ephemeral range, away from 7000..7103 and from the FtCore bench's 200-port ranges' first ports.</summary>
    private static int PickBasePort()
    {
        var (low, _) = BenchCluster.EphemeralRange();
        var top = Math.Max(12_000, Math.Min(low, 60_000) - 200);
        var slots = (uint)((top - 10_000) / 200);
        var seed = Environment.ProcessId ^ (int)(Stopwatch.GetTimestamp() & 0x7fff_ffff);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = 10_050 + ((int)((uint)(seed + (attempt * 7919)) % slots) * 200);
            if (Enumerable.Range(0, ReplicaCount + 1).All(i => BenchCluster.PortFree(new IPEndPoint(IPAddress.Loopback, candidate + i)))) return candidate;
        }
        throw new BenchFailedException("found no three free loopback ports for Redis");
    }

    /// <summary>Kills every redis-server it started (SIGKILL, by PID), waits until each is gone and its port is free, removes the folder.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var (_, p) in _started)
        {
            try { if (!p.HasExited) p.Kill(); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
        }
        foreach (var (_, p) in _started)
        {
            try { p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        var sw = Stopwatch.StartNew();
        while (!Enumerable.Range(0, ReplicaCount + 1).All(i => BenchCluster.PortFree(new IPEndPoint(IPAddress.Loopback, BasePort + i))) && sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
