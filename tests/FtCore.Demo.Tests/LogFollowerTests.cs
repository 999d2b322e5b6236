using System.Text;
using FtCore.Demo.Live;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>The pane's tail -F: new complete lines only, across appends by new processes, truncation and re-creation.</summary>
public sealed class LogFollowerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ftcore-follow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Log => Path.Combine(_dir, "S1.log");

    /// <summary>As a replica's logger writes: its own append-mode stream, shared with readers.</summary>
    private void Append(string text)
    {
        using var s = new FileStream(Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var bytes = Encoding.UTF8.GetBytes(text);
        s.Write(bytes);
    }

    [Fact]
    public void Waits_for_the_file_then_returns_only_complete_lines()
    {
        var f = new LogFollower(Log);
        Assert.Empty(f.Poll());
        Assert.False(f.Present);
        Append("[1] S1 started\n[2] Recei");
        Assert.Equal(["[1] S1 started"], f.Poll());
        Assert.True(f.Present);
        Assert.Empty(f.Poll());
        Append("ved <C1, S1, 101, request>\r\n");
        Assert.Equal(["[2] Received <C1, S1, 101, request>"], f.Poll());
    }

    [Fact]
    public void A_new_incarnation_appending_to_the_same_file_is_followed()
    {
        var f = new LogFollower(Log);
        Append("S1 incarnation 1\n");
        Assert.Equal(["S1 incarnation 1"], f.Poll());
        // kill -9 of the first process; the relaunched one opens the file again in append mode.
        Append("S1 incarnation 2\nsynced\n");
        Assert.Equal(["S1 incarnation 2", "synced"], f.Poll());
    }

    [Fact]
    public void A_truncated_file_is_followed_from_its_start_with_a_note()
    {
        var f = new LogFollower(Log);
        Append("one long line before\nanother\n");
        Assert.Equal(2, f.Poll().Count);
        File.WriteAllText(Log, "fresh\n");
        var lines = f.Poll();
        Assert.Equal(2, lines.Count);
        Assert.Contains("truncated", lines[0], StringComparison.Ordinal);
        Assert.Equal("fresh", lines[1]);
    }

    [Fact]
    public void A_deleted_and_recreated_file_is_followed_from_its_start()
    {
        var f = new LogFollower(Log);
        Append("old 1\nold 2\nold 3\n");
        Assert.Equal(3, f.Poll().Count);
        File.Delete(Log);
        Assert.Empty(f.Poll());
        Assert.False(f.Present);
        Append("new 1\nnew 2\nnew 3\nnew 4\n");
        Assert.Equal(["new 1", "new 2", "new 3", "new 4"], f.Poll());
    }

    [Fact]
    public void The_first_poll_shows_only_the_last_lines_asked_for()
    {
        Append(string.Concat(Enumerable.Range(1, 100).Select(i => $"line {i}\n")));
        var f = new LogFollower(Log, firstLines: 3);
        Assert.Equal(["line 98", "line 99", "line 100"], f.Poll());
        Append("line 101\nline 102\nline 103\nline 104\n");
        Assert.Equal(4, f.Poll().Count);
    }

    [Fact]
    public void A_character_split_across_writes_is_decoded_whole()
    {
        var f = new LogFollower(Log);
        var bytes = Encoding.UTF8.GetBytes("my_state = café\n");
        using (var s = new FileStream(Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) s.Write(bytes, 0, bytes.Length - 2);
        Assert.Empty(f.Poll());
        using (var s = new FileStream(Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) s.Write(bytes, bytes.Length - 2, 2);
        Assert.Equal(["my_state = café"], f.Poll());
    }

    [Fact]
    public void A_poll_up_to_a_byte_leaves_the_rest_for_later_and_the_cut_line_can_be_taken()
    {
        var f = new LogFollower(Log);
        Append("one\ntwo\nthr");
        var end = f.Length();
        Append("ee\nfour\n");
        Assert.Equal(["one", "two"], f.Poll(end));
        Assert.Equal(end, f.Position);
        Assert.Empty(f.Poll(end));
        Assert.Equal("thr", f.TakePartial());
        Assert.Null(f.TakePartial());
        Assert.Equal(["ee", "four"], f.Poll());
    }
}
