using System.Net;
using FtCore.Core.Ids;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Live.Tests;

/// <summary>docs/cluster.example.conf, the file the four-machine guide tells users to copy: it parses, and on a machine without its addresses a role says so in one line.</summary>
public sealed class ClusterExampleTests
{
    private static string Example => RepoRoot.File("docs/cluster.example.conf");

    [Fact]
    public void The_example_cluster_file_describes_the_four_machines()
    {
        var c = ClusterConfig.FromArgs(new ArgReader(["--cluster", Example], new HashSet<string>(ClusterConfig.Flags, StringComparer.Ordinal), new HashSet<string>()));
        Assert.Equal(ReplicationMode.Active, c.Options.Mode);
        Assert.Equal("counter", c.Options.App);
        Assert.Equal(3, c.Options.Machines);
        Assert.Equal(3, c.Options.Replicas);
        Assert.True(c.Options.AutoRecovery);
        Assert.Equal(IPEndPoint.Parse("10.249.0.1:7000"), c.Map.Require(NodeId.Rm));
        Assert.Equal(IPEndPoint.Parse("10.249.0.1:7001"), c.Map.Require(NodeId.Gfd));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(IPEndPoint.Parse($"10.249.0.{i + 1}:{7010 + i}"), c.Map.Require(NodeId.Lfd(i)));
            Assert.Equal(IPEndPoint.Parse($"10.249.0.{i + 1}:{7100 + i}"), c.Map.Require(NodeId.Replica(i)));
            Assert.Equal(NodeId.Lfd(i), c.Options.MachineOf(NodeId.Replica(i)));
        }
    }

    [Theory]
    [InlineData("10.249.0.1:7000", "rm")]
    [InlineData("10.249.0.3:7012", "lfd", "--id", "LFD2")]
    public void On_a_machine_without_the_address_a_role_exits_2_with_one_line_naming_it(string address, params string[] command)
    {
        Assert.DoesNotContain(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address), a => a.Equals(IPEndPoint.Parse(address).Address));
        var (file, prefix) = SelfCommand.Resolve();
        var r = Tools.Run(file, [.. prefix, .. command, "--cluster", Example, "--quiet"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.Exit);
        Assert.Equal("", r.Stdout);
        var line = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("ftcore: ", line, StringComparison.Ordinal);
        Assert.Contains(address, line, StringComparison.Ordinal);
    }
}
