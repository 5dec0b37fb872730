using PacsSeg.Dicom.Imaging;

namespace PacsSeg.Dicom.Codecs;

/// <summary>Decodes the compressed frames of one transfer syntax.</summary>
public interface IDicomCodec
{
    /// <summary>The transfer syntax this codec decodes.</summary>
    DicomTransferSyntax TransferSyntax { get; }

    /// <summary>
    /// Decodes one frame from its fragments into <paramref name="destination"/> (<see cref="DicomFrameInfo.FrameLength"/> bytes):
    /// little endian, samples interleaved (planar configuration 0), as a native frame would be.
    /// </summary>
    /// <exception cref="DicomCodecException">The compressed data is invalid.</exception>
    void Decode(DicomFrameInfo info, IReadOnlyList<ReadOnlyMemory<byte>> fragments, Span<byte> destination);
}
