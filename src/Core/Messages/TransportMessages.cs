using FtCore.Core.Ids;

namespace FtCore.Core.Messages;

/// <summary>
/// The first frame on every TCP connection: who is calling. Hosts consume it; roles never see it.
/// </summary>
internal sealed record Hello(NodeId From) : Message
{
    public override MessageKind Kind => MessageKind.Hello;
}
