// Writes datasets and Part 10 files. Values are copied from their buffers in bounded chunks (file-backed values
// are streamed from disk), sequences and items use undefined lengths, so nothing needs the whole object in memory.
using System.Buffers.Binary;
using System.IO.Compression;

namespace PacsSeg.Dicom.IO;

/// <summary>Writes datasets to streams.</summary>
public static class DicomWriter
{
    /// <summary>This implementation's class UID (0002,0012), made once under the 2.25 root.</summary>
    public const string ImplementationClassUid = "2.25.290882041022034301994336668695064676103";

    /// <summary>This implementation's version name (0002,0013).</summary>
    public const string ImplementationVersionName = "PACSSEG_1_0";

    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>
    /// Writes a bare dataset (no preamble, no meta) in <paramref name="syntax"/>: what a P-DATA transfer carries.
    /// Group lengths and group 0002 are left out. Deflated syntaxes are deflated.
    /// </summary>
    /// <exception cref="DicomDataException">The dataset cannot be written in that syntax (e.g. compressed pixel data into a native syntax).</exception>
    public static void WriteDataset(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (!syntax.IsLittleEndian)
        {
            throw new DicomDataException("Writing big endian is not supported (the syntax is retired); write little endian.");
        }

        CheckPixelEncoding(dataset, syntax);
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 1 << 16);
            WriteItems(buffered, dataset, syntax.IsExplicitVR, topLevel: true);
            return;
        }

        if (stream is MemoryStream or FileStream or BufferedStream)
        {
            WriteItems(stream, dataset, syntax.IsExplicitVR, topLevel: true);
            return;
        }

        using var b = new BufferedStream(stream, 1 << 16);
        WriteItems(b, dataset, syntax.IsExplicitVR, topLevel: true);
    }

    /// <summary>Writes a dataset to a new byte array.</summary>
    public static byte[] WriteDataset(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var ms = new MemoryStream();
        WriteDataset(ms, dataset, syntax);
        return ms.ToArray();
    }

    /// <summary>Writes a Part 10 file: 128-byte preamble, "DICM", file meta information built from the dataset, the dataset.</summary>
    public static void WriteFile(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? existingMeta = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(dataset);
        var meta = BuildMeta(dataset, syntax, existingMeta, options ?? DicomWriteOptions.Default);
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        using (var ms = new MemoryStream())
        {
            WriteItems(ms, meta, explicitVR: true, topLevel: false);
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(header, 0x0002);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0x0000);
            header[4] = (byte)'U';
            header[5] = (byte)'L';
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)ms.Length);
            stream.Write(header);
            ms.Position = 0;
            ms.CopyTo(stream);
        }

        WriteDataset(stream, dataset, syntax);
        stream.Flush();
    }

    private static DicomDataset BuildMeta(DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? existing, DicomWriteOptions options)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate<byte>(DicomTags.FileMetaInformationVersion, DicomVR.OB, 0, 1);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, dataset.GetStringOrDefault(DicomTags.SOPClassUID) ?? existing?.GetStringOrDefault(DicomTags.MediaStorageSOPClassUID) ?? string.Empty);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, dataset.GetStringOrDefault(DicomTags.SOPInstanceUID) ?? existing?.GetStringOrDefault(DicomTags.MediaStorageSOPInstanceUID) ?? string.Empty);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid.Value);
        meta.AddOrUpdate(DicomTags.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.AddOrUpdate(DicomTags.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        var aet = options.SourceApplicationEntityTitle ?? existing?.GetStringOrDefault(DicomTags.SourceApplicationEntityTitle);
        if (!string.IsNullOrEmpty(aet))
        {
            meta.AddOrUpdate(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, aet);
        }

        return meta;
    }

    private static void CheckPixelEncoding(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var pixels = dataset.Find(DicomTags.PixelData);
        if (pixels is null)
        {
            return;
        }

        var encapsulated = pixels is DicomFragmentSequence;
        if (encapsulated && !syntax.IsEncapsulated)
        {
            throw new DicomDataException($"The pixel data is compressed; it cannot be written in {syntax.Uid.Name} without decoding it first.");
        }

        if (!encapsulated && syntax.IsEncapsulated)
        {
            throw new DicomDataException($"The pixel data is native; {syntax.Uid.Name} needs it compressed (encoding is not supported).");
        }
    }

    private static void WriteItems(Stream s, DicomDataset dataset, bool explicitVR, bool topLevel)
    {
        foreach (var item in dataset)
        {
            // Group lengths are retired outside group 0002 and would be stale after any edit.
            if (item.Tag.IsGroupLength || (topLevel && item.Tag.Group == 0x0002))
            {
                continue;
            }

            switch (item)
            {
                case DicomElement e:
                    WriteElement(s, e, explicitVR);
                    break;
                case DicomSequence seq:
                    WriteHeader(s, seq.Tag, DicomVR.SQ, UndefinedLength, explicitVR);
                    foreach (var child in seq.Items)
                    {
                        WriteDelimiter(s, 0xE000, UndefinedLength);
                        WriteItems(s, child, explicitVR, topLevel: false);
                        WriteDelimiter(s, 0xE00D, 0);
                    }

                    WriteDelimiter(s, 0xE0DD, 0);
                    break;
                case DicomFragmentSequence f:
                    WriteHeader(s, f.Tag, f.VR, UndefinedLength, explicitVR);
                    WriteFragment(s, f.OffsetTable);
                    foreach (var fragment in f.Fragments)
                    {
                        WriteFragment(s, fragment);
                    }

                    WriteDelimiter(s, 0xE0DD, 0);
                    break;
            }
        }
    }

    private static void WriteElement(Stream s, DicomElement e, bool explicitVR)
    {
        var length = e.Buffer.Length;
        var pad = (int)(length & 1);
        if (length + pad >= UndefinedLength || (explicitVR && e.VR.Is16BitLength && length + pad > ushort.MaxValue))
        {
            throw new DicomDataException($"{e.Tag} value of {length} bytes does not fit the length field of VR {e.VR}.");
        }

        WriteHeader(s, e.Tag, e.VR, (uint)(length + pad), explicitVR);
        e.Buffer.CopyTo(s);
        if (pad == 1)
        {
            s.WriteByte(e.VR.PaddingByte);
        }
    }

    private static void WriteFragment(Stream s, DicomBuffer fragment)
    {
        var pad = (int)(fragment.Length & 1);
        WriteDelimiter(s, 0xE000, (uint)(fragment.Length + pad));
        fragment.CopyTo(s);
        if (pad == 1)
        {
            s.WriteByte(0);
        }
    }

    private static void WriteHeader(Stream s, DicomTag tag, DicomVR vr, uint length, bool explicitVR)
    {
        Span<byte> h = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        if (!explicitVR)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
            s.Write(h[..8]);
            return;
        }

        h[4] = (byte)vr.Code[0];
        h[5] = (byte)vr.Code[1];
        if (vr.Is16BitLength)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)length);
            s.Write(h[..8]);
            return;
        }

        h[6] = 0;
        h[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], length);
        s.Write(h);
    }

    private static void WriteDelimiter(Stream s, ushort element, uint length)
    {
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(h, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
        s.Write(h);
    }
}
