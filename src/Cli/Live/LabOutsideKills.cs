namespace FtCore.Demo.Live;

/// <summary>
/// Notices a replica process that ended without the lab killing it: a tmux pane's Ctrl-C (which
/// `ftcore pane` turns into kill -9) or a kill -9 typed in another terminal. It follows the
/// replicas' live pid files (pids/Si.PID) and remembers each pid once seen; one that is no longer
/// running, and that the lab did not kill itself, was killed from outside. Such a replica is
/// <see cref="Down"/> until a new process of it shows up (a relaunch).
/// </summary>
/// <param name="livePids">The replicas' pid files whose process runs now (name, pid).</param>
/// <param name="alive">Whether a pid still runs (as the same process).</param>
internal sealed class LabOutsideKills(Func<IEnumerable<(string Name, int Pid)>> livePids, Func<int, bool> alive)
{
    private readonly Dictionary<int, string> _tracked = [];
    private readonly HashSet<int> _byLab = [];
    private readonly SortedSet<string> _down = new(StringComparer.Ordinal);

    /// <summary>Replicas killed from outside and not relaunched since.</summary>
    public IReadOnlyCollection<string> Down => _down;

    /// <summary>The lab is about to kill this pid: its end is not news.</summary>
    public void KilledByLab(int pid) => _byLab.Add(pid);

    /// <summary>What changed since the last call: replicas found killed from outside, and down ones that run again.</summary>
    public (IReadOnlyList<(string Name, int Pid)> Killed, IReadOnlyList<(string Name, int Pid)> Back) Poll()
    {
        var running = livePids().ToList();
        var back = new List<(string, int)>();
        foreach (var (name, pid) in running)
        {
            if (!_tracked.TryAdd(pid, name)) continue;
            if (_down.Remove(name)) back.Add((name, pid));
        }
        var killed = new List<(string, int)>();
        foreach (var (pid, name) in _tracked.OrderBy(x => x.Key).ToList())
        {
            if (alive(pid)) continue;
            _tracked.Remove(pid);
            if (_byLab.Remove(pid)) continue;
            killed.Add((name, pid));
            // Not down when a newer process of it already runs (relaunched before we looked).
            if (!_tracked.Any(t => t.Value == name && t.Key != pid)) _down.Add(name);
        }
        return (killed, back);
    }
}
