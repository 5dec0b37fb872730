// JPEG (baseline, extended, lossless), JPEG-LS and JPEG 2000 decoding through GDCM. GDCM reads files, so each
// frame is wrapped in a minimal single-frame dataset in a temporary file, decoded, and the file deleted.
using System.Reflection;
using PacsSeg.Dicom.Imaging;
using PacsSeg.Dicom.IO;

namespace PacsSeg.Dicom.Codecs;

/// <summary>A GDCM-backed decoder for one compressed transfer syntax.</summary>
internal sealed class GdcmCodec : IDicomCodec
{
    private readonly GdcmLibrary _gdcm;

    public GdcmCodec(GdcmLibrary gdcm, DicomTransferSyntax syntax)
    {
        _gdcm = gdcm;
        TransferSyntax = syntax;
    }

    public static IReadOnlyList<DicomTransferSyntax> SupportedSyntaxes { get; } =
    [
        DicomTransferSyntax.JPEGBaseline8Bit, DicomTransferSyntax.JPEGExtended12Bit, DicomTransferSyntax.JPEGLossless,
        DicomTransferSyntax.JPEGLosslessSV1, DicomTransferSyntax.JPEGLSLossless, DicomTransferSyntax.JPEGLSNearLossless,
        DicomTransferSyntax.JPEG2000Lossless, DicomTransferSyntax.JPEG2000,
    ];

    public DicomTransferSyntax TransferSyntax { get; }

    public void Decode(DicomFrameInfo info, IReadOnlyList<ReadOnlyMemory<byte>> fragments, Span<byte> destination)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, DicomUids.SecondaryCaptureImageStorage.Value);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)info.SamplesPerPixel);
        ds.AddOrUpdate(DicomTags.PhotometricInterpretation, DicomVR.CS, info.PhotometricInterpretation);
        if (info.SamplesPerPixel > 1)
        {
            ds.AddOrUpdate(DicomTags.PlanarConfiguration, DicomVR.US, (ushort)info.PlanarConfiguration);
        }

        ds.AddOrUpdate(DicomTags.Rows, DicomVR.US, (ushort)info.Rows);
        ds.AddOrUpdate(DicomTags.Columns, DicomVR.US, (ushort)info.Columns);
        ds.AddOrUpdate(DicomTags.BitsAllocated, DicomVR.US, (ushort)info.BitsAllocated);
        ds.AddOrUpdate(DicomTags.BitsStored, DicomVR.US, (ushort)info.BitsStored);
        ds.AddOrUpdate(DicomTags.HighBit, DicomVR.US, (ushort)(info.BitsStored - 1));
        ds.AddOrUpdate(DicomTags.PixelRepresentation, DicomVR.US, (ushort)(info.IsSigned ? 1 : 0));
        ds.Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, DicomBuffer.Empty, fragments.Select(f => (DicomBuffer)new MemoryDicomBuffer(f))));

        var temp = Path.Combine(Path.GetTempPath(), "pacsseg-gdcm-" + Guid.NewGuid().ToString("N") + ".dcm");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                DicomWriter.WriteFile(fs, ds, TransferSyntax);
            }

            DecodeFile(temp, info, destination);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private void DecodeFile(string path, DicomFrameInfo info, Span<byte> destination)
    {
        var reader = Activator.CreateInstance(_gdcm.ReaderType)!;
        try
        {
            _gdcm.SetFileName.Invoke(reader, [path]);
            if (!(bool)_gdcm.Read.Invoke(reader, null)!)
            {
                throw new DicomCodecException($"GDCM could not read the {TransferSyntax.Uid.Name} frame.");
            }

            var image = _gdcm.GetImage.Invoke(reader, null)!;
            var length = (uint)_gdcm.GetBufferLength.Invoke(image, null)!;
            if (length != info.FrameLength)
            {
                throw new DicomCodecException($"GDCM decoded {length} bytes; the frame should have {info.FrameLength}.");
            }

            var buffer = new byte[length];
            if (!(bool)_gdcm.GetBuffer.Invoke(image, [buffer])!)
            {
                throw new DicomCodecException($"GDCM could not decode the {TransferSyntax.Uid.Name} frame.");
            }

            var planar = (uint)_gdcm.GetPlanarConfiguration.Invoke(image, null)!;
            if (planar == 1 && info.SamplesPerPixel > 1)
            {
                PixelLayout.PlanarToInterleaved(buffer, destination, info);
            }
            else
            {
                buffer.CopyTo(destination);
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new DicomCodecException($"GDCM failed on the {TransferSyntax.Uid.Name} frame: {e.InnerException.Message}", e.InnerException);
        }
        finally
        {
            (reader as IDisposable)?.Dispose();
        }
    }
}
