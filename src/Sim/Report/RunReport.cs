namespace FtCore.Sim.Report;

/// <summary>
/// Everything report.html shows about one run (simulated or live), as plain records; written as
/// report.json by <see cref="ReportJson"/> and drawn by the viewer embedded in report.html. Times
/// are microseconds from the run's start (virtual time in the simulator, the lab's monotonic clock
/// live). Lists are in a fixed order (time, then process), so the same run gives the same bytes.
/// </summary>
internal sealed record RunReport
{
    /// <summary>"sim" or "lab".</summary>
    public required string Source { get; init; }
    public required string Title { get; init; }
    /// <summary>The seed (decimal), or null when the run has none.</summary>
    public string? Seed { get; init; }
    /// <summary>The run's options as the reader should see them: mode, app, faults, timing...</summary>
    public IReadOnlyList<ReportOption> Options { get; init; } = [];
    /// <summary>"passed", or "failed: ..." with the first broken invariant or problem.</summary>
    public required string Verdict { get; init; }
    public bool Passed { get; init; }
    /// <summary>The first broken invariant, or null.</summary>
    public ReportViolation? Violation { get; init; }
    /// <summary>The command that runs this again (the sim's replay, the lab's command line).</summary>
    public required string Replay { get; init; }
    public long EndUs { get; init; }
    /// <summary>One lane per process, in lane order (RM, GFD, LFDs, replicas, clients).</summary>
    public IReadOnlyList<string> Processes { get; init; } = [];
    /// <summary>Requests drawn one by one (at most a cap; see <see cref="Notes"/>), in invoke order.</summary>
    public IReadOnlyList<ReportRequest> Requests { get; init; } = [];
    public long RequestsTotal { get; init; }
    /// <summary>Hop-by-hop paths of some requests (capped), keyed by client and request number.</summary>
    public IReadOnlyList<ReportPath> Paths { get; init; } = [];
    /// <summary>Periods: crashes (down), partitions, loss, duplication, delay spikes, slowness, pauses, phases.</summary>
    public IReadOnlyList<ReportBand> Bands { get; init; } = [];
    /// <summary>Instants: view changes, leaders, membership changes, detections, relaunches, kills.</summary>
    public IReadOnlyList<ReportMark> Marks { get; init; } = [];
    /// <summary>
    /// Diagnoses (fail-slow suspicion and the like): bands when <see cref="ReportBand.ToUs"/> is
    /// after <see cref="ReportBand.FromUs"/>, marks when equal. Empty until a detector fills it.
    /// </summary>
    public IReadOnlyList<ReportBand> Diagnosis { get; init; } = [];
    /// <summary>Latency and throughput per window of <see cref="WindowUs"/>, over every request (not only those drawn).</summary>
    public long WindowUs { get; init; }
    public IReadOnlyList<ReportWindow> Windows { get; init; } = [];
    /// <summary>Each leader change and the gap in completions around it.</summary>
    public IReadOnlyList<ReportStall> Stalls { get; init; } = [];
    /// <summary>Membership over time as the GFD and the RM saw it.</summary>
    public IReadOnlyList<ReportMembership> Membership { get; init; } = [];
    /// <summary>Each replica's state over time: down, recovering, ready, leader.</summary>
    public IReadOnlyList<ReportState> States { get; init; } = [];
    /// <summary>Round trips between processes that talk, measured by the sender (no clock sync needed).</summary>
    public IReadOnlyList<ReportLink> Links { get; init; } = [];
    /// <summary>Where <see cref="Links"/> came from, in words.</summary>
    public string LinksSource { get; init; } = "";
    /// <summary>On a violation: the operations around it and each replica's state there.</summary>
    public ReportAround? Around { get; init; }
    /// <summary>What was left out (caps) and what the data cannot tell (a coarse clock, a missing file).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One option of the run, as "key: value".</summary>
internal sealed record ReportOption(string Key, string Value);

/// <summary>The first broken invariant: what, when, and the processes it names.</summary>
internal sealed record ReportViolation(string Kind, string Invariant, string Message, long AtUs, IReadOnlyList<string> Processes);

/// <summary>
/// One request from invoke to reply. <see cref="Outcome"/>: "ok", "fail" (refused), or "open"
/// (never answered; <see cref="EndUs"/> is then the run's end). <see cref="Replica"/>: who answered first.
/// </summary>
internal sealed record ReportRequest(string Client, long Num, long InvokeUs, long EndUs, string Outcome, string Replica, int Retries);

/// <summary>A request's hops in time order.</summary>
internal sealed record ReportPath(string Client, long Num, IReadOnlyList<ReportHop> Hops);

/// <summary>One hop: <see cref="Process"/> did <see cref="What"/> at <see cref="AtUs"/>.</summary>
internal sealed record ReportHop(long AtUs, string Process, string What);

/// <summary>
/// A period on a lane (<see cref="Process"/>), or on every lane when it is empty. Kinds: down,
/// partition, loss, duplicate, spikes, slow, pause, phase, and a diagnosis's own kind.
/// </summary>
internal sealed record ReportBand(string Process, string Kind, long FromUs, long ToUs, string Label);

/// <summary>An instant on a lane. Kinds: view, leader, membership, kill, start, detect, heal, fault, violation.</summary>
internal sealed record ReportMark(string Process, string Kind, long AtUs, string Label);

/// <summary>One window of requests answered in it: count, failures, and invoke-to-reply latencies.</summary>
internal sealed record ReportWindow(long FromUs, long Completed, long Failed, long P50Us, long P99Us, long MaxUs);

/// <summary>
/// A leader change at <see cref="AtUs"/> (to <see cref="Leader"/>) and the stall around it: the
/// gap between the last completion before it and the first after (any client).
/// </summary>
internal sealed record ReportStall(long AtUs, string Leader, long GapFromUs, long GapToUs)
{
    public long StallUs => GapToUs - GapFromUs;
}

/// <summary>The members <see cref="Where"/> ("GFD", "RM", or "RM view") listed from <see cref="AtUs"/> on.</summary>
internal sealed record ReportMembership(string Where, long AtUs, string Members);

/// <summary>A replica's state over [<see cref="FromUs"/>, <see cref="ToUs"/>): down, recovering, ready, leader.</summary>
internal sealed record ReportState(string Process, string State, long FromUs, long ToUs);

/// <summary>
/// Round trips from <see cref="From"/> to <see cref="To"/> and back as <see cref="From"/> timed them.
/// <see cref="Kind"/> names the pair: client-replica, leader-follower, LFD-replica, GFD-LFD, RM-GFD.
/// </summary>
internal sealed record ReportLink(string From, string To, string Kind, long Count, long MinUs, long MeanUs, long P50Us, long P99Us, long MaxUs);

/// <summary>Around a violation: the operations nearest to it in time and each replica's state there.</summary>
internal sealed record ReportAround(long AtUs, IReadOnlyList<string> Operations, IReadOnlyList<string> Replicas);
