using System.Globalization;
using FtCore.Demo.Cli;
using FtCore.Sim;

namespace FtCore.Demo.Help;

/// <summary>ftcore sim (parsed by <see cref="Commands.SimCommand"/>).</summary>
internal static class SimSpec
{
    private static readonly SimOptions Defaults = new();

    public static readonly string[] Protocols = ["ordered", "naive"];
    public static readonly string[] Faults = ["none", "crash", "loss", "partition", "all", "slow"];

    public static readonly CommandSpec Command = new()
    {
        Name = "sim",
        Summary = "the deterministic simulator: fault schedules drawn from a seed, checks, replay",
        Description = "One run prints a summary; --runs K runs seeds N..N+K-1 (N from --seed). On a violation it prints the "
            + "replay command and saves a shrunk fault schedule.",
        Synopsis = ["ftcore sim [flags]", "ftcore sim --schedule FILE [--history FILE] [--transcript FILE|-]"],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Choice("--mode", Choices.Modes, "replication", Lower(Defaults.Mode)),
                FlagSpec.App(),
                FlagSpec.Choice("--protocol", Protocols, "ordered: the leader orders, commit before reply; naive: the guide's seeds",
                    Lower(Defaults.Protocol)),
                FlagSpec.Of("--seed", "N", "the run's seed, decimal or 0x hex (with --runs: the first seed)", Defaults.Seed.ToString(CultureInfo.InvariantCulture)),
                FlagSpec.Of("--runs", "K", "run K seeds from --seed on, 1 to 1000000", "1"),
                FlagSpec.Of("--duration", "DUR", "virtual time per run, 1s to 1h", Durations.Format(Defaults.DurationMs)),
                FlagSpec.Of("--replicas", "N", "replicas, 1 to 9", Defaults.Replicas.ToString(CultureInfo.InvariantCulture)),
                FlagSpec.Of("--clients", "N", "clients, 1 to 64", Defaults.Clients.ToString(CultureInfo.InvariantCulture)),
                FlagSpec.Choice("--faults", Faults, "which faults the seed may draw", Lower(Defaults.Faults)),
                FlagSpec.Choice("--scenario", Scenarios.Names, "a scripted run of the guide's milestones instead of random faults", "none"),
                FlagSpec.Of("--schedule", "FILE", "replay a saved fault schedule (it fixes mode, seed, faults...)", "none"),
                FlagSpec.Of("--history", "FILE", "write the run's history as JSON lines", "none"),
                FlagSpec.Of("--transcript", "FILE|-", "write every process's console lines (- for stdout)", "none"),
                FlagSpec.Of("--report", "FILE", "write the run's report: FILE (html, one self-contained page) and its data beside it (FILE's name with .json)", "none"),
                FlagSpec.Choice("--log-level", ["debug", "info"], "the transcript's lines: what each console prints by default, or also the repeats that change nothing", "info", "LEVEL"),
                FlagSpec.Of("--failures-dir", "DIR", "where shrunk failing schedules are saved", "failures"),
                FlagSpec.Switch("--json", "print the result as one JSON object"),
                FlagSpec.Switch("--no-shrink", "on a violation, do not shrink the fault schedule"),
            ]),
        ],
        Examples = ["ftcore sim --mode passive --runs 200 --faults crash"],
        Notes = ["exit codes: 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage"],
    };

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
