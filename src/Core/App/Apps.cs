namespace FtCore.Core.App;

/// <summary>Creates the shipped applications by name.</summary>
public static class Apps
{
    public static readonly string[] Names = ["counter", "kv"];

    public static IApplication Create(string name) => name switch
    {
        "counter" => new CounterApp(),
        "kv" => new KvApp(),
        _ => throw new ArgumentException($"unknown app '{name}' (expected counter or kv)", nameof(name)),
    };
}
