using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore admin (parsed by <see cref="Commands.AdminCli"/>).</summary>
internal static class AdminSpec
{
    public static readonly CommandSpec Command = new()
    {
        Name = "admin",
        Summary = "see the view and change the cluster at run time, through the RM",
        Synopsis = ["ftcore admin <subcommand> [flags] [cluster flags]"],
        ArgumentsTitle = "subcommands",
        Arguments =
        [
            ("show", "the view: leader, members (ready or not), replica count, recovery, checkpoint_freq (or: view)"),
            ("replicas N", "grow or shrink the number of replicas (up to --max-replicas)"),
            ("heartbeat LFDn DUR", "an LFD's heartbeat frequency (timeout: 3x)"),
            ("gfd-heartbeat DUR", "the GFD's heartbeat frequency (timeout: 3x)"),
            ("checkpoint DUR", "the primary's checkpoint frequency"),
            ("primary Sn", "make Sn the primary/sequencer (once it is a ready member)"),
            ("recovery " + string.Join('|', Choices.Recovery), "the RM relaunches dead replicas itself, or not"),
            ("launch Sn", "with manual recovery: relaunch Sn through its LFD"),
            ("slow Sn", "a performance fault, straight to Sn: --delay DUR (every message it handles is handled DUR late), --cpu (a CPU hog beside its loop), --off (undo both)"),
            ("start-fresh", "no ready replica is left (the state is gone): the first running replica starts again from the initial state"),
        ],
        Groups =
        [
            new("flags",
            [
                FlagSpec.Of("--timeout", "DUR", "how long to wait for the RM's answer", "5s"),
                FlagSpec.Of("--delay", "DUR", "with slow: the delay of every message the replica handles"),
                FlagSpec.Switch("--cpu", "with slow: a CPU hog beside the replica's loop"),
                FlagSpec.Switch("--off", "with slow: back to normal"),
            ]),
            ClusterFlags.Group,
        ],
        Examples = ["ftcore admin heartbeat LFD1 500ms --cluster cluster.conf"],
        Notes = ["exit codes: 0 done, 1 refused by the RM or no answer, 2 bad usage"],
    };
}
