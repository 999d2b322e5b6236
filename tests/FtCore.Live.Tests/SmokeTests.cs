using FtCore.Core.Ids;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>The simplest live run: the RM has the LFDs launch three replicas, a client gets answers.</summary>
public sealed class SmokeTests
{
    [Theory]
    [InlineData("passive", 17100)]
    [InlineData("active", 17300)]
    public void Cluster_comes_up_and_answers_a_client(string mode, int basePort)
    {
        using var c = new LiveCluster("smoke-" + mode, basePort, mode);
        c.StartInfrastructure();
        c.WaitAllReady(3, TimeSpan.FromSeconds(60));
        var history = Path.Combine(c.Dir, "C1.history.jsonl");
        var client = c.Start("C1", "client", "--id", "C1", "--auto", "--interval", "0", "--count", "200", "--first-request", "101", "--history", history);
        Poll.Until(() => File.Exists(history) && File.ReadLines(history).Count(l => l.Contains("\"ok\"", StringComparison.Ordinal)) >= 200,
            TimeSpan.FromSeconds(60), () => $"200 replies in {history}");
        Assert.Contains(ViewText.Leader(c.ShowView()!)!.Value, new[] { NodeId.Replica(1), NodeId.Replica(2), NodeId.Replica(3) });
    }
}
