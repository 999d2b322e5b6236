using System.Net;
using System.Net.Sockets;
using FtCore.Core.Ids;
using FtCore.Transport.Tcp;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// Loopback ports of its own for every test, from 18000 up (below the ephemeral range, away from
/// the live tests' 17xxx). A block is skipped when something listens on any port of it.
/// </summary>
internal static class TestPorts
{
    private const int First = 18000;
    private const int Last = 32000;
    private static int _next = First;

    /// <summary>A block of <paramref name="size"/> consecutive ports nobody listens on; returns the first.</summary>
    public static int Reserve(int size)
    {
        while (true)
        {
            var end = Interlocked.Add(ref _next, size);
            var start = end - size;
            if (end > Last) throw new InvalidOperationException("the test ports ran out");
            if (Enumerable.Range(start, size).All(p => NobodyListens(new IPEndPoint(IPAddress.Loopback, p)))) return start;
        }
    }

    /// <summary>RM, GFD, LFD1..3 and S1..3 on eight consecutive ports.</summary>
    public static ClusterMap CompactMap()
    {
        var b = Reserve(8);
        var map = new List<KeyValuePair<NodeId, IPEndPoint>>
        {
            new(NodeId.Rm, At(b)),
            new(NodeId.Gfd, At(b + 1)),
        };
        for (var i = 1; i <= 3; i++) map.Add(new(NodeId.Lfd(i), At(b + 1 + i)));
        for (var i = 1; i <= 3; i++) map.Add(new(NodeId.Replica(i), At(b + 4 + i)));
        return new ClusterMap(map);
    }

    /// <summary>A base port for <see cref="ClusterMap.Loopback"/> (and ftcore's --base-port): its plan spans 104 ports.</summary>
    public static int LoopbackBase() => Reserve(104);

    private static IPEndPoint At(int port) => new(IPAddress.Loopback, port);

    /// <summary>True when a host could listen there now (.NET's default on Linux lets it past connections in TIME_WAIT).</summary>
    public static bool NobodyListens(IPEndPoint ep)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(ep);
            s.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
