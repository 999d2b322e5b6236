using FtCore.Core.Ids;
using FtCore.Transport.Tcp;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// A real <c>ftcore server</c> S1 (incarnation 5, passive, the only replica) beside a fake LFD,
/// made the sole leader of view 1 by a fake RM, and a raw client C1 connected to it once it leads
/// (a request that arrives before the view is dropped, and a raw client does not retransmit).
/// </summary>
internal sealed class SoleLeaderServer : IAsyncDisposable
{
    public static readonly NodeId S1 = NodeId.Replica(1);
    public static readonly NodeId C1 = NodeId.Client(1);

    private readonly FakeListener _lfd;
    private readonly RawPeer _rm;

    private SoleLeaderServer(FakeListener lfd, ServerProcess server, RawPeer rm, RawPeer client)
    {
        _lfd = lfd;
        Server = server;
        _rm = rm;
        Client = client;
    }

    public ServerProcess Server { get; }

    public RawPeer Client { get; }

    public static async Task<SoleLeaderServer> StartAsync(string? transport, string name)
    {
        var basePort = TestPorts.LoopbackBase();
        var map = ClusterMap.Loopback(3, 1, basePort);
        var lfd = FakeListener.Start(map.Require(NodeId.Lfd(1)));
        var server = ServerProcess.WithTransport(transport, name, basePort, map.Require(S1),
            "server", "--id", "S1", "--incarnation", "5", "--mode", "passive", "--replicas", "1", "--max-replicas", "1");
        await server.WaitListeningAsync();
        var rm = await FakeRm.MakeSoleLeaderAsync(server.Address, S1, 5);
        await Poll.UntilAsync(
            () => server.Lines().Any(l => l.Contains("Leading view 1", StringComparison.Ordinal)),
            () => "S1 leading view 1; its last lines:\n" + string.Join("\n", server.Lines().TakeLast(30)));
        var client = await RawPeer.HelloAsync(server.Address, C1);
        return new SoleLeaderServer(lfd, server, rm, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _rm.Dispose();
        Server.Dispose();
        await _lfd.DisposeAsync();
    }
}
