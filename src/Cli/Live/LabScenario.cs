namespace FtCore.Demo.Live;

/// <summary>Which replica a kill hits.</summary>
internal enum LabTarget : byte
{
    /// <summary>The primary (passive) or the sequencer (active).</summary>
    Leader,
    /// <summary>A ready replica that does not lead, chosen at random.</summary>
    Follower,
    /// <summary>Any ready replica, chosen at random.</summary>
    Random,
    /// <summary>The replica the previous kill hit (after it was recovered).</summary>
    LastVictim,
    /// <summary>The previous victim once relaunched, a moment into its recovery (state transfer).</summary>
    Recovering,
}

/// <summary>Kill targets in words.</summary>
internal static class LabTargets
{
    public static string Describe(this LabTarget target) => target switch
    {
        LabTarget.Leader => "the leader",
        LabTarget.Follower => "a follower",
        LabTarget.Random => "a random replica",
        LabTarget.LastVictim => "the replica killed before",
        LabTarget.Recovering => "the recovering replica",
        _ => target.ToString(),
    };
}

/// <summary>What a phase does when it starts, in order.</summary>
internal enum LabStep : byte
{
    /// <summary>Passive: make a replica chosen at random the primary (the guide: do not hard-code it).</summary>
    DesignatePrimary,
    /// <summary>`admin launch S1..S3`: the RM has each LFD start its replica.</summary>
    LaunchReplicas,
    /// <summary>Start the auto clients.</summary>
    StartClients,
    /// <summary>kill -9 of the phase's target.</summary>
    Kill,
    /// <summary>`admin launch` of the replica killed last (manual recovery).</summary>
    RelaunchVictim,
    /// <summary>`admin recovery auto`: the RM relaunches every missing replica itself.</summary>
    AutoRecovery,
    /// <summary>`admin slow Sn --delay D`: the phase's target handles every message D late (D seeded, 10..50 ms).</summary>
    Slow,
    /// <summary>`admin slow Sn --off`: the replica slowed before is back to normal.</summary>
    Unslow,
}

/// <summary>What a phase waits for before it may end.</summary>
internal enum LabWait : byte
{
    Nothing,
    /// <summary>RM answers, and the GFD has heard from every LFD.</summary>
    InfrastructureUp,
    /// <summary>Every client has had at least one reply.</summary>
    ClientsAnswered,
    /// <summary>The killed replica is out of the RM's view.</summary>
    VictimRemoved,
    /// <summary>Every replica is a ready member.</summary>
    AllReady,
    /// <summary>The RM's console names the slowed replica slow.</summary>
    SlowNamed,
    /// <summary>The RM's console clears the slowed replica.</summary>
    SlowCleared,
}

/// <summary>
/// One phase: its steps, then it lasts until its wait holds and at least <see cref="HoldFraction"/>
/// of the run's duration has passed since it began.
/// </summary>
internal sealed record LabPhase(string Name, LabStep[] Steps, LabWait Wait, double HoldFraction, LabTarget? Target = null);

/// <summary>A named lab run: its phases and whether recovery starts manual.</summary>
internal sealed record LabScenario(string Name, bool ManualRecovery, IReadOnlyList<LabPhase> Phases);

/// <summary>The guide's milestone-5 demos, and single-fault runs with automatic recovery.</summary>
internal static class LabScenarios
{
    public static readonly string[] Names = ["m5-passive", "m5-active", "kill-backup", "kill-leader", "kill-recovering", "kill-all", "steady", "fail-slow"];

