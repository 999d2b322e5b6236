using FtCore.Core.Roles;
using FtCore.Demo.Report;
using FtCore.Sim;
using FtCore.Sim.Faults;
using FtCore.Sim.Report;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The run report: deterministic for a simulated seed, and nothing recorded when none is asked for.</summary>
public sealed class ReportTests
{
    private static SimResult Run(ulong seed, bool report) =>
        SimRunner.Run(new SimOptions { Seed = seed, DurationMs = 12_000, Report = report });

    [Fact]
    public void SameSeed_GivesByteIdenticalReportJson()
    {
        var a = ReportJson.Write(SimReportBuilder.Build(Run(11, true), "ftcore sim --seed 11"));
        var b = ReportJson.Write(SimReportBuilder.Build(Run(11, true), "ftcore sim --seed 11"));
        Assert.Equal(a, b);
        var other = ReportJson.Write(SimReportBuilder.Build(Run(12, true), "ftcore sim --seed 12"));
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void Report_HasEveryLaneRequestsAndEveryLinkKind()
    {
        var r = SimReportBuilder.Build(Run(11, true), "replay");
        Assert.Equal(["RM", "GFD", "LFD1", "LFD2", "LFD3", "S1", "S2", "S3", "S4", "C1", "C2", "C3"], r.Processes);
        Assert.NotEmpty(r.Requests);
        Assert.True(r.RequestsTotal >= r.Requests.Count);
        Assert.All(r.Requests, q => Assert.True(q.EndUs >= q.InvokeUs));
        Assert.NotEmpty(r.Paths);
        Assert.Contains(r.Paths, p => p.Hops.Any(h => h.What.StartsWith("executes", StringComparison.Ordinal)) && p.Hops.Any(h => h.What.StartsWith("accepts reply", StringComparison.Ordinal)));
        foreach (var kind in new[] { "client-replica", "leader-follower", "LFD-replica", "GFD-LFD" }) Assert.Contains(r.Links, l => l.Kind == kind && l.Count > 0 && l.MinUs > 0 && l.MinUs <= l.MaxUs);
        Assert.Contains(r.Membership, m => m.Where == "GFD");
        Assert.Contains(r.Membership, m => m.Where == "RM view");
        Assert.Contains(r.States, s => s.State == "leader");
        Assert.Equal(r.Windows.Sum(w => w.Completed), r.RequestsTotal - r.Requests.Count(q => q.Outcome == "open") - (r.RequestsTotal - r.Requests.Count));
        Assert.Null(r.Around);
    }

    [Fact]
    public void RunWithoutReport_RecordsNothing()
    {
        Assert.Null(Run(11, false).Recording);
    }

    [Fact]
    public void FailingRun_ReportsTheViolationAndItsSurroundings()
    {
        // A planted bug (no duplicate table) under message loss: some seed of the first ten breaks safety.
        var faults = new[] { new FaultEvent { AtMs = 1000, Kind = FaultKind.Loss, Rate = 0.3, DurationMs = 8000 } };
        SimResult? failed = null;
        for (var seed = 1UL; seed <= 10 && failed is null; seed++)
        {
            var o = new SimOptions { Seed = seed, DurationMs = 20_000, Report = true, Mutation = ReplicaMutation.ForgetDuplicateTable };
            var run = SimRunner.Run(o, new FaultSchedule { Seed = seed, Mode = o.Mode, App = o.App.Name, Protocol = o.Protocol, DurationMs = o.DurationMs, HealAtMs = 12_000, FaultClass = FaultClass.All, Faults = faults });
            if (!run.Passed) failed = run;
        }
        Assert.NotNull(failed);
        var r = SimReportBuilder.Build(failed!, "replay");
        Assert.False(r.Passed);
        Assert.NotNull(r.Violation);
        Assert.StartsWith("failed: ", r.Verdict, StringComparison.Ordinal);
        Assert.NotNull(r.Around);
        Assert.NotEmpty(r.Around!.Operations);
        Assert.Equal(4, r.Around.Replicas.Count); // S1-S3 and the spare S4 an admin may add
        Assert.Contains(r.Marks, m => m.Kind == "violation");
        Assert.Contains(r.Bands, b => b.Kind == "loss");
    }

    [Fact]
    public void Html_IsSelfContained_AndEmbedsTheJson()
    {
        var report = SimReportBuilder.Build(Run(11, true), "ftcore sim --seed 11 </script><b>");
        var json = ReportJson.Write(report);
        var html = ReportHtml.Render(report.Title, json);
        Assert.Contains(json.TrimEnd(), html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><b>", html, StringComparison.Ordinal);
        Assert.Equal("out/report.json", ReportHtml.JsonPathFor("out/report.html"));
    }
}
