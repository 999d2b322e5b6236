using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FtCore.Demo.Live;

namespace FtCore.Transport.Tests.Support;

/// <summary>
/// A real `ftcore server` process, logging to a file (--log FILE --quiet). Killed by its PID on
/// dispose; its port is then checked free.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    public ServerProcess(string name, int basePort, IPEndPoint address, params string[] args)
        : this(null, name, basePort, address, args)
    {
    }

    /// <summary>With FTCORE_TRANSPORT set for the process ("async": .NET's socket engine instead of the reactor); null: the default.</summary>
    public static ServerProcess WithTransport(string? transport, string name, int basePort, IPEndPoint address, params string[] args) =>
        new(transport, name, basePort, address, args);

    private ServerProcess(string? transport, string name, int basePort, IPEndPoint address, string[] args)
    {
        Address = address;
        var dir = Path.Combine(Path.GetTempPath(), "ftcore-transport-tests", $"{name}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        LogFile = Path.Combine(dir, name + ".log");
        var psi = SelfCommand.StartInfo([.. args, "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--log", LogFile, "--quiet"]);
        if (transport is not null) psi.Environment["FTCORE_TRANSPORT"] = transport;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Stderr) Stderr.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IPEndPoint Address { get; }
    public string LogFile { get; }
    public List<string> Stderr { get; } = [];
    public int Pid => _process.Id;

    /// <summary>Polls until the process accepts connections.</summary>
    public async Task WaitListeningAsync()
    {
        await Poll.UntilAsync(() =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"ftcore exited with {_process.ExitCode}: {string.Join(" | ", Stderr)}");
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                s.Connect(Address);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, () => $"ftcore listening on {Address}");
    }

    /// <summary>The log's lines so far (the process writes each batch's lines before its messages leave).</summary>
    public IReadOnlyList<string> Lines()
    {
        if (!File.Exists(LogFile)) return [];
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>kill -9, waiting until the process is gone.</summary>
    public void Kill9()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException) { } // already gone
        if (!_process.WaitForExit(10_000)) throw new TimeoutException($"pid {_process.Id} still runs 10 s after kill -9");
    }

    public IReadOnlyList<string> WarningsAbout(string remote) =>
        Lines().Where(l => l.Contains("warning:", StringComparison.Ordinal) && CapturingLogger.Names(l, remote)).ToArray();

    public void Dispose()
    {
        try
        {
            using var p = Process.GetProcessById(_process.Id);
            p.Kill();
        }
        catch (ArgumentException) { } // already gone
        catch (InvalidOperationException) { }
        _process.WaitForExit(10_000);
        _process.Dispose();
        Poll.UntilAsync(() => TestPorts.NobodyListens(Address), () => $"{Address} free after the kill").GetAwaiter().GetResult();
    }
}
