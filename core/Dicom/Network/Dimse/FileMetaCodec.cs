// Minimal Part 10 file meta (group 0002, explicit VR little endian) reading and writing, enough for the
// SCU to find a file's SOP class/instance and transfer syntax and for the SCP to write received
// instances as Part 10 files without a data model.
using System.Buffers.Binary;
using System.Text;

namespace PacsSeg.Dicom.Network.Dimse;

internal static class FileMetaCodec
{
    /// <summary>Largest file meta group we read; real ones are a few hundred bytes.</summary>
    private const int MaxMetaLength = 64 * 1024;

    public sealed record FileMeta(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DataSetOffset);

    public static async Task<FileMeta> ReadAsync(Stream stream, CancellationToken ct)
    {
        var head = new byte[132 + 12];
        await stream.ReadExactlyAsync(head, ct).ConfigureAwait(false);
        if (Encoding.ASCII.GetString(head, 128, 4) != "DICM")
            throw new InvalidDataException("Not a DICOM Part 10 file: no 'DICM' prefix after the preamble.");
        // (0002,0000) UL group length: explicit VR, 2-byte length.
        if (BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(132)) != 0x0002 ||
            BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(134)) != 0x0000 ||
            head[136] != (byte)'U' || head[137] != (byte)'L')
            throw new InvalidDataException("Part 10 file meta does not start with (0002,0000) UL group length.");
        uint groupLength = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(140));
        if (groupLength > MaxMetaLength)
            throw new InvalidDataException($"File meta group length {groupLength} is implausible.");
        var meta = new byte[groupLength];
        await stream.ReadExactlyAsync(meta, ct).ConfigureAwait(false);
        string? sopClass = null, sopInstance = null, ts = null;
        var s = meta.AsSpan();
        while (s.Length >= 8)
        {
            ushort group = BinaryPrimitives.ReadUInt16LittleEndian(s);
            ushort element = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
            string vr = Encoding.ASCII.GetString(s.Slice(4, 2));
            int headerLen;
            uint len;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV")
            {
                if (s.Length < 12)
                    throw new InvalidDataException("Truncated file meta element.");
                len = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
                headerLen = 12;
            }
            else
            {
                len = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
                headerLen = 8;
            }
            if (group != 0x0002 || len > (uint)(s.Length - headerLen))
                throw new InvalidDataException($"Malformed file meta element ({group:X4},{element:X4}).");
            if (element is 0x0002 or 0x0003 or 0x0010)
            {
                string value = Encoding.ASCII.GetString(s.Slice(headerLen, (int)len)).TrimEnd('\0', ' ');
                if (element == 0x0002)
                    sopClass = value;
                else if (element == 0x0003)
                    sopInstance = value;
                else
                    ts = value;
            }
            s = s[(headerLen + (int)len)..];
        }
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) || string.IsNullOrEmpty(ts))
            throw new InvalidDataException("File meta lacks media storage SOP class/instance UID or transfer syntax UID.");
        return new FileMeta(sopClass, sopInstance, ts, 132 + 12 + groupLength);
    }

    /// <summary>Preamble, "DICM" and the file meta group for a data set stored as received.</summary>
    public static byte[] Encode(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAe)
    {
        var body = new MemoryStream();
        WriteElement(body, 0x0001, "OB", new byte[] { 0, 1 });
        WriteElement(body, 0x0002, "UI", Uid(sopClassUid));
        WriteElement(body, 0x0003, "UI", Uid(sopInstanceUid));
        WriteElement(body, 0x0010, "UI", Uid(transferSyntaxUid));
        WriteElement(body, 0x0012, "UI", Uid(DicomNetworkUids.ImplementationClassUid));
        WriteElement(body, 0x0013, "SH", Text(DicomNetworkUids.ImplementationVersionName));
        if (!string.IsNullOrEmpty(sourceAe))
            WriteElement(body, 0x0016, "AE", Text(sourceAe));
        var result = new byte[132 + 12 + body.Length];
        Encoding.ASCII.GetBytes("DICM", result.AsSpan(128));
        var g = result.AsSpan(132);
        BinaryPrimitives.WriteUInt16LittleEndian(g, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(g[2..], 0x0000);
        g[4] = (byte)'U';
        g[5] = (byte)'L';
        BinaryPrimitives.WriteUInt16LittleEndian(g[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(g[8..], (uint)body.Length);
        body.ToArray().CopyTo(result, 144);
        return result;
    }

    private static byte[] Uid(string v) => Pad(v, 0);

    private static byte[] Text(string v) => Pad(v, (byte)' ');

    private static byte[] Pad(string v, byte pad)
    {
        int n = Encoding.ASCII.GetByteCount(v);
        var b = new byte[n + (n & 1)];
        Encoding.ASCII.GetBytes(v, b);
        if ((n & 1) == 1)
            b[n] = pad;
        return b;
    }

    private static void WriteElement(Stream s, ushort element, string vr, byte[] value)
    {
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(h, 0x0002);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], element);
        h[4] = (byte)vr[0];
        h[5] = (byte)vr[1];
        if (vr == "OB")
        {
            h[6] = h[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], (uint)value.Length);
            s.Write(h);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)value.Length);
            s.Write(h[..8]);
        }
        s.Write(value);
    }
}
