using System.Globalization;
using System.Text.RegularExpressions;
using FtCore.Core.App;
using FtCore.Core.Roles;
using FtCore.Sim.Checking;
using FtCore.Sim.Tests.UserApps;
using Xunit;

namespace FtCore.Sim.Tests;

/// <summary>
/// The checkers catch bugs in user code, not only in FtCore: an Apply that reads the clock or a
/// random number, a Snapshot that forgets a field (or a Restore that cannot read it), a model that
/// disagrees with its implementation, a state check that fails. Each failure names the seed, the invariant and the likely cause, prints
/// a replay line, and the replay gives the same verdict.
/// </summary>
public sealed class UserAppFaultTests
{
    private const string DivergedHint = "the same commands gave different states: does the application read a clock, a random number or hash order";
    private const string SnapshotHint = "restoring a snapshot gave another state: does Snapshot save everything, and Restore read it all back?";

    public static TheoryData<string> NondeterministicApps() => new("stamped", "coinflip");

    private static IApplication NondeterministicApp(string name) => name == "stamped" ? new ClockStampApp() : new CoinFlipApp();

    [Theory]
    [MemberData(nameof(NondeterministicApps))]
    public void An_apply_that_reads_the_clock_or_a_random_number_makes_replicas_disagree(string name)
    {
        var app = NondeterministicApp(name);
        var options = new SimOptions { App = app, Mode = ReplicationMode.Active, Seed = 11, DurationMs = 20_000 };

        var e = Assert.Throws<SimulationFailedException>(() => SimAssert.Passes(Simulation.Run(options)));

        var failed = e.Result!;
        var first = failed.Violations[0];
        Assert.Equal(Invariants.ReplicasAgree, first.Invariant);
        Assert.Matches(@"^S\d reached state digest [0-9a-f]{16} after seq \d+, but S\d reached [0-9a-f]{16}", first.Message);
        Assert.Equal(2, first.Processes.Count);
        AssertReport(e.Message, failed, "active", Invariants.ReplicasAgree, DivergedHint);

        // The application is nondeterministic, so the digests (and perhaps the seq) differ between
        // runs; the verdict does not.
        var again = Simulation.Run(failed.Options);
        Assert.False(again.Passed, "the replay passed");
        Assert.Equal(Invariants.ReplicasAgree, again.Violations[0].Invariant);
        Assert.Contains(DivergedHint, again.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_that_forgets_a_field_is_caught_when_a_passive_backup_installs_a_checkpoint()
    {
        var app = new ForgetfulSnapshotApp();
        var runs = Enumerable.Range(1, 5)
            .Select(seed => Simulation.Run(new SimOptions { App = app, Mode = ReplicationMode.Passive, Seed = (ulong)seed, DurationMs = 20_000, Faults = FaultClass.None }))
            .ToList();

        // The primary sends checkpoints from its first period on: every run fails, at a backup's install.
        foreach (var r in runs)
        {
            Assert.False(r.Passed, $"seed {r.Options.Seed} passed");
            var first = r.Violations[0];
            Assert.Equal(Invariants.ReplicasAgree, first.Invariant);
            Assert.Matches(@"^S\d installed a checkpoint from S\d for seq \d+ with digest [0-9a-f]{16}, but S\d reached [0-9a-f]{16} there", first.Message);
            Assert.Contains(SnapshotHint, first.Message, StringComparison.Ordinal);
        }

        var failed = runs[0];
        AssertReport(new SimulationFailedException(failed).Message, failed, "passive", Invariants.ReplicasAgree, SnapshotHint);
        AssertReplaysExactly(failed);
    }

    [Fact]
    public void A_snapshot_that_forgets_a_field_is_caught_at_the_state_transfer_to_a_relaunched_replica()
    {
        // Active replicas all execute, so only a relaunched replica's state transfer restores a snapshot.
        var app = new ForgetfulSnapshotApp();
        var sweep = Simulation.Sweep(new SimOptions { App = app, Mode = ReplicationMode.Active, Seed = 1, DurationMs = 20_000, Faults = FaultClass.Crash }, runs: 5);

        Assert.True(sweep.Failures.Count >= 3, $"only {sweep.Failures.Count} of 5 runs with crashes failed");
        foreach (var r in sweep.Failures)
        {
            var first = r.Violations[0];
            Assert.True(first.Invariant == Invariants.ReplicasAgree && first.Message.Contains(SnapshotHint, StringComparison.Ordinal),
                $"seed {r.Options.Seed} failed for another cause: {first}");
            Assert.True(r.FaultsInjected > 0, $"seed {r.Options.Seed} failed with no fault injected");
        }
        var e = Assert.Throws<SimulationFailedException>(() => SimAssert.Passes(sweep));
        Assert.StartsWith($"{sweep.Failures.Count} of 5 runs failed; the first:", e.Message, StringComparison.Ordinal);
        AssertReport(e.Message, sweep.Failures[0], "active", Invariants.ReplicasAgree, SnapshotHint);
        AssertReplaysExactly(sweep.Failures[0]);
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void A_restore_that_throws_is_reported_as_application_checks_with_the_replay(ReplicationMode mode)
    {
        // The second replica to join gets the state by transfer at once, in either mode.
        var app = new UnreadableSnapshotApp();
        var e = Assert.Throws<SimulationFailedException>(() => SimAssert.Passes(Simulation.Run(new SimOptions { App = app, Mode = mode, Seed = 4, DurationMs = 20_000 })));

        var failed = e.Result!;
        var first = failed.Violations[0];
        Assert.Equal(Invariants.Application, first.Invariant);
        Assert.Matches(@"^S\d handling (Sync|Checkpoint) from S\d: unreadable's Restore threw FormatException: an unreadable snapshot is 16 bytes, not 8$", first.Message);
        Assert.Equal([first.Message[..2]], first.Processes);
        AssertReport(e.Message, failed, mode == ReplicationMode.Active ? "active" : "passive", Invariants.Application, "unreadable's Restore threw FormatException");
        AssertReplaysExactly(failed);
    }

    [Theory]
    [InlineData(ReplicationMode.Active)]
    [InlineData(ReplicationMode.Passive)]
    public void A_model_that_disagrees_with_the_implementation_is_caught_as_not_linearizable(ReplicationMode mode)
    {
        var app = new OffByOneApp();
        var e = Assert.Throws<SimulationFailedException>(() => SimAssert.Passes(Simulation.Run(new SimOptions { App = app, Mode = mode, Seed = 3, DurationMs = 5_000 })));

        var failed = e.Result!;
        // The replicas agree with each other: only the history, held against the model, shows it.
        Assert.DoesNotContain(failed.Violations, v => v.Invariant != Invariants.Linearizable);
        var first = Assert.Single(failed.Violations);
        var m = Regex.Match(first.Message, @"^C\d req \d+ add (\d+) returned (\d+) at t=\d+ but every linearization gives one of \{(\d+)\} \(state before it one of \{(\d+)\}\); invoked at t=\d+$");
        Assert.True(m.Success, "the checker's explanation: " + first.Message);
        long N(int g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        Assert.Equal(N(4) + N(1), N(3));
        Assert.Equal(N(3) + 1, N(2));
        AssertReport(e.Message, failed, mode == ReplicationMode.Active ? "active" : "passive", Invariants.Linearizable, "but every linearization gives one of");
        AssertReplaysExactly(failed);
    }

    [Fact]
    public void A_state_check_that_fails_is_reported_as_application_checks()
    {
        var app = new BankApp();
        var e = Assert.Throws<SimulationFailedException>(() => SimAssert.Passes(Simulation.Run(new SimOptions { App = app, Mode = ReplicationMode.Active, Seed = 5, DurationMs = 20_000 })));

        var failed = e.Result!;
        var first = failed.Violations[0];
        Assert.Equal(Invariants.Application, first.Invariant);
        Assert.Matches(@"^S\d after executing seq \d+ <C\d, \d+>: bank's state check failed: a balance is negative \(a=-?\d+ b=-?\d+\) \(state a=-?\d+ b=-?\d+\)$", first.Message);
        Assert.Equal(1, failed.ExitCode);
        AssertReport(e.Message, failed, "active", Invariants.Application, "bank's state check failed: a balance is negative");
        AssertReplaysExactly(failed);
    }

    /// <summary>The report names the seed, the app, the mode, the invariant and the hint, and prints a replay line.</summary>
    private static void AssertReport(string report, SimResult failed, string mode, string invariant, string hint)
    {
        var seed = failed.Options.Seed.ToString(CultureInfo.InvariantCulture);
        var name = failed.Options.App.Name;
        Assert.Contains($"simulation failed: seed {seed}, app {name}, {mode} mode", report, StringComparison.Ordinal);
        Assert.Contains($"safety violation of '{invariant}'", report, StringComparison.Ordinal);
        Assert.Contains(hint, report, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"(?m)^replay: <your program> sim --mode {mode} --app {name} .*--seed {seed} "), report);
        Assert.Contains($"Simulation.Run(options with {{ Seed = {seed} }})", report, StringComparison.Ordinal);
    }

    /// <summary>A deterministic application's failure replays exactly from the options the report names.</summary>
    private static void AssertReplaysExactly(SimResult failed)
    {
        var again = Simulation.Run(failed.Options);
        Assert.Equal(failed.Violations.Select(v => v.ToString()), again.Violations.Select(v => v.ToString()));
    }
}
