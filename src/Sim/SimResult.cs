using FtCore.Core.History;
using FtCore.Sim.Checking;
using FtCore.Sim.Faults;

namespace FtCore.Sim;

/// <summary>What one simulated run did and whether every check held.</summary>
public sealed record SimResult
{
    public required SimOptions Options { get; init; }
    public required RunConfig Config { get; init; }
    public required FaultSchedule Schedule { get; init; }
    public long RequestsCompleted { get; init; }
    public int FaultsInjected { get; init; }
    public int FaultsSkipped { get; init; }
    /// <summary>Each fault that came due, injected (with what it hit) or skipped (with why), in time order.</summary>
    public IReadOnlyList<FaultOutcome> FaultOutcomes { get; init; } = [];
    public long ViewChanges { get; init; }
    public long Deliveries { get; init; }
    public long Dropped { get; init; }
    public long LongestStallUs { get; init; }
    public long EndUs { get; init; }
    public required IReadOnlyList<Violation> Violations { get; init; }
    /// <summary>Checks that ran, with "ok" or what broke them, in the order of docs/design.md.</summary>
    public required IReadOnlyList<(string Check, string Outcome)> Checks { get; init; }
    public required IReadOnlyList<HistoryEvent> History { get; init; }

    /// <summary>The linearizability checker's answer (its explanation says how it decided), or null when it did not run.</summary>
    public LinearizabilityResult? Linearizability { get; init; }
    public IReadOnlyList<string> Transcript { get; init; } = [];
    public long WallMs { get; set; }

    /// <summary>The RM's fail-slow diagnoses in time order: each process it named slow, and each clearing.</summary>
    public IReadOnlyList<SlowDiagnosis> SlowDiagnoses { get; init; } = [];

    /// <summary>The first process the fail-slow detector named, or null when it named none.</summary>
    public string? SlowSuspect => SlowDiagnoses.FirstOrDefault(d => d.Suspected)?.Process;

    /// <summary>When (virtual ms) the detector first named a process, or null.</summary>
    public long? SlowDetectedAtMs => SlowDiagnoses.FirstOrDefault(d => d.Suspected)?.AtMs;

    /// <summary>What the run recorded for its report (<see cref="SimOptions.Report"/>), else null.</summary>
    internal Report.SimRecorder? Recording { get; init; }

    public bool Passed => Violations.Count == 0;

    /// <summary>What follows a program's name to run this simulation again (<c>sim --mode active --app bank --seed 7 ...</c>).</summary>
    public string ReplayArgs => Sim.ReplayArgs.For(Options);

    /// <summary>0 every check held; 1 a safety violation; 3 a liveness violation.</summary>
    public int ExitCode => Violations.Any(v => v.Kind == ViolationKind.Safety) ? 1 : Violations.Count > 0 ? 3 : 0;
}
