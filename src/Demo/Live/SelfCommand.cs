using System.Diagnostics;

namespace FtCore.Demo.Live;

/// <summary>How to start another ftcore process: the same executable, or dotnet + this dll.</summary>
public static class SelfCommand
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var path = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            psi.FileName = path;
            psi.ArgumentList.Add(typeof(SelfCommand).Assembly.Location);
        }
        else
        {
            psi.FileName = path;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
