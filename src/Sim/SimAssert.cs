using System.Text;

namespace FtCore.Sim;

/// <summary>Assertions for tests: a failing run throws with everything needed to replay it.</summary>
public static class SimAssert
{
    /// <summary>Throws <see cref="SimulationFailedException"/> when the run broke an invariant.</summary>
    public static void Passes(SimResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Passed) throw new SimulationFailedException(result);
    }

    /// <summary>Throws when any run of the sweep failed, with the first failure's report.</summary>
    public static void Passes(SweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (!sweep.Passed) throw new SimulationFailedException(sweep.Failures[0], $"{sweep.Failures.Count} of {sweep.Runs} runs failed; the first:");
    }
}

/// <summary>A simulated run broke an invariant. The message names the seed, the violations, the replay command and the fault schedule.</summary>
public sealed class SimulationFailedException : Exception
{
    public SimulationFailedException(SimResult result, string? heading = null)
        : base(Report(result, heading))
    {
        Result = result;
    }

    public SimulationFailedException()
        : base("a simulated run failed")
    {
    }

    public SimulationFailedException(string message)
        : base(message)
    {
    }

    public SimulationFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SimResult? Result { get; }

    /// <summary>The seed, the options, every violation, how to replay, and the schedule as JSON (save it and run <c>sim --schedule FILE</c>).</summary>
    public static string Report(SimResult result, string? heading = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        if (heading is not null) sb.AppendLine(heading);
        sb.Append("simulation failed: seed ").Append(result.Options.Seed).Append(", app ").Append(result.Options.App.Name)
            .Append(", ").Append(ReplayArgs.Name(result.Config.Cluster.Mode)).Append(" mode, ")
            .Append(result.Violations.Count).AppendLine(result.Violations.Count == 1 ? " violation" : " violations");
        foreach (var v in result.Violations.Take(5)) sb.Append("  ").AppendLine(v.ToString());
        if (result.Violations.Count > 5) sb.Append("  (").Append(result.Violations.Count - 5).AppendLine(" more)");
        sb.Append("replay: <your program> ").AppendLine(result.ReplayArgs);
        sb.Append("   or:  Simulation.Run(options with { Seed = ").Append(result.Options.Seed).AppendLine(" })");
        sb.AppendLine("schedule (save as a file, then: <your program> sim --schedule FILE):");
        sb.Append(result.Schedule.ToJson());
        return sb.ToString();
    }
}
