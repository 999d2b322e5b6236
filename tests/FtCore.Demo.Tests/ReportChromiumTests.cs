using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using FtCore.Sim.Report;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// The report of a fixed simulated run opened in headless Chromium: the viewer renders without a
/// console message or a script error, draws a lane per process, and fills the latency matrix.
/// The viewer writes its own self-check (lanes, matrix cells, errors caught) into #selfcheck.
/// </summary>
public sealed partial class ReportChromiumTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ftcore-report-" + Guid.NewGuid().ToString("N"));

    [ChromiumFact]
    public void FixedRun_OpensWithoutErrors_WithEveryLane_AndTheMatrixFilled()
    {
        var html = Path.Combine(_dir, "report.html");
        var (exit, stdout, stderr) = SimCli.Run("--seed", "3", "--duration", "15s", "--report", html);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("report: " + html, stdout, StringComparison.Ordinal);
        var report = ReportJson.Read(File.ReadAllText(Path.Combine(_dir, "report.json")));

        var psi = new ProcessStartInfo(Chromium.Path,
            ["--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr", "--v=0", $"--user-data-dir={Path.Combine(_dir, "profile")}", "--dump-dom", new Uri(html).AbsoluteUri])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var dom = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish in 60 s");
        }
        var console = err.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console messages:\n" + string.Join("\n", console));

        var m = SelfCheck().Match(dom);
        Assert.True(m.Success, "no self-check in the DOM (the viewer did not run):\n" + dom[..Math.Min(2000, dom.Length)]);
        using var check = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        var root = check.RootElement;
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        Assert.Equal(report.Processes, root.GetProperty("lanes").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal(report.Links.Count, root.GetProperty("matrix_cells").GetInt32());
        Assert.True(report.Links.Count >= 12, $"only {report.Links.Count} links measured");
        Assert.True(root.GetProperty("requests_drawn").GetInt32() > 0);
    }

    [GeneratedRegex("<pre id=\"selfcheck\"[^>]*>([^<]*)</pre>")]
    private static partial Regex SelfCheck();

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
