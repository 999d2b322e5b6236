using FtCore.Demo.Cli;
using FtCore.Demo.Commands;

namespace FtCore.Demo.Tests;

/// <summary>Runs "ftcore sim ARGS" as Program does (a UsageException becomes "ftcore: message" and exit 2), with captured output.</summary>
internal static class SimCli
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit;
        try
        {
            exit = SimCommand.Run(args, stdout, stderr);
        }
        catch (UsageException e)
        {
            stderr.WriteLine("ftcore: " + e.Message);
            exit = 2;
        }
        return (exit, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString().ReplaceLineEndings("\n"));
    }
}
