namespace FtCore.Demo;

/// <summary>
/// Process-wide runtime settings for many small ftcore processes sharing a few cores. The rest
/// (no spinning thread-pool workers, no background GC thread) is in FtCore.Demo.csproj.
/// </summary>
internal static class RuntimeTuning
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string PollThreads = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>Call first in Main, before any socket exists. An explicit setting in the environment wins.</summary>
    public static void Apply(string? command)
    {
        // A socket's completion runs on the thread that polled it instead of hopping to the thread
        // pool: the host's event loop never blocks, so a frame is handled (and answered) where it was
        // read. On 2 cores that is a third less CPU per request. Child processes inherit it.
        SetDefault(InlineCompletions, "1");
        // One role per process and one event loop per role: one polling thread is enough and saves
        // the handovers between two (the bench, with its many clients, keeps one per core).
        if (command is "rm" or "gfd" or "lfd" or "server" or "client") SetDefault(PollThreads, "1");
    }

    private static void SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null) Environment.SetEnvironmentVariable(name, value);
    }
}
