using FtCore.Demo.Cli;

namespace FtCore.Demo.Help;

/// <summary>ftcore diagnose (parsed by <see cref="Commands.DiagnoseCommand"/>).</summary>
internal static class DiagnoseSpec
{
    public static readonly CommandSpec Command = new()
    {
        Name = "diagnose",
        Summary = "the fail-slow detector, again, on a lab's run folder (RUN_DIR/RM.links.jsonl)",
        Description = "The live RM records every window of round trips the LFDs, the GFD and the replicas report to it; "
            + "this runs the RM's detector on that record again and prints each process it names slow (with the pairs, "
            + "how far from normal, since when) and each clearing. Times are the RM's, since it started.",
        Synopsis = ["ftcore diagnose RUN_DIR"],
        Arguments = [("RUN_DIR", "a lab's run folder (or the folder of an RM started with --log)")],
        Groups = [],
        Examples = ["ftcore diagnose runs/20260101-120000"],
        Notes = ["exit codes: 0 done (whether or not a process was named), 2 bad usage or no record"],
    };
}
