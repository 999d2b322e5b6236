using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>A host that cannot listen says why in one line naming the port or address.</summary>
public sealed class HostStartTests
{
    private static async Task<HostStartException> StartFailsAsync(ClusterMap map)
    {
        var host = new RoleHost(new ScriptRole(NodeId.Rm), new HostOptions { Map = map, Logger = new CapturingLogger() });
        try
        {
            var e = Assert.Throws<HostStartException>(host.Start);
            Assert.DoesNotContain('\n', e.Message);
            return e;
        }
        finally
        {
            await host.DisposeAsync(); // a host that failed to start still stops cleanly
        }
    }

    [Fact]
    public async Task A_port_in_use_is_named()
    {
        var map = TestPorts.CompactMap();
        var address = map.Require(NodeId.Rm);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(address);
        squatter.Listen();
        var e = await StartFailsAsync(map);
        Assert.Contains($"port {address.Port} is in use", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_host_on_the_same_address_is_refused_not_let_share_the_port()
    {
        await using var first = await RoleRig.StartAsync(ListeningRole.Echo);
        var e = await StartFailsAsync(first.Map);
        Assert.Contains($"port {first.Address.Port} is in use", e.Message, StringComparison.Ordinal);
        await first.ProbeAsync();
    }

    [Fact]
    public async Task A_host_restarts_on_its_port_at_once_after_serving_connections()
    {
        var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        var map = rig.Map;
        using (var client = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1)))
        {
            await rig.DisposeAsync(); // the host closes first: its side of each connection lingers in TIME_WAIT
            Assert.True(await client.ClosedByHostAsync());
        }
        var again = new RoleHost(new ScriptRole(NodeId.Rm, echo: true), new HostOptions { Map = map, Logger = new CapturingLogger() });
        again.Start();
        await again.DisposeAsync();
    }

    [Fact]
    public async Task An_address_not_of_this_machine_is_named()
    {
        // TEST-NET-1: never assigned to a machine, so the bind fails locally and nothing is contacted.
        var map = TestPorts.CompactMap();
        var address = new IPEndPoint(IPAddress.Parse("192.0.2.1"), map.Require(NodeId.Rm).Port);
        map = map.With(NodeId.Rm, address);
        var e = await StartFailsAsync(map);
        Assert.Contains("192.0.2.1 is not an address of this machine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_map_without_our_address_is_named()
    {
        var map = new ClusterMap([new(NodeId.Gfd, TestPorts.CompactMap().Require(NodeId.Gfd))]);
        var e = await StartFailsAsync(map);
        Assert.Contains("no address for RM", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_host_closes_every_connection_and_frees_its_port()
    {
        var rig = await RoleRig.StartAsync(ListeningRole.Echo);
        using var silent = await RawPeer.ConnectAsync(rig.Address);
        using var client = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1));
        using var again = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1)); // supersedes the first
        await again.SendAsync(new Core.Messages.AdminReply("hi"));
        await again.ReadFrameAsync();
        await rig.DisposeAsync();
        Assert.True(await silent.ClosedByHostAsync());
        Assert.True(await client.ClosedByHostAsync());
        Assert.True(await again.ClosedByHostAsync());
        Assert.True(TestPorts.NobodyListens(rig.Address), $"{rig.Address} still taken");
    }
}
