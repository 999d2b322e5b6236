namespace FtCore.Demo;

/// <summary>
/// Process-wide runtime settings for many small ftcore processes sharing a few cores. The rest
/// (no spinning thread-pool workers, no background GC thread) is in FtCore.Demo.csproj. On Linux
/// the transport's reactor reads and writes every connection itself and .NET's socket engine only
/// accepts; the engine settings below are for where it does more: other systems, and
/// FTCORE_TRANSPORT=async.
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
        // the handovers between two (the bench, with its many clients, keeps one per core; a
        // server decides once it knows its mode, see ForServer).
        if (command is "rm" or "gfd" or "lfd" or "client") SetDefault(PollThreads, "1");
    }

    /// <summary>
    /// A server's polling threads, set before its host opens a socket. Passive: the primary alone
    /// reads and answers every client, and a second polling thread that reads and decodes while
    /// the loop handles lifts 64 clients from about 45,000 to 55,000 requests/s on 2 cores.
    /// Active: every replica serves every client, the cores are busy anyway, and the handovers
    /// between two threads only add latency (p50 of 3 clients 10-20 % higher): one thread.
    /// </summary>
    public static void ForServer(bool passive) => SetDefault(PollThreads, passive ? "2" : "1");

    private static readonly List<string> SetHere = [];

    /// <summary>The variables this process set for itself: a child ftcore process chooses its own (see <see cref="Live.SelfCommand"/>).</summary>
    public static IReadOnlyList<string> Defaulted => SetHere;

    private static void SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is not null) return;
        Environment.SetEnvironmentVariable(name, value);
        SetHere.Add(name);
    }
}
