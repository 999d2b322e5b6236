using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// MaxInboundConnections: connections that never say hello cannot lock a peer out, and refusing
/// connections does not wear the limit away.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Idle_connections_at_the_limit_make_room_for_a_new_peer()
    {
        const int Limit = 50;
        const int Idle = 200;
        // A long hello timeout: the idle connections would hold their places for a minute.
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo, o => o with { MaxInboundConnections = Limit, HelloTimeout = TimeSpan.FromMinutes(1) });
        var idle = new List<RawPeer>();
        try
        {
            for (var i = 0; i < Idle; i++) idle.Add(await RawPeer.ConnectAsync(rig.Address));
            // The good peer takes one place, the first Limit - 1 idle ones the others; each later one evicts the oldest idle one.
            const int Evicted = Idle - (Limit - 1);
            await Poll.UntilAsync(() => rig.Warnings.Count >= Evicted, () => $"{Evicted} idle connections evicted; log:\n{rig.Log.Dump()}");
            await rig.ProbeAsync();

            using var newcomer = await RawPeer.HelloAsync(rig.Address, NodeId.Client(1));
            await newcomer.SendAsync(new AdminReply("newcomer"));
            await newcomer.ReadUntilAsync<AdminReply>(r => r.Text == "newcomer");
            await rig.ProbeAsync();

            // The oldest idle ones went, one line each; the newest stay.
            var counts = rig.Log.WarningCountsByRemote();
            var lines = idle.Select(p => counts.GetValueOrDefault(p.Local)).ToArray();
            Assert.True(lines.All(n => n <= 1), "an idle connection got more than one line");
            Assert.Equal(Evicted + 1, lines.Sum()); // the newcomer evicted one more
            Assert.Equal(1, lines[0]);
            Assert.Equal(0, lines[^1]);
            Assert.True(await idle[0].ClosedByHostAsync());
            Assert.All(rig.Warnings, l => Assert.Contains("making room", l, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var p in idle) p.Dispose();
        }
    }

    [Fact]
    public async Task Refused_connections_do_not_wear_the_limit_away()
    {
        const int Limit = 5;
        await using var rig = await RoleRig.StartAsync(ListeningRole.Echo, o => o with { MaxInboundConnections = Limit });
        var peers = new List<RawPeer>();
        try
        {
            // The good peer and four clients fill the limit; all of them said hello, so none can be evicted.
            for (var i = 1; i < Limit; i++) peers.Add(await ServedClientAsync(rig, i));
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < 10; i++)
                {
                    using var refused = await RawPeer.ConnectAsync(rig.Address);
                    await refused.SendBadAsync(Frames.Of(new Hello(NodeId.Client(100 + i))));
                    Assert.True(await refused.ClosedByHostAsync(), $"round {round}: connection {i} beyond the limit was let in; log:\n{rig.Log.Dump()}");
                    await Poll.UntilAsync(() => rig.Log.WarningsAbout(refused.Local).Count == 1, () => $"a line about {refused.Local}");
                }
            }
            Assert.Equal(20, rig.Warnings.Count);
            Assert.All(rig.Warnings, l => Assert.Contains($"refused connection from", l, StringComparison.Ordinal));
            await rig.ProbeAsync();

            // One leaves: a place is free again, and only one.
            var leaving = peers[0];
            peers.RemoveAt(0);
            leaving.Dispose();
            await Poll.UntilAsync(() => rig.Log.Lines.Any(l => CapturingLogger.Names(l.Text, leaving.Local) && l.Text.Contains("closed", StringComparison.Ordinal)),
                () => $"the host saw {leaving.Local} close");
            peers.Add(await ServedClientAsync(rig, 50));
            using var extra = await RawPeer.ConnectAsync(rig.Address);
            await extra.SendBadAsync(Frames.Of(new Hello(NodeId.Client(60))));
            Assert.True(await extra.ClosedByHostAsync());
            await rig.ProbeAsync();
        }
        finally
        {
            foreach (var p in peers) p.Dispose();
        }
    }

    private static async Task<RawPeer> ServedClientAsync(RoleRig rig, int index)
    {
        var p = await RawPeer.HelloAsync(rig.Address, NodeId.Client(index));
        try
        {
            await p.SendAsync(new AdminReply($"C{index}"));
            await p.ReadUntilAsync<AdminReply>(r => r.Text == $"C{index}");
            return p;
        }
        catch
        {
            p.Dispose();
            throw;
        }
    }
}
