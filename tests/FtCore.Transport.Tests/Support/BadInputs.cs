using FtCore.Core.Ids;
using FtCore.Core.Messages;
using FtCore.Core.Wire;

namespace FtCore.Transport.Tests.Support;

/// <summary>Every kind of bad input a listening port must survive; "AfterHello" ones come from a peer that said who it is.</summary>
public enum BadInput
{
    RandomBytes,
    OversizedFrame,
    OversizedFrameAfterHello,
    TruncatedFrameThenClose,
    TruncatedFrameAfterHelloThenClose,
    UnknownKind,
    UnknownKindAfterHello,
    WrongVersion,
    WrongVersionAfterHello,
    SendsNothing,
    FirstFrameNotHello,
    PartialHelloKeptOpen,
    StuckInsideFrameAfterHello,
}

/// <summary>The bytes of each bad input, whether the sender then closes its side, and what the host's line must say.</summary>
internal static class BadInputs
{
    /// <summary>The identity bad peers claim: nobody else's, so their drop touches no good peer.</summary>
    public static readonly NodeId Stranger = NodeId.Client(99);

    private static readonly byte[] Hello = MessageCodec.Encode(new Hello(Stranger));

    public static byte[] Bytes(BadInput input) => input switch
    {
        BadInput.RandomBytes => Frames.Random(seed: 20260101, length: 600),
        BadInput.OversizedFrame => Frames.Declaring(WireFormat.MaxFrameBytes + 1u, bodyBytes: 16),
        BadInput.OversizedFrameAfterHello => [.. Hello, .. Frames.Declaring(WireFormat.MaxFrameBytes + 1u, bodyBytes: 16)],
        BadInput.TruncatedFrameThenClose => Frames.Truncated(new Heartbeat(5), 7),
        BadInput.TruncatedFrameAfterHelloThenClose => [.. Hello, .. Frames.Truncated(new Heartbeat(5), 7)],
        BadInput.UnknownKind => Frames.Raw(WireFormat.Version, 200, []),
        BadInput.UnknownKindAfterHello => [.. Hello, .. Frames.Raw(WireFormat.Version, 200, [])],
        BadInput.WrongVersion => Frames.WithVersion(new Heartbeat(5), 9),
        BadInput.WrongVersionAfterHello => [.. Hello, .. Frames.WithVersion(new Heartbeat(5), 9)],
        BadInput.SendsNothing => [],
        BadInput.FirstFrameNotHello => Frames.Of(new Heartbeat(5)),
        BadInput.PartialHelloKeptOpen => Hello[..5],
        BadInput.StuckInsideFrameAfterHello => [.. Hello, .. Frames.Truncated(new Heartbeat(5), 7)],
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    /// <summary>
    /// Short only where the hello timeout is what drops the connection. Elsewhere a reader lagging
    /// on a loaded machine must not let the timeout beat the line the test expects.
    /// </summary>
    public static TimeSpan HelloTimeout(BadInput input) => input switch
    {
        BadInput.SendsNothing => TimeSpan.FromMilliseconds(300),
        BadInput.PartialHelloKeptOpen => TimeSpan.FromSeconds(2),
        _ => TimeSpan.FromSeconds(30),
    };

    public static bool ClosesAfterSending(BadInput input) =>
        input is BadInput.TruncatedFrameThenClose or BadInput.TruncatedFrameAfterHelloThenClose;

    /// <summary>A piece of text the host's one line must contain: it names the problem.</summary>
    public static string Problem(BadInput input) => Problem(input, (long)HelloTimeout(input).TotalMilliseconds);

    public static string Problem(BadInput input, long helloMs) => input switch
    {
        BadInput.RandomBytes => "first frame declares",
        BadInput.OversizedFrame => "first frame declares 16777217 bytes",
        BadInput.OversizedFrameAfterHello => "frame declares 16777217 bytes, limit 16777216",
        BadInput.TruncatedFrameThenClose or BadInput.TruncatedFrameAfterHelloThenClose => "truncated frame",
        BadInput.UnknownKind or BadInput.UnknownKindAfterHello => "unknown message kind 200",
        BadInput.WrongVersion or BadInput.WrongVersionAfterHello => "unsupported protocol version 9",
        BadInput.SendsNothing => $"nothing received within {helloMs} ms",
        BadInput.FirstFrameNotHello => "first frame is Heartbeat, expected hello",
        BadInput.PartialHelloKeptOpen => $"no hello within {helloMs} ms (5 bytes of an incomplete frame)",
        BadInput.StuckInsideFrameAfterHello => "stuck inside a frame",
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };
}
