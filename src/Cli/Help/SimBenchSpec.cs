using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore sim-bench (parsed by <see cref="Commands.SimBenchCommand"/>).</summary>
internal static class SimBenchSpec
{
    public static readonly CommandSpec Command = new()
    {
        Name = "sim-bench",
        Summary = "the simulator's speed on one core, for the standard cluster and larger ones",
        Synopsis = ["ftcore sim-bench [flags]"],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Of("--runs", "N", "runs per cluster size, 1 to 10000", "10"),
                FlagSpec.Of("--duration", "DUR", "virtual time per run, 1s to 10m", "60s"),
                FlagSpec.Choice("--mode", Choices.Modes, "replication", "active"),
                FlagSpec.App(),
                FlagSpec.Switch("--floor", "first time a bare event loop (a priority queue, a seeded generator, 12 nodes answering every message, no roles), again right before each cluster, and show each cluster's deliveries/s as a share of the floor timed beside it"),
                FlagSpec.Switch("--fail-slow", "instead: the fail-slow detector's accuracy, N runs with one slowed replica and N fault-free"),
                FlagSpec.Switch("--others", "with --fail-slow: also false alarms under crash, loss, partition and all (N/4 runs each)"),
                FlagSpec.Of("--seed", "N", "with --fail-slow: the first seed", "1"),
            ]),
        ],
        Examples = ["ftcore sim-bench --runs 5 --mode passive", "ftcore sim-bench --runs 2 --floor", "ftcore sim-bench --fail-slow --runs 1000 --others"],
    };
}
