using System.Runtime.InteropServices;
using FtCore.Core.Messages;

namespace FtCore.Sim;

/// <summary>
/// Messages given back for reuse (<see cref="MessagePool"/>): every role of the run gets its busiest
/// messages from one pool, and a message goes back once no copy of it is in flight and no step
/// that sent it is still being handled. Counted per message object (by reference, never iterated):
/// one hold per send effect until the sender's whole step is handled, since the same object may go
/// to several peers (an order to every follower, an active client's request to every replica), and
/// one per copy queued for delivery, let go when that copy is delivered or dropped.
/// </summary>
internal sealed partial class Simulator
{
    private readonly MessagePool _pool = new();
    private readonly Dictionary<Message, int> _holds = new(ReferenceEqualityComparer.Instance);

    private void Hold(Message m)
    {
        if (_options.ReuseMessages && MessagePool.Reuses(m)) CollectionsMarshal.GetValueRefOrAddDefault(_holds, m, out _)++;
    }

    private void Release(Message m)
    {
        if (!_options.ReuseMessages || !MessagePool.Reuses(m)) return;
        ref var n = ref CollectionsMarshal.GetValueRefOrNullRef(_holds, m);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref n)) throw new InvalidOperationException($"a {m.Kind} was let go more often than held");
        if (--n > 0) return;
        _holds.Remove(m);
        _pool.Return(m);
    }
}
