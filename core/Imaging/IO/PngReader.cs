// Reads the PNGs PacsSeg itself writes (8-bit, non-interlaced, any filter) back for tests and tools.
using System.Buffers.Binary;
using System.IO.Compression;

namespace PacsSeg.Imaging.IO;

public sealed record PngImage(int Width, int Height, int Channels, byte[] Pixels)
{
    public ReadOnlySpan<byte> Pixel(int x, int y) => Pixels.AsSpan((y * Width + x) * Channels, Channels);
}

public static class PngReader
{
    public static PngImage Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    public static PngImage Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<byte> sig = stackalloc byte[8];
        input.ReadExactly(sig);
        if (!sig.SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            throw new InvalidDataException("Not a PNG file (bad signature).");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        Span<byte> head = stackalloc byte[8];
        while (true)
        {
            input.ReadExactly(head);
            int length = BinaryPrimitives.ReadInt32BigEndian(head);
            string type = System.Text.Encoding.ASCII.GetString(head[4..]);
            if (length < 0 || length > input.Length - input.Position)
                throw new InvalidDataException($"PNG chunk {type} claims {length} bytes, more than the file holds.");
            var data = new byte[length];
            input.ReadExactly(data);
            input.ReadExactly(head[..4]); // CRC, not checked
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                if (data[8] != 8 || data[12] != 0)
                    throw new NotSupportedException("Only 8-bit non-interlaced PNG is supported.");
                channels = data[9] switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {data[9]} is not supported.") };
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
        }
        if (width <= 0 || height <= 0)
            throw new InvalidDataException("PNG has no IHDR chunk.");
        idat.Position = 0;
        int stride = width * channels;
        var pixels = new byte[stride * height];
        var row = new byte[stride + 1];
        var prev = new byte[stride];
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        for (int y = 0; y < height; y++)
        {
            z.ReadExactly(row);
            var cur = pixels.AsSpan(y * stride, stride);
            Unfilter(row[0], row.AsSpan(1), prev, cur, channels);
            cur.CopyTo(prev);
        }
        return new PngImage(width, height, channels, pixels);
    }

    private static void Unfilter(byte filter, ReadOnlySpan<byte> raw, ReadOnlySpan<byte> prev, Span<byte> cur, int bpp)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => Paeth(a, b, c),
                _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
            };
            cur[i] = (byte)(raw[i] + predictor);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
