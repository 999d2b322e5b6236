using System.Buffers;

namespace FtCore.Core.Tests.Wire;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe hands over bytes that arrived in pieces.</summary>
internal static class ChunkedSequence
{
    /// <summary>
    /// Splits <paramref name="bytes"/> at <paramref name="cuts"/> (positions, any order, repeats make
    /// empty segments) into one segment per piece, each backed by its own array.
    /// </summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var bounds = cuts.Select(c => Math.Clamp(c, 0, bytes.Length)).Order().Append(bytes.Length).ToArray();
        var first = new Segment(bytes.AsSpan(0, bounds[0]).ToArray());
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            last = last.Append(bytes.AsSpan(bounds[i - 1], bounds[i] - bounds[i - 1]).ToArray());
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
