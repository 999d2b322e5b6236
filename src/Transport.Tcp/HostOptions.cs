using FtCore.Core.Effects;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;
using Microsoft.Extensions.Logging;

namespace FtCore.Transport.Tcp;

/// <summary>How a <see cref="RoleHost"/> runs its role.</summary>
internal sealed record HostOptions
{
    public required ClusterMap Map { get; init; }

    /// <summary>Console lines (Information), connection news (Information) and bad input (Warning).</summary>
    public required ILogger Logger { get; init; }

    /// <summary>
    /// Where <see cref="Logger"/>'s lines are gathered (<see cref="HostLog.Output"/>), or null: the host
    /// commits it right before each batch's messages go to the sockets, so no peer gets a message
    /// whose line the process could still lose.
    /// </summary>
    public LineOutput? Lines { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Listen on this process's address from the map (servers); clients and admin do not listen.</summary>
    public bool Listen { get; init; } = true;

    /// <summary>Peers to dial at start (a client dials the RM so the RM can reach it).</summary>
    public IReadOnlyList<NodeId> DialAtStart { get; init; } = [];

    /// <summary>Where Launch and Stop effects go (an LFD's local factory); null elsewhere.</summary>
    public IReplicaLauncher? Launcher { get; init; }

    /// <summary>Sees every event the role emits, on the loop thread (history, lab observers).</summary>
    public Action<long, ConsoleEvent>? OnEvent { get; init; }

    /// <summary>Sees a client's every invoke and accepted reply, on the loop thread (history, the next request, live metrics).</summary>
    public Action<long, ClientCall>? OnCall { get; init; }

    /// <summary>Sees every entry a replica executes, on the loop thread (live metrics).</summary>
    public Action<long, Execution>? OnExecuted { get; init; }

    /// <summary>Sees every message received from a known peer, on the loop thread, before the role does (live metrics).</summary>
    public Action<long, NodeId, Message>? OnReceive { get; init; }

    /// <summary>Time the round trips to each peer (<see cref="RoleHost.Links"/>); off when metrics are switched off.</summary>
    public bool TimeLinks { get; init; } = true;

    /// <summary>A connection that has not said who it is by then is closed.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An inbound connection that sent part of a frame, then nothing more for this long, is closed.</summary>
    public TimeSpan FrameStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First and longest wait between connection attempts to a peer that is not up.</summary>
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromMilliseconds(20);
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Messages kept for a peer while its connection is down (older ones are dropped first).</summary>
    public int MaxPendingPerPeer { get; init; } = 4096;

    /// <summary>
    /// Inbound connections open at once. At the limit, the oldest connection that has not said hello
    /// yet makes room for a newcomer (so idle connections cannot lock a peer out); when every one
    /// has said hello, the newcomer is refused. Either way with one line.
    /// </summary>
    public int MaxInboundConnections { get; init; } = 4096;
}

/// <summary>An LFD's local factory: starts and stops replica processes on this machine. Called on the loop thread.</summary>
internal interface IReplicaLauncher
{
    void Launch(NodeId replica);

    void Stop(NodeId replica);
}
