namespace FtCore.Demo.Live;

/// <summary>
/// What a lab pane prints: the followed log's new lines and, after a kill, a notice placed after
/// every line the killed process wrote and before any line of its next incarnation (which appends
/// to the same file). Lines the pane had not read yet when Ctrl-C came would otherwise follow the
/// notice and push it out of sight.
/// </summary>
internal sealed class PaneOutput(LogFollower follower, TextWriter o)
{
    public LogFollower Follower => follower;

    /// <summary>Prints the lines completed since the last call.</summary>
    public void Pump()
    {
        foreach (var line in follower.Poll()) o.WriteLine(line);
    }

    /// <summary>
    /// Prints every line up to <paramref name="endOfDeadProcess"/> (the file's length once the killed
    /// process was gone: nothing of it lies beyond), a line it was cut off in the middle of, then the notice.
    /// </summary>
    public void NoticeAfter(long endOfDeadProcess, IEnumerable<string> notice)
    {
        while (follower.Position < endOfDeadProcess)
        {
            var before = follower.Position;
            foreach (var line in follower.Poll(endOfDeadProcess)) o.WriteLine(line);
            // The file went away or was truncated meanwhile: nothing more of the dead process to show.
            if (follower.Position <= before) break;
        }
        if (follower.TakePartial() is { } torn) o.WriteLine(torn + " [cut off by the kill]");
        foreach (var line in notice) o.WriteLine(line);
        o.Flush();
    }
}
