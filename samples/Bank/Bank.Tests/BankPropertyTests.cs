using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FtCore.Core.Roles;
using FtCore.Sim;

namespace Bank.Tests;

/// <summary>
/// 500 fault schedules per mode, drawn as `sim --seed N` draws them (crashes of any replica or
/// machine, loss, partitions, slow replicas, configuration changes). Each run must keep every
/// invariant: the history is linearizable against <see cref="BankModel"/>, the replicas agree,
/// and <see cref="BankApp.CheckState"/> (money is conserved) holds at every replica after every step.
/// A failure names the seed, the shrunk schedule and how to replay it.
/// </summary>
public abstract class BankSchedules(ReplicationMode mode)
{
    private static readonly BankApp Bank = new();

    protected Property EveryScheduleKeepsEveryInvariant() =>
        Prop.ForAll(SimGen.Schedules(new SimOptions { App = Bank, Mode = mode, DurationMs = 15_000 }),
            schedule => SimAssert.Passes(Simulation.Run(schedule, Bank)));
}

// Two classes, so xunit runs the two modes side by side. The fixed FsCheck seeds (Replay) keep CI
// reproducible; remove Replay to draw new schedules on every run, or explore with `dotnet run -- sim --runs N`.
public sealed class ActiveBankSchedules() : BankSchedules(ReplicationMode.Active)
{
    [Property(MaxTest = 500, Replay = "(7490118253640913021,2650913376044213)")]
    public Property Active_replication_conserves_money_and_stays_linearizable() => EveryScheduleKeepsEveryInvariant();
}

public sealed class PassiveBankSchedules() : BankSchedules(ReplicationMode.Passive)
{
    [Property(MaxTest = 500, Replay = "(3958201746120037445,8830217760019455)")]
    public Property Passive_replication_conserves_money_and_stays_linearizable() => EveryScheduleKeepsEveryInvariant();
}
