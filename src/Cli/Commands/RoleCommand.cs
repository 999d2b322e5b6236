using System.Globalization;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Help;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;

namespace FtCore.Demo.Commands;

/// <summary>
/// ftcore rm | gfd | lfd | server | client: one role as its own process on real TCP, printing the
/// guide's lines. Runs until Ctrl-C or SIGTERM.
/// </summary>
internal static class RoleCommand
{
    public static int Run(string command, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new ArgReader(args, RoleSpecs.For(command));
        var config = ClusterConfig.FromArgs(a);
        var id = ParseId(command, a, config.Options);
        var options = config.Options;
        if (command == "lfd" && a.Has("--heartbeat-freq"))
        {
            var hb = (int)a.DurationMs("--heartbeat-freq", options.LfdHeartbeatMs, 1, 600_000);
            options = options with { LfdHeartbeatMs = hb, LfdTimeoutMs = (int)a.DurationMs("--timeout", hb * 3L, 1, 600_000) };
        }
        else if (command == "lfd" && a.Has("--timeout"))
        {
            options = options with { LfdTimeoutMs = (int)a.DurationMs("--timeout", options.LfdTimeoutMs, 1, 600_000) };
        }
        var level = a.Choice("--log-level", "info") switch
        {
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        var logFile = a.String("--log");
        var pidDir = a.String("--pid-dir");
        LiveMetrics.Apply(a.String("--metrics") is null ? null : a.Choice("--metrics", "on"));

        using var logging = HostLogging.Create(logFile, console: !a.Has("--quiet"), level);
        var log = logging.CreateLogger(id.ToString());
        using var fatal = FatalErrors.Log(log, logging.Output);
        ProcessLauncher? launcher = null;
        ClientDriver? driver = null;
        Role role;
        switch (command)
        {
            case "rm":
                role = new Rm(options);
                break;
            case "gfd":
                role = new Gfd(options);
                break;
            case "lfd":
                {
                    // The replicas it launches log as much as it does.
                    var childArgs = config.Args.ToList();
                    if (a.String("--log-level") is { } childLevel) childArgs.AddRange(["--log-level", childLevel]);
                    var lfd = new Lfd(id, options);
                    // A replica that listens and has not registered within the LFD's timeout (a second
                    // at least) is hung: a launch request replaces it.
                    launcher = new ProcessLauncher(id, childArgs, a.String("--log-dir"), pidDir, log)
                    {
                        RegisterGrace = () => TimeSpan.FromMilliseconds(Math.Max(ProcessLauncher.MinRegisterGrace.TotalMilliseconds, Math.Max(lfd.TimeoutMs, 3.0 * lfd.HeartbeatFreqMs))),
                    };
                    role = lfd;
                }
                break;
            case "server":
                {
                    var inc = a.Long("--incarnation", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1, long.MaxValue);
                    var replicaApp = ProgramApps.Get(options.App);
                    // Compiled before it joins, not at its first promotion (see ReplicaWarmup).
                    if (ReplicaWarmup.Run(options, replicaApp) is { } warm)
                    {
                        var how = warm.Failure is { } why ? $"; the drill stopped early: {why}" : "";
                        log.Log(LogLevel.Debug, LogEvents.Transport, $"{id}: warmed up in {warm.Took.TotalMilliseconds:0} ms{how}", null, static (s, _) => s);
                    }
                    role = new Replica(id, inc, options, replicaApp);
                    break;
                }
            default:
                {
                    var first = a.Long("--first-request", 101, 1, 1_000_000);
                    var client = new Client(id, options, ProgramApps.Get(options.App), first, ClientSession());
                    var auto = a.Has("--auto");
                    var seed = (ulong)a.Long("--seed", Environment.TickCount64 ^ Environment.ProcessId, 0, long.MaxValue);
                    driver = new ClientDriver(client, auto,
                        a.DurationMs("--interval", auto ? 100 : 0, 0, 600_000),
                        a.Long("--count", 0, 0, long.MaxValue), a.String("--history"), seed);
                    role = client;
                    break;
                }
        }

        using var linkLog = command == "rm" ? LinkReportLog.Beside(logFile) : null;
        if (command == "server") RuntimeTuning.ForServer(options.Mode == ReplicationMode.Passive);
        var host = LiveMetrics.Host(role, new HostOptions
        {
            Map = config.Map,
            Logger = log,
            Lines = logging.Output,
            Listen = command != "client",
            DialAtStart = command == "client" ? [NodeId.Rm] : [],
            Launcher = launcher,
            OnCall = driver is not null ? driver.OnCall : null,
            OnEvent = linkLog is not null ? linkLog.OnEvent : null,
        });
        driver?.Attach(host, log);
        if (launcher is not null)
        {
            // A child that exits is failed at once, on the loop, not after the heartbeat timeout.
            launcher.Exited = (replica, incarnation) => host.Invoke((now, r) => ((Lfd)r).ReplicaExited(now, replica, incarnation));
        }
        using var signal = new ShutdownSignal();
        using var labWatch = LabWatch.Start(lab => signal.Request($"the lab that started it (pid {lab}) is gone"));
        try
        {
            host.Start();
        }
        catch (HostStartException e)
        {
            throw new UsageException(e.Message);
        }
        var pidFile = PidFiles.Write(pidDir, id.ToString());
        var metrics = LiveMetrics.StartFile(logFile, id.ToString());
        try
        {
            if (driver is not null)
            {
                if (a.Has("--auto"))
                {
                    driver.StartAuto();
                    driver.Finished.ContinueWith(_ => signal.Request("--count reached: every request answered"), TaskScheduler.Default);
                }
                else StartManual(driver, ProgramApps.Get(options.App), signal, stdout);
            }
            var why = signal.Requested.GetAwaiter().GetResult();
            log.Log(LogLevel.Information, LogEvents.Transport, $"{id}: stopping ({why})", null, static (s, _) => s);
            if (driver is not null)
            {
                driver.Stop();
                var drainMs = a.DurationMs("--drain", 10_000, 0, 600_000);
                if (!driver.Drained.Wait(TimeSpan.FromMilliseconds(drainMs)))
                {
                    log.Log(LogLevel.Warning, LogEvents.Transport, $"{id}: request still outstanding after {drainMs} ms; stopping anyway", null, static (s, _) => s);
                }
                driver.FlushHistory();
            }
        }
        finally
        {
            // Stopping: the children it now stops are not failures to report.
            if (launcher is not null) launcher.Exited = null;
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            metrics?.Dispose(); // its final line, once the host is still
            driver?.Dispose();
            // After the host: its loop thread calls Launch, and a launch racing this stop would
            // change the children while they are stopped and leave a replica running without its LFD.
            launcher?.StopAll(TimeSpan.FromSeconds(3));
            launcher?.Dispose();
            PidFiles.Remove(pidFile);
        }
        return 0;
    }

    /// <summary>
    /// The client's session: milliseconds since 2026, so a relaunched client's requests rank above
    /// its earlier runs' in the replicas' duplicate table although it counts from 101 again.
    /// </summary>
    private static long ClientSession() =>
        Math.Clamp(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_767_225_600_000L, 1, RequestNumbers.MaxSession);

    private static NodeId ParseId(string command, ArgReader a, ClusterOptions o)
    {
        var text = a.String("--id");
        var (kind, fixedId) = command switch
        {
            "rm" => (NodeKind.Rm, (NodeId?)NodeId.Rm),
            "gfd" => (NodeKind.Gfd, NodeId.Gfd),
            "lfd" => (NodeKind.Lfd, null),
            "server" => (NodeKind.Replica, null),
            _ => (NodeKind.Client, (NodeId?)null),
        };
        if (fixedId is { } f)
        {
            if (text is not null && (!NodeId.TryParse(text, out var given) || given != f)) throw new UsageException($"--id of {command} can only be {f}");
            return f;
        }
        var example = kind switch { NodeKind.Lfd => "LFD1", NodeKind.Replica => "S1", _ => "C1" };
        if (text is null) throw new UsageException($"{command} needs --id (like --id {example})");
        if (!NodeId.TryParse(text, out var id) || id.Kind != kind) throw new UsageException($"--id of {command} must look like {example}, not '{text}'");
        var limit = kind switch { NodeKind.Lfd => o.Machines, NodeKind.Replica => o.MaxReplicas, _ => o.Clients };
        var what = kind switch { NodeKind.Lfd => "LFDs (machines)", NodeKind.Replica => "max_replicas", _ => "clients" };
        if (id.Index > limit) throw new UsageException($"--id {id}: the cluster has {limit} {what}; raise it in the cluster file or with flags");
        return id;
    }

    private static void StartManual(ClientDriver driver, IApplication app, ShutdownSignal signal, TextWriter stdout)
    {
        stdout.WriteLine($"type a request per line ({app.Name}: {app.Syntax}; an empty line repeats the last one); Ctrl-D or Ctrl-C to stop");
        var thread = new Thread(() =>
        {
            string? last = null;
            while (Console.In.ReadLine() is { } line)
            {
                if (line.Trim().Length == 0)
                {
                    if (last is null)
                    {
                        stdout.WriteLine($"nothing to repeat yet: type a request ({app.Syntax})");
                        continue;
                    }
                    line = last;
                }
                if (!app.TryParse(line, out var op, out var error))
                {
                    stdout.WriteLine(error);
                    continue;
                }
                last = line;
                driver.SubmitManual(op);
            }
            // End of input: let the typed requests finish first.
            while (driver.Queued > 0 || driver.Submitted > driver.Completed) Thread.Sleep(20);
            signal.Request("end of input");
        }) { IsBackground = true, Name = "stdin" };
        thread.Start();
    }
}
