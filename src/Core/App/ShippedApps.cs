using FtCore.Core.App.Counter;
using FtCore.Core.App.Kv;

namespace FtCore.Core.App;

/// <summary>The applications that ship with FtCore: the guide's counter (the default) and a key-value store.</summary>
public static class ShippedApps
{
    public static readonly IApplication Counter = new CounterApp();

    public static readonly IApplication Kv = new KvApp();

    /// <summary>Both, counter first.</summary>
    public static ApplicationSet All { get; } = new(Counter, Kv);
}
