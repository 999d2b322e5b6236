using FtCore.Core.Ids;

namespace FtCore.Demo.Live;

/// <summary>Reads the RM's answer to `admin show`: "view 5: primary S2, members S2, S1 (not ready), S3; replicas 3, ...".</summary>
internal static class ViewText
{
    public static long Number(string show)
    {
        var s = show.AsSpan();
        if (!s.StartsWith("view ")) return -1;
        var colon = s.IndexOf(':');
        return colon > 5 && long.TryParse(s[5..colon], out var n) ? n : -1;
    }

    public static NodeId? Leader(string show)
    {
        var parts = Head(show).Split(", members", 2);
        var words = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 4 && NodeId.TryParse(words[3], out var id) && id.IsReplica ? id : null;
    }

    public static IReadOnlyList<NodeId> Members(string show) => Parse(show, readyOnly: false);

    public static IReadOnlyList<NodeId> ReadyMembers(string show) => Parse(show, readyOnly: true);

    private static string Head(string show)
    {
        var semi = show.IndexOf(';', StringComparison.Ordinal);
        return semi >= 0 ? show[..semi] : show;
    }

    private static List<NodeId> Parse(string show, bool readyOnly)
    {
        var head = Head(show);
        var at = head.IndexOf("members ", StringComparison.Ordinal);
        var list = new List<NodeId>();
        if (at < 0) return list;
        foreach (var item in head[(at + "members ".Length)..].Split(", "))
        {
            var notReady = item.Contains("(not ready)", StringComparison.Ordinal);
            var name = item.Replace("(not ready)", "", StringComparison.Ordinal).Trim();
            if (NodeId.TryParse(name, out var id) && id.IsReplica && (!readyOnly || !notReady)) list.Add(id);
        }
        return list;
    }
}
