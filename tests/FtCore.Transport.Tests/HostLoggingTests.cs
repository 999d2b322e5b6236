using FtCore.Transport.Tcp;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FtCore.Transport.Tests;

/// <summary>The --log file keeps every line: disposing the logger factory flushes it.</summary>
public sealed class HostLoggingTests
{
    [Fact]
    public void Disposing_the_factory_writes_the_last_lines_to_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ftcore-hostlogging-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        try
        {
            using (var factory = HostLogging.Create(path, console: false, LogLevel.Information))
            {
                var log = factory.CreateLogger("S1");
                log.Log(LogLevel.Information, LogEvents.Line, "the last line before exit", null, static (s, _) => s);
            }
            // Read at once: no waiting for the provider's periodic flush.
            var lines = File.ReadAllLines(path);
            Assert.Single(lines);
            Assert.EndsWith("] the last line before exit", lines[0], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
