using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FtCore.Core.App;
using FtCore.Core.History;
using FtCore.Demo.Live;
using FtCore.Sim.Report;

namespace FtCore.Demo.Report;

/// <summary>
/// The report of a `ftcore lab` run, from its run folder alone: summary.json (phases, verdict),
/// lab-events.jsonl (phases, kills and launches on the monotonic clock), the client histories
/// (C*.history.jsonl, monotonic ns), every process's log (<c>[hh:mm:ss.fff] line</c>, the local
/// wall clock at millisecond resolution), and the metrics files when there are some
/// (<see cref="LiveLinks"/>). Logs are put on the histories' clock by matching each client's
/// "Sent &lt;C, S, n, request&gt;" lines with its history's invokes (one machine, one wall clock).
/// </summary>
internal static partial class LabReportBuilder
{
    private sealed record LogLine(string Process, long Us, string Text);

    public static RunReport Build(string runDir, string replay, IApplication app)
    {
        var notes = new List<string>();
        var summary = ReadSummary(runDir, notes);
        var events = ReadEvents(runDir);
        var history = ReadHistories(runDir, app, notes);
        var logs = ReadLogs(runDir);
        var processes = Lanes(logs.Keys);

        // One time base: the monotonic clock of the histories and the lab's events; t = 0 at the run's start.
        var offsetNs = LogOffsetNs(logs, history, events, notes);
        long startNs = long.MaxValue;
        foreach (var e in events) startNs = Math.Min(startNs, e.TNs);
        foreach (var h in history) startNs = Math.Min(startNs, h.TimeNs);
        foreach (var l in logs.Values.Where(l => l.Count > 0)) startNs = Math.Min(startNs, l[0].Us * 1000 - offsetNs);
        if (startNs == long.MaxValue) startNs = 0;
        long Us(long monoNs) => Math.Max(0, (monoNs - startNs) / 1000);
        var lines = logs.ToDictionary(kv => kv.Key, kv => kv.Value.Select(l => l with { Us = Math.Max(0, (l.Us * 1000 - offsetNs - startNs) / 1000) }).ToList());
        long end = 0;
        foreach (var h in history) end = Math.Max(end, Us(h.TimeNs));
        foreach (var e in events) end = Math.Max(end, Us(e.TNs));
        foreach (var l in lines.Values.Where(l => l.Count > 0)) end = Math.Max(end, l[^1].Us);

        var all = Requests(history, lines, Us, end);
        var drawn = ReportShaping.Draw(all, notes);
        var bands = new List<ReportBand>();
        var marks = new List<ReportMark>();
        var states = new List<ReportState>();
        var membership = new List<ReportMembership>();
        var leaderChanges = new List<(long, string)>();
        Phases(events, Us, end, bands);
        var kills = Kills(events, Us, marks);
        foreach (var (name, ls) in lines.OrderBy(kv => Array.IndexOf(processes.ToArray(), kv.Key)))
        {
            Scan(name, ls, kills.GetValueOrDefault(name) ?? [], end, bands, marks, states, membership, leaderChanges);
        }
        var diagnosis = FailSlow(events, lines.GetValueOrDefault("RM") ?? [], Us, end, bands);
        var paths = Paths(drawn, lines, notes);
        var (links, source) = LiveLinks.Read(runDir, lines.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(long, string)>)kv.Value.Select(l => (l.Us, l.Text)).ToList()));
        var windowUs = ReportShaping.WindowUs(end);
        notes.Add("live times: the client histories and the lab's events are on the monotonic clock (ns); process logs have millisecond timestamps on the wall clock, placed on the same clock by matching the clients' sends with their histories, so a log's hop times are good to about a millisecond.");
        if (events.Count == 0) notes.Add("no lab-events.jsonl in the run folder (a run from an older ftcore): phases and kills are not on the timeline.");

        var passed = summary?.ExitCode == 0;
        var verdict = summary is null ? "unknown: no summary.json (the lab did not finish)"
            : passed ? "passed: every check held"
            : "failed: " + string.Join("; ", summary.Problems.DefaultIfEmpty($"exit {summary.ExitCode}"));
        ReportViolation? violation = summary is { Linearizable: false }
            ? new ReportViolation("safety", "1 linearizable", summary.Linearizability, end, [])
            : summary is { InconsistentReplies: > 0 } ? new ReportViolation("safety", "2 replicas agree", $"{summary.InconsistentReplies} duplicate reply(ies) differed from the accepted one", end, []) : null;
        return new RunReport
        {
            Source = "lab",
            Title = $"ftcore lab, {summary?.Scenario ?? "run"} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(runDir))})",
            Seed = Seed(replay),
            Options = Options(runDir, summary),
            Passed = passed,
            Verdict = verdict,
            Violation = violation,
            Replay = replay,
            EndUs = end,
            Processes = processes,
            Requests = drawn,
            RequestsTotal = all.Count,
            Paths = paths,
            Bands = bands.OrderBy(b => b.FromUs).ThenBy(b => b.Process, StringComparer.Ordinal).ThenBy(b => b.Kind, StringComparer.Ordinal).ToList(),
            Marks = Cap(marks, notes).OrderBy(m => m.AtUs).ThenBy(m => m.Process, StringComparer.Ordinal).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList(),
            WindowUs = windowUs,
            Windows = ReportShaping.Windows(all, end, windowUs),
            Stalls = ReportShaping.Stalls(leaderChanges, all, end),
            Membership = membership.OrderBy(m => m.AtUs).ThenBy(m => m.Where, StringComparer.Ordinal).ToList(),
            States = states.OrderBy(s => s.Process, StringComparer.Ordinal).ThenBy(s => s.FromUs).ToList(),
            Diagnosis = diagnosis,
            Links = links.Select(l => l with { Kind = ReportShaping.LinkKind(l.From, l.To) }).ToList(),
            LinksSource = source,
            Around = violation is null ? null : new ReportAround(end, ReportShaping.Around(all, end), []),
            Notes = notes,
        };
    }

    private static List<ReportMark> Cap(List<ReportMark> marks, List<string> notes)
    {
        if (marks.Count <= ReportShaping.MaxMarks) return marks;
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ReportShaping.MaxMarks} of {marks.Count} marks are shown; view changes, leaders and kills are always kept."));
        bool Key(ReportMark m) => m.Kind is "view" or "kill" or "start" or "leader";
        return marks.Where(Key).Concat(marks.Where(m => !Key(m)).OrderBy(m => m.AtUs).Take(ReportShaping.MaxMarks / 2)).ToList();
    }

    private static string? Seed(string replay)
    {
        var m = SeedArg().Match(replay);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static List<ReportOption> Options(string runDir, LabResult? summary)
    {
        var list = new List<ReportOption>();
        if (summary is not null)
        {
            list.Add(new("scenario", summary.Scenario));
            list.Add(new("mode", summary.Mode));
            list.Add(new("app", summary.App));
            list.Add(new("requests completed", summary.RequestsCompleted.ToString(CultureInfo.InvariantCulture)));
            list.Add(new("requests failed", summary.RequestsFailed.ToString(CultureInfo.InvariantCulture)));
            list.Add(new("history", (summary.Linearizable ? "linearizable: " : "NOT linearizable: ") + summary.Linearizability));
            list.Add(new("final view", summary.FinalView));
            foreach (var p in summary.Phases)
            {
                list.Add(new("phase " + p.Name, string.Create(CultureInfo.InvariantCulture,
                    $"{p.StartedS:0.0}-{p.EndedS:0.0} s: {p.RequestsCompleted} completed, p99 {p.LatencyP99Ms?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} ms, longest stall {p.LongestStallMs:0.0} ms, {p.ViewChanges} view change(s)")));
            }
        }
        var conf = Path.Combine(runDir, "cluster.conf");
        if (File.Exists(conf))
        {
            var settings = File.ReadAllLines(conf).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#') && !l.Contains("127.0.0.1", StringComparison.Ordinal));
            list.Add(new("cluster.conf", string.Join(", ", settings.Select(l => l.Trim()))));
        }
        return list;
    }

    private static LabResult? ReadSummary(string runDir, List<string> notes)
    {
        var path = Path.Combine(runDir, "summary.json");
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<LabResult>(File.ReadAllText(path), LabJson.Options);
        }
        catch (JsonException e)
        {
            notes.Add($"summary.json could not be read: {e.Message}");
            return null;
        }
    }

    private static List<LabEventLog.Entry> ReadEvents(string runDir)
    {
        var path = Path.Combine(runDir, LabEventLog.FileName);
        if (!File.Exists(path)) return [];
        var list = new List<LabEventLog.Entry>();
        foreach (var l in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(l)) continue;
            try
            {
                if (JsonSerializer.Deserialize(l, LabEventJson.Default.Entry) is { } e) list.Add(e);
            }
            catch (JsonException)
            {
                // A torn last line (the lab was killed while writing it): the lines before it stand.
            }
        }
        return list;
    }

    private static List<HistoryEvent> ReadHistories(string runDir, IApplication app, List<string> notes)
    {
        var all = new List<HistoryEvent>();
        foreach (var path in Directory.GetFiles(runDir, "C*.history.jsonl").Order(StringComparer.Ordinal))
        {
            var n = 0;
            foreach (var line in File.ReadLines(path))
            {
                n++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    all.Add(HistoryJson.FromJsonLine(line, app, n));
                }
                catch (HistoryFormatException)
                {
                    notes.Add($"{Path.GetFileName(path)} line {n} could not be read (a client killed while writing it)");
                }
            }
        }
        return all;
    }

    /// <summary>Every process log's lines as (process, wall-clock µs since midnight, text); a log that passes midnight keeps counting.</summary>
    private static Dictionary<string, List<LogLine>> ReadLogs(string runDir)
    {
        var logs = new Dictionary<string, List<LogLine>>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(runDir, "*.log").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!Lane().IsMatch(name)) continue;
            var list = new List<LogLine>();
            long dayUs = 0, last = -1;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(fs);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length < 15 || line[0] != '[' || line[13] != ']') continue;
                if (!TimeSpan.TryParseExact(line.AsSpan(1, 12), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var t)) continue;
                var us = (long)(t.Ticks / 10);
                if (last >= 0 && us + dayUs < last - 12L * 3600 * 1_000_000) dayUs += 24L * 3600 * 1_000_000;
                last = us + dayUs;
                list.Add(new LogLine(name, last, line.Length > 15 ? line[15..] : ""));
            }
            logs[name] = list;
        }
        return logs;
    }

    private static List<string> Lanes(IEnumerable<string> names)
    {
        static int Rank(string n) => n == "RM" ? 0 : n == "GFD" ? 1 : n.StartsWith("LFD", StringComparison.Ordinal) ? 2 : n[0] == 'S' ? 3 : 4;
        static int Index(string n) => int.TryParse(n.AsSpan(n.StartsWith("LFD", StringComparison.Ordinal) ? 3 : n.Length > 1 && char.IsAsciiDigit(n[1]) ? 1 : n.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
        return names.OrderBy(Rank).ThenBy(Index).ThenBy(n => n, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Log wall-clock ns minus monotonic ns: the median over every request whose client logged its
    /// first send (the history's invoke is taken just before it). Without clients, the lab's first
    /// event is matched with the first line of the RM's log.
    /// </summary>
    private static long LogOffsetNs(Dictionary<string, List<LogLine>> logs, List<HistoryEvent> history, List<LabEventLog.Entry> events, List<string> notes)
    {
        var invokes = new Dictionary<(string, long), long>();
        foreach (var h in history.Where(h => h.Type == HistoryType.Invoke)) invokes.TryAdd((h.Client.ToString(), h.Req), h.TimeNs);
        var diffs = new List<long>();
        foreach (var (name, lines) in logs)
        {
            if (name[0] != 'C') continue;
            var seen = new HashSet<long>();
            foreach (var l in lines)
            {
                var m = TupleRx().Match(l.Text);
                if (!m.Success || !l.Text.StartsWith("Sent <", StringComparison.Ordinal) || m.Groups[4].Value != "request") continue;
                var num = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                if (seen.Add(num) && invokes.TryGetValue((name, num), out var ns)) diffs.Add(l.Us * 1000 - ns);
            }
        }
        if (diffs.Count > 0)
        {
            diffs.Sort();
            return diffs[diffs.Count / 2];
        }
        if (events.Count > 0 && logs.TryGetValue("RM", out var rm) && rm.Count > 0)
        {
            notes.Add("no client request could be matched with a log line: the logs are placed by the RM's first line, roughly.");
            return rm[0].Us * 1000 - events[0].TNs;
        }
        return 0;
    }

    private static List<ReportRequest> Requests(List<HistoryEvent> history, Dictionary<string, List<LogLine>> lines, Func<long, long> us, long end)
    {
        // Who answered, and the retransmissions, from each client's log.
        var repliedBy = new Dictionary<(string, long), string>();
        var retries = new Dictionary<(string, long), int>();
        foreach (var (name, ls) in lines.Where(kv => kv.Key[0] == 'C'))
        {
            foreach (var l in ls)
            {
                if (l.Text.StartsWith("Received <", StringComparison.Ordinal) && TupleRx().Match(l.Text) is { Success: true } m && m.Groups[4].Value == "reply")
                {
                    repliedBy.TryAdd((name, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)), m.Groups[2].Value);
                }
                else if (RetransmitRx().Match(l.Text) is { Success: true } r)
                {
                    var key = (name, long.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture));
                    retries[key] = retries.GetValueOrDefault(key) + 1;
                }
            }
        }
        var open = new Dictionary<(string, long), int>();
        var list = new List<ReportRequest>();
        foreach (var h in history.OrderBy(h => h.TimeNs))
        {
            var key = (h.Client.ToString(), h.Req);
            if (h.Type == HistoryType.Invoke)
            {
                open[key] = list.Count;
                list.Add(new ReportRequest(key.Item1, h.Req, us(h.TimeNs), end, "open", "", retries.GetValueOrDefault(key)));
            }
            else if (open.Remove(key, out var i))
            {
                list[i] = list[i] with { EndUs = us(h.TimeNs), Outcome = h.Type == HistoryType.Ok ? "ok" : "fail", Replica = repliedBy.GetValueOrDefault(key, "") };
            }
        }
        return list;
    }

    private static void Phases(List<LabEventLog.Entry> events, Func<long, long> us, long end, List<ReportBand> bands)
    {
        var phases = events.Where(e => e.Kind is "phase" or "end").ToList();
        for (var i = 0; i < phases.Count; i++)
        {
            if (phases[i].Kind != "phase") continue;
            var to = i + 1 < phases.Count ? us(phases[i + 1].TNs) : end;
            bands.Add(new ReportBand("", "phase", us(phases[i].TNs), to, phases[i].Text));
        }
    }

    /// <summary>The lab's kill -9s as marks; per replica, the times it was killed.</summary>
    private static Dictionary<string, List<long>> Kills(List<LabEventLog.Entry> events, Func<long, long> us, List<ReportMark> marks)
    {
        var kills = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Kind == "event"))
        {
            var m = KillRx().Match(e.Text);
            if (m.Success)
            {
                var who = m.Groups[1].Value;
                (kills.TryGetValue(who, out var l) ? l : kills[who] = []).Add(us(e.TNs));
                marks.Add(new ReportMark(who, "kill", us(e.TNs), e.Text));
            }
            else
            {
                marks.Add(new ReportMark(LaunchRx().Match(e.Text) is { Success: true } launch ? launch.Groups[1].Value : "RM", "lab", us(e.TNs), "lab: " + e.Text));
            }
        }
        return kills;
    }

    /// <summary>
    /// The fail-slow side: each `admin slow Sn --delay` the lab made, as a slow band on Sn until its
    /// `--off` (or the end); each time the RM's console named a process slow, a diagnosis band on
    /// that process until the RM cleared it (or the end), labelled with the RM's evidence, and the
    /// clearing as a diagnosis mark.
    /// </summary>
    private static List<ReportBand> FailSlow(List<LabEventLog.Entry> events, List<LogLine> rm, Func<long, long> us, long end, List<ReportBand> bands)
    {
        var slowSince = new Dictionary<string, (long At, string Text)>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Kind == "event"))
        {
            var m = SlowRx().Match(e.Text);
            if (!m.Success) continue;
            var who = m.Groups[1].Value;
            if (slowSince.Remove(who, out var was)) bands.Add(new ReportBand(who, "slow", was.At, us(e.TNs), was.Text));
            if (m.Groups[2].Value != "--off") slowSince[who] = (us(e.TNs), "lab: " + e.Text);
        }
        foreach (var (who, was) in slowSince.OrderBy(kv => kv.Key, StringComparer.Ordinal)) bands.Add(new ReportBand(who, "slow", was.At, end, was.Text));

        var diagnosis = new List<ReportBand>();
        var named = new Dictionary<string, (long At, string Text)>(StringComparer.Ordinal);
        foreach (var l in rm)
        {
            if (SuspectRx().Match(l.Text) is { Success: true } s)
            {
                var who = s.Groups[1].Value;
                if (named.Remove(who, out var was)) diagnosis.Add(new ReportBand(who, "slow-suspect", was.At, l.Us, was.Text));
                named[who] = (l.Us, l.Text);
            }
            else if (ClearedRx().Match(l.Text) is { Success: true } c)
            {
                var who = c.Groups[1].Value;
                if (named.Remove(who, out var was)) diagnosis.Add(new ReportBand(who, "slow-suspect", was.At, l.Us, was.Text));
                diagnosis.Add(new ReportBand(who, "slow-cleared", l.Us, l.Us, l.Text));
            }
        }
        foreach (var (who, was) in named.OrderBy(kv => kv.Key, StringComparer.Ordinal)) diagnosis.Add(new ReportBand(who, "slow-suspect", was.At, Math.Max(end, was.At), was.Text));
        return diagnosis.OrderBy(d => d.FromUs).ThenBy(d => d.Process, StringComparer.Ordinal).ToList();
    }

    /// <summary>One process's log: its states (replicas), the membership (GFD, RM), views, leaders, detections.</summary>
    private static void Scan(string name, List<LogLine> lines, List<long> kills, long end, List<ReportBand> bands, List<ReportMark> marks,
        List<ReportState> states, List<ReportMembership> membership, List<(long, string)> leaderChanges)
    {
        var replica = name[0] == 'S';
        string state = "down";
        long since = 0;
        var lastLeader = "";
        var killIndex = 0;
        void Set(string s, long at)
        {
            if (s == state) return;
            if (at > since) states.Add(new ReportState(name, state, since, at));
            state = s;
            since = at;
        }
        foreach (var l in lines)
        {
            var t = l.Text;
            if (replica)
            {
                // A kill the lab made before this line: the process was down from it until this line's start.
                while (killIndex < kills.Count && kills[killIndex] <= l.Us)
                {
                    Set("down", Math.Max(kills[killIndex], since));
                    killIndex++;
                }
                if (t.StartsWith(name + " started (incarnation", StringComparison.Ordinal))
                {
                    if (state == "down" && since > 0) bands.Add(new ReportBand(name, "down", since, l.Us, "down (kill -9 until relaunched)"));
                    if (since > 0 || state != "down") marks.Add(new ReportMark(name, "start", l.Us, t));
                    Set("recovering", l.Us);
                }
                else if (t == "i_am_ready = 1") Set("ready", l.Us);
                else if (t == "i_am_ready = 0") Set("recovering", l.Us);
                else if (t.StartsWith("Leading view", StringComparison.Ordinal))
                {
                    Set("leader", l.Us);
                    marks.Add(new ReportMark(name, "leader", l.Us, t));
                }
                else if (state == "leader" && InstalledRx().Match(t) is { Success: true } iv && iv.Groups[1].Value != name) Set("ready", l.Us);
            }
            else if (name == "GFD" && GfdMembersRx().IsMatch(t))
            {
                membership.Add(new ReportMembership("GFD", l.Us, t[5..]));
                marks.Add(new ReportMark(name, "membership", l.Us, t));
            }
            else if (name == "GFD" && t.Contains("heartbeat to LFD", StringComparison.Ordinal) && t.Contains("failed", StringComparison.Ordinal))
            {
                marks.Add(new ReportMark(name, "detect", l.Us, t));
            }
            else if (name == "RM" && RmMembersRx().IsMatch(t))
            {
                membership.Add(new ReportMembership("RM", l.Us, t[4..]));
                marks.Add(new ReportMark(name, "membership", l.Us, t));
            }
            else if (name == "RM" && RmViewRx().Match(t) is { Success: true } v)
            {
                membership.Add(new ReportMembership("RM view", l.Us, t[4..]));
                marks.Add(new ReportMark(name, "view", l.Us, t));
                // A failover: a leader other than the last one (the first leader, and views without one, are not).
                var leader = v.Groups[1].Value;
                if (leader != "none" && leader != lastLeader)
                {
                    if (lastLeader.Length > 0) leaderChanges.Add((l.Us, leader));
                    lastLeader = leader;
                }
            }
            else if (name == "RM" && (t.StartsWith("RM: relaunching", StringComparison.Ordinal) || t.StartsWith("RM: removing", StringComparison.Ordinal) || t.StartsWith("RM: no ready replica", StringComparison.Ordinal)))
            {
                marks.Add(new ReportMark(name, "detect", l.Us, t));
            }
            else if (name.StartsWith("LFD", StringComparison.Ordinal) && (t.Contains(": delete replica", StringComparison.Ordinal) || (t.Contains(": heartbeat to", StringComparison.Ordinal) && t.Contains("failed", StringComparison.Ordinal))))
            {
                marks.Add(new ReportMark(name, "detect", l.Us, t));
            }
            else if (name.StartsWith("LFD", StringComparison.Ordinal) && (t.Contains(": add replica", StringComparison.Ordinal) || t.Contains(": launching", StringComparison.Ordinal)))
            {
                marks.Add(new ReportMark(name, "membership", l.Us, t));
            }
        }
        if (!replica) return;
        while (killIndex < kills.Count)
        {
            Set("down", Math.Max(kills[killIndex], since));
            killIndex++;
        }
        if (state == "down" && since > 0 && end > since) bands.Add(new ReportBand(name, "down", since, end, "down"));
        if (end > since) states.Add(new ReportState(name, state, since, end));
    }

    /// <summary>The hops of the chosen requests: every log line that names the request's tuple.</summary>
    private static List<ReportPath> Paths(List<ReportRequest> drawn, Dictionary<string, List<LogLine>> lines, List<string> notes)
    {
        var wanted = drawn.Select(r => (r.Client, r.Num)).ToHashSet();
        var hops = new Dictionary<(string, long), List<ReportHop>>();
        foreach (var (name, ls) in lines.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var l in ls)
            {
                if (!l.Text.Contains('<', StringComparison.Ordinal)) continue;
                var m = TupleRx().Match(l.Text);
                if (!m.Success) continue;
                var key = (m.Groups[1].Value, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
                if (!wanted.Contains(key)) continue;
                (hops.TryGetValue(key, out var h) ? h : hops[key] = []).Add(new ReportHop(l.Us, name, l.Text));
            }
        }
        return ReportShaping.ChoosePaths(drawn, (c, n) => hops.TryGetValue((c, n), out var h) ? new ReportPath(c, n, h) : null, notes, "");
    }

    [GeneratedRegex(@"<(C\d+), (S\d+), (\d+), (request|reply)>")]
    private static partial Regex TupleRx();

    [GeneratedRegex(@"^request_num (\d+): no reply yet, retransmitting")]
    private static partial Regex RetransmitRx();

    [GeneratedRegex(@"^kill -9 (S\d+) ")]
    private static partial Regex KillRx();

    [GeneratedRegex(@"^admin slow (S\d+) (--delay|--cpu|--off)")]
    private static partial Regex SlowRx();

    [GeneratedRegex(@"^RM: fail-slow: (\S+) is slow since")]
    private static partial Regex SuspectRx();

    [GeneratedRegex(@"^RM: fail-slow cleared: (\S+) ")]
    private static partial Regex ClearedRx();

    [GeneratedRegex(@"^admin launch (S\d+)")]
    private static partial Regex LaunchRx();

    [GeneratedRegex(@"^Installed view \d+ \(leader (\S+)\)")]
    private static partial Regex InstalledRx();

    [GeneratedRegex(@"^GFD: \d+ members?\b")]
    private static partial Regex GfdMembersRx();

    [GeneratedRegex(@"^RM: \d+ members?\b")]
    private static partial Regex RmMembersRx();

    [GeneratedRegex(@"^RM: view \d+: (?:primary|sequencer) (\S+?),")]
    private static partial Regex RmViewRx();

    [GeneratedRegex(@"--seed (\d+)")]
    private static partial Regex SeedArg();

    [GeneratedRegex(@"^(RM|GFD|LFD\d+|S\d+|C\d+)$")]
    private static partial Regex Lane();
}
