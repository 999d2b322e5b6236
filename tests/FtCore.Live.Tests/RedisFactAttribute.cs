using FtCore.Demo.Bench;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>A test that runs redis-server: runs where it is on PATH (scripts/install-redis.sh installs it); skipped otherwise.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "skipped: ftcore bench --vs-redis runs on Linux only";
        else if (RedisCluster.FindServer() is null) Skip = "skipped: redis-server is not on PATH (scripts/install-redis.sh installs it)";
    }
}
