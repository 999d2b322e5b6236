using System.Net;
using System.Net.Sockets;
using FtCore.Demo.Cli;
using FtCore.Demo.Commands;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The live commands' bad input: one line naming the problem, exit code 2, nothing started.</summary>
public sealed class LiveCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-live-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Stderr) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit;
        try
        {
            exit = command(stdout, stderr);
        }
        catch (UsageException e)
        {
            stderr.WriteLine("ftcore: " + e.Message);
            exit = 2;
        }
        return (exit, stderr.ToString());
    }

    private static void AssertOneLine(int exit, string stderr, string mustContain)
    {
        Assert.Equal(2, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {stderr}");
        Assert.Contains(mustContain, lines[0], StringComparison.Ordinal);
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("server", "needs --id")]
    [InlineData("server --id C1", "must look like S1")]
    [InlineData("server --id S7", "S7")]
    [InlineData("lfd --id LFD4", "LFD4")]
    [InlineData("client --id C9", "C9")]
    [InlineData("rm --id GFD", "--id of rm")]
    [InlineData("lfd --id LFD1 --heartbeat-freq fast", "--heartbeat-freq")]
    [InlineData("rm --mode sideways", "mode")]
    [InlineData("rm --base-port 80", "--base-port")]
    [InlineData("server --id S1 --cluster /nonexistent/cluster.conf", "/nonexistent/cluster.conf")]
    [InlineData("client --id C1 --bogus 1", "--bogus")]
    [InlineData("rm --addresses RM=127.0.0.1:7000", "--addresses: no address for GFD")]
    [InlineData("rm --addresses RM=127.0.0.1", "address of RM must be host:port")]
    [InlineData("rm --addresses C1=127.0.0.1:7000", "expected NAME=host:port")]
    public void Role_commands_reject_bad_flags(string line, string mustContain)
    {
        var words = line.Split(' ');
        var (exit, err) = Run((o, e) => RoleCommand.Run(words[0], words[1..], o, e));
        AssertOneLine(exit, err, mustContain);
    }

    [Theory]
    [InlineData("S1 = 127.0.0.1\n", ":1: address of S1 must be host:port")]
    [InlineData("S1 = 127.0.0.1:99999\n", ":1: address of S1")]
    [InlineData("speed = 11\n", ":1: unknown setting 'speed'")]
    [InlineData("mode = sideways\n", ":1: mode must be active or passive")]
    [InlineData("lfd_heartbeat = soon\n", ":1: lfd_heartbeat must be a duration")]
    [InlineData("C1 = 127.0.0.1:7000\n", ":1: C1 does not listen")]
    [InlineData("RM = 127.0.0.1:7000\nRM = 127.0.0.1:7001\n", ":2: RM is listed twice")]
    [InlineData("just-a-word\n", ":1: expected 'name = value'")]
    [InlineData("RM = 127.0.0.1:7000\n", "no address for GFD")]
    public void A_malformed_cluster_file_is_named_with_its_line(string text, string mustContain)
    {
        var path = File("cluster.conf", text);
        var (exit, err) = Run((o, e) => RoleCommand.Run("rm", ["--cluster", path], o, e));
        AssertOneLine(exit, err, mustContain);
    }

    [Fact]
    public void A_port_in_use_is_named()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var path = File("taken.conf", $"RM = 127.0.0.1:{port}\nGFD = 127.0.0.1:1\nLFD1 = 127.0.0.1:2\nS1 = 127.0.0.1:3\nS2 = 127.0.0.1:4\nS3 = 127.0.0.1:5\n");
        var (exit, err) = Run((o, e) => RoleCommand.Run("rm", ["--cluster", path, "--quiet"], o, e));
        AssertOneLine(exit, err, $"port {port} is in use");
    }

    [Fact]
    public void An_address_of_another_machine_is_named()
    {
        // 192.0.2.1 (TEST-NET-1) is never assigned to a local interface; binding it fails locally, nothing is sent.
        var path = File("foreign.conf", "RM = 192.0.2.1:7000\nGFD = 127.0.0.1:1\nLFD1 = 127.0.0.1:2\nS1 = 127.0.0.1:3\nS2 = 127.0.0.1:4\nS3 = 127.0.0.1:5\n");
        var (exit, err) = Run((o, e) => RoleCommand.Run("rm", ["--cluster", path, "--quiet"], o, e));
        AssertOneLine(exit, err, "192.0.2.1 is not an address of this machine");
    }

    [Theory]
    [InlineData("", "needs a command")]
    [InlineData("frob", "unknown admin command 'frob'")]
    [InlineData("replicas", "takes 1 argument")]
    [InlineData("replicas x", "replicas must be a count")]
    [InlineData("heartbeat S1 1s", "like LFD1")]
    [InlineData("checkpoint often", "duration")]
    [InlineData("recovery sometimes", "auto or manual")]
    [InlineData("primary LFD1", "like S2")]
    public void Admin_rejects_bad_commands(string line, string mustContain)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (exit, err) = Run((o, e) => AdminCli.Run(words, o, e));
        AssertOneLine(exit, err, mustContain);
    }

    [Theory]
    [InlineData("--scenario m9", "--scenario")]
    [InlineData("--mode passive --scenario m5-active", "cannot run with --mode passive")]
    [InlineData("--duration 1s", "--duration")]
    [InlineData("--app sql", "--app")]
    [InlineData("--clients 0", "--clients")]
    public void Lab_rejects_bad_flags(string line, string mustContain)
    {
        var words = line.Split(' ');
        var (exit, err) = Run((o, e) => LabCommand.Run(words, o, e));
        AssertOneLine(exit, err, mustContain);
    }

    [Fact]
    public void Lab_refuses_an_output_folder_that_is_not_empty()
    {
        File("something.txt", "x");
        var (exit, err) = Run((o, e) => LabCommand.Run(["--out", _dir], o, e));
        AssertOneLine(exit, err, "not empty");
    }
}
