using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FtCore.Demo.Bench;

/// <summary>The loopback floor: round trips of a small message between two sockets of this process.</summary>
internal sealed record FloorResult(long RoundTrips, double Seconds, LatencyHistogram Latency);

/// <summary>
/// The floor under every request-reply on this machine: a ping-pong of a 16-byte message between
/// two TCP sockets on 127.0.0.1 in this process, one thread each side, blocking Send and Receive
/// (TCP_NODELAY), the way a C ping-pong would do it. A request of a replicated service crosses
/// loopback at least twice per round trip of this; so "3 clients, p50 within 2x the floor" can be
/// read off one run.
/// </summary>
internal static class LoopbackFloor
{
    private const int MessageSize = 16;

    public static FloorResult Measure(TimeSpan duration, TimeSpan warmup, CancellationToken cancel)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect((IPEndPoint)listener.LocalEndPoint!);
        using var server = listener.Accept();
        server.NoDelay = true;
        // The echo side: receive a whole message, send it back, until the pinger closes.
        var echo = new Thread(() =>
        {
            var b = new byte[MessageSize];
            try
            {
                while (ReceiveAll(server, b)) server.Send(b);
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        })
        { IsBackground = true, Name = "ftcore floor echo" };
        echo.Start();

        var latency = new LatencyHistogram();
        var message = new byte[MessageSize];
        var reply = new byte[MessageSize];
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var end = warmup + duration;
        long trips = 0;
        var recordingSince = TimeSpan.Zero;
        while (true)
        {
            var elapsed = clock.Elapsed;
            if (elapsed >= end || cancel.IsCancellationRequested) break;
            var recording = elapsed >= measureFrom;
            if (recording && trips == 0) recordingSince = elapsed;
            var t0 = Stopwatch.GetTimestamp();
            client.Send(message);
            if (!ReceiveAll(client, reply)) break;
            var t1 = Stopwatch.GetTimestamp();
            if (recording)
            {
                latency.Record(BenchClient.TicksToNs(t1 - t0));
                trips++;
            }
        }
        var seconds = (clock.Elapsed - recordingSince).TotalSeconds;
        client.Shutdown(SocketShutdown.Both);
        echo.Join(TimeSpan.FromSeconds(5));
        cancel.ThrowIfCancellationRequested();
        return new FloorResult(trips, seconds, latency);
    }

    private static bool ReceiveAll(Socket s, byte[] into)
    {
        var got = 0;
        while (got < into.Length)
        {
            var n = s.Receive(into, got, into.Length - got, SocketFlags.None);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}
