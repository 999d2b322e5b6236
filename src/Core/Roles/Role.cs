using FtCore.Core.Effects;
using FtCore.Core.Ids;
using FtCore.Core.Messages;

namespace FtCore.Core.Roles;

/// <summary>
/// A role is a single-threaded, event-driven state machine: the host feeds it one input at a
/// time with the current time (microseconds on the host's clock), then drains <see cref="Out"/>
/// and calls <see cref="Tick"/> once the clock reaches <see cref="NextWakeupUs"/>. After a batch
/// of inputs (the simulator: after every input) the host calls <see cref="Flush"/> and drains
/// again, so a role may gather what it sends per batch.
/// </summary>
internal abstract class Role
{
    protected Role(NodeId id) => Id = id;

    public NodeId Id { get; }

    /// <summary>Effects of the last inputs, in order; the host clears it after draining.</summary>
    public Outbox Out { get; } = new();

    /// <summary>When the role next wants <see cref="Tick"/>; long.MaxValue when never.</summary>
    public long NextWakeupUs { get; protected set; } = long.MaxValue;

    /// <summary>The process started.</summary>
    public abstract void Start(long nowUs);

    /// <summary>A message from <paramref name="from"/> arrived.</summary>
    public abstract void Receive(long nowUs, NodeId from, Message message);

    /// <summary>Time passed; called when nowUs &gt;= NextWakeupUs (extra calls are harmless).</summary>
    public abstract void Tick(long nowUs);

    /// <summary>
    /// The host handed over a batch of inputs (one or more) and will drain <see cref="Out"/> next:
    /// send what was held back to be sent once per batch. Extra calls are harmless.
    /// </summary>
    public virtual void Flush()
    {
    }

    protected static long Ms(long ms) => ms * 1000;
}
