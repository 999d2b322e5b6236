using System.Text;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// A pane's kill notice comes after every line the killed process wrote, also those the pane had
/// not read yet at Ctrl-C, and before the next incarnation's lines.
/// </summary>
public sealed class PaneOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-pane-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Log => Path.Combine(_dir, "S2.log");

    private void Append(string text)
    {
        using var s = new FileStream(Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        s.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string[] Lines(StringWriter w) => w.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public void The_notice_follows_the_dead_processes_unread_lines_and_precedes_the_next_incarnation()
    {
        var o = new StringWriter();
        var pane = new PaneOutput(new LogFollower(Log), o);
        Append("[1] S2 started\n");
        pane.Pump();
        // Written before the kill, not yet read by the pane (it polls every 100 ms).
        Append("[2] Received <C1, S2, 101, request>\n[3] my_state_S2 = 1\n");
        var end = pane.Follower.Length();
        // The RM relaunched S2 before the pane got to print the notice.
        Append("[4] S2 started (incarnation 2)\n");
        pane.NoticeAfter(end, ["== killed S2 (pid 42) with kill -9 ==", "== automatic recovery =="]);
        pane.Pump();
        Assert.Equal(
            ["[1] S2 started", "[2] Received <C1, S2, 101, request>", "[3] my_state_S2 = 1",
             "== killed S2 (pid 42) with kill -9 ==", "== automatic recovery ==",
             "[4] S2 started (incarnation 2)"],
            Lines(o));
    }

    [Fact]
    public void A_backlog_larger_than_one_read_is_printed_whole_before_the_notice()
    {
        var o = new StringWriter();
        var pane = new PaneOutput(new LogFollower(Log), o);
        Append("first\n");
        pane.Pump();
        var line = new string('x', 999) + "\n";
        var count = 2 * LogFollower.MaxReadBytes / line.Length + 3;
        Append(string.Concat(Enumerable.Repeat(line, count)));
        pane.NoticeAfter(pane.Follower.Length(), ["== killed =="]);
        var lines = Lines(o);
        Assert.Equal(count + 2, lines.Length);
        Assert.Equal("== killed ==", lines[^1]);
    }

    [Fact]
    public void A_line_cut_off_by_the_kill_is_shown_before_the_notice_not_glued_to_the_next_incarnation()
    {
        var o = new StringWriter();
        var pane = new PaneOutput(new LogFollower(Log), o);
        Append("[1] whole\n[2] cut in the mid");
        var end = pane.Follower.Length();
        Append("[3] S2 started again\n");
        pane.NoticeAfter(end, ["== killed =="]);
        pane.Pump();
        Assert.Equal(["[1] whole", "[2] cut in the mid [cut off by the kill]", "== killed ==", "[3] S2 started again"], Lines(o));
    }

    [Fact]
    public void With_nothing_unread_the_notice_comes_at_once()
    {
        var o = new StringWriter();
        var pane = new PaneOutput(new LogFollower(Log), o);
        pane.NoticeAfter(pane.Follower.Length(), ["== S2 is not running =="]);
        Assert.Equal(["== S2 is not running =="], Lines(o));
    }
}
