using System.Net;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Transport.Tests.Support;

/// <summary>Stands in for the RM towards one replica process: tells it that it alone is the view, and leads.</summary>
internal static class FakeRm
{
    public static async Task<RawPeer> MakeSoleLeaderAsync(IPEndPoint replica, NodeId id, long incarnation)
    {
        var rm = await RawPeer.HelloAsync(replica, NodeId.Rm);
        await rm.SendAsync(new ViewChange(new View(1, [new ViewMember(id, incarnation, true)], id, 1000)));
        return rm;
    }
}
