// Reading a bare dataset (no preamble, no meta) in a known transfer syntax: what the network layer receives.
using System.IO.Compression;

namespace PacsSeg.Dicom.IO;

/// <summary>Reads datasets from streams.</summary>
public static class DicomReader
{
    /// <summary>
    /// Reads a dataset encoded in <paramref name="syntax"/> from the stream's current position to its end
    /// (deflated syntaxes are inflated). Tolerated problems go to <paramref name="warnings"/> and the options' logger.
    /// </summary>
    /// <exception cref="DicomParseException">Truncated or self-contradictory data.</exception>
    public static DicomDataset ReadDataset(Stream stream, DicomTransferSyntax syntax, DicomReadOptions? options = null, ICollection<DicomParseWarning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        options ??= DicomReadOptions.Default;
        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            using var inflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            var p = new DicomParser(new DicomInput(inflate, null, null), options, warnings);
            try
            {
                p.ReadTopLevel(dataset, true, true, null);
            }
            catch (InvalidDataException e)
            {
                throw new DicomParseException("Deflated data is corrupt", p.Input.Position, null, e);
            }

            return dataset;
        }

        long? end = stream.CanSeek ? stream.Length : null;
        var parser = new DicomParser(new DicomInput(stream, end, null, stream.CanSeek ? stream.Position : 0), options, warnings);
        parser.ReadTopLevel(dataset, syntax.IsExplicitVR, syntax.IsLittleEndian, null);
        return dataset;
    }

    /// <summary>Reads a dataset from bytes (e.g. reassembled P-DATA fragments).</summary>
    public static DicomDataset ReadDataset(ReadOnlyMemory<byte> data, DicomTransferSyntax syntax, DicomReadOptions? options = null, ICollection<DicomParseWarning>? warnings = null)
    {
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        return ReadDataset(stream, syntax, options, warnings);
    }
}
