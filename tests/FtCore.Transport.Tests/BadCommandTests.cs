using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Tests.Shared;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// A well-formed request whose command the application cannot decode, or whose Apply throws, over
/// real TCP: the client gets a refused reply naming the reason, the replica's log has one line
/// naming the client, the request and the application, and the replica keeps serving the same
/// client and another one.
/// </summary>
public sealed class BadCommandTests
{
    private static readonly NodeId C1 = NodeId.Client(1), C2 = NodeId.Client(2);

    [Fact]
    public async Task An_undecodable_command_to_a_server_process_is_refused_with_one_line_and_the_server_keeps_serving()
    {
        await using var rig = await SoleLeaderServer.StartAsync(null, "S1-badcommand");
        var (server, c1, s1) = (rig.Server, rig.Client, SoleLeaderServer.S1);
        const string Reason = "counter cannot decode the command (2 bytes): unknown counter command tag 255";
        string Log() => "log:\n" + string.Join("\n", server.Lines().TakeLast(30));

        await c1.SendAsync(new ClientRequest(C1, 1, new Operation([0xFF, 0x01])));
        var refused = await Reply(c1, 1, Log);
        Assert.True(refused.Result.Refused, $"answered {refused.Result}");
        Assert.Equal(Reason, refused.Result.Refusal);

        await c1.SendAsync(new ClientRequest(C1, 2, Ops.Add(4)));
        Assert.Equal(4, Ops.NumberOf((await Reply(c1, 2, Log)).Result));
        using (var c2 = await RawPeer.HelloAsync(server.Address, C2))
        {
            await c2.SendAsync(new ClientRequest(C2, 1, Ops.Add(3)));
            Assert.Equal(7, Ops.NumberOf((await Reply(c2, 1, Log)).Result));
        }

        // The process writes a batch's lines before its messages leave: the line is there already.
        var line = Assert.Single(server.Lines(), l => l.Contains("cannot decode", StringComparison.Ordinal));
        Assert.EndsWith($"] Refused <C1, S1, 1, request> for app counter: {Reason}", line, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadCommands() => new("undecodable", "throws");

    [Theory]
    [MemberData(nameof(BadCommands))]
    public async Task A_bad_command_for_a_user_app_is_refused_with_one_line_and_the_host_keeps_serving(string bad)
    {
        var app = new UnluckyApp();
        await using var rig = await SoleLeaderHost.StartAsync(app);
        var s1 = SoleLeaderHost.S1;
        string Log() => "log:\n" + rig.Log.Dump(30);
        var (op, reason) = bad == "undecodable"
            ? (new Operation([1, 2, 3]), "unlucky cannot decode the command (3 bytes): ")
            : (app.Encode(UnluckyApp.Unlucky), $"unlucky threw InvalidOperationException executing 'add 13': {UnluckyApp.Message}");

        using var c1 = await RawPeer.HelloAsync(rig.Address, C1);
        await c1.SendAsync(new ClientRequest(C1, 1, app.Encode(2)));
        Assert.Equal(2, app.DecodeResult((await Reply(c1, 1, Log)).Result));
        await c1.SendAsync(new ClientRequest(C1, 2, op));
        var refused = await Reply(c1, 2, Log);
        Assert.True(refused.Result.Refused, $"answered {refused.Result}");
        Assert.StartsWith(reason, refused.Result.Refusal, StringComparison.Ordinal);

        await c1.SendAsync(new ClientRequest(C1, 3, app.Encode(5)));
        Assert.Equal(7, app.DecodeResult((await Reply(c1, 3, Log)).Result)); // the refused command changed nothing
        using (var c2 = await RawPeer.HelloAsync(rig.Address, C2))
        {
            await c2.SendAsync(new ClientRequest(C2, 1, app.Encode(1)));
            Assert.Equal(8, app.DecodeResult((await Reply(c2, 1, Log)).Result));
        }

        var line = Assert.Single(rig.ConsoleLines, l => l.Contains(reason, StringComparison.Ordinal));
        Assert.StartsWith($"Refused <C1, S1, 2, request> for app unlucky: {reason}", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(rig.Log.Warnings, w => w.Contains("unlucky", StringComparison.Ordinal));
    }

    private static async Task<ClientReply> Reply(RawPeer client, long requestNum, Func<string> log)
    {
        try
        {
            return await client.ReadUntilAsync<ClientReply>(r => r.RequestNum == requestNum);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"no reply to request {requestNum}: {e.Message}; {log()}", e);
        }
    }
}
