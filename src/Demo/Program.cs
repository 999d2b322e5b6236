using FtCore.Core.App;

namespace FtCore.Demo;

/// <summary>The ftcore program: every command, for the applications that ship with FtCore.</summary>
public static class Program
{
    public static int Main(string[] args) => FtCoreProgram.Run(args, ShippedApps.All);
}
