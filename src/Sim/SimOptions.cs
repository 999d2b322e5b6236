using FtCore.Core.App;
using FtCore.Core.Roles;

namespace FtCore.Sim;

/// <summary>Which families of faults a generated schedule may hold.</summary>
public enum FaultClass
{
    None,
    Crash,
    Loss,
    Partition,
    All,
    /// <summary>Exactly one replica slowed (fail-slow), for the detector: see <see cref="Faults.FaultGenerator"/>.</summary>
    Slow,
}

/// <summary>What the user chose for one simulated run (the command line, or a schedule file).</summary>
public sealed record SimOptions
{
    public ulong Seed { get; init; } = 1;
    public ReplicationMode Mode { get; init; } = ReplicationMode.Active;
    /// <summary>The replicated application (default: the first shipped one, the guide's counter).</summary>
    public IApplication App { get; init; } = ShippedApps.All.Default;
    public ProtocolKind Protocol { get; init; } = ProtocolKind.Ordered;
    public int DurationMs { get; init; } = 60_000;
    public int Replicas { get; init; } = 3;
    public int Clients { get; init; } = 3;
    public FaultClass Faults { get; init; } = FaultClass.All;
    public string? Scenario { get; init; }

    /// <summary>Render every console line into the transcript (slower; off for exploration).</summary>
    public bool Transcript { get; init; }

    /// <summary>
    /// Also render the lines a console shows only at --log-level debug: repeats that change nothing
    /// (periodic reports, unchanged views sent again, repeated acknowledgements). Off: the transcript
    /// holds what each console prints at the default level.
    /// </summary>
    public bool TranscriptDebug { get; init; }

    /// <summary>
    /// Record what report.html shows (requests and their hops, states, membership, round trips per
    /// link); off, the run records none of it and pays nothing.
    /// </summary>
    public bool Report { get; init; }

    /// <summary>
    /// Give each delivered message back for reuse (<see cref="FtCore.Core.Messages.MessagePool"/>).
    /// Turned off only by the test that shows reuse changes no run.
    /// </summary>
    internal bool ReuseMessages { get; init; } = true;

    /// <summary>A planted bug, set only by tests.</summary>
    internal ReplicaMutation Mutation { get; init; }
}
