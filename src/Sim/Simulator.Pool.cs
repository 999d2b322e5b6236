using FtCore.Core.Messages;

namespace FtCore.Sim;

/// <summary>
/// Messages given back for reuse (<see cref="MessagePool"/>): every role of the run gets its busiest
/// messages from one pool, and a message goes back once no copy of it is in flight and no step
/// that sent it is still being handled. Counted on the message itself (<see cref="Message.Holds"/>):
/// one hold per send effect until the sender's whole step is handled, since the same object may go
/// to several peers (an order to every follower, an active client's request to every replica), and
/// one per copy queued for delivery, let go when that copy is delivered or dropped.
/// </summary>
internal sealed partial class Simulator
{
    private readonly MessagePool _pool = new();

    private void Hold(Message m)
    {
        if (_options.ReuseMessages && MessagePool.Reuses(m)) m.Holds++;
    }

    private void Release(Message m)
    {
        if (!_options.ReuseMessages || !MessagePool.Reuses(m)) return;
        if (m.Holds <= 0) throw new InvalidOperationException($"a {m.Kind} was let go more often than held");
        if (--m.Holds > 0) return;
        _pool.Return(m);
    }
}
