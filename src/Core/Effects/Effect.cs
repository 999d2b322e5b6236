using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Effects;

/// <summary>What a role asks its host to do.</summary>
public enum EffectKind : byte
{
    /// <summary>Send <see cref="Effect.Message"/> to <see cref="Effect.Target"/>.</summary>
    Send = 1,
    /// <summary>Print <see cref="Effect.Event"/> on this process's console.</summary>
    Emit = 2,
    /// <summary>Start a process of replica <see cref="Effect.Target"/> on this machine (LFD only).</summary>
    Launch = 3,
    /// <summary>Stop the process of replica <see cref="Effect.Target"/> on this machine (LFD only).</summary>
    Stop = 4,
}

/// <summary>One effect, in the order the role produced it.</summary>
public readonly record struct Effect(EffectKind Kind, NodeId Target, Message? Message, ConsoleEvent? Event);

/// <summary>
/// The effects of one step, in order. The host drains it after every input; a role never does I/O.
/// </summary>
public sealed class Outbox
{
    private readonly List<Effect> _items = new(16);

    public IReadOnlyList<Effect> Items => _items;

    public int Count => _items.Count;

    public void Send(NodeId to, Message message) => _items.Add(new Effect(EffectKind.Send, to, message, null));

    public void Emit(ConsoleEvent e) => _items.Add(new Effect(EffectKind.Emit, default, null, e));

    public void Launch(NodeId replica) => _items.Add(new Effect(EffectKind.Launch, replica, null, null));

    public void Stop(NodeId replica) => _items.Add(new Effect(EffectKind.Stop, replica, null, null));

    public void Clear() => _items.Clear();
}
