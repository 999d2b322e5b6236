using System.Text;
using FtCore.Demo.Bench;
using Xunit;

namespace FtCore.Demo.Tests;

/// <summary>
/// The RESP replies `ftcore bench --vs-redis` reads: whole replies out of any split of the stream,
/// errors, bulk strings; and a Redis bench client's handling of INCR and WAIT replies (WAIT
/// answering fewer than 2 replicas is a failure, counted).
/// </summary>
public sealed class RespParserTests
{
    private static List<RespReply> Parse(RespParser p, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var pos = 0;
        var replies = new List<RespReply>();
        while (p.TryNext(bytes, ref pos, out var r)) replies.Add(r);
        Assert.Equal(bytes.Length, pos);
        return replies;
    }

    [Fact]
    public void Integers_errors_strings_and_nil_in_one_read()
    {
        var replies = Parse(new RespParser(), ":42\r\n:-1\r\n-ERR wrong number of arguments\r\n+OK\r\n$5\r\nhello\r\n$-1\r\n$0\r\n\r\n");
        Assert.Equal(
            [
                new RespReply(RespKind.Integer, 42, null),
                new RespReply(RespKind.Integer, -1, null),
                new RespReply(RespKind.Error, 0, "ERR wrong number of arguments"),
                new RespReply(RespKind.Simple, 0, "OK"),
                new RespReply(RespKind.Bulk, 0, "hello"),
                new RespReply(RespKind.Null, 0, null),
                new RespReply(RespKind.Bulk, 0, ""),
            ],
            replies);
    }

    [Fact]
    public void A_stream_split_at_every_point_gives_the_same_replies()
    {
        const string stream = ":1234567\r\n:2\r\n-NOREPLICAS not enough\r\n$12\r\nrole:master\n\r\n:0\r\n";
        var whole = Parse(new RespParser(), stream);
        Assert.Equal(5, whole.Count);
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var p = new RespParser();
            var replies = Parse(p, stream[..cut]);
            replies.AddRange(Parse(p, stream[cut..]));
            Assert.Equal(whole, replies);
            Assert.True(p.AtBoundary);
        }
        // And one byte at a time.
        var bytewise = new RespParser();
        var all = new List<RespReply>();
        foreach (var ch in stream) all.AddRange(Parse(bytewise, ch.ToString()));
        Assert.Equal(whole, all);
    }

    [Theory]
    [InlineData("*1\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData(":\r\n")]
    [InlineData(":5\r\r")]
    [InlineData("$3\r\nabcd\r\n")]
    public void Anything_else_is_a_protocol_error(string text)
    {
        var p = new RespParser();
        Assert.Throws<RespProtocolException>(() => Parse(p, text));
    }

    [Fact]
    public void A_command_is_an_array_of_bulk_strings()
    {
        Assert.Equal("*3\r\n$4\r\nWAIT\r\n$1\r\n2\r\n$1\r\n0\r\n", Encoding.ASCII.GetString(RespParser.Command("WAIT", "2", "0")));
    }

    private static RedisLoadClient Outstanding() => new(null) { Expecting = 2 };

    [Fact]
    public void A_request_finishes_on_waits_reply_and_counts_the_acknowledged_incr()
    {
        var c = Outstanding();
        Assert.False(c.Consume(":7\r\n"u8, recording: true)); // INCR's reply alone: still waiting for WAIT
        Assert.Equal(1, c.Expecting);
        Assert.Equal(1, c.AckedIncrs);
        Assert.True(c.Consume(":2\r\n"u8, recording: true));
        Assert.Equal((0, 1L, 0L, 0L, 1L), (c.Expecting, c.Completed, c.WaitShort, c.Errors, c.Latency.Count));
    }

    [Fact]
    public void Both_replies_split_across_reads_finish_the_request_once()
    {
        var c = Outstanding();
        Assert.False(c.Consume(":7\r"u8, recording: false));
        Assert.False(c.Consume("\n:"u8, recording: false));
        Assert.True(c.Consume("2\r\n"u8, recording: false));
        Assert.Equal((1L, 1L, 0L), (c.Completed, c.AckedIncrs, c.Latency.Count));
    }

    [Fact]
    public void Wait_answering_fewer_than_two_replicas_is_a_failure()
    {
        var c = Outstanding();
        Assert.True(c.Consume(":8\r\n:1\r\n"u8, recording: true));
        Assert.Equal((1L, 1L, 1L), (c.Completed, c.WaitShort, c.AckedIncrs));
    }

    [Fact]
    public void Error_replies_are_counted_and_an_incr_error_is_not_acknowledged()
    {
        var c = Outstanding();
        Assert.True(c.Consume("-READONLY You can't write against a read only replica.\r\n-ERR no\r\n"u8, recording: true));
        Assert.Equal((1L, 0L, 2L), (c.Completed, c.AckedIncrs, c.Errors));
    }

    [Fact]
    public void A_reply_with_no_request_outstanding_is_a_protocol_error()
    {
        var c = Outstanding();
        Assert.Throws<RespProtocolException>(() => c.Consume(":1\r\n:2\r\n:3\r\n"u8, recording: false));
    }

    [Fact]
    public void Info_replication_counts_only_online_replicas()
    {
        const string info = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\nslave0:ip=127.0.0.1,port=1,state=online,offset=1,lag=0\r\nslave1:ip=127.0.0.1,port=2,state=wait_bgsave,offset=0,lag=0\r\nmaster_failover_state:no-failover\r\n";
        Assert.Equal(1, RedisCluster.OnlineReplicas(info));
    }

    [Fact]
    public void A_missing_redis_server_names_the_install_script()
    {
        Assert.Null(RedisCluster.FindServer("/nonexistent-dir-for-ftcore-tests"));
        Assert.Contains("scripts/install-redis.sh", new RedisMissingException().Message, StringComparison.Ordinal);
    }
}
