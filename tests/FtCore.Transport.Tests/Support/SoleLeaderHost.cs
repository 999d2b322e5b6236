using System.Net;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Transport.Tcp;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// A replica S1 hosting any application in a real <see cref="RoleHost"/> of this process (the
/// application need not be one the ftcore program ships), with a capturing logger, a fake LFD, made
/// the sole leader of view 1 by a fake RM. Clients connect with <see cref="RawPeer.HelloAsync"/>.
/// </summary>
internal sealed class SoleLeaderHost : IAsyncDisposable
{
    public static readonly NodeId S1 = NodeId.Replica(1);

    private readonly FakeListener _lfd;
    private readonly RawPeer _rm;

    private SoleLeaderHost(RoleHost host, CapturingLogger log, IPEndPoint address, FakeListener lfd, RawPeer rm)
    {
        Host = host;
        Log = log;
        Address = address;
        _lfd = lfd;
        _rm = rm;
    }

    public RoleHost Host { get; }
    public CapturingLogger Log { get; }
    public IPEndPoint Address { get; }

    /// <summary>The console lines the replica logged (Information, without the transport's own lines).</summary>
    public IReadOnlyList<string> ConsoleLines =>
        Log.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Information && !l.Text.StartsWith("S1: ", StringComparison.Ordinal)).Select(l => l.Text).ToArray();

    public static async Task<SoleLeaderHost> StartAsync(IApplication app)
    {
        var map = TestPorts.CompactMap();
        var cluster = new ClusterOptions { Mode = ReplicationMode.Passive, Replicas = 1, MaxReplicas = 1, Machines = 1, Clients = 2, App = app.Name };
        var log = new CapturingLogger();
        var lfd = FakeListener.Start(map.Require(NodeId.Lfd(1)));
        var host = new RoleHost(new Replica(S1, 7, cluster, app), new HostOptions { Map = map, Logger = log, HelloTimeout = RoleRig.HelloTimeout });
        RawPeer? rm = null;
        try
        {
            host.Start();
            rm = await FakeRm.MakeSoleLeaderAsync(map.Require(S1), S1, 7);
            await Poll.UntilAsync(() => log.Lines.Any(l => l.Text.Contains("Leading view 1", StringComparison.Ordinal)), () => "S1 leading view 1; log:\n" + log.Dump());
            return new SoleLeaderHost(host, log, map.Require(S1), lfd, rm);
        }
        catch
        {
            rm?.Dispose();
            await host.DisposeAsync();
            await lfd.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _rm.Dispose();
        await Host.DisposeAsync();
        await _lfd.DisposeAsync();
    }
}