    public static LabScenario Get(string name) => name switch
    {
        "m5-passive" => Milestone5(name, passive: true),
        "m5-active" => Milestone5(name, passive: false),
        "kill-backup" => Auto(name,
            new("fault-injected", [LabStep.Kill], LabWait.VictimRemoved, 0.2, LabTarget.Follower),
            new("fault-recovered", [], LabWait.AllReady, 0.5)),
        "kill-leader" => Auto(name,
            new("fault-injected", [LabStep.Kill], LabWait.VictimRemoved, 0.2, LabTarget.Leader),
            new("fault-recovered", [], LabWait.AllReady, 0.5)),
        "kill-recovering" => Auto(name,
            new("fault-injected", [LabStep.Kill], LabWait.Nothing, 0.0, LabTarget.Follower),
            new("kill-recovering", [LabStep.Kill], LabWait.Nothing, 0.2, LabTarget.Recovering),
            new("fault-recovered", [], LabWait.AllReady, 0.5)),
        // A backup, then the leader, then a relaunched replica during its state transfer.
        "kill-all" => Auto(name,
            new("kill-backup", [LabStep.Kill], LabWait.VictimRemoved, 0.05, LabTarget.Follower),
            new("recovered-1", [], LabWait.AllReady, 0.15),
            new("kill-leader", [LabStep.Kill], LabWait.VictimRemoved, 0.05, LabTarget.Leader),
            new("recovered-2", [], LabWait.AllReady, 0.15),
            new("kill-backup-2", [LabStep.Kill], LabWait.Nothing, 0.0, LabTarget.Follower),
            new("kill-recovering", [LabStep.Kill], LabWait.Nothing, 0.05, LabTarget.Recovering),
            new("recovered-3", [], LabWait.AllReady, 0.35)),
        "steady" => Auto(name),
        // A replica chosen at random (the leader or not) slowed once the detector knows normal, then undone.
        // The leader's order round trips start with the clients' first requests (seconds after they
        // start, while the JIT warms up): the extra phase lets the detector learn their normal first.
        "fail-slow" => Auto(name,
            new("learning", [], LabWait.Nothing, 0.15),
            new("slowed", [LabStep.Slow], LabWait.SlowNamed, 0.3, LabTarget.Random),
            new("slow-undone", [LabStep.Unslow], LabWait.SlowCleared, 0.3)),
        _ => throw new ArgumentException($"unknown lab scenario '{name}'"),
    };

    /// <summary>
    /// The guide's final demo: bootstrapping; steady state v1 (add S1, S2, S3; passive: a primary
    /// chosen at random); v2 (add C1-C3); fault injected (active: a random replica, passive: the
    /// primary); fault recovered (relaunched by hand, through its LFD); fault re-injected (the
    /// replica just recovered); second fault (one replica left, still answering); then automatic
    /// recovery brings the cluster back to three so the run ends whole.
    /// </summary>
    private static LabScenario Milestone5(string name, bool passive) => new(name, ManualRecovery: true,
    [
        new("bootstrapping", [], LabWait.InfrastructureUp, 0.0),
        new("steady-state-v1", passive ? [LabStep.DesignatePrimary, LabStep.LaunchReplicas] : [LabStep.LaunchReplicas], LabWait.AllReady, 0.05),
        new("steady-state-v2", [LabStep.StartClients], LabWait.ClientsAnswered, 0.15),
        new("fault-injected", [LabStep.Kill], LabWait.VictimRemoved, 0.1, passive ? LabTarget.Leader : LabTarget.Random),
        new("fault-recovered", [LabStep.RelaunchVictim], LabWait.AllReady, 0.15),
        new("fault-reinjected", [LabStep.Kill], LabWait.VictimRemoved, 0.1, LabTarget.LastVictim),
        new("second-fault", [LabStep.Kill], LabWait.VictimRemoved, 0.15, passive ? LabTarget.Follower : LabTarget.Random),
        new("auto-recovered", [LabStep.AutoRecovery], LabWait.AllReady, 0.2),
    ]);

    /// <summary>Automatic recovery from the start: the RM launches the replicas; then the clients; then the faults.</summary>
    private static LabScenario Auto(string name, params LabPhase[] faults) => new(name, ManualRecovery: false,
    [
        new("bootstrapping", [], LabWait.AllReady, 0.0),
        new("steady-state", [LabStep.StartClients], LabWait.ClientsAnswered, faults.Length == 0 ? 1.0 : 0.2),
        .. faults,
    ]);
}
