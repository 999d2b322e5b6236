using System.Globalization;

namespace FtCore.Demo.Live;

/// <summary>
/// A process the lab started stops once the lab is gone: a lab killed with kill -9 cannot stop its
/// processes, and they would run on, holding the cluster's ports, until someone finds them. The lab
/// sets <see cref="Variable"/> to its pid for its children (the replicas their LFDs start inherit it).
/// </summary>
internal static class LabWatch
{
    public const string Variable = "FTCORE_LAB_PID";

    /// <summary>When this process was started by a lab: a timer that calls <paramref name="gone"/> once that lab has exited.</summary>
    public static IDisposable? Start(Action<int> gone)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var lab) || lab <= 0) return null;
        var fired = 0;
        return new Timer(_ =>
        {
            if (!Signals.IsAlive(lab) && Interlocked.Exchange(ref fired, 1) == 0) gone(lab);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }
}
