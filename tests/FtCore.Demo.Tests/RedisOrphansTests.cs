using System.Diagnostics;
using FtCore.Demo.Bench;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>A bench killed with SIGKILL leaves its redis-servers; the next --vs-redis run stops them by PID and removes their folder.</summary>
public sealed class RedisOrphansTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ftcore-orphans-" + Guid.NewGuid().ToString("N"));
    private Process? _server;

    [Fact]
    public void AFolderWhoseBenchIsGone_HasItsServersStoppedAndIsRemoved_OneWhoseBenchLivesIsKept()
    {
        if (!OperatingSystem.IsLinux()) return;
        // A pid that no longer runs: a process that has exited.
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            var dead = Path.Combine(_root, $"redis-{gone.Id}-20050");
            Directory.CreateDirectory(dead);
            File.WriteAllText(Path.Combine(dead, "redis.log"), "");
            // Stands in for a redis-server, which works in its --dir (below the folder) and rewrites its command line.
            var work = Directory.CreateDirectory(Path.Combine(dead, "redis-master")).FullName;
            _server = Process.Start(new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false, WorkingDirectory = work })!;
            var live = Path.Combine(_root, $"redis-{Environment.ProcessId}-20060");
            Directory.CreateDirectory(live);

            Assert.Equal([_server.Id], RedisOrphans.ServersIn(dead));
            var lines = RedisOrphans.Sweep(_root);

            Assert.Contains(lines, l => l.Contains($"pid {_server.Id}", StringComparison.Ordinal));
            Assert.True(_server.WaitForExit(5_000));
            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(live));
        }
    }

    public void Dispose()
    {
        try { if (_server is { HasExited: false }) _server.Kill(); } catch (InvalidOperationException) { }
        _server?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
