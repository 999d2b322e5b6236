using System.Net.Sockets;
using FtCore.Core.Messages;
using FtCore.Core.Roles;

namespace FtCore.Transport.Tcp;

internal enum LoopInputKind : byte
{
    Frame,
    Closed,
    Accepted,
    Connected,
    DialFailed,
    Action,
    RoleAction,
    Tick,
}

/// <summary>One input for the host's event loop; the loop takes them one at a time, in arrival order.</summary>
internal readonly record struct LoopInput(
    LoopInputKind Kind,
    FrameConnection? Connection = null,
    Message? Message = null,
    OutLink? Link = null,
    Socket? Socket = null,
    string? Text = null,
    Action<long>? Action = null,
    Action<long, Role>? RoleAction = null);
