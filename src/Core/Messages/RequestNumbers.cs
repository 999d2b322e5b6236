namespace FtCore.Core.Messages;

/// <summary>
/// A client's request number on the wire carries its session (one per client process start) above
/// the number the guide prints: wire = session &lt;&lt; 24 | request_num. So a relaunched client can
/// count from 101 again while every number it sends is above those of its earlier runs: the
/// replicas' per-client table (last request_num and its reply) treats them as new requests and
/// never answers them with an earlier run's reply, and every comparison stays a comparison of two
/// longs. Consoles and histories show only the request_num part.
/// </summary>
internal static class RequestNumbers
{
    /// <summary>Bits of the printed request_num; 16,777,215 requests per client run.</summary>
    public const int NumberBits = 24;

    public const long MaxNumber = (1L << NumberBits) - 1;

    /// <summary>The highest session: 2^39 - 1 (milliseconds: 17 years).</summary>
    public const long MaxSession = (1L << (63 - NumberBits)) - 1;

    /// <summary>The wire number of request <paramref name="number"/> in <paramref name="session"/>.</summary>
    public static long Compose(long session, long number) => (session << NumberBits) | number;

    /// <summary>The request_num the guide prints: the wire number without its session.</summary>
    public static long Display(long wire) => wire & MaxNumber;

    /// <summary>The session of a wire number.</summary>
    public static long Session(long wire) => wire >> NumberBits;
}
