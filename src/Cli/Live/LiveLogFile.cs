namespace FtCore.Demo.Live;

/// <summary>
/// Reading a log another process may still be writing (its writer shares it for reading and
/// deleting): the whole text, or its lines one at a time.
/// </summary>
internal static class LiveLogFile
{
    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>The whole file as it is now; "" when there is none.</summary>
    public static string ReadAll(string path)
    {
        if (!File.Exists(path)) return "";
        using var r = new StreamReader(Open(path));
        return r.ReadToEnd();
    }

    /// <summary>Its lines, read as they come; none when it is missing or cannot be read, and no more after a read fails.</summary>
    public static IEnumerable<string> Lines(string path)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(Open(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        using (reader)
        {
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (IOException)
                {
                    yield break;
                }
                if (line is null) yield break;
                yield return line;
            }
        }
    }
}
