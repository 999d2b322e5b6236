using System.Globalization;
using System.Text;
using System.Text.Json;
using FtCore.Core.History;
using FtCore.Transport.Tcp;

namespace FtCore.Demo.Live;

internal sealed partial class LabRunner
{
    private readonly Dictionary<string, (long Offset, long Count)> _okCounts = [];

    /// <summary>The cluster file every process of the run reads; users can reuse it.</summary>
    private string WriteClusterFile(int basePort)
    {
        var path = Path.Combine(RunDir, "cluster.conf");
        var sb = new StringBuilder();
        sb.AppendLine("# ftcore cluster file written by `ftcore lab`: every process of this run reads it.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"mode = {options.Mode}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"app = {options.App}");
        sb.AppendLine("replicas = 3");
        sb.AppendLine(CultureInfo.InvariantCulture, $"clients = {options.Clients}");
        sb.AppendLine(_scenario.ManualRecovery ? "recovery = manual" : "recovery = auto");
        // The lab's failure detection is fast, unlike the per-role defaults meant for a student's terminals.
        sb.AppendLine(CultureInfo.InvariantCulture, $"lfd_heartbeat = {options.HeartbeatMs ?? LabOptions.DefaultHeartbeatMs}ms");
        sb.AppendLine(CultureInfo.InvariantCulture, $"gfd_heartbeat = {LabOptions.GfdHeartbeatMs}ms");
        sb.AppendLine(CultureInfo.InvariantCulture, $"ack_timeout = {LabOptions.AckTimeoutMs}ms");
        foreach (var (id, ep) in ClusterMap.Loopback(3, 3, basePort).Addresses) sb.AppendLine(CultureInfo.InvariantCulture, $"{id} = {ep}");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>The first range of ports (base .. base+103) with nothing bound, from 7000 in steps of 200.</summary>
    private static int FindFreeBasePort()
    {
        for (var b = ClusterMap.DefaultBasePort; b < 30000; b += 200)
        {
            if (ClusterMap.Loopback(3, 3, b).Addresses.Values.All(LabProcesses.PortFree)) return b;
        }
        throw new LabFailedException("no free range of ports on loopback between 7000 and 30000");
    }

    /// <summary>Answered requests so far in a client's history file (read incrementally).</summary>
    private long CountOk(string client)
    {
        var path = HistoryFile(client);
        _okCounts.TryGetValue(client, out var state);
        if (!File.Exists(path)) return 0;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (fs.Length <= state.Offset) return state.Count;
        fs.Seek(state.Offset, SeekOrigin.Begin);
        var buffer = new byte[fs.Length - state.Offset];
        var n = fs.Read(buffer, 0, buffer.Length);
        var lastNewline = Array.LastIndexOf(buffer, (byte)'\n', n - 1);
        if (lastNewline < 0) return state.Count;
        var text = Encoding.UTF8.GetString(buffer, 0, lastNewline + 1);
        var count = state.Count;
        var at = 0;
        while ((at = text.IndexOf("\"type\":\"ok\"", at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at++;
        }
        _okCounts[client] = (state.Offset + lastNewline + 1, count);
        return count;
    }

    /// <summary>All clients' histories in time order, written to history.jsonl.</summary>
    private List<HistoryEvent> MergeHistories()
    {
        var all = new List<HistoryEvent>();
        foreach (var c in ClientNames())
        {
            var path = HistoryFile(c);
            if (!File.Exists(path)) continue;
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                try
                {
                    all.Add(HistoryJson.FromJsonLine(lines[i], Cli.ProgramApps.Get(options.App), i + 1));
                }
                catch (HistoryFormatException e)
                {
                    // A client killed mid-line leaves a torn last line; everything before it stands
                    // (dropping the whole file would make the other clients' reads look wrong).
                    _problems.Add($"{path}: {e.Message}{(i == lines.Length - 1 ? " (a torn last line: the client was killed while writing it)" : "")}");
                }
            }
        }
        var merged = all.Select((e, i) => (e, i)).OrderBy(x => x.e.TimeNs).ThenBy(x => x.i).Select(x => x.e).ToList();
        using (var w = new StreamWriter(Path.Combine(RunDir, "history.jsonl"), false, new UTF8Encoding(false)))
        {
            HistoryJson.Write(w, merged, Cli.ProgramApps.Get(options.App));
        }
        return merged;
    }

    /// <summary>kill -9 of a replica by the lab's script, noting how many times its LFD had declared it failed.</summary>
    private void Kill9(string replica, int pid)
    {
        _failLinesAtKill = FailLines(replica).Count;
        Outside.KilledByLab(pid);
        Signals.Kill9(pid);
    }

    /// <summary>
    /// How its LFD found <paramref name="replica"/> gone since the lab killed it, from the newest
    /// "heartbeat to Sx failed (...)" line: " (LFD1: its process exited)" or " (LFD1: no reply in
    /// 3000 ms)"; empty when no LFD has said so since the kill.
    /// </summary>
    private string HowFound(string replica)
    {
        var lines = FailLines(replica);
        return lines.Count > _failLinesAtKill ? $" ({lines[^1]})" : ""; // a line from an earlier kill does not count
    }

    /// <summary>The victim's "heartbeat to Sx failed" lines when the lab killed it.</summary>
    private int _failLinesAtKill;

    /// <summary>Every "LFDi: heartbeat to <paramref name="replica"/> failed (why)" line, as "LFDi: why" (one LFD heartbeats a replica, so in order).</summary>
    private List<string> FailLines(string replica)
    {
        var marker = $": heartbeat to {replica} failed (";
        var found = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var log = ReadLog($"LFD{i}");
            for (var at = log.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = log.IndexOf(marker, at + 1, StringComparison.Ordinal))
            {
                var from = at + marker.Length;
                var end = log.IndexOf(')', from);
                if (end > from) found.Add($"LFD{i}: {log[from..end]}");
            }
        }
        return found;
    }

    private bool LogContains(string process, string text) => ReadLog(process).Contains(text, StringComparison.Ordinal);

    /// <summary>Client lines reporting a duplicate reply that differs from the accepted one: a consistency bug.</summary>
    private long CountInconsistent()
    {
        long n = 0;
        foreach (var c in ClientNames())
        {
            var log = Path.Combine(RunDir, c + ".log");
            if (!File.Exists(log)) continue;
            n += File.ReadLines(log).Count(l => l.Contains("INCONSISTENT", StringComparison.Ordinal));
        }
        return n;
    }
}

/// <summary>How lab and bench JSON is written.</summary>
internal static class LabJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
