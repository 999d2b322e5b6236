using FtCore.Tests.Shared;
using System.Collections.Concurrent;
using FtCore.Core.App;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Transport.Tcp;
using FtCore.Transport.Tests.Support;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>
/// No lost lines: a replica process killed with kill -9 at a random moment while a client talks to
/// it has, in its --log file, the "Sending" line of every reply the client received.
/// </summary>
public sealed class KillNineLogTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("async")]
    public async Task Every_reply_a_client_received_from_a_replica_killed_with_kill_9_is_in_its_log(string? transport)
    {
        await using var rig = await SoleLeaderServer.StartAsync(transport, "S1-kill9");
        var (server, client, s1, c1) = (rig.Server, rig.Client, SoleLeaderServer.S1, SoleLeaderServer.C1);

        // The client keeps up to 16 requests outstanding; every reply it reads is counted.
        var received = new ConcurrentDictionary<long, bool>();
        var firstReply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var window = new SemaphoreSlim(16);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (true)
            {
                Message m;
                try
                {
                    m = await client.ReadFrameAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
                {
                    return; // the replica is gone: everything it sent has been read
                }
                if (m is ClientReply r && received.TryAdd(r.RequestNum, true))
                {
                    firstReply.TrySetResult();
                    window.Release();
                }
            }
        });
        var writer = Task.Run(async () =>
        {
            try
            {
                for (long n = 1; !stop.IsCancellationRequested; n++)
                {
                    await window.WaitAsync(stop.Token);
                    await client.SendAsync(new ClientRequest(c1, n, Ops.Add(1)));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
            }
        });

        await firstReply.Task.WaitAsync(Poll.Deadline);
        var delayMs = Random.Shared.Next(50, 600);
        await Task.Delay(delayMs);
        server.Kill9();
        await reader.WaitAsync(Poll.Deadline);
        await stop.CancelAsync();
        await writer.WaitAsync(Poll.Deadline);

        var lines = server.Lines();
        const string Prefix = "] Sending <C1, S1, ", Suffix = ", reply>";
        var logged = new HashSet<long>();
        foreach (var l in lines)
        {
            var at = l.IndexOf(Prefix, StringComparison.Ordinal);
            if (at < 0 || !l.EndsWith(Suffix, StringComparison.Ordinal)) continue;
            var start = at + Prefix.Length;
            if (long.TryParse(l.AsSpan(start, l.Length - Suffix.Length - start), out var n)) logged.Add(n);
        }
        var missing = received.Keys.Order().Where(n => !logged.Contains(n)).ToList();
        Assert.True(!received.IsEmpty, "the client got no reply before the kill");
        Assert.True(missing.Count == 0,
            $"killed {delayMs} ms after the first reply; the client received {received.Count} replies, up to {received.Keys.Max()}; " +
            $"{missing.Count} have no Sending line ({string.Join(", ", missing.Take(10))}); the log has {logged.Count} Sending lines, the last: {(lines.Count > 0 ? lines[^1] : "")}");
    }
}
