using System.Globalization;
using FtCore.Core.Roles;
using FtCore.Demo.Cli;
using FtCore.Demo.Live;

namespace FtCore.Demo.Help;

/// <summary>ftcore lab (parsed by <see cref="Commands.LabCommand"/>).</summary>
internal static class LabSpec
{
    private static readonly LabOptions Defaults = new() { OutDir = "" };

    public static readonly CommandSpec Command = new()
    {
        Name = "lab",
        Summary = "the guide's milestone-5 demo in one command, with real processes and kill -9s",
        Description = "Starts RM, GFD, 3 LFDs, 3 replicas and the clients on this machine, runs the scenario's phases, "
            + "prints a summary per phase and checks that the history is linearizable.",
        Synopsis = ["ftcore lab [flags]"],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Choice("--scenario", LabScenarios.Names, "what happens: m5-* are the guide's demo (manual recovery), "
                    + "kill-* one fault with automatic recovery, steady none", "m5-<mode>"),
                FlagSpec.Choice("--mode", Choices.Modes, "replication", Defaults.Mode + "; active with --scenario m5-active"),
                FlagSpec.App(),
                FlagSpec.Of("--duration", "DUR", "length of the run, 5s to 1h", Durations.Format(Defaults.DurationMs)),
                FlagSpec.Of("--clients", "N", "clients, 1 to 64", Defaults.Clients.ToString(CultureInfo.InvariantCulture)),
                FlagSpec.Of("--interval", "DUR", "a client's pause between a reply and its next request", Durations.Format(Defaults.IntervalMs)),
                FlagSpec.Of("--heartbeat-freq", "DUR", "the LFDs' heartbeat frequency; timeout 3x", Durations.Format(LabOptions.DefaultHeartbeatMs)),
                FlagSpec.Of("--seed", "N", "seed of the random choices (primary, victims, workloads)", "from the clock"),
                FlagSpec.Of("--base-port", "N", "the cluster's first port", "the first free range from 7000"),
                FlagSpec.Of("--out", "DIR", "the run folder (logs, history, summary); new or empty", "runs/<date-time>"),
                FlagSpec.Switch("--tmux", "also show every process in a tmux pane (Ctrl-C in a replica's pane kills it)"),
            ]),
        ],
        Examples = ["ftcore lab --scenario kill-leader --mode active --duration 30s"],
        Notes = ["exit codes: 0 every check held, 1 safety violation, 3 liveness violation, 2 bad usage, 130 interrupted"],
    };
}
