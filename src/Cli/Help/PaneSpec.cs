using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore pane (parsed by <see cref="Commands.PaneCommand"/>).</summary>
internal static class PaneSpec
{
    public static readonly CommandSpec Command = new()
    {
        Name = "pane",
        Summary = "one tmux pane of a lab: follows RUNDIR/NAME.log",
        Description = "In a replica's pane Ctrl-C kills that replica (kill -9) as in the guide's demo; with manual recovery "
            + "Enter then asks the RM to relaunch it. In any other pane Ctrl-C leaves the pane. `ftcore lab --tmux` starts these.",
        Synopsis = ["ftcore pane NAME --run-dir RUNDIR [flags] [cluster flags]"],
        Arguments = [("NAME", "the process: RM, GFD, LFDn, Sn or Cn")],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Of("--run-dir", "RUNDIR", "the lab's run folder (required)"),
                FlagSpec.Of("--lines", "N", "lines of the log shown at the start, 0 to 100000", "20"),
                FlagSpec.Choice("--recovery-hint", Choices.Recovery, "what to say after a kill when the RM does not answer", "auto"),
            ]),
            ClusterFlags.Group with { Title = "cluster flags (default: RUNDIR/cluster.conf)" },
        ],
        Examples = ["ftcore pane S1 --run-dir runs/20260101-120000"],
    };
}
