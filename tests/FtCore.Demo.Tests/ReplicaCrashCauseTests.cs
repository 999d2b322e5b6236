using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

public sealed class ReplicaCrashCauseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-crashcause-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string file, params string[] lines) => File.WriteAllLines(Path.Combine(_dir, file), lines);

    [Fact]
    public void Names_the_fatal_error_of_the_incarnation_that_pid_ran_and_nothing_for_a_kill()
    {
        Write("LFD1.log",
            "[12:59:24.258] LFD1: launching S1",
            "[12:59:24.299] LFD1: launched S1 (pid 100, incarnation 11)",
            "[12:59:25.086] LFD1: S1 (pid 100) exited with status 134 (SIGABRT: a fatal error; its log says why)",
            "[12:59:26.197] LFD1: launched S1 (pid 200, incarnation 22)",
            "[12:59:28.197] LFD1: launched S1 (pid 300, incarnation 33)");
        Write("S1.log",
            "[12:59:24.867] S1 started (incarnation 11)",
            "[12:59:25.029] Received sync (view 3, entries 1..0, commit 0) from S2",
            "[12:59:25.045] error: S1: fatal error in the event loop",
            "FtCore.Core.App.ApplicationFaultException: bank's Restore threw InvalidDataException: cannot read its snapshots",
            " ---> System.IO.InvalidDataException: cannot read its snapshots",
            "   at Bank.BankState.Restore(ReadOnlySpan`1 snapshot)",
            "[12:59:26.630] S1 started (incarnation 22)",
            "[12:59:26.652] i_am_ready = 0",
            "[12:59:28.630] S1 started (incarnation 33)",
            "[12:59:28.900] error: S1: fatal error: unhandled exception");

        Assert.Equal("ApplicationFaultException: bank's Restore threw InvalidDataException: cannot read its snapshots", ReplicaCrashCause.Find(_dir, "S1", 100));
        Assert.Null(ReplicaCrashCause.Find(_dir, "S1", 200)); // a kill -9 writes nothing: the next start's lines are not its own
        Assert.Equal("S1: fatal error: unhandled exception", ReplicaCrashCause.Find(_dir, "S1", 300)); // no exception line after it
        Assert.Null(ReplicaCrashCause.Find(_dir, "S1", 400)); // no LFD launched it
        Assert.Null(ReplicaCrashCause.Find(_dir, "S2", 100)); // no log at all
    }

    [Fact]
    public void Without_a_fatal_line_the_lfd_exit_status_decides_and_a_long_log_is_read_whole()
    {
        var heartbeats = Enumerable.Range(1, 50_000).Select(i => $"[12:59:{i % 60:00}.000] [{i}] Received heartbeat from LFD2").ToArray();
        Write("LFD2.log",
            "[12:59:24.299] LFD2: launched S2 (pid 100, incarnation 11)",
            "[12:59:25.086] LFD2: S2 (pid 100) exited with status 1",
            "[12:59:26.197] LFD2: launched S2 (pid 200, incarnation 22)",
            "[12:59:27.086] LFD2: S2 (pid 200) killed by signal 9 (SIGKILL)",
            "[12:59:28.197] LFD2: launched S2 (pid 300, incarnation 33)");
        Write("S2.log", [
            "[12:59:24.867] S2 started (incarnation 11)",
            "[12:59:26.630] S2 started (incarnation 22)",
            "[12:59:28.630] S2 started (incarnation 33)",
            .. heartbeats, // megabytes after the start line
            "[13:00:28.900] error: S2: fatal error in the event loop",
            "System.InvalidOperationException: late"]);

        Assert.Equal("exited with status 1", ReplicaCrashCause.Find(_dir, "S2", 100));
        Assert.Null(ReplicaCrashCause.Find(_dir, "S2", 200)); // a kill
        Assert.Equal("InvalidOperationException: late", ReplicaCrashCause.Find(_dir, "S2", 300));
    }
}
