// The gRPC length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length, payload.
// The length is checked against the limit before any buffer is allocated.
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Google.Protobuf;

namespace PacsSeg.Plugin.GrpcApi;

public static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>Reads the next message; null at the clean end of the stream.</summary>
    /// <exception cref="GrpcException">Malformed, compressed or oversized frame.</exception>
    public static async Task<byte[]?> ReadMessageAsync(PipeReader reader, int maxMessageBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= HeaderLength)
            {
                var (flag, length) = ReadHeader(buffer);
                if (flag == 1)
                {
                    reader.AdvanceTo(buffer.Start);
                    // Only identity is accepted (other encodings are refused up front), so a set flag is a protocol error.
                    throw new GrpcException(GrpcStatusCode.Internal, "Malformed gRPC frame: compressed flag set, but the call has no grpc-encoding (only identity is supported).");
                }
                if (flag > 1)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed gRPC frame: compressed flag {flag} (must be 0 or 1).");
                }
                if (length > (uint)maxMessageBytes)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageBytes}).");
                }
                if (buffer.Length >= HeaderLength + length)
                {
                    var payload = buffer.Slice(HeaderLength, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(HeaderLength + length));
                    return payload;
                }
            }
            if (result.IsCompleted)
            {
                long have = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (have == 0)
                    return null;
                throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed gRPC frame: stream ended inside a frame ({have} byte(s) left over).");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (byte Flag, uint Length) ReadHeader(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        return (header[0], BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    public static async Task WriteMessageAsync(PipeWriter writer, IMessage message, CancellationToken cancellationToken)
    {
        int size = message.CalculateSize();
        var memory = writer.GetMemory(HeaderLength + size);
        memory.Span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(memory.Span[1..], (uint)size);
        message.WriteTo(memory.Span.Slice(HeaderLength, size));
        writer.Advance(HeaderLength + size);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses grpc-timeout ("1-8 digits" + H, M, S, m, u, n). Null when absent; throws on a malformed value.
    /// </summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length is < 2 or > 9 || !long.TryParse(value.AsSpan(0, value.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long amount))
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed grpc-timeout '{value}'.");
        double ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * 10.0,
            'n' => amount / 100.0,
            _ => throw new GrpcException(GrpcStatusCode.InvalidArgument, $"Malformed grpc-timeout '{value}'."),
        };
        return TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.FromDays(365).Ticks));
    }

    /// <summary>grpc-message is percent-encoded UTF-8 (everything outside printable ASCII, and '%').</summary>
    public static string EncodeMessage(string message)
    {
        var sb = new StringBuilder(message.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
