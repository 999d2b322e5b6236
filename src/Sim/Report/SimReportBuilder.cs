using System.Globalization;
using FtCore.Sim.Faults;

namespace FtCore.Sim.Report;

/// <summary>The report of a simulated run, from its result and what its <see cref="SimRecorder"/> recorded.</summary>
internal static class SimReportBuilder
{
    /// <summary>
    /// Builds the report of <paramref name="r"/> (run with <see cref="SimOptions.Report"/> on);
    /// <paramref name="replay"/> is the command that runs it again.
    /// </summary>
    public static RunReport Build(SimResult r, string replay)
    {
        var rec = r.Recording ?? throw new ArgumentException("the run recorded no report: run it with SimOptions.Report", nameof(r));
        var notes = new List<string>();
        var end = r.EndUs;
        var all = rec.Requests.Select(q => new ReportRequest(q.Client.ToString(), q.Num, q.InvokeUs, q.EndUs >= 0 ? q.EndUs : end,
            q.EndUs < 0 ? "open" : q.Refused ? "fail" : "ok", q.EndUs >= 0 ? q.Replica.ToString() : "", q.Retries)).ToList();
        var drawn = ReportShaping.Draw(all, notes);
        var pathMap = rec.Paths.ToDictionary(p => (p.Client, p.Num));
        var paths = ReportShaping.ChoosePaths(drawn, (c, n) => pathMap.GetValueOrDefault((c, n)), notes,
            rec.PathsCapped ? string.Create(CultureInfo.InvariantCulture, $"; hops are recorded for the first {SimRecorder.MaxPaths} requests only") : "");
        var windowUs = ReportShaping.WindowUs(end);
        var bands = new List<ReportBand>(rec.Bands);
        var marks = new List<ReportMark>(rec.Marks);
        AddFaults(r, bands, marks, end);
        var first = r.Violations.Count > 0 ? r.Violations[0] : null;
        if (first is not null) marks.Add(new ReportMark(first.Processes.Count > 0 ? first.Processes[0] : "", "violation", first.AtUs, first.ToString()));
        if (marks.Count > ReportShaping.MaxMarks)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ReportShaping.MaxMarks} of {marks.Count} marks are shown (the earliest); view changes and kills are always kept."));
            marks = marks.Where(m => m.Kind is "view" or "kill" or "start" or "violation" or "leader" or "fault")
                .Concat(marks.Where(m => m.Kind is not ("view" or "kill" or "start" or "violation" or "leader" or "fault")).OrderBy(m => m.AtUs).Take(ReportShaping.MaxMarks / 2)).ToList();
        }
        var links = rec.Links().Select(l => new ReportLink(l.From.ToString(), l.To.ToString(), ReportShaping.LinkKind(l.From.ToString(), l.To.ToString()),
            l.Count, l.MinUs, (long)Math.Round(l.MeanUs), l.P50Us, l.P99Us, l.MaxUs)).ToList();
        var o = r.Options;
        return new RunReport
        {
            Source = "sim",
            Title = $"ftcore sim, seed {o.Seed}",
            Seed = o.Seed.ToString(CultureInfo.InvariantCulture),
            Options =
            [
                new("mode", r.Config.Cluster.Mode.ToString().ToLowerInvariant()),
                new("app", o.App.Name),
                new("protocol", o.Protocol.ToString().ToLowerInvariant()),
                new("scenario", o.Scenario ?? "none"),
                new("replicas", o.Replicas.ToString(CultureInfo.InvariantCulture)),
                new("clients", o.Clients.ToString(CultureInfo.InvariantCulture)),
                new("duration", string.Create(CultureInfo.InvariantCulture, $"{r.Schedule.DurationMs / 1000.0:0.###} s (virtual)")),
                new("faults", o.Faults.ToString().ToLowerInvariant()),
                new("drawn from the seed", r.Config.Describe()),
                new("faults injected", string.Create(CultureInfo.InvariantCulture, $"{r.FaultsInjected} (skipped {r.FaultsSkipped})")),
                new("requests completed", r.RequestsCompleted.ToString(CultureInfo.InvariantCulture)),
                new("view changes", r.ViewChanges.ToString(CultureInfo.InvariantCulture)),
                new("deliveries", string.Create(CultureInfo.InvariantCulture, $"{r.Deliveries} ({r.Dropped} dropped)")),
            ],
            Passed = r.Passed,
            Verdict = r.Passed ? "passed: every check held" : $"failed: {first}",
            Violation = first is null ? null : new ReportViolation(first.Kind.ToString().ToLowerInvariant(), first.Invariant, first.Message, first.AtUs, first.Processes),
            Replay = replay,
            EndUs = end,
            Processes = rec.Names,
            Requests = drawn,
            RequestsTotal = all.Count,
            Paths = paths,
            Bands = bands.OrderBy(b => b.FromUs).ThenBy(b => b.Process, StringComparer.Ordinal).ThenBy(b => b.Kind, StringComparer.Ordinal).ToList(),
            Marks = marks.OrderBy(m => m.AtUs).ThenBy(m => m.Process, StringComparer.Ordinal).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList(),
            Diagnosis = rec.Diagnosis,
            WindowUs = windowUs,
            Windows = ReportShaping.Windows(all, end, windowUs),
            Stalls = ReportShaping.Stalls(rec.LeaderChanges, all, end),
            Membership = rec.Membership,
            States = rec.States.OrderBy(s => s.Process, StringComparer.Ordinal).ThenBy(s => s.FromUs).ToList(),
            Links = links,
            LinksSource = "round trips each process timed from its own requests and the replies to them (LinkTimer), in virtual time: the simulated network's latency, jitter, spikes and slowness. The GFD's membership to the RM is one-way (no reply to time), so RM-GFD has no round trip",
            Around = first is null ? null : new ReportAround(first.AtUs, ReportShaping.Around(all, first.AtUs), rec.FinalReplicas),
            Notes = notes,
        };
    }

    /// <summary>Each fault that came due as a mark on its target, and the windows it opened as bands (closed by the heal).</summary>
    private static void AddFaults(SimResult r, List<ReportBand> bands, List<ReportMark> marks, long end)
    {
        var healUs = r.Config.Scripted ? long.MaxValue : r.Schedule.HealAtMs * 1000;
        if (!r.Config.Scripted && healUs <= end) marks.Add(new ReportMark("", "heal", healUs, "heal: network healed, machines and replicas relaunched; convergence required from here"));
        foreach (var f in r.FaultOutcomes)
        {
            var e = f.Fault;
            var at = e.AtMs * 1000;
            var target = e.Target is { } t && r.Recording!.Names.Contains(t) ? t : "";
            marks.Add(new ReportMark(target, "fault", at, f.ToString().Trim()));
            if (!f.Injected || e.DurationMs <= 0) continue;
            var to = Math.Min(Math.Min(at + e.DurationMs * 1000, healUs), end);
            var label = $"{f.KindName} {f.Arguments}";
            switch (e.Kind)
            {
                case FaultKind.Partition:
                    bands.Add(new ReportBand(e.Target ?? "", "partition", at, to, label));
                    bands.Add(new ReportBand(e.Peer ?? "", "partition", at, to, label));
                    break;
                case FaultKind.Loss:
                    bands.Add(new ReportBand("", "loss", at, to, label));
                    break;
                case FaultKind.Duplicate:
                    bands.Add(new ReportBand("", "duplicate", at, to, label));
                    break;
                case FaultKind.DelaySpikes:
                    bands.Add(new ReportBand("", "spikes", at, to, label));
                    break;
                case FaultKind.Slow:
                    bands.Add(new ReportBand(target, "slow", at, to, label));
                    break;
            }
        }
    }
}
