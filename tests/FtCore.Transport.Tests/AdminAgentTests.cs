using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;
using FtCore.Demo.Live;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>Admin tools talking to the RM at the same time (the lab, a tmux pane, a user) each get their own answers.</summary>
public sealed class AdminAgentTests
{
    [Fact]
    public async Task An_admin_tool_that_comes_and_goes_does_not_take_another_ones_answers()
    {
        var map = TestPorts.CompactMap();
        var host = new RoleHost(new Rm(new ClusterOptions()), new HostOptions { Map = map, Logger = new CapturingLogger() });
        host.Start();
        try
        {
            // A first tool is connected (its answer is slow to come, say, so it will repeat its command).
            using var first = await RawPeer.HelloAsync(map.Require(NodeId.Rm), NodeId.Admin);
            // A second one asks and goes away meanwhile.
            Assert.StartsWith("view ", await AdminAgent.AskAsync(map, new AdminCommand(AdminOp.ShowView, default, 0), TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
            // The first one's command is answered on its own connection, not sent after the second.
            await first.SendAsync(new AdminCommand(AdminOp.SetCheckpointFreq, default, 1234));
            var reply = await first.ReadUntilAsync<AdminReply>();
            Assert.Equal("checkpoint_freq 1234 ms", reply.Text);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
