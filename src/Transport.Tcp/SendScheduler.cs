namespace FtCore.Transport.Tcp;

/// <summary>
/// Where a connection's socket writes run once its host flushes it: on the flushing thread (the
/// event loop), or, while the host flushes a large batch, on the thread pool, so the loop goes on
/// reading and handling while the kernel delivers. A handful of connections per batch (light load)
/// always go inline: handing a write to another thread costs a wake-up, which a single request's
/// latency feels and a full batch does not.
/// </summary>
internal sealed class SendScheduler : System.IO.Pipelines.PipeScheduler
{
    /// <summary>Set by the host's loop around a flush; read on the loop thread, where the pipe calls <see cref="Schedule"/>.</summary>
    public bool Offload;

    public override void Schedule(Action<object?> action, object? state)
    {
        if (Offload) System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
        else action(state);
    }
}
