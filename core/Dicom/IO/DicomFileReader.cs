// Part 10 framing: optional preamble and "DICM", file meta information, then the dataset in its transfer syntax
// (inflated first for deflated syntaxes). Files without meta get their syntax guessed from the first element.
using System.IO.Compression;

namespace PacsSeg.Dicom.IO;

internal static class DicomFileReader
{
    public static DicomFile Read(Stream stream, string? path, DicomReadOptions options)
    {
        long? end = stream.CanSeek ? stream.Length : null;
        var input = new DicomInput(stream, end, path, stream.CanSeek ? stream.Position : 0);
        var warnings = new List<DicomParseWarning>();
        var parser = new DicomParser(input, options, warnings);
        var meta = new DicomDataset();

        if (input.Ensure(132) && input.Peek(132)[128..].SequenceEqual("DICM"u8))
        {
            input.Advance(132);
        }
        else if (input.Ensure(4) && input.Peek(4).SequenceEqual("DICM"u8))
        {
            input.Advance(4);
        }

        if (input.Ensure(6) && input.Peek(2)[0] == 0x02 && input.Peek(2)[1] == 0x00)
        {
            // File meta is always explicit VR little endian; the parser falls back per element if a writer got that wrong.
            parser.ReadTopLevel(meta, explicitVR: true, littleEndian: true, stop: t => t.Group != 0x0002);
        }

        DicomTransferSyntax syntax;
        if (meta.TryGetString(DicomTags.TransferSyntaxUID, out var tsUid) && tsUid.Length > 0)
        {
            syntax = DicomTransferSyntax.Parse(tsUid);
        }
        else
        {
            syntax = Guess(input);
            if (meta.Count > 0)
            {
                warnings.Add(new DicomParseWarning(input.Position, DicomTags.TransferSyntaxUID, $"file meta has no transfer syntax; guessed {syntax.Uid.Name}"));
            }
        }

        var dataset = new DicomDataset();
        if (syntax.IsDeflated)
        {
            using var inflate = new DeflateStream(input.RemainderStream(), CompressionMode.Decompress, leaveOpen: true);
            var inflated = new DicomParser(new DicomInput(inflate, null, null), options, warnings);
            ReadDataset(inflated, dataset, syntax);
            return new DicomFile(meta, dataset, syntax, warnings, inflated.StoppedAt);
        }

        ReadDataset(parser, dataset, syntax);
        return new DicomFile(meta, dataset, syntax, warnings, parser.StoppedAt);
    }

    private static void ReadDataset(DicomParser parser, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        try
        {
            parser.ReadTopLevel(dataset, syntax.IsExplicitVR, syntax.IsLittleEndian, stop: null);
        }
        catch (InvalidDataException e)
        {
            throw new DicomParseException("Deflated data is corrupt", parser.Input.Position, null, e);
        }
    }

    // Without meta information: big endian if the group's first byte is 0 and the second is not;
    // explicit VR if bytes 4-5 name a VR.
    private static DicomTransferSyntax Guess(DicomInput input)
    {
        if (!input.Ensure(6))
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var b = input.Peek(6);
        var explicitVR = DicomVR.TryGet(b[4], b[5], out _);
        if (b[0] == 0 && b[1] != 0)
        {
            return explicitVR ? DicomTransferSyntax.ExplicitVRBigEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }
}
