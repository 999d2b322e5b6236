using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// The bad-input requirement, on every listening role: random bytes, a frame over the limit, a
/// truncated frame, an unknown kind, a wrong version, silence, a first frame that is not a hello,
/// a frame left half-sent, a thousand connections at once. For each: the host logs exactly one
/// warning line naming the problem and the remote address, closes that connection, and serves a
/// well-behaved peer before, during and after.
/// </summary>
public abstract class BadInputTests
{
    protected abstract ListeningRole Role { get; }

    public static TheoryData<BadInput> Inputs() => new(Enum.GetValues<BadInput>());

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Bad_input_gets_one_line_and_a_closed_connection_while_a_good_peer_is_served(BadInput input)
    {
        await using var rig = await RoleRig.StartAsync(Role, o => o with
        {
            HelloTimeout = BadInputs.HelloTimeout(input),
            FrameStallTimeout = TimeSpan.FromMilliseconds(500),
        });
        using var bad = await RawPeer.ConnectAsync(rig.Address);
        var bytes = BadInputs.Bytes(input);
        if (bytes.Length > 0) await bad.SendBadAsync(bytes);
        if (BadInputs.ClosesAfterSending(input)) bad.ShutdownSend();
        await rig.ProbeAsync();

        Assert.True(await bad.ClosedByHostAsync(), $"the host did not close the connection; log:\n{rig.Log.Dump()}");
        await Poll.UntilAsync(() => rig.Log.WarningsAbout(bad.Local).Count > 0, () => $"a line about {bad.Local}; log:\n{rig.Log.Dump()}");
        await rig.ProbeAsync();

        var line = Assert.Single(rig.Log.WarningsAbout(bad.Local));
        Assert.Contains("dropped connection from", line, StringComparison.Ordinal);
        Assert.Contains(BadInputs.Problem(input), line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Equal([line], rig.Warnings);
    }

    [Fact]
    public async Task A_thousand_connections_at_once_are_each_dropped_with_one_line_while_good_peers_are_served()
    {
        const int Flood = 1000;
        await using var rig = await RoleRig.StartAsync(Role, o => o with { HelloTimeout = TimeSpan.FromMilliseconds(300) });
        var flood = new List<RawPeer>(Flood);
        try
        {
            var opening = Enumerable.Range(0, Flood).Select(_ => RawPeer.ConnectAsync(rig.Address)).ToArray();
            try
            {
                await Task.WhenAll(opening);
            }
            finally
            {
                flood.AddRange(opening.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            await rig.ProbeAsync();

            var closed = await Task.WhenAll(flood.Select(p => p.ClosedByHostAsync()));
            Assert.True(closed.All(c => c), $"{closed.Count(c => !c)} of {Flood} idle connections still open; log:\n{rig.Log.Dump()}");
            await rig.ProbeAsync();

            var lines = rig.Log.WarningCountsByRemote();
            var wrong = flood.Where(p => lines.GetValueOrDefault(p.Local) != 1).Select(p => $"{p.Local}: {lines.GetValueOrDefault(p.Local)} lines").ToArray();
            Assert.True(wrong.Length == 0, $"{wrong.Length} connections without exactly one line: {string.Join(", ", wrong.Take(5))}");
            Assert.Equal(Flood, rig.Warnings.Count);
            Assert.All(rig.Warnings, l => Assert.Contains("nothing received within 300 ms", l, StringComparison.Ordinal));

            // A peer that comes afterwards is served as well.
            await rig.ReplaceGoodPeerAsync();
            await rig.ProbeAsync();
        }
        finally
        {
            foreach (var p in flood) p.Dispose();
        }
    }
}

public sealed class RmBadInputTests : BadInputTests
{
    protected override ListeningRole Role => ListeningRole.Rm;
}

public sealed class GfdBadInputTests : BadInputTests
{
    protected override ListeningRole Role => ListeningRole.Gfd;
}

public sealed class LfdBadInputTests : BadInputTests
{
    protected override ListeningRole Role => ListeningRole.Lfd;
}

public sealed class ReplicaBadInputTests : BadInputTests
{
    protected override ListeningRole Role => ListeningRole.Replica;
}
