using System.Runtime.InteropServices;
using FtCore.Core.Events;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Effects;

/// <summary>What a role asks its host to do.</summary>
internal enum EffectKind : byte
{
    /// <summary>Send <see cref="Effect.Message"/> to <see cref="Effect.Target"/>.</summary>
    Send = 1,
    /// <summary>Print <see cref="Effect.Event"/> on this process's console.</summary>
    Emit = 2,
    /// <summary>Start a process of replica <see cref="Effect.Target"/> on this machine (LFD only).</summary>
    Launch = 3,
    /// <summary>Stop the process of replica <see cref="Effect.Target"/> on this machine (LFD only).</summary>
    Stop = 4,
    /// <summary>A replica executed an entry (<see cref="Effect.Execution"/>); no console line, read by the checkers and the metrics.</summary>
    Executed = 5,
    /// <summary>A client invoked a request or accepted its reply (<see cref="Effect.Call"/>); the invoke prints a console line.</summary>
    Call = 6,
}

/// <summary>
/// One effect, in the order the role produced it. An execution and a client's invoke and accepted
/// reply travel inside the effect itself, not as event objects: they are the busiest events there
/// are (one per entry per replica, two per request), and a host reads them and lets them go.
/// </summary>
internal readonly record struct Effect(EffectKind Kind, NodeId Target, Message? Message, ConsoleEvent? Event, Execution Execution = default, ClientCall Call = default);

/// <summary>
/// The effects of one step, in order. The host drains it after every input; a role never does I/O.
/// Every effect has a position that keeps counting across drains, so a role can hold a message
/// back until <see cref="Roles.Role.Flush"/> and still put it where it would have gone, when
/// that place has not been drained yet (the simulator flushes before it drains each step).
/// </summary>
internal sealed class Outbox
{
    private readonly List<Effect> _items = new(16);
    private long _drained;

    public IReadOnlyList<Effect> Items => _items;

    /// <summary>
    /// False when nobody prints this process's console lines (a simulated run without a transcript,
    /// a host with logging off): roles then skip the events that exist only to be printed, such as
    /// the state lines before and after each execution. Events a checker or a driver reads are
    /// emitted either way.
    /// </summary>
    public bool Console { get; set; } = true;

    /// <summary>
    /// False when nobody compares the replicas' state digests (a live host; the simulator's checks
    /// do): a replica then reports 0 as the digest of each execution instead of computing the
    /// application's <c>Digest</c>, which may cost as much as the state is large, on every request.
    /// </summary>
    public bool Digests { get; set; } = true;

    /// <summary>
    /// Where the role gets its busiest messages (<see cref="MessagePool"/>). Its own by default, which
    /// nobody gives messages back to: new ones every time. The simulator gives every role its pool,
    /// and gives each message back once it has been delivered everywhere it went.
    /// </summary>
    public MessagePool Pool
    {
        get => _pool ??= new();
        set => _pool = value;
    }

    private MessagePool? _pool;

    public int Count => _items.Count;

    /// <summary>The effect at <paramref name="i"/>, not copied; valid until the next effect is added or the outbox is cleared.</summary>
    public ref readonly Effect At(int i) => ref CollectionsMarshal.AsSpan(_items)[i];

    /// <summary>Where the next effect goes, counting every effect ever drained.</summary>
    public long Position => _drained + _items.Count;

    public void Send(NodeId to, Message message) => _items.Add(new Effect(EffectKind.Send, to, message, null));

    /// <summary>
    /// Sends <paramref name="message"/> as if at <paramref name="position"/> (from <see cref="Position"/>):
    /// before the effects queued since, or first among those left when that place was drained.
    /// Returns the position right after it, for the next message of the same group.
    /// </summary>
    public long SendAt(long position, NodeId to, Message message)
    {
        var i = (int)Math.Clamp(position - _drained, 0, _items.Count);
        _items.Insert(i, new Effect(EffectKind.Send, to, message, null));
        return _drained + i + 1;
    }

    public void Emit(ConsoleEvent e) => _items.Add(new Effect(EffectKind.Emit, default, null, e));

    public void Launch(NodeId replica) => _items.Add(new Effect(EffectKind.Launch, replica, null, null));

    public void Stop(NodeId replica) => _items.Add(new Effect(EffectKind.Stop, replica, null, null));

    public void Executed(in Execution x) => _items.Add(new Effect(EffectKind.Executed, x.Client, null, null, x));

    public void Call(in ClientCall c) => _items.Add(new Effect(EffectKind.Call, c.Replica, null, null, default, c));

    public void Clear()
    {
        _drained += _items.Count;
        _items.Clear();
    }
}
