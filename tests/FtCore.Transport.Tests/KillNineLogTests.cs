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
        var basePort = TestPorts.LoopbackBase();
        var map = ClusterMap.Loopback(3, 1, basePort);
        var s1 = NodeId.Replica(1);
        var c1 = NodeId.Client(1);
        await using var lfd = FakeListener.Start(map.Require(NodeId.Lfd(1)));
        using var server = ServerProcess.WithTransport(transport, "S1-kill9", basePort, map.Require(s1),
            "server", "--id", "S1", "--incarnation", "5", "--mode", "passive", "--replicas", "1", "--max-replicas", "1");
        await server.WaitListeningAsync();
        using var rm = await FakeRm.MakeSoleLeaderAsync(server.Address, s1, 5);
        using var client = await RawPeer.HelloAsync(server.Address, c1);

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
                    await client.SendAsync(new ClientRequest(c1, s1, n, Operation.Add(1)));
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
