using System.Diagnostics;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp.Metrics;

namespace FtCore.Demo.Bench;

/// <summary>
/// A bench's cluster and its clients: starts the processes, waits until S1..S3 are ready, starts
/// the in-process clients and waits until each knows the view. Disposing stops the clients, kills
/// every process by PID and waits until the ports are free.
/// </summary>
internal sealed class BenchSession : IAsyncDisposable
{
    private readonly Action<string> _say;

    private BenchSession(BenchCluster cluster, ClusterOptions options, Action<string> say)
    {
        Cluster = cluster;
        Options = options;
        _say = say;
    }

    public BenchCluster Cluster { get; }

    public ClusterOptions Options { get; }

    public List<BenchClient> Clients { get; } = [];

    /// <summary>The primary (passive) or sequencer (active) once all three were ready.</summary>
    public string? Leader { get; private set; }

    /// <summary>False when something went wrong: the run folder stays for its logs.</summary>
    public bool Clean { get; set; } = true;

    public bool Keep { get; init; }

    /// <summary>The clients' metrics (this process's), to the run folder's metrics/bench.jsonl; null when off.</summary>
    private MetricsFileWriter? _metrics;

    public static async Task<BenchSession> StartAsync(BenchOptions o, bool keepHistory, Action<string> say, CancellationToken cancel)
    {
        var port = o.BasePort ?? BenchCluster.PickBasePort();
        var cluster = new BenchCluster(port, o.ClusterArgs, o.LogLevel);
        var args = new ArgReader(cluster.ClusterArgs, new HashSet<string>(ClusterConfig.Flags, StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        var config = ClusterConfig.FromArgs(args);
        var session = new BenchSession(cluster, config.Options, say) { Keep = o.Keep };
        try
        {
            say($"starting RM, GFD, LFD1..3 on 127.0.0.1 ports {port}.. (run folder {cluster.Dir})");
            cluster.Start();
            session._metrics = LiveMetrics.StartIn(cluster.Dir, "bench");
            var sw = Stopwatch.StartNew();
            var (ready, last) = cluster.WaitAllReady(TimeSpan.FromSeconds(60), cancel);
            cancel.ThrowIfCancellationRequested();
            if (!ready) throw new BenchFailedException($"S1..S3 not all ready within 60 s; last view: {last ?? "(no answer from the RM)"}");
            say($"S1..S3 ready after {sw.ElapsedMilliseconds} ms: {last}");
            session.Leader = ViewText.Leader(last!)?.ToString();
            for (var i = 1; i <= o.Clients; i++)
            {
                var c = new BenchClient(NodeId.Client(i), config.Options, ProgramApps.Get(o.App), cluster.Map, keepHistory);
                session.Clients.Add(c);
                c.Start();
            }
            var views = Stopwatch.StartNew();
            while (session.Clients.Any(c => c.ViewNumber == 0))
            {
                cancel.ThrowIfCancellationRequested();
                if (views.Elapsed > TimeSpan.FromSeconds(20)) throw new BenchFailedException($"{session.Clients.Count(c => c.ViewNumber == 0)} clients got no view from the RM within 20 s");
                await Task.Delay(10, cancel).ConfigureAwait(false);
            }
            return session;
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException) session.Clean = false; // interrupted: nothing to study
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every client's loop and waits for its outstanding request; the number still unanswered after <paramref name="timeout"/>.</summary>
    public async Task<int> StopClientsAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAll(Clients.Select(c => c.StopLoopAsync(timeout))).ConfigureAwait(false);
        return done.Count(d => !d);
    }

    /// <summary>Requests the application refused, over every client.</summary>
    public long Refused() => Clients.Sum(c => c.Refused);

    public long Completed() => Clients.Sum(c => c.Completed);

    public async ValueTask DisposeAsync()
    {
        foreach (var c in Clients) await c.DisposeAsync().ConfigureAwait(false);
        Clients.Clear();
        _metrics?.Dispose();
        var free = Cluster.Stop();
        if (!free)
        {
            _say($"warning: some port of {Cluster.BasePort}.. is still bound after cleanup");
            Clean = false;
        }
        if (Clean && !Keep) Cluster.DeleteDir();
        else _say($"run folder kept: {Cluster.Dir}");
    }
}

/// <summary>The bench could not run (the cluster did not come up, the RM did not answer): one line, exit 3.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
