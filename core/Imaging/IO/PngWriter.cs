// Minimal PNG encoder (8-bit gray, RGB or RGBA, no interlace) for rendered views, plots and previews.
// Shared by the engine's headless render and the trainer's curves, so neither needs an image package.
using System.Buffers.Binary;
using System.IO.Compression;

namespace PacsSeg.Imaging.IO;

public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes a PNG; <paramref name="pixels"/> rows are top to bottom, <paramref name="channels"/> bytes a pixel (1, 3 or 4).</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Image size must be positive, got {width}x{height}.");
        if (channels is not (1 or 3 or 4))
            throw new ArgumentException($"channels must be 1, 3 or 4, got {channels}.", nameof(channels));
        long rowBytes = (long)width * channels;
        if (pixels.Length != rowBytes * height)
            throw new ArgumentException($"Pixel buffer has {pixels.Length} bytes, expected {rowBytes * height} for {width}x{height}x{channels}.");

        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = channels switch { 1 => 0, 3 => 2, _ => 6 }; // colour type
        header[10] = 0; header[11] = 0; header[12] = 0;
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[rowBytes + 1];
            for (int y = 0; y < height; y++)
            {
                row[0] = 0; // filter: none
                pixels.Slice((int)(y * rowBytes), (int)rowBytes).CopyTo(row.AsSpan(1));
                z.Write(row);
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, ReadOnlySpan<byte>.Empty);
    }

    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        using var file = File.Create(path);
        Write(file, pixels, width, height, channels);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (byte b in data)
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }
    }
}
