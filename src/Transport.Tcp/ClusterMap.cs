using System.Net;
using FtCore.Core.Ids;

namespace FtCore.Transport.Tcp;

/// <summary>
/// Where each listening process is: RM, GFD, every LFD and every replica. Clients and the admin
/// tool do not listen; they are reached over the connections they open.
/// </summary>
internal sealed class ClusterMap
{
    /// <summary>The loopback port plan: RM 7000, GFD 7001, LFDi 7010+i, Si 7100+i.</summary>
    public const int DefaultBasePort = 7000;

    private readonly SortedDictionary<NodeId, IPEndPoint> _addresses;

    public ClusterMap(IEnumerable<KeyValuePair<NodeId, IPEndPoint>> addresses)
    {
        _addresses = new SortedDictionary<NodeId, IPEndPoint>();
        foreach (var (id, ep) in addresses)
        {
            if (id.Kind is NodeKind.Client or NodeKind.Admin) throw new ArgumentException($"{id} does not listen; it has no address");
            _addresses[id] = ep;
        }
    }

    /// <summary>Every process on one machine: loopback, ports from <paramref name="basePort"/>.</summary>
    public static ClusterMap Loopback(int machines, int maxReplicas, int basePort = DefaultBasePort, IPAddress? address = null)
    {
        var ip = address ?? IPAddress.Loopback;
        var map = new List<KeyValuePair<NodeId, IPEndPoint>>
        {
            new(NodeId.Rm, new IPEndPoint(ip, basePort)),
            new(NodeId.Gfd, new IPEndPoint(ip, basePort + 1)),
        };
        for (var i = 1; i <= machines; i++) map.Add(new(NodeId.Lfd(i), new IPEndPoint(ip, basePort + 10 + i)));
        for (var i = 1; i <= maxReplicas; i++) map.Add(new(NodeId.Replica(i), new IPEndPoint(ip, basePort + 100 + i)));
        return new ClusterMap(map);
    }

    public IReadOnlyDictionary<NodeId, IPEndPoint> Addresses => _addresses;

    public IPEndPoint? AddressOf(NodeId id) => _addresses.TryGetValue(id, out var ep) ? ep : null;

    public IPEndPoint Require(NodeId id) =>
        AddressOf(id) ?? throw new KeyNotFoundException($"the cluster map has no address for {id}");

    /// <summary>The same map with <paramref name="id"/> at <paramref name="address"/>.</summary>
    public ClusterMap With(NodeId id, IPEndPoint address)
    {
        var copy = new SortedDictionary<NodeId, IPEndPoint>(_addresses) { [id] = address };
        return new ClusterMap(copy);
    }
}
