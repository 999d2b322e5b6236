namespace FtCore.Sim.Checking;

/// <summary>Safety (exit 1) or liveness (exit 3).</summary>
public enum ViolationKind
{
    Safety = 1,
    Liveness = 3,
}

/// <summary>
/// A broken invariant: which one (docs/design.md numbers them 1-6), what happened, when (virtual
/// microseconds), and the processes whose transcript shows it.
/// </summary>
public sealed record Violation(ViolationKind Kind, string Invariant, string Message, long AtUs, IReadOnlyList<string> Processes)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} violation of '{Invariant}' at {FtCore.Core.Events.ConsoleRenderer.Timestamp(AtUs)}: {Message}";
}

/// <summary>The names of the invariants in docs/design.md.</summary>
public static class Invariants
{
    public const string Linearizable = "1 linearizable";
    public const string ReplicasAgree = "2 replicas agree";
    public const string ExecutedOnce = "3 executed at most once";
    public const string OneLeader = "4 one leader per view, views grow";
    public const string Converged = "5 converged after faults";
    public const string Detection = "6 crash detected in time";
    /// <summary>The application's own checks: its <c>CheckState</c> at every replica after every command, and no command of its workload refused (it threw or did not decode).</summary>
    public const string Application = "application checks";
}
