using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Roles;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// A role for transport tests: records what it receives and, when asked, echoes every message
/// back to its sender. Tests make it send through <see cref="FtCore.Transport.Tcp.RoleHost.Invoke"/>.
/// </summary>
internal sealed class ScriptRole(NodeId id, bool echo = false) : Role(id)
{
    private readonly object _gate = new();
    private readonly List<(NodeId From, Message Message)> _received = [];

    public IReadOnlyList<(NodeId From, Message Message)> Received
    {
        get
        {
            lock (_gate) return _received.ToArray();
        }
    }

    public override void Start(long nowUs)
    {
    }

    public override void Receive(long nowUs, NodeId from, Message message)
    {
        lock (_gate) _received.Add((from, message));
        if (echo) Out.Send(from, message);
    }

    public override void Tick(long nowUs)
    {
    }
}
