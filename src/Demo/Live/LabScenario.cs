namespace FtCore.Demo.Live;

/// <summary>Which replica a fault hits.</summary>
public enum LabTarget : byte
{
    /// <summary>The primary (passive) or the sequencer (active).</summary>
    Leader,
    /// <summary>A ready replica that does not lead, chosen at random.</summary>
    Follower,
    /// <summary>Any ready replica, chosen at random.</summary>
    Random,
    /// <summary>The replica the previous fault killed, once relaunched and still recovering (state transfer).</summary>
    Recovering,
}

/// <summary>
/// One phase of a lab run: optionally a kill -9 at its start, then it lasts until its condition
/// holds (the victim left the view, or every replica is ready) and at least <see cref="HoldFraction"/>
/// of the run's duration has passed.
/// </summary>
public sealed record LabPhase(string Name, LabTarget? Kill, LabWait Wait, double HoldFraction);

/// <summary>What a phase waits for before it may end.</summary>
public enum LabWait : byte
{
    Nothing,
    /// <summary>The killed replica is out of the RM's view.</summary>
    VictimRemoved,
    /// <summary>Every replica is a ready member again.</summary>
    AllReady,
}

/// <summary>The guide's milestone-5 demo and the single-fault runs the tests use.</summary>
public static class LabScenarios
{
    public static readonly string[] Names = ["m5-passive", "m5-active", "kill-backup", "kill-leader", "kill-recovering", "kill-all", "steady"];

    public static IReadOnlyList<LabPhase> Get(string name) => name switch
    {
        // Bootstrapping is not a listed phase: the runner always does it first.
        "m5-passive" or "m5-active" =>
        [
            new("steady-state", null, LabWait.Nothing, 0.15),
            new("fault-1", name == "m5-passive" ? LabTarget.Leader : LabTarget.Random, LabWait.VictimRemoved, 0.10),
            new("recovered-1", null, LabWait.AllReady, 0.20),
            new("fault-2", LabTarget.Leader, LabWait.VictimRemoved, 0.10),
            new("recovered-2", null, LabWait.AllReady, 0.20),
            new("steady-end", null, LabWait.Nothing, 0.25),
        ],
        "kill-backup" =>
        [
            new("steady-state", null, LabWait.Nothing, 0.2),
            new("fault", LabTarget.Follower, LabWait.VictimRemoved, 0.2),
            new("recovered", null, LabWait.AllReady, 0.6),
        ],
        "kill-leader" =>
        [
            new("steady-state", null, LabWait.Nothing, 0.2),
            new("fault", LabTarget.Leader, LabWait.VictimRemoved, 0.2),
            new("recovered", null, LabWait.AllReady, 0.6),
        ],
        "kill-recovering" =>
        [
            new("steady-state", null, LabWait.Nothing, 0.15),
            new("fault", LabTarget.Follower, LabWait.Nothing, 0.0),
            new("kill-recovering", LabTarget.Recovering, LabWait.Nothing, 0.25),
            new("recovered", null, LabWait.AllReady, 0.6),
        ],
        // A backup, then the leader, then a relaunched replica during its state transfer.
        "kill-all" =>
        [
            new("steady-state", null, LabWait.Nothing, 0.1),
            new("kill-backup", LabTarget.Follower, LabWait.VictimRemoved, 0.05),
            new("recovered-1", null, LabWait.AllReady, 0.15),
            new("kill-leader", LabTarget.Leader, LabWait.VictimRemoved, 0.05),
            new("recovered-2", null, LabWait.AllReady, 0.15),
            new("kill-backup-2", LabTarget.Follower, LabWait.Nothing, 0.0),
            new("kill-recovering", LabTarget.Recovering, LabWait.Nothing, 0.05),
            new("recovered-3", null, LabWait.AllReady, 0.45),
        ],
        "steady" => [new("steady-state", null, LabWait.Nothing, 1.0)],
        _ => throw new ArgumentException($"unknown lab scenario '{name}'"),
    };
}
